"""The text, json, junit and github reports of `check`."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from clock import TODAY
from report_fixtures import REPORT_ORG

from dutymatrix.engine import CheckResult, run_check
from dutymatrix.findings import Finding, Severity
from dutymatrix.model import Loc
from dutymatrix.report import FORMATTERS, ReportOptions
from dutymatrix.report.github import annotation
from dutymatrix.report.text import render_plain


@pytest.fixture
def result(write_org: Callable[..., Path]) -> CheckResult:
    return run_check(str(write_org({"org.yaml": REPORT_ORG})), today=TODAY)


def render(fmt: str, result: CheckResult, color: bool = False) -> str:
    return FORMATTERS[fmt](result, ReportOptions(color=color))


def test_cli_format_choices_are_the_formatter_table() -> None:
    from dutymatrix.cli import main

    check = main.commands["check"]
    choice = next(p.type for p in check.params if p.name == "fmt")
    assert list(choice.choices) == list(FORMATTERS)


def test_json_has_the_design_shape(result: CheckResult) -> None:
    data = json.loads(render("json", result))
    assert data["summary"] == result.summary == {
        "error": 2, "warning": 0, "info": 1, "waived": 1}
    keys = {"rule", "name", "severity", "message", "file", "line", "column", "subject", "related"}
    for item in data["findings"]:
        assert keys <= set(item)
        assert item["line"] >= 1 and item["column"] >= 1
    sod = next(f for f in data["findings"] if f["rule"] == "DM401")
    assert sod["name"] == "sod-conflict" and sod["subject"] == "credit.officer"
    assert sod["related"][0] == "SOD-LOAN-1"
    assert [w["subject"] for w in data["waived"]] == ["credit.clerk"]
    assert all(f["subject"] != "credit.clerk" or f["rule"] != "DM207" for f in data["findings"])


def test_text_groups_by_file_and_ends_with_the_summary(result: CheckResult) -> None:
    text = render("text", result)
    lines = text.splitlines()
    assert lines[-1] == "2 errors, 0 warnings, 1 info, 1 waived"
    assert lines[0].endswith("org.yaml")
    assert "\x1b[" not in text
    assert "DM401 sod-conflict" in text and "hint:" in text


def test_text_names_a_waived_findings_subject_and_its_places(result: CheckResult) -> None:
    """The waived list names the post as the findings above it do: name first, id after."""
    said = {lang: FORMATTERS["text"](result.in_lang(lang), ReportOptions(lang=lang))
            for lang in ("en", "zh-CN", "zh-TW")}
    waiver = REPORT_ORG.splitlines().index("  - rule: DM207") + 1
    [english] = [line for line in said["en"].splitlines() if "waiver at" in line]
    assert re.fullmatch(r"  DM207 key-role-without-backup on 内勤 \(credit\.clerk\) at "
                        rf"\S+org\.yaml:\d+; waiver at \S+org\.yaml:{waiver}:5", english)
    [chinese] = [line for line in said["zh-CN"].splitlines() if "豁免见" in line]
    assert chinese.startswith("  DM207 key-role-without-backup，对象 内勤（credit.clerk），位置 ")
    [traditional] = [line for line in said["zh-TW"].splitlines() if "豁免見" in line]
    assert "對象 內勤（credit.clerk），位置 " in traditional


def test_text_colours_only_when_asked(result: CheckResult) -> None:
    assert "\x1b[31m" in render("text", result, color=True)


def test_junit_has_a_testcase_per_rule_and_subject(result: CheckResult) -> None:
    root = ET.fromstring(render("junit", result).split("\n", 2)[2])
    cases = {(c.get("classname"), c.get("name")): c for c in root.iter("testcase")}
    failing = cases[("DM401 sod-conflict", "credit.officer")]
    assert failing.find("failure") is not None
    assert cases[("DM207 key-role-without-backup", "credit.clerk")].find("skipped") is not None
    info = cases[("DM701 duty-without-action-verb", "credit.clerk")]
    assert info.find("failure") is None
    assert "duty 1 of 内勤 (credit.clerk)" in info.findtext("system-out")
    assert ("DM301 multiple-accountable", "(no findings)") in cases
    failed = sum(1 for case in cases.values() if case.find("failure") is not None)
    assert root.get("failures") == str(failed)


def test_github_annotations(result: CheckResult) -> None:
    lines = render("github", result).splitlines()
    sod = next(line for line in lines if "DM401" in line)
    assert sod.startswith("::error file=")
    assert ",title=DM401 sod-conflict::" in sod
    assert any(line.startswith("::notice ") and "DM701" in line for line in lines)
    assert not any("credit.clerk" in line and "DM207" in line for line in lines)  # waived
    assert lines[-1].startswith("dutymatrix: 2 errors")


def test_github_escapes_newlines_percent_and_property_separators() -> None:
    finding = Finding("DM302", "same-duty-in-departments", Severity.WARNING,
                      "100% the same,\nreally", Loc("a,b:c.yaml", 3, 5), subject="x")
    line = annotation(finding)
    assert line.startswith("::warning file=a%2Cb%3Ac.yaml,line=3,col=5,title=DM302 ")
    assert line.endswith("::100%25 the same,%0Areally")
    assert "\n" not in line


def test_render_plain_names_file_line_and_column() -> None:
    finding = Finding("DM101", "yaml-syntax", Severity.ERROR, "unclosed bracket",
                      Loc("org/a.yaml", 3, 9), hint="close it")
    assert render_plain([finding]) == (
        "org/a.yaml:3:9: error DM101 yaml-syntax: unclosed bracket\n    hint: close it")
