"""DM2xx coverage: gaps in who does what, on small orgs written as YAML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from clock import TODAY

from dutymatrix.engine import run_check
from dutymatrix.findings import Finding

HEAD = """\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: investigate, name: 贷前调查, dual_control: true}
      - {id: approve, name: 贷款审批}
"""


@pytest.fixture
def check(write_org: Callable[..., Path]) -> Callable[[str], list[Finding]]:
    def run(body: str) -> list[Finding]:
        result = run_check(str(write_org({"org.yaml": HEAD + body})), today=TODAY)
        assert not result.load_failed, [f.message for f in result.findings]
        return result.active_findings

    return run


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line of HEAD + text containing ``needle``."""
    hits = [i for i, line in enumerate((HEAD + text).splitlines(), 1) if needle in line]
    return hits[nth - 1]


def test_activity_without_accountable_is_named_at_its_declaration(check) -> None:
    findings = check("""\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.a
        title: 调查岗A
        duties:
          - text: 负责贷前调查
            raci: {loan.investigate: AR}
      - id: credit.b
        title: 调查岗B
        duties:
          - text: 参与贷前调查
            raci: {loan.investigate: R}
""")
    gaps = of(findings, "DM201")
    assert [f.subject for f in gaps] == ["loan.approve"]
    assert gaps[0].loc is not None and gaps[0].loc.line == line_of("", "id: approve")
    assert of(findings, "DM202")[0].subject == "loan.approve"


def test_department_letters_do_not_make_a_holder(check) -> None:
    findings = check("""\
departments:
  - id: credit
    name: 信贷部
    duties:
      - text: 负责贷款审批
        raci: {loan.approve: AR, loan.investigate: AR}
    roles:
      - id: credit.clerk
        title: 内勤
        duties:
          - 负责档案整理
""")
    assert {f.subject for f in of(findings, "DM201")} == {"loan.approve", "loan.investigate"}
    uncarried = of(findings, "DM203")
    assert len(uncarried) == 1
    assert uncarried[0].subject == "credit"
    assert set(uncarried[0].related) == {"loan.approve", "loan.investigate"}
    assert "credit#1" in uncarried[0].message


def test_department_duty_carried_by_its_own_post_passes(check) -> None:
    findings = check("""\
departments:
  - id: credit
    name: 信贷部
    duties:
      - text: 负责贷款审批
        raci: {loan.approve: A}
      - text: 了解贷前调查情况
        raci: {loan.investigate: I}
    roles:
      - id: credit.approver
        title: 审批岗
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: R}
""")
    # R by a post carries the department's A; an I letter needs no carrier.
    assert of(findings, "DM203") == []


def test_department_duty_carried_only_by_another_department_is_a_gap(check) -> None:
    findings = check("""\
departments:
  - id: credit
    name: 信贷部
    duties:
      - text: 负责贷款审批
        raci: {loan.approve: A}
    roles:
      - id: credit.clerk
        title: 内勤
        duties:
          - 负责档案整理
  - id: risk
    name: 风险部
    parent: credit
    roles:
      - id: risk.approver
        title: 审批岗
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
""")
    assert [f.subject for f in of(findings, "DM203")] == ["credit"]


def test_post_without_duties_and_department_without_posts(check) -> None:
    findings = check("""\
departments:
  - id: branch
    name: 分行
    roles:
      - id: branch.president
        title: 行长
  - id: group
    name: 业务条线
    parent: branch
  - id: credit
    name: 信贷部
    parent: group
  - id: bills
    name: 票据中心
    parent: branch
    roles:
      - id: bills.clerk
        title: 票据岗
        duties:
          - 负责票据保管
""")
    assert [f.subject for f in of(findings, "DM204")] == ["branch.president"]
    # `group` only groups `credit`; `credit` has neither posts nor children.
    assert [f.subject for f in of(findings, "DM205")] == ["credit"]


def test_dual_control_counts_distinct_holders_not_duties(check) -> None:
    one_post_two_duties = check("""\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.officer
        title: 信贷员
        duties:
          - text: 负责贷前调查
            raci: {loan.investigate: AR}
          - text: 参与贷前调查的现场核实
            raci: {loan.investigate: R}
          - text: 负责贷款审批
            raci: {loan.approve: AR}
      - id: credit.reviewer
        title: 复核岗
        duties:
          - text: 了解调查结论
            raci: {loan.investigate: C}
""")
    dual = of(one_post_two_duties, "DM206")
    assert [f.subject for f in dual] == ["loan.investigate"]
    assert dual[0].related == ("credit.officer",)


def test_dual_control_with_a_committee_as_second_holder_passes(check) -> None:
    findings = check("""\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.officer
        title: 信贷员
        duties:
          - text: 负责贷前调查
            raci: {loan.investigate: AR}
committees:
  - id: review-team
    name: 调查小组
    members: [credit.officer]
    duties:
      - text: 参与重大贷款的贷前调查
        raci: {loan.investigate: R}
""")
    assert of(findings, "DM206") == []


def test_key_post_needs_a_backup(check) -> None:
    body = """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.manager
        title: 经理
        key: true
        duties:
          - 负责部门管理
      - id: credit.cashier
        title: 出纳
        key: true
        backup: credit.manager
        duties:
          - 负责现金收付
"""
    missing = of(check(body), "DM207")
    assert [f.subject for f in missing] == ["credit.manager"]
    assert missing[0].loc is not None
    assert missing[0].loc.line == line_of(body, "key: true")
