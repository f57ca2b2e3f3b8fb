"""DM7xx wording: duties open with an action verb and stay short."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from clock import TODAY

from dutymatrix.checks.dm7_wording import starts_with_verb
from dutymatrix.engine import run_check
from dutymatrix.findings import Finding, Severity

HEAD = """\
org: {id: demo, name: 示例银行}
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.officer
        title: 信贷员
        duties:
"""


@pytest.fixture
def check(write_org: Callable[..., Path]) -> Callable[..., list[Finding]]:
    def run(duties: list[str], config: str = "") -> list[Finding]:
        body = "".join(f"          - {d}\n" for d in duties)
        result = run_check(str(write_org({"org.yaml": HEAD + body + config})), today=TODAY)
        assert not result.load_failed, [f.message for f in result.findings]
        return result.active_findings

    return run


@pytest.mark.parametrize("text", [
    "负责信贷档案的整理",
    "认真开展贷前调查,撰写调查报告",
    "及时催收到期、逾期贷款",
    "做好卫生许可证的受理工作",
    "根据上级行的目标,负责组织制定资产负债管理计划",
    "贷款发放后,及时跟踪检查",
    "1、负责票据中心管理工作",
])
def test_chinese_duties_that_open_with_a_verb(text: str) -> None:
    assert starts_with_verb(text, "zh")


@pytest.mark.parametrize("text", [
    "信贷档案的整理",
    "负贵全行各类统计报表数据的统计",  # the seed's typo for 负责
    "逾期客户的信息收集、上报及维护",
    "通过电话等方式进行催收",
])
def test_chinese_duties_that_do_not(text: str) -> None:
    assert not starts_with_verb(text, "zh")


@pytest.mark.parametrize("text", [
    "Manage the credit file", "Reviews loan applications", "Responsible for loan approval",
    "Regularly monitor overdue loans", "Analyses liquidity",
])
def test_english_verbs(text: str) -> None:
    assert starts_with_verb(text, "en")


def test_english_noun_phrase_is_reported() -> None:
    assert not starts_with_verb("Loan approval for the branch", "en")


def test_finding_per_duty_with_its_reference(check) -> None:
    findings = check(["负责贷款审批", "信贷档案的整理", "text: {zh: 负责审查, en: Loan review}"])
    wording = [f for f in findings if f.rule == "DM701"]
    assert [f.related for f in wording] == [("credit.officer#2",), ("credit.officer#3",)]
    assert all(f.severity is Severity.INFO for f in wording)


def test_extra_verbs_option(check) -> None:
    config = "checks:\n  options:\n    DM701: {verbs: [信贷]}\n"
    assert [f for f in check(["信贷档案的整理"], config) if f.rule == "DM701"] == []


def test_long_duty_threshold_is_configurable(check) -> None:
    duty = "负责" + "信贷业务的受理和审查" * 5  # 52 characters
    assert [f.rule for f in check([duty]) if f.rule == "DM702"] == []
    config = "checks:\n  options:\n    DM702: {max_length: 40}\n"
    [long] = [f for f in check([duty], config) if f.rule == "DM702"]
    assert "52 characters (at most 40)" in long.message
