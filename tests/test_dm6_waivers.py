"""DM6xx waivers: exactly their rule on their subject, until they expire."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from dutymatrix.engine import CheckResult, check_org
from dutymatrix.load import load_org
from dutymatrix.report.common import summary_line

ORG = """\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: investigate, name: 贷前调查}
      - {id: approve, name: 贷款审批}
departments:
  - id: county
    name: 县支行
    roles:
      - id: county.officer
        title: 信贷员
        key: true
        duties:
          - text: 负责贷前调查
            raci: {loan.investigate: AR}
          - text: 负责贷款审批
            raci: {loan.approve: AR}
      - id: county.clerk
        title: 柜员
        key: true
        duties:
          - 负责柜面业务
      - id: county.president
        title: 行长
        duties:
          - 负责支行全面管理
people:
  - id: E1
    name: 张三
    holds: [county.officer]
rules:
  sod:
    - id: SOD-LOAN-1
      name: 审贷分离
      activities: [loan.investigate, loan.approve]
      at_most: 1
waivers:
"""

TODAY = dt.date(2026, 6, 1)

# A clerk who also acts as the branch president (兼岗).
CLERK_ACTING_AS_PRESIDENT = """\
  - id: E2
    name: 李四
    holds: [county.clerk]
    acting: [county.president]
"""


@pytest.fixture
def check(write_org: Callable[..., Path]) -> Callable[..., CheckResult]:
    def run(waivers: str, people: str = "") -> CheckResult:
        text = ORG.replace("rules:\n", people + "rules:\n", 1)
        loaded = load_org(str(write_org({"org.yaml": text + waivers})))
        assert loaded.org is not None, [f.message for f in loaded.findings]
        return check_org(loaded.org, loaded.findings, today=TODAY)

    return run


def waiver(rule: str, subject: str, expires: str = "2027-06-30",
           by: str = "county.president") -> str:
    return (f"  - rule: {rule}\n    subject: {subject}\n    reason: 县支行仅两名信贷人员\n"
            f"    control: 行长每月复核全部放款\n    approved_by: {by}\n    expires: {expires}\n")


def active(result: CheckResult, rule: str) -> list[str]:
    return [f.subject for f in result.active_findings if f.rule == rule]


def test_without_waivers_the_findings_stand(check) -> None:
    result = check("  []\n")
    assert active(result, "DM401") == ["county.officer"]
    assert sorted(active(result, "DM207")) == ["county.clerk", "county.officer"]


def test_sod_rule_waiver_suppresses_that_rule_on_that_subject_only(check) -> None:
    result = check(waiver("SOD-LOAN-1", "county.officer"))
    assert active(result, "DM401") == []
    [waived] = result.waived_findings
    assert (waived.rule, waived.subject) == ("DM401", "county.officer")
    assert waived.waived_by is not None and waived.waived_by.line > 0
    # Other rules on the same subject are untouched.
    assert "county.officer" in active(result, "DM207")
    assert result.summary["waived"] == 1
    assert summary_line(result.summary).endswith("1 waived")


def test_check_id_waiver(check) -> None:
    result = check(waiver("DM207", "county.clerk"))
    assert active(result, "DM207") == ["county.officer"]
    assert [f.subject for f in result.waived_findings] == ["county.clerk"]


def test_expired_waiver_brings_the_finding_back_with_a_warning(check) -> None:
    result = check(waiver("SOD-LOAN-1", "county.officer", expires="2026-05-31"))
    assert active(result, "DM401") == ["county.officer"]
    [expired] = [f for f in result.active_findings if f.rule == "DM601"]
    assert "2026-05-31" in expired.message and str(expired.severity) == "warning"
    assert result.summary["waived"] == 0


def test_waiver_holds_on_its_expiry_day(check) -> None:
    result = check(waiver("SOD-LOAN-1", "county.officer", expires=TODAY.isoformat()))
    assert active(result, "DM401") == [] and active(result, "DM601") == []


def test_waiver_that_matches_nothing_is_a_warning(check) -> None:
    # Valid references (the loader checks those), but no such finding: a stale waiver.
    result = check(waiver("DM207", "county.president", by="county.clerk")
                   + waiver("SOD-LOAN-1", "county.clerk"))
    unused = [f for f in result.active_findings if f.rule == "DM602"]
    assert sorted(f.subject for f in unused) == ["county.clerk", "county.president"]
    assert all(str(f.severity) == "warning" for f in unused)
    assert active(result, "DM401") == ["county.officer"]


def test_self_approved_waiver_is_an_error_and_suppresses_nothing(check) -> None:
    result = check(waiver("SOD-LOAN-1", "county.officer", by="county.officer"))
    assert active(result, "DM401") == ["county.officer"]
    assert active(result, "DM603") == ["county.officer"]
    assert active(result, "DM602") == []


def test_waiver_on_a_person_approved_by_their_own_post_is_self_approval(check) -> None:
    result = check(waiver("SOD-LOAN-1", "E1", by="county.officer"))
    [self_approved] = [f for f in result.active_findings if f.rule == "DM603"]
    assert self_approved.subject == "E1"
    assert "approved by county.officer, a post E1 (张三) holds" in self_approved.message


def test_waiver_on_a_person_approved_by_the_post_they_act_in_is_self_approval(check) -> None:
    result = check(waiver("DM207", "E2", by="county.president"),
                   people=CLERK_ACTING_AS_PRESIDENT)
    [self_approved] = [f for f in result.active_findings if f.rule == "DM603"]
    assert self_approved.subject == "E2"
    assert "approved by county.president, a post E2 (李四) acts in" in self_approved.message
    assert active(result, "DM602") == []


def test_waiver_on_a_post_approved_by_its_holder_acting_as_approver(check) -> None:
    # 李四 holds county.clerk and acts as county.president: as president he would
    # approve the exception of his own post.
    result = check(waiver("DM207", "county.clerk", by="county.president"),
                   people=CLERK_ACTING_AS_PRESIDENT)
    assert "county.clerk" in active(result, "DM207")
    assert result.waived_findings == []
    [self_approved] = [f for f in result.active_findings if f.rule == "DM603"]
    assert self_approved.subject == "county.clerk"
    assert self_approved.message == (
        "waiver of DM207 on county.clerk is approved by county.president, which E2 (李四) "
        "acts in while holding county.clerk; it waives nothing")
    assert self_approved.loc is not None and self_approved.loc.line > 0


def test_waiver_approved_by_a_post_its_subject_has_no_one_in_common_with(check) -> None:
    # Nobody both holds county.officer and holds or acts in county.president.
    result = check(waiver("SOD-LOAN-1", "county.officer", by="county.president"),
                   people=CLERK_ACTING_AS_PRESIDENT)
    assert active(result, "DM603") == [] and active(result, "DM401") == []


def test_disabled_waiver_rule_keeps_the_semantics(check) -> None:
    result = check(waiver("SOD-LOAN-1", "county.officer", expires="2020-01-01")
                   + "checks:\n  disable: [DM601]\n")
    assert active(result, "DM401") == ["county.officer"]  # still expired
    assert active(result, "DM601") == []


def test_waiver_on_a_post_approved_by_someone_acting_in_that_post(check) -> None:
    # 王五 is the president and also acts as the officer: he approves his acting post's
    # exception.
    people = "  - id: E3\n    name: 王五\n    holds: [county.president]\n" \
             "    acting: [county.officer]\n"
    result = check(waiver("SOD-LOAN-1", "county.officer", by="county.president"),
                   people=people)
    [self_approved] = [f for f in result.active_findings if f.rule == "DM603"]
    assert ("approved by county.president, which E3 (王五) holds while acting in "
            "county.officer; it waives nothing") in self_approved.message
    assert active(result, "DM401") == ["county.officer"]
