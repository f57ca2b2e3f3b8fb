"""Suggested fixes on DM401/DM402: every `fixes` entry, applied with `whatif` (the full
engine), clears its conflict and brings no new SoD or DM3xx error."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from clock import TODAY
from conftest import REPO_ROOT
from synth_orgs import synth_org

from dutymatrix.engine import check_org
from dutymatrix.findings import Finding, Severity
from dutymatrix.load import load_org
from dutymatrix.model import Org
from dutymatrix.whatif import assume
from dutymatrix.whatif.statements import parse_statement

SAMPLES = ["org", *sorted(p.name for p in (REPO_ROOT / "examples").iterdir() if p.is_dir())]


def _load(name: str) -> Org:
    path = REPO_ROOT / name if name == "org" else REPO_ROOT / "examples" / name
    loaded = load_org(str(path))
    assert loaded.org is not None
    return loaded.org


def _same_conflict(a: Finding, b: Finding) -> bool:
    return a.rule in ("DM401", "DM402") and b.rule in ("DM401", "DM402") and (
        a.subject, a.related[:1]) == (b.subject, b.related[:1])


def _assert_every_fix_holds(org: Org) -> int:
    conflicts = [f for f in check_org(org, today=TODAY).findings
                 if f.rule in ("DM401", "DM402")]
    tried = 0
    for conflict in conflicts:
        assert conflict.fixes is not None and len(conflict.fixes) <= 3
        for fix in conflict.fixes:
            statement = parse_statement(f"move {fix['move']} to {fix['to']}", 1)
            review = assume(org, [statement], today=TODAY)
            after = check_org(review_org(org, statement), today=TODAY).findings
            assert not any(_same_conflict(conflict, f) for f in after), fix
            bad = [f for f in review.new_findings
                   if f.severity >= Severity.ERROR and f.rule[:3] in ("DM3", "DM4")]
            assert bad == [], (fix, [f.message for f in bad])
            tried += 1
    return tried


def review_org(org: Org, statement: object) -> Org:
    from dutymatrix.whatif.statements import apply_statements

    return apply_statements(org, [statement])  # type: ignore[list-item]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_fix_of_the_samples_clears_its_conflict(name: str) -> None:
    _assert_every_fix_holds(_load(name))


def test_the_small_loan_manager_can_hand_the_investigation_to_the_account_manager() -> None:
    [conflict] = [f for f in check_org(_load("small-loan"), today=TODAY).findings
                  if f.rule == "DM401"]
    assert conflict.fixes is not None
    assert conflict.fixes[0] == {"move": "credit-business.manager#6",
                                 "to": "credit-business.account-manager"}


def test_a_move_that_would_leave_a_department_duty_uncarried_is_not_suggested() -> None:
    # 王磊's conflict could go with credit-mgmt.manager#4 to the vice president, but
    # 信贷管理部 answers for that monitoring (a department duty) and no other post of it
    # carries it: the move would bring DM203
    [conflict] = [f for f in check_org(_load("org"), today=TODAY).findings
                  if f.rule == "DM401" and f.subject == "E1003"]
    assert {"move": "credit-mgmt.manager#4", "to": "branch.vp-credit"} not in (
        conflict.fixes or ())


@pytest.mark.slow
def test_every_fix_of_a_synthetic_org_clears_its_conflict() -> None:
    assert _assert_every_fix_holds(synth_org(12, 8)) > 0


def test_same_department_moves_come_first_and_none_is_an_empty_list(
        cli: Callable[..., Result], write_org: Callable[..., Path]) -> None:
    org = write_org({"org.yaml": """
        org: {id: demo, name: 示例银行}
        processes:
          - id: loan
            name: 贷款业务
            activities:
              - {id: investigate, name: 贷前调查}
              - {id: approve,     name: 贷款审批}
        departments:
          - id: branch
            name: 分行
            roles:
              - {id: branch.head, title: 行长, duties: [负责全面工作]}
          - id: credit
            name: 信贷部
            parent: branch
            roles:
              - id: credit.officer
                title: 信贷员
                reports_to: branch.head
                duties:
                  - text: 负责贷前调查
                    raci: {loan.investigate: AR}
                  - text: 负责贷款审批
                    raci: {loan.approve: AR}
              - {id: credit.clerk, title: 文员, reports_to: branch.head, duties: [负责档案]}
          - id: audit
            name: 审计部
            parent: branch
            roles:
              - id: audit.lone
                title: 审计员
                duties:
                  - text: 负责贷前调查与贷款审批
                    raci: {loan.investigate: R, loan.approve: R}
                  - 负责审计
        rules:
          sod:
            - {id: SOD-1, name: 审贷分离, activities: [loan.investigate, loan.approve]}
        """})
    result = cli("check", str(org), "--format", "json")
    conflicts = {f["subject"]: f for f in json.loads(result.stdout)["findings"]
                 if f["rule"] == "DM401"}
    officer = conflicts["credit.officer"]["fixes"]
    # the department first (either duty may go), then the reporting line; at most 3
    assert officer == [{"move": "credit.officer#1", "to": "credit.clerk"},
                       {"move": "credit.officer#2", "to": "credit.clerk"},
                       {"move": "credit.officer#1", "to": "branch.head"}]
    # one duty carries both activities: no single move clears it
    assert conflicts["audit.lone"]["fixes"] == []
    text = cli("check", str(org), "--lang", "zh").stdout
    # The posts by name, the ids after them: the ref is what `whatif --move` takes.
    assert ("可行的调整：将信贷员第 1 条职责（credit.officer#1）调至文员（credit.clerk）；"
            "将信贷员第 2 条职责（credit.officer#2）调至文员（credit.clerk）") in text
    english = cli("check", str(org), "--lang", "en").stdout
    assert ("verified moves: move duty 1 of 信贷员 (credit.officer#1) to 文员 (credit.clerk); "
            "move duty 2 of 信贷员 (credit.officer#2) to 文员 (credit.clerk)") in english


def test_the_audit_report_words_the_moves_in_the_org_language() -> None:
    from dutymatrix.matrix import build_matrix
    from dutymatrix.render.audit_context import audit_context

    org = _load("small-loan")
    findings = check_org(org, today=TODAY).findings
    audit = audit_context(org, findings, "zh", matrix=build_matrix(org), today=TODAY)
    [fixes] = [f.fixes for g in audit.groups for f in g.findings if f.rule == "DM401"]
    assert fixes[0] == ("将信贷业务部经理第 6 条职责（credit-business.manager#6）调至信贷客户经理"
                        "（credit-business.account-manager）")
    english = audit_context(org, findings, "en", matrix=build_matrix(org), today=TODAY)
    [fixes] = [f.fixes for g in english.groups for f in g.findings if f.rule == "DM401"]
    assert fixes[0] == ("move duty 6 of Head of Credit Business (credit-business.manager#6) "
                        "to Credit Account Manager (credit-business.account-manager)")
    assert audit.labels["audit_fixes"] == "可行的调整"


def test_the_fixes_option_bounds_the_moves_and_zero_switches_the_search_off(
        cli: Callable[..., Result], write_org: Callable[..., Path]) -> None:
    source = (REPO_ROOT / "examples" / "small-loan")
    files = {p.name: p.read_text(encoding="utf-8") for p in source.glob("*.yaml")}

    def conflict_fixes(options: str) -> list[object]:
        org = write_org({**files, "zz-checks.yaml": f"checks:\n  options: {options}\n"})
        result = cli("check", str(org), "--format", "json")
        assert result.exit_code == 1, result.output
        return [f.get("fixes", "absent") for f in json.loads(result.stdout)["findings"]
                if f["rule"] == "DM401"]

    [default] = conflict_fixes("{}")
    assert isinstance(default, list) and len(default) >= 2
    assert conflict_fixes("{DM401: {fixes: 1}}") == [default[:1]]
    # off: no "fixes" key at all, which is not the same as "no move clears it" ([])
    assert conflict_fixes("{DM401: {fixes: 0}}") == ["absent"]


def test_a_negative_fixes_option_is_a_located_error(
        cli: Callable[..., Result], write_org: Callable[..., Path]) -> None:
    source = (REPO_ROOT / "examples" / "small-loan")
    files = {p.name: p.read_text(encoding="utf-8") for p in source.glob("*.yaml")}
    org = write_org({**files, "zz-checks.yaml": "checks:\n  options: {DM401: {fixes: -1}}\n"})
    result = cli("check", str(org), "--lang", "en")
    assert result.exit_code == 2
    # the text report groups by file: the file, then line:col, rule and the option's doc
    assert "zz-checks.yaml\n  2:28" in result.output
    assert "DM124" in result.output and "a whole number ≥ 0" in result.output
