"""DM4xx segregation of duties: posts, people, covering backups and committee members."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from clock import TODAY

from dutymatrix.engine import run_check
from dutymatrix.findings import Finding, Severity

HEAD = """\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: investigate, name: 贷前调查}
      - {id: review, name: 贷时审查}
      - {id: approve, name: 贷款审批}
rules:
  sod:
    - id: SOD-LOAN-1
      name: 审贷分离
      activities: [loan.investigate, loan.review, loan.approve]
      at_most: 1
      basis: 《贷款通则》第四十条
"""

POSTS = """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.officer
        title: 信贷员
        duties:
          - text: 负责贷前调查
            raci: {loan.investigate: AR}
      - id: credit.reviewer
        title: 审查岗
        duties:
          - text: 负责贷时审查
            raci: {loan.review: AR}
      - id: credit.clerk
        title: 内勤
        duties:
          - text: 了解审批结果
            raci: {loan.approve: I}
  - id: risk
    name: 风险部
    parent: credit
    roles:
      - id: risk.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
"""


@pytest.fixture
def check(write_org: Callable[..., Path]) -> Callable[..., list[Finding]]:
    def run(body: str, head: str = HEAD) -> list[Finding]:
        result = run_check(str(write_org({"org.yaml": head + body})), today=TODAY)
        assert not result.load_failed, [f.message for f in result.findings]
        return result.active_findings

    return run


def sod(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule in ("DM401", "DM402")]


def test_separated_posts_have_no_conflict(check) -> None:
    assert sod(check(POSTS)) == []


def test_post_with_two_activities_names_duties_places_and_basis(check) -> None:
    body = POSTS.replace(
        "          - text: 负责贷前调查\n            raci: {loan.investigate: AR}\n",
        "          - text: 负责贷前调查\n            raci: {loan.investigate: AR}\n"
        "          - text: 负责贷款审批\n            raci: {loan.approve: R}\n",
    )
    [conflict] = sod(check(body))
    assert conflict.rule == "DM401" and conflict.severity is Severity.ERROR
    assert conflict.subject == "credit.officer"
    assert conflict.related[0] == "SOD-LOAN-1"
    assert "credit.officer#1" in conflict.message and "credit.officer#2" in conflict.message
    assert "《贷款通则》第四十条" in conflict.message
    lines = (HEAD + body).splitlines()
    approve_line = lines.index("            raci: {loan.approve: R}") + 1
    assert f"org.yaml:{approve_line}" in conflict.message
    assert {label for label, _ in conflict.places} == {
        "credit.officer#1 loan.investigate", "credit.officer#2 loan.approve"}
    assert conflict.loc is not None and conflict.loc.line == approve_line


def test_letters_outside_the_rule_do_not_count(check) -> None:
    body = POSTS.replace(
        "raci: {loan.investigate: AR}", "raci: {loan.investigate: AR, loan.approve: C}")
    assert sod(check(body)) == []


def test_at_most_two_allows_two(check) -> None:
    body = POSTS.replace(
        "raci: {loan.investigate: AR}", "raci: {loan.investigate: AR, loan.review: R}")
    assert len(sod(check(body))) == 1
    assert sod(check(body, head=HEAD.replace("at_most: 1", "at_most: 2"))) == []


def test_person_holding_one_post_and_acting_in_another(check) -> None:
    body = POSTS + """\
people:
  - id: E1001
    name: 张三
    holds: [credit.officer]
    acting: [risk.approver]
  - id: E1002
    name: 李四
    holds: [credit.clerk]
    acting: [risk.approver]
"""
    [conflict] = sod(check(body))
    assert conflict.subject == "E1001"
    assert "acting as risk.approver" in conflict.message
    assert set(conflict.related) >= {"SOD-LOAN-1", "loan.investigate", "loan.approve"}


def test_backup_while_covering(check) -> None:
    body = POSTS.replace(
        "      - id: credit.officer\n        title: 信贷员\n",
        "      - id: credit.officer\n        title: 信贷员\n        backup: credit.reviewer\n",
    )
    [conflict] = sod(check(body))
    assert conflict.subject == "credit.reviewer"
    assert conflict.related[:2] == ("SOD-LOAN-1", "credit.officer")
    assert "while covering credit.officer" in conflict.message
    lines = (HEAD + body).splitlines()
    assert conflict.loc is not None
    assert conflict.loc.line == lines.index("        backup: credit.reviewer") + 1


COMMITTEE = """\
committees:
  - id: loan-committee
    name: 审贷委员会
    members: [credit.officer, credit.clerk]
    recusal: RECUSAL
    duties:
      - text: 审批贷款
        raci: {loan.approve: A}
"""


def test_committee_member_without_recusal_is_an_error(check) -> None:
    [conflict] = sod(check(POSTS + COMMITTEE.replace("RECUSAL", "false")))
    assert conflict.rule == "DM401" and conflict.severity is Severity.ERROR
    assert conflict.subject == "credit.officer"
    assert "loan-committee" in conflict.related


def test_committee_member_with_recusal_is_a_warning_naming_the_recusal(check) -> None:
    body = POSTS + COMMITTEE.replace("RECUSAL", "true")
    [conflict] = sod(check(body))
    assert conflict.rule == "DM402" and conflict.severity is Severity.WARNING
    assert conflict.subject == "credit.officer"
    assert "recusal: true" in conflict.message
    recusal_line = (HEAD + body).splitlines().index("    recusal: true") + 1
    assert ("recusal", conflict.places[-1][1]) == conflict.places[-1]
    assert conflict.places[-1][1].line == recusal_line


def test_committee_with_incompatible_duties_of_its_own(check) -> None:
    body = POSTS + """\
committees:
  - id: loan-committee
    name: 审贷委员会
    members: [credit.clerk]
    recusal: true
    duties:
      - text: 审查贷款
        raci: {loan.review: R}
      - text: 审批贷款
        raci: {loan.approve: A}
"""
    conflicts = sod(check(body))
    # The committee itself conflicts (an error); its member adds nothing new.
    assert [(f.rule, f.subject) for f in conflicts] == [("DM401", "loan-committee")]


def test_sod_rule_severity_sets_the_finding_severity(check) -> None:
    body = POSTS.replace(
        "raci: {loan.investigate: AR}", "raci: {loan.investigate: AR, loan.approve: R}")
    head = HEAD.replace("      at_most: 1\n", "      at_most: 1\n      severity: warning\n")
    [conflict] = sod(check(body, head=head))
    assert conflict.severity is Severity.WARNING


# credit.reviewer conflicts on its own: it reviews and approves.
REVIEWER_CONFLICTS_ALONE = POSTS.replace(
    "raci: {loan.review: AR}", "raci: {loan.review: AR, loan.approve: R}")


@pytest.mark.parametrize("through", ["backup", "person", "member"])
def test_a_post_that_conflicts_alone_is_reported_once_not_again_per_combination(
        check, through: str) -> None:
    # Combining credit.reviewer with another post adds loan.investigate, but the post
    # already has its own finding: the backup, person or member would repeat it.
    body = {
        "backup": REVIEWER_CONFLICTS_ALONE.replace(
            "      - id: credit.officer\n        title: 信贷员\n",
            "      - id: credit.officer\n        title: 信贷员\n        backup: credit.reviewer\n"),
        "person": REVIEWER_CONFLICTS_ALONE
        + "people:\n  - id: E1001\n    name: 张三\n    holds: [credit.reviewer]\n"
          "    acting: [credit.officer]\n",
        "member": REVIEWER_CONFLICTS_ALONE
        + "committees:\n  - id: loan-committee\n    name: 审贷委员会\n"
          "    members: [credit.reviewer]\n    duties:\n      - text: 贷前调查复核\n"
          "        raci: {loan.investigate: A}\n",
    }[through]
    conflicts = sod(check(body))
    assert [(f.rule, f.subject, f.related[1:2]) for f in conflicts] == [
        ("DM401", "credit.reviewer", ("loan.review",))]
