"""DM6xx waivers: exactly their rule on their subject, until they expire."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from dutymatrix.checks.dm6_waivers import waiver_matches
from dutymatrix.engine import CheckResult, check_org
from dutymatrix.findings import Finding, Severity
from dutymatrix.load import load_org
from dutymatrix.model import Waiver
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
    assert "approved by 信贷员 (county.officer), a post 张三 (E1) holds" in self_approved.message


def test_waiver_on_a_person_approved_by_the_post_they_act_in_is_self_approval(check) -> None:
    result = check(waiver("DM207", "E2", by="county.president"),
                   people=CLERK_ACTING_AS_PRESIDENT)
    [self_approved] = [f for f in result.active_findings if f.rule == "DM603"]
    assert self_approved.subject == "E2"
    assert "approved by 行长 (county.president), a post 李四 (E2) acts in" in self_approved.message
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
        "waiver of DM207 on 柜员 (county.clerk) is approved by 行长 (county.president), which "
        "李四 (E2) acts in while holding 柜员 (county.clerk); it waives nothing")
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
    assert ("approved by 行长 (county.president), which 王五 (E3) holds while acting in "
            "信贷员 (county.officer); it waives nothing") in self_approved.message
    assert active(result, "DM401") == ["county.officer"]


# --- each waiver finding whole: message, where it points, hint --------------------------

def line_of(text: str, needle: str, nth: int = 0) -> int:
    lines = [i for i, line in enumerate((ORG + text).splitlines(), start=1) if needle in line]
    return lines[nth]


def finding_of(result: CheckResult, rule: str):
    [found] = [f for f in result.active_findings if f.rule == rule]
    return found


def test_expired_waiver_finding_whole(check) -> None:
    text = waiver("SOD-LOAN-1", "county.officer", expires="2026-05-31")
    expired = finding_of(check(text), "DM601")
    assert expired.message == ("waiver of SOD-LOAN-1 on 信贷员 (county.officer) expired on "
                               "2026-05-31; "
                               "its finding is reported again")
    assert (expired.loc.line, expired.loc.col) == (line_of(text, "expires: 2026-05-31"), 14)
    assert expired.hint == ("fix the finding and delete the waiver, or have it re-approved "
                            "with a new expires date")
    assert (expired.subject, expired.related) == ("county.officer", ("SOD-LOAN-1",))


def test_expired_waiver_that_matches_nothing_says_so(check) -> None:
    expired = finding_of(check(waiver("DM207", "county.president", expires="2026-01-31",
                                      by="county.clerk")), "DM601")
    assert expired.message == ("waiver of DM207 on 行长 (county.president) expired on 2026-01-31; "
                               "it would match nothing today")


def with_waivers(result: CheckResult, *waivers: Waiver) -> CheckResult:
    """The same org checked again with ``waivers``: the loader refuses unknown rule ids,
    an org built in code (the engine's API) need not."""
    assert result.org is not None
    return check_org(dataclasses.replace(result.org, waivers=waivers), today=TODAY)


def test_unused_waiver_finding_whole_with_a_did_you_mean(check) -> None:
    text = waiver("DM207", "county.president", by="county.clerk")
    unused = finding_of(check(text), "DM602")
    assert unused.message == "waiver of DM207 on 行长 (county.president) matches no finding"
    assert (unused.loc.line, unused.loc.col) == (line_of(text, "rule: DM207"), 5)
    assert unused.hint == ("delete the waiver if the finding is fixed; otherwise correct its "
                           "rule or subject")
    assert (unused.subject, unused.related) == ("county.president", ("DM207",))
    typo = Waiver(rule="DM2O7", subject="county.clerk", reason="招聘中",
                  approved_by="county.president")
    unused = finding_of(with_waivers(check("  []\n"), typo), "DM602")
    said = ("waiver of DM2O7 on 柜员 (county.clerk) matches no finding; DM2O7 is not a check id "
            "or SoD rule id (did you mean DM207")  # the closest first, then others
    assert unused.message.startswith(said) and unused.message.endswith("?)")


def test_self_approved_finding_whole(check) -> None:
    text = waiver("SOD-LOAN-1", "county.officer", by="county.officer")
    found = finding_of(check(text), "DM603")
    assert found.message == ("waiver of SOD-LOAN-1 on 信贷员 (county.officer) is approved by "
                             "信贷员 (county.officer), who is its own subject; it waives nothing")
    assert (found.loc.line, found.loc.col) == (line_of(text, "approved_by: county.officer"),
                                               18)
    assert found.hint == "have someone independent of the subject (risk, audit) approve it"
    assert found.related == ("SOD-LOAN-1", "county.officer")
    assert str(found.severity) == "error"


# --- what a waiver matches --------------------------------------------------------------

def test_a_waiver_by_check_name_works_like_its_id(check) -> None:
    by_name = Waiver(rule="key-role-without-backup", subject="county.clerk", reason="招聘中",
                     approved_by="county.president")
    result = with_waivers(check("  []\n"), by_name)
    assert [(f.rule, f.subject) for f in result.waived_findings] == [("DM207", "county.clerk")]
    assert active(result, "DM602") == []


def test_a_waiver_cannot_waive_another_waivers_finding(check) -> None:
    # The first waiver is stale (DM602 on county.president); the second tries to waive that.
    result = check(waiver("DM207", "county.president", by="county.clerk")
                   + waiver("DM602", "county.president", by="county.clerk"))
    assert sorted(f.related[0] for f in result.active_findings if f.rule == "DM602") == [
        "DM207", "DM602"]
    assert result.waived_findings == []


def test_a_waiver_of_one_sod_rule_leaves_another_sod_rules_conflict(write_org) -> None:
    second_rule = ("    - id: SOD-LOAN-2\n      name: 调查与审批分离\n"
                   "      activities: [loan.approve, loan.investigate]\n      at_most: 1\n")
    text = ORG.replace("      at_most: 1\n", "      at_most: 1\n" + second_rule, 1)
    loaded = load_org(str(write_org({"org.yaml": text + waiver("SOD-LOAN-1",
                                                                  "county.officer")})))
    assert loaded.org is not None
    result = check_org(loaded.org, loaded.findings, today=TODAY)
    assert [f.related[0] for f in result.waived_findings] == ["SOD-LOAN-1"]
    assert [f.related[0] for f in result.active_findings if f.rule == "DM401"] == ["SOD-LOAN-2"]


def test_an_sod_rule_id_does_not_waive_other_checks_on_the_subject(check) -> None:
    result = check(waiver("SOD-LOAN-1", "county.officer"))
    assert {f.rule for f in result.waived_findings} == {"DM401"}


def test_a_dm401_waiver_waives_every_sod_conflict_of_its_subject(check) -> None:
    result = check(waiver("DM401", "county.officer"))
    assert active(result, "DM401") == []
    assert [(f.rule, f.related[0]) for f in result.waived_findings] == [
        ("DM401", "SOD-LOAN-1")]


def test_two_waivers_of_one_finding_keep_the_first_as_its_waiver(check) -> None:
    text = (waiver("SOD-LOAN-1", "county.officer")
            + waiver("SOD-LOAN-1", "county.officer", expires="2027-12-31"))
    result = check(text)
    [waived] = result.waived_findings
    assert waived.waived_by.line == line_of(text, "rule: SOD-LOAN-1", 0)
    assert [f.rule for f in result.active_findings if f.rule.startswith("DM6")] == []


def test_a_person_whose_name_is_their_id_is_named_once(check) -> None:
    people = "  - id: E5\n    name: E5\n    holds: [county.clerk]\n    acting: [county.president]\n"
    result = check(waiver("DM207", "county.clerk", by="county.president"), people=people)
    message = finding_of(result, "DM603").message
    assert "which E5 acts in while holding 柜员 (county.clerk)" in message


def test_waiver_matches_never_covers_a_waiver_finding_or_another_subject() -> None:
    stale = Finding("DM602", "waiver-unused", Severity.WARNING, "…", None,
                    subject="county.clerk", related=("DM207",))
    key_post = Finding("DM207", "key-role-without-backup", Severity.ERROR, "…", None,
                       subject="county.clerk")
    for rule in ("DM602", "waiver-unused"):
        assert not waiver_matches(Waiver(rule=rule, subject="county.clerk", reason="r"),
                                  stale, ())
    assert waiver_matches(Waiver(rule="DM207", subject="county.clerk", reason="r"),
                          key_post, ())
    assert not waiver_matches(Waiver(rule="DM207", subject="county.officer", reason="r"),
                              key_post, ())


def test_a_void_or_expired_waiver_does_not_stop_the_next_one(check) -> None:
    result = check(waiver("DM207", "county.officer", by="county.officer")          # void
                   + waiver("DM207", "county.clerk", expires="2026-01-31")          # expired
                   + waiver("SOD-LOAN-1", "county.officer"))
    assert [(f.rule, f.subject) for f in result.waived_findings] == [
        ("DM401", "county.officer")]
    assert active(result, "DM603") == ["county.officer"]
    assert active(result, "DM601") == ["county.clerk"]
