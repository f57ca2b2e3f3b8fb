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


# The officer investigates and approves. Its investigation may go to the aide (nothing
# else follows) or to the clerk, who sits on the loan committee that approves: the clerk
# would then investigate what its committee approves.
MEMBER_ORG = """
    org: {id: demo, name: 示例银行}
    processes:
      - id: loan
        name: 贷款业务
        activities:
          - {id: investigate, name: 贷前调查}
          - {id: approve, name: 贷款审批}
    departments:
      - id: credit
        name: 信贷部
        roles:
          - id: credit.officer
            title: 信贷员
            duties:
              - text: 负责贷前调查
                raci: {loan.investigate: AR}
              - text: 负责贷款审批
                raci: {loan.approve: R}
          - {id: credit.clerk, title: 文员, duties: [负责档案]}
          - {id: credit.aide, title: 助理, duties: [负责文书]}
    committees:
      - id: loan-committee
        name: 审贷委员会
        members: [credit.clerk]
        recusal: RECUSAL
        duties:
          - text: 审批贷款
            raci: {loan.approve: A}
    rules:
      sod:
        - {id: SOD-1, name: 审贷分离, activities: [loan.investigate, loan.approve]}
    checks:
      options: {DM401: {fixes: 10}}
    """


@pytest.mark.parametrize(("recusal", "severity", "member_move"), [
    ("true", "error", True),  # the clerk's new conflict would be a DM402 warning
    ("false", "error", False),  # a DM401 error: not suggested
    ("false", "warning", True),  # a rule of severity warning or info gives warnings
    ("false", "info", True),
])
def test_a_move_onto_a_committee_member_is_ranked_by_what_it_brings(
        write_org: Callable[..., Path], recusal: str, severity: str,
        member_move: bool) -> None:
    from dutymatrix.engine import run_check

    # SOD-0, listed first, is about activities the move does not touch.
    text = MEMBER_ORG.replace("RECUSAL", recusal).replace(
        "        - {id: SOD-1, name: 审贷分离, activities: [loan.investigate, loan.approve]}",
        "        - {id: SOD-0, name: 档案分管, activities: [loan.archive, loan.audit]}\n"
        "        - {id: SOD-1, name: 审贷分离, activities: [loan.investigate, loan.approve],"
        f" severity: {severity}}}").replace(
        "          - {id: approve, name: 贷款审批}\n",
        "          - {id: approve, name: 贷款审批}\n          - {id: archive, name: 档案}\n"
        "          - {id: audit, name: 稽核}\n")
    org = write_org({"org.yaml": text})
    [conflict] = [f for f in run_check(str(org), today=TODAY).findings if f.rule == "DM401"]
    moves = [(fix["move"], fix["to"]) for fix in conflict.fixes or ()]
    clean = [("credit.officer#1", "credit.aide"), ("credit.officer#2", "credit.clerk"),
             ("credit.officer#2", "credit.aide")]
    # a move that brings a warning comes after the clean ones
    assert moves == clean + ([("credit.officer#1", "credit.clerk")] if member_move else [])


# The officer investigates and approves (SOD-1). Its head of department sits above it in
# the branch office; the clerk and the aide sit beside it. The capitals are what each
# test changes.
RULES_ORG = """
    org: {id: demo, name: 示例银行}
    processes:
      - id: loan
        name: 贷款业务
        activities:
          - {id: investigate, name: 贷前调查}
          - {id: approve, name: 贷款审批}
          - {id: disburse, name: 贷款发放DUAL}
    departments:
      - id: branch
        name: 分行
        roles:
          - {id: branch.head, title: 行长, duties: [HEAD_DUTY]}
      - id: credit
        name: 信贷部
        parent: branch
        DEPARTMENT_DUTIES
        roles:
          - id: credit.officer
            title: 信贷员
            reports_to: branch.head
            duties:
              - text: 负责贷前调查
                raci: {loan.investigate: R}
              - text: 负责贷款审批与发放
                raci: {SECOND}
          OFFICER_MORE- id: credit.clerk
            title: 文员
            duties:
              - text: 负责放款复核
                raci: {CLERK}
          - {id: credit.aide, title: 助理, duties: [负责文书]}
    rules:
      sod:
        - {id: SOD-1, name: 审贷分离, activities: [loan.investigate, loan.approve]}
      AUTHORITY
    checks:
      options: {DM401: {fixes: 10}}
    """


def _moves(write_org: Callable[..., Path], text: str = RULES_ORG,
           **parts: str) -> list[tuple[str, str]]:
    from dutymatrix.engine import run_check

    for key, value in {"DEPARTMENT_DUTIES": "", "AUTHORITY": "", "DUAL": "",
                       "HEAD_DUTY": "负责全面工作", "OFFICER_MORE": "",
                       "SECOND": "loan.approve: R, loan.disburse: R",
                       "CLERK": "loan.disburse: R", **parts}.items():
        text = text.replace(key, value)
    result = run_check(str(write_org({"org.yaml": text})), today=TODAY)
    assert not result.load_failed, [f.message for f in result.findings]
    [conflict] = [f for f in result.active_findings if f.rule == "DM401"
                  and f.subject == "credit.officer" and f.related[0] == "SOD-1"]
    return [(fix["move"], fix["to"]) for fix in conflict.fixes or ()]

# Department posts first (each duty in turn), then the head above the officer.
EVERY_MOVE = [("credit.officer#1", "credit.clerk"), ("credit.officer#1", "credit.aide"),
              ("credit.officer#2", "credit.clerk"), ("credit.officer#2", "credit.aide"),
              ("credit.officer#1", "branch.head"), ("credit.officer#2", "branch.head")]


def test_with_nothing_in_the_way_every_move_is_suggested_department_first(
        write_org: Callable[..., Path]) -> None:
    assert _moves(write_org) == EVERY_MOVE


def test_a_dual_control_activity_keeps_two_holders(write_org: Callable[..., Path]) -> None:
    # The officer and the clerk disburse under dual control: the disbursing duty may go to
    # the aide or the head (still two holders), not to the clerk (one holder left).
    moves = _moves(write_org, DUAL=", dual_control: true")
    assert moves == [m for m in EVERY_MOVE if m != ("credit.officer#2", "credit.clerk")]


APPROVING = "loan.approve: A, loan.disburse: R"
APPROVING_HEAD = "{text: 负责大额贷款审批, raci: {loan.approve: A}}"
BANDS = """authority:
        - activity: loan.approve
          bands:
            - {by: credit.officer, up_to: 1000000}
            - {by: BIG, over: 1000000}"""


def test_a_second_accountable_must_be_an_approval_band_owner(
        write_org: Callable[..., Path]) -> None:
    # The officer and the head approve (A), each within its band. The officer's approval
    # moving to the clerk or the aide would make a second Accountable outside the bands
    # (DM301); moving it to the head would leave the officer's band with no duty behind
    # it (DM503). The investigation cannot go to the head, who approves: the head would
    # conflict.
    moves = _moves(write_org, SECOND=APPROVING, HEAD_DUTY=APPROVING_HEAD,
                   AUTHORITY=BANDS.replace("BIG", "branch.head"))
    assert moves == [("credit.officer#1", "credit.clerk"), ("credit.officer#1", "credit.aide")]


def test_a_sole_accountable_may_move(write_org: Callable[..., Path]) -> None:
    # The officer is the only Accountable: wherever the approval goes, one remains.
    assert _moves(write_org, SECOND=APPROVING) == EVERY_MOVE


def test_a_department_duty_keeps_a_carrier_in_the_department(
        write_org: Callable[..., Path]) -> None:
    # 信贷部 answers for the investigation and only the officer carries it: it may move
    # to the clerk or the aide, not up to the head in another department (DM203).
    department_duty = ("duties:\n          - text: 负责贷前调查管理\n"
                       "            raci: {loan.investigate: A}")
    moves = _moves(write_org, DEPARTMENT_DUTIES=department_duty)
    assert moves == [m for m in EVERY_MOVE if m != ("credit.officer#1", "branch.head")]


@pytest.mark.parametrize(("bands", "clerk", "suggested", "refused"), [
    # three band owners: the officer's approval may not go even to the clerk, another
    # band owner: the officer's own band would have no duty behind it (DM503)
    ("{by: credit.officer, up_to: 1000000}\n            - {by: credit.clerk, up_to: 1000}",
     "loan.disburse: R", None, ("credit.officer#2", "credit.clerk")),
    # the clerk already approves outside the bands (DM301): the aide would be a second
    ("{by: credit.officer, up_to: 1000000}", "loan.disburse: R, loan.approve: A", None,
     ("credit.officer#2", "credit.aide")),
    # the officer approves outside the bands; handing it to the clerk's band clears DM301
    ("{by: credit.clerk, up_to: 1000000}", "loan.disburse: R",
     ("credit.officer#2", "credit.clerk"), ("credit.officer#2", "credit.aide")),
])
def test_who_may_take_an_approval_depends_on_the_band_owners(
        write_org: Callable[..., Path], bands: str, clerk: str,
        suggested: tuple[str, str] | None, refused: tuple[str, str]) -> None:
    authority = BANDS.replace("{by: credit.officer, up_to: 1000000}", bands).replace(
        "BIG", "branch.head")
    moves = _moves(write_org, SECOND=APPROVING, HEAD_DUTY=APPROVING_HEAD,
                   AUTHORITY=authority, CLERK=clerk)
    assert suggested is None or suggested in moves, moves
    assert refused not in moves, moves


def test_an_accountable_who_keeps_another_such_duty_does_not_leave(
        write_org: Callable[..., Path]) -> None:
    # The officer is Accountable for disbursing through duties 2 and 3: duty 2 going to
    # the aide would leave two Accountables (the officer still, and the aide).
    third = "    - text: 负责放款审批\n                raci: {loan.disburse: A}\n          "
    moves = _moves(write_org, SECOND="loan.approve: R, loan.disburse: A", OFFICER_MORE=third)
    assert ("credit.officer#2", "credit.aide") not in moves
    assert ("credit.officer#1", "credit.aide") in moves


def test_every_accountable_activity_of_a_moved_duty_is_checked(
        write_org: Callable[..., Path]) -> None:
    # Duty 2 makes the officer Accountable for disbursing (also through duty 3, and the
    # clerk is too) and for approving (the head is too). Going to the clerk changes
    # nothing for disbursing, but makes the clerk a second approver with the head.
    third = "    - text: 负责放款审批\n                raci: {loan.disburse: A}\n          "
    moves = _moves(write_org, SECOND="loan.disburse: A, loan.approve: A", OFFICER_MORE=third,
                   CLERK="loan.disburse: A", HEAD_DUTY=APPROVING_HEAD)
    assert ("credit.officer#2", "credit.clerk") not in moves
    assert ("credit.officer#1", "credit.aide") in moves


def _third_duty(raci: str) -> str:
    """A third duty of the officer (OFFICER_MORE)."""
    return f"    - text: 负责放款审核\n                raci: {{{raci}}}\n          "


@pytest.mark.parametrize(("parts", "suggested", "refused"), [
    # the officer keeps disbursing through duty 3: the clerk may take duty 2
    ({"OFFICER_MORE": "loan.disburse: R"}, ("credit.officer#2", "credit.clerk"), None),
    # duty 3 only consults on it: duty 2 going to the clerk leaves one holder
    ({"OFFICER_MORE": "loan.disburse: C"}, None, ("credit.officer#2", "credit.clerk")),
    # a consulted clerk is no holder: the officer's disbursing may go to it
    ({"CLERK": "loan.disburse: C"}, ("credit.officer#2", "credit.clerk"), None),
    # three holders (the aide too): two remain when the clerk takes duty 2
    ({"AIDE": "loan.disburse: R"}, ("credit.officer#2", "credit.clerk"), None),
])
def test_dual_control_counts_the_holders_that_remain(
        write_org: Callable[..., Path], parts: dict[str, str],
        suggested: tuple[str, str] | None, refused: tuple[str, str] | None) -> None:
    parts = dict(parts)
    if "OFFICER_MORE" in parts:
        parts["OFFICER_MORE"] = _third_duty(parts["OFFICER_MORE"])
    if "AIDE" in parts:
        aide = parts.pop("AIDE")
        moves = _moves(write_org, RULES_ORG.replace(
            "{id: credit.aide, title: 助理, duties: [负责文书]}",
            f"{{id: credit.aide, title: 助理, duties: [{{text: 负责放款, raci: {{{aide}}}}}]}}"),
            DUAL=", dual_control: true", **parts)
    else:
        moves = _moves(write_org, DUAL=", dual_control: true", **parts)
    assert suggested is None or suggested in moves, moves
    assert refused is None or refused not in moves, moves


DEPARTMENT_DUTY = ("duties:\n          - text: 负责信贷管理\n"
                   "            raci: {ACTIVITY: A}")


@pytest.mark.parametrize(("activity", "clerk", "suggested", "refused"), [
    # the clerk only consults on the investigation: it does not carry it for 信贷部
    ("loan.investigate", "loan.disburse: R, loan.investigate: C", None,
     ("credit.officer#1", "branch.head")),
    # the clerk investigates too: the officer's investigation may leave the department
    ("loan.investigate", "loan.disburse: R, loan.investigate: R",
     ("credit.officer#1", "branch.head"), None),
    # duty 2 approves (no department duty) and disburses (one, carried by nobody else)
    ("loan.disburse", "loan.investigate: C", None, ("credit.officer#2", "branch.head")),
])
def test_a_department_duty_needs_another_carrier_in_the_department(
        write_org: Callable[..., Path], activity: str, clerk: str,
        suggested: tuple[str, str] | None, refused: tuple[str, str] | None) -> None:
    moves = _moves(write_org, DEPARTMENT_DUTIES=DEPARTMENT_DUTY.replace("ACTIVITY", activity),
                   CLERK=clerk)
    assert suggested is None or suggested in moves, moves
    assert refused is None or refused not in moves, moves



def test_the_reporting_line_above_and_below_is_tried_after_the_department(
        write_org: Callable[..., Path]) -> None:
    # The head reports to the president of the head office; a teller in operations
    # reports to the officer: the head, then the president, then the teller.
    text = RULES_ORG.replace(
        "      - id: branch\n        name: 分行\n        roles:\n"
        "          - {id: branch.head, title: 行长, duties: [HEAD_DUTY]}\n",
        "      - id: hq\n        name: 总行\n        roles:\n"
        "          - {id: hq.president, title: 董事长, duties: [负责全行工作]}\n"
        "      - id: branch\n        name: 分行\n        parent: hq\n        roles:\n"
        "          - {id: branch.head, title: 行长, reports_to: hq.president,"
        " duties: [HEAD_DUTY]}\n"
        "      - id: ops\n        name: 运营部\n        parent: branch\n        roles:\n"
        "          - {id: ops.teller, title: 柜员, reports_to: credit.officer,"
        " duties: [负责柜面]}\n")
    line = [("credit.officer#1", t) for t in ("branch.head", "hq.president", "ops.teller")]
    assert _moves(write_org, text) == [
        *EVERY_MOVE[:4], *line, *((("credit.officer#2", t) for _, t in line))]


def test_a_target_is_judged_by_the_rules_the_move_touches(
        write_org: Callable[..., Path]) -> None:
    # The aide already conflicts under SOD-0, which the moves do not touch: it may still
    # take a duty. The clerk reviews: taking the investigation makes it conflict under
    # SOD-W, a warning: allowed, after the moves that bring nothing.
    text = RULES_ORG.replace(
        "          - {id: disburse, name: 贷款发放DUAL}\n",
        "          - {id: disburse, name: 贷款发放DUAL}\n          - {id: review, name: 审查}\n"
        "          - {id: archive, name: 档案}\n          - {id: audit, name: 稽核}\n").replace(
        "        - {id: SOD-1, name: 审贷分离, activities: [loan.investigate, loan.approve]}\n",
        "        - {id: SOD-0, name: 档案分管, activities: [loan.archive, loan.audit]}\n"
        "        - {id: SOD-1, name: 审贷分离, activities: [loan.investigate, loan.approve]}\n"
        "        - {id: SOD-W, name: 调查与审查, activities: [loan.investigate, loan.review],"
        " severity: warning}\n").replace(
        "{id: credit.aide, title: 助理, duties: [负责文书]}",
        "{id: credit.aide, title: 助理, duties: [{text: 负责档案与稽核, "
        "raci: {loan.archive: R, loan.audit: R}}]}")
    moves = _moves(write_org, text, CLERK="loan.disburse: R, loan.review: R")
    assert moves == [m for m in EVERY_MOVE if m != ("credit.officer#1", "credit.clerk")] + [
        ("credit.officer#1", "credit.clerk")]


def test_a_warning_that_a_move_changes_counts_against_it(
        write_org: Callable[..., Path]) -> None:
    # The aide investigates and archives (duties of its own): a SOD-W warning already.
    # Duty 1 carries both activities, so wherever it goes it brings or changes a SOD-W
    # warning, the aide's included (its finding would name one more duty): duty 2's moves
    # come first (not to the aide, which would then investigate and approve).
    text = RULES_ORG.replace(
        "          - {id: disburse, name: 贷款发放DUAL}\n",
        "          - {id: disburse, name: 贷款发放DUAL}\n          - {id: archive, name: 档案}\n"
    ).replace(
        "        - {id: SOD-1, name: 审贷分离, activities: [loan.investigate, loan.approve]}\n",
        "        - {id: SOD-1, name: 审贷分离, activities: [loan.investigate, loan.approve]}\n"
        "        - {id: SOD-W, name: 调查与归档, activities: [loan.investigate, loan.archive],"
        " severity: warning}\n").replace(
        "                raci: {loan.investigate: R}\n",
        "                raci: {loan.investigate: R, loan.archive: R}\n").replace(
        "{id: credit.aide, title: 助理, duties: [负责文书]}",
        "{id: credit.aide, title: 助理, duties: [{text: 负责调查, raci: {loan.investigate: R}},"
        " {text: 负责归档, raci: {loan.archive: R}}]}")
    targets = ("credit.clerk", "credit.aide", "branch.head")
    best = [("credit.officer#2", "credit.clerk"), ("credit.officer#2", "branch.head"),
            *(("credit.officer#1", t) for t in targets)]
    assert _moves(write_org, text) == best
    # at the default of three the search goes on past the moves that bring warnings
    assert _moves(write_org, text.replace("fixes: 10", "fixes: 3")) == best[:3]


def test_the_line_goes_on_above_a_boss_in_the_same_department(
        write_org: Callable[..., Path]) -> None:
    # The officer reports to the lead of its own department, who reports to the head:
    # the head is still tried, after the department.
    text = RULES_ORG.replace("            reports_to: branch.head\n",
                             "            reports_to: credit.lead\n").replace(
        "          - {id: credit.aide, title: 助理, duties: [负责文书]}\n",
        "          - {id: credit.aide, title: 助理, duties: [负责文书]}\n"
        "          - {id: credit.lead, title: 主管, reports_to: branch.head,"
        " duties: [负责部门管理]}\n")
    department = [("credit.officer#1", t) for t in ("credit.clerk", "credit.aide", "credit.lead")]
    assert _moves(write_org, text) == [
        *department, *((("credit.officer#2", t) for _, t in department)),
        ("credit.officer#1", "branch.head"), ("credit.officer#2", "branch.head")]


def test_a_catch_all_duty_is_never_moved(write_org: Callable[..., Path]) -> None:
    # Duty 3, "other work the leader assigns", approves: moving it would clear the
    # conflict, but a catch-all stays where it is (DM302).
    catch_all = _third_duty("loan.approve: R").replace("负责放款审核", "完成领导交办的其他工作")
    moves = _moves(write_org, OFFICER_MORE=catch_all, SECOND="loan.disburse: R")
    assert moves == [("credit.officer#1", t)
                     for t in ("credit.clerk", "credit.aide", "branch.head")]



def test_a_sole_accountable_activity_does_not_end_the_check_of_the_next(
        write_org: Callable[..., Path]) -> None:
    # Duty 2 makes the officer the sole Accountable for approving (fine anywhere) and one
    # of two for disbursing, with the clerk: the aide taking it would stand beside the
    # clerk (two Accountables, DM301); the clerk taking it is then the only one.
    moves = _moves(write_org, SECOND="loan.approve: A, loan.disburse: A",
                   CLERK="loan.disburse: A")
    assert ("credit.officer#2", "credit.clerk") in moves
    assert ("credit.officer#2", "credit.aide") not in moves
