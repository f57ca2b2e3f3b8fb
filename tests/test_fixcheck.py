"""The engine verifies every suggested fix by running the checks on the moved model.

``check`` proposes moves from the matrix (``checks/dm4_fixes.py``); the engine
(``dutymatrix/fixcheck.py``) applies each one — the model ``whatif`` builds — and runs
the checks a move can change over the part it touched. These tests hold the pieces
that makes affordable to what they stand for: the cheap moved model and matrix against
a fresh load and ``build_matrix``; a scoped check against the same check over the whole
org; and the engine's filter against moves that do not hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from clock import TODAY
from conftest import REPO_ROOT

from dutymatrix.checks import REGISTRY
from dutymatrix.checks.dm4_fixes import FixFinder
from dutymatrix.engine import check_org, resolve_config
from dutymatrix.finding_match import finding_key
from dutymatrix.findings import RuleContext, Scope
from dutymatrix.fixcheck import extent, new_errors
from dutymatrix.load import load_org
from dutymatrix.matrix import build_matrix
from dutymatrix.model import Org
from dutymatrix.moves import holder_positions, move_duty, moved_matrix, owner_of
from dutymatrix.whatif import assume
from dutymatrix.whatif.statements import apply_statements, parse_statement

SAMPLES = ["org", "examples/credit-dept", "examples/licensing", "examples/small-loan"]


def _sample(name: str) -> Org:
    loaded = load_org(str(REPO_ROOT / name))
    assert loaded.org is not None, name
    return loaded.org


def _candidate_moves(org: Org) -> list[tuple[str, int, str]]:
    """(owner, duty number, target) for every candidate the fix search tries."""
    matrix = build_matrix(org)
    subjects = matrix.sod_subjects()
    finder = FixFinder(org, matrix, subjects)
    rules = {rule.id: rule for rule in org.sod_rules}
    moves = set()
    for conflict in check_org(org, today=TODAY).findings:
        if conflict.rule not in ("DM401", "DM402"):
            continue
        for subject in (s for s in subjects if s.id == conflict.subject):
            for fix, _verdict in finder.assess(rules[conflict.related[0]], subject):
                owner, _, n = fix["move"].rpartition("#")
                moves.add((owner, int(n), fix["to"]))
    return sorted(moves)


def _rows(mapping: object) -> dict[str, list[tuple[str, str]]]:
    return {key: list(dict(row).items()) for key, row in dict(mapping).items() if row}


@pytest.mark.parametrize("name", SAMPLES)
def test_the_moved_matrix_is_what_build_matrix_derives_from_the_moved_model(name: str) -> None:
    org = _sample(name)
    matrix = build_matrix(org)
    position = holder_positions(org)
    moves = _candidate_moves(org)
    assert moves or name != "org", "the sample bank has conflicts with candidate moves"
    for owner, n, target in moves:
        moved_org = move_duty(org, owner_of(org, owner), n, target)
        moved, changed = moved_matrix(matrix, moved_org, (owner, target), position,
                                      org.roles[owner].duties[n - 1].raci)
        fresh = build_matrix(moved_org)
        where = f"move {owner}#{n} to {target}"
        # every row in model order, with the same letters (the order messages list holders)
        assert _rows(moved.by_activity) == _rows(fresh.by_activity), where
        assert _rows(moved.by_holder) == _rows(fresh.by_holder), where
        assert {k: v for k, v in dict(moved.duties_for).items() if v} == fresh.duties_for, where
        # the activities reported as changed are exactly those whose letters changed
        really = {a: frozenset().union(*(set(matrix.letters(a, h)) ^ set(fresh.letters(a, h))
                                         for h in (owner, target)))
                  for a in {*matrix.by_activity, *fresh.by_activity}}
        assert changed == {a: ls for a, ls in really.items() if ls}, where


@pytest.mark.parametrize("name", SAMPLES)
def test_the_moved_model_is_the_model_whatif_loads_the_move_into(name: str) -> None:
    org = _sample(name)
    org.roles, org.departments_by_id, org.committees_by_id  # noqa: B018 - indexes built
    for owner, n, target in _candidate_moves(org)[:40]:
        moved_org = move_duty(org, owner_of(org, owner), n, target)
        # the indexes carried over from the unmoved model say what fresh ones would
        rebuilt = Org(**{f: getattr(moved_org, f) for f in Org.__dataclass_fields__})
        assert dict(moved_org.roles) == dict(rebuilt.roles)
        assert dict(moved_org.departments_by_id) == dict(rebuilt.departments_by_id)
        assert list(moved_org.roles) == list(rebuilt.roles)
        assert [d.n for d in moved_org.roles[target].duties] == list(
            range(1, len(org.roles[target].duties) + 2))


def _every_scope(org: Org) -> Scope:
    matrix = build_matrix(org)
    letters = frozenset(org.raci)
    return Scope(holders=frozenset(org.roles), activities={a: letters for a in org.activities},
                 departments=frozenset(org.departments_by_id),
                 subjects=tuple(matrix.sod_subjects()),
                 moved={a: org.raci for a in org.activities})


@pytest.mark.parametrize("name", SAMPLES)
def test_a_scoped_check_over_the_whole_org_says_what_the_check_says(name: str) -> None:
    """The contract of ``Rule.scoped``: given every post, department, activity and SoD
    subject as its scope, a scoped check finds what it finds unscoped; given one part, it
    finds that part's findings (so a scope sees what the whole run would see there)."""
    org = _sample(name)
    matrix = build_matrix(org)
    settings, _ = resolve_config(org.checks)
    scoped = [rule for rule in REGISTRY.values() if rule.scoped]
    assert {r.id for r in scoped} >= {"DM203", "DM204", "DM206", "DM301", "DM401", "DM402"}
    everything = _every_scope(org)
    for rule in scoped:
        options = {rule.id: {**settings.options_for(rule), "fixes": 0}
                   if "fixes" in rule.options else settings.options_for(rule)}
        whole = RuleContext(org=org, matrix=matrix, options=options)
        within = RuleContext(org=org, matrix=matrix, options=options, scope=everything)
        said = sorted(finding_key(f) for f in rule.check(whole) if f.rule == rule.id)
        assert sorted(finding_key(f) for f in rule.check(within) if f.rule == rule.id) == said
        parts = [Scope(holders=frozenset([h]), activities={}, departments=frozenset())
                 for h in org.roles]
        parts += [Scope(holders=frozenset(), activities={a: frozenset(org.raci)},
                        departments=frozenset()) for a in org.activities]
        parts += [Scope(holders=frozenset(), activities={}, departments=frozenset([d]))
                  for d in org.departments_by_id]
        if rule.id in ("DM401", "DM402"):  # a subject, under every rule that could see it
            every_letter = {a: org.raci for a in org.activities}
            parts = [Scope(holders=frozenset(), activities=everything.activities,
                           departments=frozenset(), subjects=(s,), moved=every_letter)
                     for s in everything.subjects]
        by_part = [finding_key(f) for part in parts
                   for f in rule.check(RuleContext(org=org, matrix=matrix, options=options,
                                                   scope=part)) if f.rule == rule.id]
        assert sorted(by_part) == said, rule.id


def _proposals(findings: list) -> dict[tuple[str, str], list[tuple[str, str]]]:
    return {(f.subject, f.message): [(fix["move"], fix["to"]) for fix in f.fixes]
            for f in findings if f.rule in ("DM401", "DM402") and f.fixes is not None}


# Two posts that investigate and approve; both activities need two holders (dual control):
# a move that leaves one of them with a single holder must not be suggested.
DUAL_CONTROL_ORG = """\
org: {id: demo, name: 示例银行}
processes:
- id: loan
  name: 贷款业务
  activities:
  - {id: investigate, name: 贷前调查, dual_control: true}
  - {id: approve, name: 贷款审批, dual_control: true}
departments:
- id: hq
  name: 总行
  roles:
  - id: hq.head
    title: 行长
    backup: d0.p0
    duties: [{text: 负责全面工作, raci: {loan.investigate: R}}]
- id: d0
  name: 信贷部
  parent: hq
  roles:
  - id: d0.p0
    title: 信贷员
    reports_to: hq.head
    backup: hq.head
    duties:
    - {text: 负责贷前调查, raci: {loan.investigate: R}}
    - {text: 负责贷款审批, raci: {loan.approve: R}}
rules:
  sod:
  - {id: SOD-0, name: 审贷分离, activities: [loan.investigate, loan.approve], severity: warning}
"""


def _load(folder: Path, text: str) -> Org:
    (folder / "org.yaml").write_text(text, encoding="utf-8")
    loaded = load_org(str(folder))
    assert loaded.org is not None, loaded.errors
    return loaded.org


def test_the_engine_drops_a_proposed_move_the_moved_model_refuses(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With the matrix search told to accept every candidate, only the engine's
    verification stands between a bad move and the report: every move left holds when
    ``whatif`` applies it, and some proposals were thrown out."""
    import dutymatrix.engine as engine

    org = _load(tmp_path, DUAL_CONTROL_ORG)
    monkeypatch.setattr(FixFinder, "_verify", lambda self, move, rule, subject: 0)
    verified = check_org(org, today=TODAY).findings
    monkeypatch.setattr(engine, "verify_fixes", lambda findings, *args: list(findings))
    proposed = _proposals(check_org(org, today=TODAY).findings)
    kept = _proposals(verified)
    assert kept.keys() == proposed.keys()
    assert all(set(kept[k]) <= set(proposed[k]) for k in kept)
    assert sum(map(len, kept.values())) < sum(map(len, proposed.values()))
    for conflict in (f for f in verified if f.fixes):
        for fix in conflict.fixes:
            statement = parse_statement(f"move {fix['move']} to {fix['to']}", 1)
            review = assume(org, [statement], today=TODAY)
            assert any(f.rule == conflict.rule and f.subject == conflict.subject
                       and f.related[:1] == conflict.related[:1]
                       for f in review.resolved_findings), (conflict.message, fix)
            # and no error appears or grows on the whole moved model (DM201/DM202 aside:
            # a move keeps every letter in the org, only their lists of holders change)
            after = check_org(apply_statements(org, [statement]), today=TODAY).findings
            assert not new_errors([extent(f) for f in verified],
                                  [f for f in after if f.rule not in ("DM201", "DM202")]), fix


def test_without_the_proof_on_the_moved_model_no_fix_is_reported(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixes in a report are the verified ones: a verifier that refuses every move
    leaves none, though the matrix search proposed some."""
    import dutymatrix.fixcheck as fixcheck

    org = _sample("examples/small-loan")
    assert any(f.fixes for f in check_org(org, today=TODAY).findings)
    monkeypatch.setattr(fixcheck.FixVerifier, "verdict", lambda self, conflict, fix: None)
    assert not any(f.fixes for f in check_org(org, today=TODAY).findings)
