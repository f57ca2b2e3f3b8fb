"""Hints for a person to confirm: RACI letters suggested by a duty's verb, and OCR slips.

Neither changes the output's data: a RACI suggestion is a YAML comment, an OCR slip is a
warning on stderr with the suggested fix.
"""

from __future__ import annotations

import re

from dutymatrix.i18n import N_
from dutymatrix.importer.ocr_words import DUTY_WORDS, LOOKALIKES, REAL_WORDS
from dutymatrix.importer.text import SourceText, fold
from dutymatrix.messages import Msg

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


def _slip_index() -> dict[str, str]:
    """Every duty word with one character read as a look-alike → that word."""
    lookalikes: dict[str, str] = {}
    for entry in LOOKALIKES:
        lookalikes[entry[0]] = lookalikes.get(entry[0], "") + entry[1:]
    slips: dict[str, str] = {}
    for word in sorted(DUTY_WORDS):
        for k, char in enumerate(word):
            for seen in lookalikes.get(char, ""):
                slip = word[:k] + seen + word[k + 1:]
                if slip not in DUTY_WORDS and slip not in REAL_WORDS:
                    slips.setdefault(slip, word)
    return slips


_SLIPS = _slip_index()
_SLIP_LENGTHS = sorted({len(slip) for slip in _SLIPS}, reverse=True)
# A character a slip can start with: the text between is skipped in C, not walked
# character by character.
_SLIP_START = re.compile("[" + re.escape("".join(sorted({slip[0] for slip in _SLIPS}))) + "]")
_WORDS = DUTY_WORDS | REAL_WORDS
_WORD_LENGTHS = sorted({len(word) for word in _WORDS})


def _inside_a_word(text: str, start: int, end: int) -> bool:
    """Whether a known word overlaps text[start:end] (负资产: 资产 is a word, so 负资
    there is no slip for 负责; 必须测: 必须 is a word, so 须测 is no slip for 预测)."""
    return any(
        text[first:first + length] in _WORDS
        for length in _WORD_LENGTHS
        for first in range(max(0, start - length + 1), end)
    )


_DUTY_START = re.compile(r"(?:^|[\n;。:、.)]|\d)[ \t]*$")


def _starts_a_duty(text: str, start: int) -> bool:
    """Whether ``start`` opens a duty (after its number or the previous sentence), where
    its verb stands: 负资 there is 负责 misread, even before 本 (负资本行…)."""
    return _DUTY_START.search(text, max(0, start - 8), start) is not None


def find_slips(text: str) -> list[tuple[int, int, str]]:
    """(start, end, meant) of each OCR slip in folded ``text``, left to right."""
    found = []
    free = 0  # the first index not inside a slip already found
    for candidate in _SLIP_START.finditer(text):
        i = candidate.start()
        if i < free:
            continue
        for length in _SLIP_LENGTHS:
            meant = _SLIPS.get(text[i:i + length])
            if meant is not None and (_starts_a_duty(text, i)
                                      or not _inside_a_word(text, i, i + length)):
                found.append((i, i + length, meant))
                free = i + length
                break
    return found


def ocr_warnings(source: SourceText) -> list[Msg]:
    warnings = []
    for start, end, meant in find_slips(source.shadow):
        warnings.append(Msg(
            N_("{where}: {found} looks like an OCR slip for {meant}; the text was kept as "
               "written, correct it in the YAML"),
            where=source.where(start), found=source.text[start:end], meant=meant))
    return warnings
