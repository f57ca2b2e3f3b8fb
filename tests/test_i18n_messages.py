"""Findings, hints and the CLI's own words in the reader's language (zh-CN, zh-TW, en).

A finding is put into words when its report is written: ``check --lang`` (else the org's
locale, else the environment) decides. Ids, file paths, YAML keys and rule names stay
as they are in every language: they are what a reader types.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from clock import TODAY, TODAY_OPTION

from dutymatrix.checks import REGISTRY, examples_for
from dutymatrix.engine import run_check
from dutymatrix.i18n import LANGS
from dutymatrix.load import load_org

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = str(ROOT / "org")
CJK = re.compile(r"[\u3400-\u9fff]")
PLACEHOLDER = re.compile(r"\{\w*\}|%\(")
SIMPLIFIED_ONLY = "岗职责没贷审这项问题检查规则"  # simplified forms of common words
TRADITIONAL = "崗職責沒貸審這項問題檢查規則"


def _org_words(root: str) -> set[str]:
    """Every id of the org and the YAML keys: words a message may quote in any language."""
    org = load_org(root).org
    assert org is not None
    ids = {org.id, *org.roles, *org.activities, *(d.id for d in org.departments),
           *(c.id for c in org.committees), *(p.id for p in org.people),
           *(s.id for s in org.sod_rules), *(p.id for p in org.processes)}
    return {part for i in ids for part in re.split(r"[.\-_#]", i)}


def english_words(text: str, allowed: set[str]) -> list[str]:
    """Words of an English sentence left in ``text`` once code, ids, refs, paths and RACI
    letters are taken out."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"[\w.\-#/:]*[.\-#/_\d][\w.\-#/:]*", " ", text)  # ids, refs, paths
    return [w for w in re.findall(r"[A-Za-z]{2,}", text)
            if w not in allowed and not re.fullmatch(r"[RACIS]+", w)]


def test_chinese_json_messages_have_no_english_sentence(cli: Callable[..., object]) -> None:
    result = cli("check", SAMPLE, "--lang", "zh", "--format", "json", *TODAY_OPTION)
    findings = json.loads(result.output)["findings"]
    allowed = _org_words(SAMPLE)
    assert len({f["rule"] for f in findings}) >= 5  # the sample shows several rules
    for finding in findings:
        for key in ("message", "hint"):
            text = finding.get(key, "")
            if key == "message" or text:
                assert CJK.search(text), (finding["rule"], text)
                assert english_words(text, allowed) == [], (finding["rule"], text)
        # Machine keys stay English whatever the language.
        assert finding["severity"] in ("error", "warning", "info")
        assert re.fullmatch(r"[a-z-]+", finding["name"])


def test_the_sample_speaks_its_locale_and_the_text_hints_are_chinese(
        cli: Callable[..., object]) -> None:
    # org/org.yaml says locale: zh-CN; an English environment does not override it.
    result = cli("check", SAMPLE, *TODAY_OPTION, env={"LANG": "en_US.UTF-8"})
    hints = [line.strip() for line in result.output.splitlines()
             if line.strip().startswith("建议：")]
    assert hints
    allowed = _org_words(SAMPLE)
    for hint in hints:
        assert english_words(hint, allowed) == [], hint
    assert re.search(r"^\s+\d+:\d+\s+错误\s+DM\d{3} ", result.output, re.MULTILINE)
    assert "error " not in result.output and "hint:" not in result.output
    assert re.search(r"错误 \d+ 个，警告 \d+ 个", result.output)


def test_traditional_chinese_reads_traditional(cli: Callable[..., object]) -> None:
    simplified = cli("check", SAMPLE, "--lang", "zh-CN", *TODAY_OPTION).output
    traditional = cli("check", SAMPLE, "--lang", "zh-TW", *TODAY_OPTION).output
    assert "錯誤" in traditional and "建議：" in traditional
    assert "没有" in simplified and "沒有" in traditional
    tool_lines = [line for line in traditional.splitlines() if "建議：" in line]
    assert not any(ch in line for line in tool_lines for ch in "岗职责没这项")


ENGLISH_ORG = """\
org:
  id: harbour
  name: Harbour Savings Bank
  locale: en
processes:
  - id: loan
    name: Lending
    activities:
      - {id: intake, name: Loan intake}
      - {id: approve, name: Loan approval, dual_control: true}
      - {id: disburse, name: Disbursement}
departments:
  - id: bank
    name: Harbour Savings Bank
  - id: credit
    name: Credit Department
    parent: bank
    roles:
      - id: credit.officer
        title: Credit Officer
        key: true
        duties:
          - text: Review loan applications
            raci: {loan.intake: R, loan.approve: A, loan.disburse: R}
          - text: the filing of credit files
          - text: Approve loans
            raci: {loan.approve: A}
      - id: credit.clerk
        title: Credit Clerk
  - id: audit
    name: Internal Audit
    parent: bank
rules:
  sod:
    - id: SOD-1
      name: Approve apart from disburse
      activities: [loan.approve, loan.disburse]
      at_most: 1
      basis: Lending policy 4.2
"""


def test_an_english_org_reads_english(cli: Callable[..., object],
                                      write_org: Callable[..., Path]) -> None:
    root = str(write_org({"org.yaml": ENGLISH_ORG}))
    for args in ((), ("--lang", "en")):  # the org's locale, then asked for
        result = cli("check", root, "--format", "json", *args, *TODAY_OPTION,
                     env={"LANG": "zh_CN.UTF-8"})
        findings = json.loads(result.output)["findings"]
        assert len({f["rule"] for f in findings}) >= 5, findings
        for finding in findings:
            assert not CJK.search(finding["message"] + finding.get("hint", "")), finding
    text = cli("check", root, "--lang", "en", *TODAY_OPTION).output
    assert not CJK.search(text), text
    assert "hint: " in text and re.search(r"\d+ errors?, \d+ warnings?", text)
    chinese = cli("check", root, "--lang", "zh", *TODAY_OPTION).output
    assert "错误" in chinese and "建议：" in chinese


def test_sarif_is_english_unless_asked(cli: Callable[..., object]) -> None:
    default = json.loads(cli("check", SAMPLE, "--format", "sarif", *TODAY_OPTION).output)
    asked = json.loads(cli("check", SAMPLE, "--format", "sarif", "--lang", "zh",
                           *TODAY_OPTION).output)
    texts = [r["message"]["text"] for r in default["runs"][0]["results"]]
    chinese = [r["message"]["text"] for r in asked["runs"][0]["results"]]
    assert any(t.startswith("activity ") for t in texts)
    assert all(CJK.search(t) for t in chinese)
    assert [r["ruleId"] for r in default["runs"][0]["results"]] == [
        r["ruleId"] for r in asked["runs"][0]["results"]]


BAD_CASES = [(rule.id, case) for rule in REGISTRY.values()
             for case in examples_for(rule.id).failing]


@pytest.mark.parametrize(("rule_id", "case"), BAD_CASES,
                         ids=[f"{r}-{n}" for n, (r, _) in enumerate(BAD_CASES)])
def test_every_bad_example_is_said_in_every_language(
        rule_id: str, case: object, write_org: Callable[..., Path]) -> None:
    root = write_org({})
    (root / "org.yaml").write_bytes(case.file_bytes())  # type: ignore[attr-defined]
    findings = [f for f in run_check(str(root), today=TODAY).findings if f.rule == rule_id]
    assert findings, f"{rule_id}: its bad example gives no finding"
    for finding in findings:
        assert finding.text is not None, f"{rule_id}: an untranslatable message: {finding}"
        said = {}
        for lang in LANGS:
            shown = finding.in_lang(lang)
            words = [shown.message, shown.hint, *(label for label, _ in shown.places)]
            for text in words:
                assert not PLACEHOLDER.search(text.replace(finding.text.msgid, "")), (
                    lang, text)
            said[lang] = shown.message
        assert said["en"] == finding.message  # the English the rule wrote
        assert CJK.search(said["zh-CN"]) and CJK.search(said["zh-TW"]), said
        assert said["zh-CN"] != said["en"]


def test_explain_and_rules_speak_the_language_asked(cli: Callable[..., object]) -> None:
    chinese = cli("explain", "DM201", "--lang", "zh").output
    english = cli("explain", "DM201", "--lang", "en").output
    assert chinese.startswith("DM201 activity-without-accountable (错误)")
    assert "检查什么" in chinese and "如何修改" in chinese and "示例" in chinese
    assert "What it finds" in english and "How to fix" in english and "检查什么" not in english
    assert "最终负责人" in chinese  # the documentation itself, not only its titles
    rules = cli("rules", "--lang", "zh-TW").output
    assert "DM401  sod-conflict" in rules and "錯誤" in rules


def test_language_falls_back_from_the_org_to_the_environment(
        cli: Callable[..., object], write_org: Callable[..., Path]) -> None:
    without_locale = ENGLISH_ORG.replace("  locale: en\n", "")
    root = str(write_org({"org.yaml": without_locale}))
    unset = {"LC_ALL": None, "LC_MESSAGES": None}
    english = cli("check", root, *TODAY_OPTION, env={"LANG": "en_GB.UTF-8", **unset})
    traditional = cli("check", root, *TODAY_OPTION, env={**unset, "LC_ALL": "zh_TW.UTF-8"})
    neither = cli("check", root, *TODAY_OPTION, env={"LANG": "C", **unset})
    assert "hint: " in english.output
    assert "建議：" in traditional.output
    assert "建议：" in neither.output
