"""dutymatrix whatif: assumed changes checked in memory, reported like a diff."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dutymatrix.errors import UsageError
from dutymatrix.load import load_org
from dutymatrix.whatif import assume
from dutymatrix.whatif.statements import apply_statements, parse_statement
from tests.clock import TODAY

REPO = Path(__file__).resolve().parent.parent
ORG = REPO / "org"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dutymatrix.cli", "whatif", "--today", TODAY.isoformat(), *args],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )


def _tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def bank():
    return load_org(str(ORG)).org


def _review(org, *texts: str):
    statements = [parse_statement(t, i) for i, t in enumerate(texts, start=1)]
    return assume(org, statements, today=TODAY)


def test_acting_post_that_breaks_a_rule_is_a_new_person_conflict(bank):
    review = _review(bank, "E1003 acts customer-1.loan-officer-a")
    new = [(f.rule, f.subject) for f in review.new_findings]
    assert new == [("DM401", "E1003")]
    assert "SOD-LOAN-1" in review.new_findings[0].message
    # someone now acts in the vacant post: its accountable activities are staffed
    assert {f.rule for f in review.resolved_findings} == {"DM208"}
    assert [c.kind for c in review.changes] == ["person-post-added"]


def test_a_person_is_named_by_id_or_by_name(bank):
    by_id = apply_statements(bank, [parse_statement("E1003 leaves bill-center.manager", 1)])
    by_name = apply_statements(bank, [parse_statement("王磊 leaves bill-center.manager", 1)])
    assert by_id.people_by_id["E1003"].acting == ()
    assert by_name.people_by_id["E1003"] == by_id.people_by_id["E1003"]


def test_leaving_the_acting_post_leaves_its_waiver_unused(bank):
    review = _review(bank, "E1003 leaves bill-center.manager")
    # the post is left vacant: the activities it answers for have nobody (DM208)
    assert sorted(f.rule for f in review.new_findings) == ["DM208", "DM208", "DM602"]
    assert {f.related[0] for f in review.new_findings if f.rule == "DM208"} == {
        "bill-center.manager"}


def test_holds_adds_a_held_post(bank):
    after = apply_statements(bank, [parse_statement("E1004 holds customer-2.manager", 1)])
    assert after.people_by_id["E1004"].holds == ("customer-1.manager", "customer-2.manager")
    # The loaded model is not changed by the assumption.
    assert bank.people_by_id["E1004"].holds == ("customer-1.manager",)


def test_a_grant_and_a_loss_move_the_conflicting_letters(bank):
    review = _review(bank, "credit-mgmt.manager gains loan.disburse RA",
                     "customer-1.loan-officer-a loses loan.disburse")
    resolved = [(f.rule, f.subject) for f in review.resolved_findings]
    assert ("DM401", "customer-1.loan-officer-a") in resolved
    # The grant has no duty text of its own: no wording finding about its stand-in text.
    assert not [f for f in review.new_findings if f.rule.startswith("DM7")]
    granted = [c for c in review.changes if c.kind == "duty-added"]
    assert len(granted) == 1 and "what-if grant" in granted[0].summary


def test_a_grant_goes_before_the_closing_catch_all(bank):
    grant = parse_statement("credit-mgmt.manager gains loan.disburse R", 1)
    after = apply_statements(bank, [grant])
    duties = after.roles["credit-mgmt.manager"].duties
    assert duties[-2].raci == {"loan.disburse": "R"}
    assert "其他工作" in str(duties[-1].text)
    assert [d.n for d in duties] == list(range(1, len(duties) + 1))


def test_move_renumbers_both_owners_and_keeps_the_raci(bank):
    source = bank.roles["customer-1.loan-officer-a"]
    moved = source.duties[0]
    after = apply_statements(
        bank, [parse_statement("move customer-1.loan-officer-a#1 to customer-1.manager", 1)])
    new_source = after.roles["customer-1.loan-officer-a"]
    target = after.roles["customer-1.manager"]
    assert len(new_source.duties) == len(source.duties) - 1
    assert [d.n for d in new_source.duties] == list(range(1, len(new_source.duties) + 1))
    landed = [d for d in target.duties if d.text == moved.text]
    assert len(landed) == 1 and landed[0].raci == moved.raci
    assert landed[0].owner == "customer-1.manager"


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("E1003 act x", "is not understood"),
        ("E1003 acts custmer-1.manager", "did you mean customer-1.manager"),
        ("E9999 holds customer-1.manager", "unknown person 'E9999'"),
        ("credit-mgmt.manager gains loan.dispurse R", "did you mean loan.disburse"),
        ("credit-mgmt.manager gains loan.disburse X", "RACI letters"),
        ("credit-mgmt.manager loses loan.disburse", "no duty of credit-mgmt.manager carries"),
        ("E1003 leaves customer-2.manager", "neither holds nor acts in"),
        ("E1003 holds credit-mgmt.manager", "already holds"),
        ("move credit-mgmt.manager#99 to customer-1.manager", "there is no #99"),
        ("move credit-mgmt.manager to customer-1.manager", "not a duty reference"),
        ("move credit-mgmt.manager#1 to credit-mgmt.manager", "already"),
    ],
)
def test_bad_statements_are_refused_by_name(bank, statement, expected):
    with pytest.raises(UsageError) as err:
        apply_statements(bank, [parse_statement(statement, 1)])
    assert expected in str(err.value)
    assert "statement 1" in str(err.value)


@pytest.mark.slow  # runs the command in a fresh process
def test_cli_reports_new_findings_and_exits_1_without_touching_files():
    before = _tree_digest(ORG)
    result = _run("org", "E1003 acts customer-1.loan-officer-a", "--format", "json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["assume"] == ["E1003 acts customer-1.loan-officer-a"]
    assert [f["rule"] for f in data["findings"]["new"]] == ["DM401"]
    assert {f["rule"] for f in data["findings"]["resolved"]} == {"DM208"}
    assert _tree_digest(ORG) == before


@pytest.mark.slow  # runs the command in a fresh process
def test_cli_fail_on_new_warning_and_default_org():
    # Leaving the acting post only brings a warning (the unused waiver).
    assert _run("E1003 leaves bill-center.manager").returncode == 0
    assert _run("E1003 leaves bill-center.manager", "--fail-on-new", "warning").returncode == 1


@pytest.mark.slow  # runs the command in a fresh process
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_cli_text_and_markdown_list_the_assumptions(fmt):
    result = _run("E1003 acts customer-1.loan-officer-a", "--format", fmt)
    assert "E1003 acts customer-1.loan-officer-a" in result.stdout
    assert "DM401" in result.stdout
    assert "假设" in result.stdout


@pytest.mark.slow  # runs the command in a fresh process
@pytest.mark.parametrize("args", [["E1003 act x"], [], ["org", "E1003 acts nope"]])
def test_cli_malformed_or_unknown_exits_2_with_no_traceback(args):
    result = _run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("dutymatrix: ")


@pytest.mark.parametrize(
    ("statement", "lang", "expected"),
    [
        ("E1003 acts custmer-1.manager", "zh-CN",
         "第 1 条语句 'E1003 acts custmer-1.manager'：未知的岗位 'custmer-1.manager'"
         "（是否想写 customer-1.manager 或 "),
        ("E1003 holds credit-mgmt.manager", "zh-TW", "E1003 已擔任 credit-mgmt.manager"),
        ("E1003 act x", "en", "statement 1 'E1003 act x' is not understood; write one of:"),
    ],
)
def test_bad_statements_are_refused_in_the_readers_language(bank, statement, lang, expected):
    with pytest.raises(UsageError) as err:
        apply_statements(bank, [parse_statement(statement, 1)])
    assert expected in err.value.in_lang(lang)


def test_a_conflict_whose_duties_are_renumbered_is_neither_new_nor_resolved(
        tmp_path: Path) -> None:
    # Moving duty 1 away makes the conflicting duty 2 the post's duty 1: the message now
    # says "through its duty 1", but it is the same conflict, not a new one (found by
    # tests/test_fixes_verified.py, which holds the fix search against whatif).
    (tmp_path / "org.yaml").write_text("""\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: investigate, name: 贷前调查}
      - {id: approve, name: 贷款审批}
      - {id: disburse, name: 贷款发放}
departments:
  - id: credit
    name: 信贷部
    roles:
      - {id: credit.head, title: 部门经理, duties: [负责全面工作]}
      - id: credit.officer
        title: 信贷员
        reports_to: credit.head
        duties:
          - text: 负责贷款发放
            raci: {loan.disburse: AR}
          - text: 负责贷前调查与审批
            raci: {loan.investigate: AR, loan.approve: AR}
rules:
  sod:
    - {id: SOD-1, name: 审贷分离, activities: [loan.investigate, loan.approve]}
""", encoding="utf-8")
    org = load_org(str(tmp_path)).org
    assert org is not None
    review = assume(org, [parse_statement("move credit.officer#1 to credit.head", 1)],
                    today=TODAY)
    assert [f.rule for f in review.new_findings if f.rule == "DM401"] == []
    assert [f.rule for f in review.resolved_findings if f.rule == "DM401"] == []
