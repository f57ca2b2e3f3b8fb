"""Hints for a person to confirm: RACI letters suggested by a duty's verb, and OCR slips.

Neither changes the output's data: a RACI suggestion is a YAML comment, an OCR slip is a
warning on stderr with the suggested fix.
"""

from __future__ import annotations

import re

from dutymatrix.importer.text import SourceText, fold

# Checked in order; the first verb at the start of the duty wins. "负责审批…" is an A.
_RACI_ZH = [
    (re.compile(r"^(?:负责|主要负责|具体负责)?(?:审批|审定|签署|签发|批准|核准|决定)"), "A"),
    (re.compile(r"^(?:积极|主动)?(?:协助|配合|协同)"), "C"),
    (re.compile(r"^(?:积极)?参与"), "C"),
    (re.compile(r"^(?:及时)?(?:了解|通报|知悉|接收|知会)"), "I"),
    (re.compile(r"^(?:主要|具体|全面)?负责"), "R"),
]
_RACI_EN = [
    (re.compile(r"^(?:approves?|approving|signs? off|authori[sz]es?|ratif(?:y|ies))\b", re.I),
     "A"),
    (re.compile(r"^(?:assists?|supports?|cooperates?|advises?|consults?|helps?)\b", re.I), "C"),
    (re.compile(r"^(?:participates?|takes? part|contributes?)\b", re.I), "C"),
    (re.compile(r"^(?:is\s+)?(?:informs?|informed|keeps? informed|receives?|notif(?:y|ies)|"
                r"understands?)\b", re.I), "I"),
    (re.compile(r"^(?:is\s+)?(?:responsible for|handles?|prepares?|conducts?|carries out|"
                r"performs?|manages?|processes?|executes?|maintains?|leads?)\b", re.I), "R"),
]


def suggest_letter(duty: str) -> str | None:
    text = fold(duty).strip()
    for pattern, letter in _RACI_ZH:
        if pattern.search(text):
            return letter
    for pattern, letter in _RACI_EN:
        if pattern.search(text):
            return letter
    return None


# Slips seen in scanned duty texts (folded form) and what was meant.
OCR_SLIPS: dict[str, str] = {
    "负贵": "负责",
    "负资(?!产|金|债|本金)": "负责",
    "监怪": "监控",
    "监侧": "监测",
    "枪查": "检查",
    "侧试": "测试",
    "反债": "反馈",
    "上肉": "上岗",
    "予替": "预警",
    "什划": "计划",
    "价理": "管理",
    "播求": "需求",
    "学_": "学习",
    "宜管": "直管",
}
# Each slip's first character written outside its group: a branch of literals lets the
# regex engine skip to those characters instead of trying every slip at every position.
_SLIP_PATTERN = re.compile("|".join(f"{re.escape(p[0])}(?P<s{i}>{p[1:]})"
                                    for i, p in enumerate(OCR_SLIPS)))
_FIXES = list(OCR_SLIPS.values())


def ocr_warnings(source: SourceText) -> list[str]:
    warnings = []
    for match in _SLIP_PATTERN.finditer(source.shadow):
        index = int((match.lastgroup or "s0")[1:])
        written = source.text[match.start():match.end()]
        warnings.append(
            f"{source.where(match.start())}: {written} looks like an OCR slip for "
            f"{_FIXES[index]}; the text was kept as written, correct it in the YAML"
        )
    return warnings
