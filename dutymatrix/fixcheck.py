"""The engine's proof of each proposed fix: the checks run on the moved model.

DM401/DM402 propose at most ``fixes`` single duty moves per conflict (``checks/
dm4_fixes.py`` ranks the candidates on the matrix). Before a finding is reported, every
proposal is applied — the same ``moves.move_duty`` that ``whatif "move OWNER#N to
POST"`` applies — and the checks a duty move can change (the rules marked ``scoped``:
DM203, DM204, DM206, DM301, DM401, DM402, DM503; a move keeps every letter in the org,
so DM201/DM202 cannot appear) are run on the moved model over the part the move
touched: its two posts, the activities whose holders changed, the two departments and
every SoD subject (person, backup, committee member) that takes duties from those
posts. A proposal is kept only if, there, the conflict is gone, no SoD error appears or
changes, and no other error appears or grows (``new_errors``). The kept ones are
ranked by the SoD warnings they bring, then in the order proposed.

Rules that are not errors by default and that no move is checked against (DM208,
DM302, DM303, DM803) are not re-run, even when ``checks.severity`` raises them.
Running the scoped checks is what keeps this affordable on a 4,000-post org (thousands
of proposals, each a few scoped rule passes instead of a whole check);
``tests/test_fixes_verified.py`` holds the scoped verdict against the whole engine run
on the whole moved model for generated orgs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from dutymatrix.findings import Finding, Scope, Severity
from dutymatrix.matrix import Matrix, SodSubject
from dutymatrix.model import Org, Role
from dutymatrix.moves import (
    Owner,
    RowCache,
    holder_positions,
    move_duty,
    moved_matrix,
    owner_of,
    without_duty,
)

SOD_RULE_IDS = ("DM401", "DM402")
ScopedRun = Callable[[Org, Matrix, Scope], list[Finding]]


def _sod_signature(finding: Finding) -> tuple[object, ...]:
    """What an SoD finding says, duty numbers aside: the rule, severity, subject, related
    ids and which owner's duties carry which activity (its ``owner#n act`` places)."""
    carriers = sorted((str(label).split("#")[0], str(label).split(" ")[-1])
                      for label, _loc in finding.places if "#" in str(label))
    return (finding.rule, finding.severity, finding.subject, tuple(finding.related),
            tuple(carriers))


def extent(finding: Finding) -> tuple[str, str, int, int]:
    """A finding's rule and subject, its severity and how many ids it relates (the
    activities left uncarried, the Accountable holders, …)."""
    return (finding.rule, finding.subject, int(finding.severity), len(finding.related))


def new_errors(before: Sequence[tuple[str, str, int, int]], after: Sequence[Finding]
               ) -> list[Finding]:
    """The errors of ``after`` (not SoD findings) that a change brings: an error of a
    rule and subject that had none, or one that relates more ids than it did (a second
    activity left uncarried, a third Accountable). The same problem said of other
    holders — a dual-control activity's one holder now another post — is not new."""
    had: dict[tuple[str, str], int] = {}
    for rule, subject, severity, size in before:
        if severity >= Severity.ERROR:
            had[(rule, subject)] = max(size, had.get((rule, subject), -1))
    return [f for f in after if f.rule not in SOD_RULE_IDS and f.severity >= Severity.ERROR
            and len(f.related) > had.get((f.rule, f.subject), -1)]


def _conflict_identity(org: Org, finding: Finding) -> tuple[str, str, str]:
    """The SoD rule, the holder and the covered post or committee of a conflict."""
    context = next((r for r in finding.related[1:2]
                    if r in org.roles or r in org.committees_by_id), "")
    return (finding.related[0] if finding.related else "", finding.subject, context)


@dataclass(frozen=True)
class _Said:
    """One finding of the unmoved model, as the comparison needs it."""

    extent: tuple[str, str, int, int] | None  # ``extent``: not for SoD findings
    signature: tuple[object, ...] | None  # SoD findings only


class FixVerifier:
    """Verifies the proposed moves of one check run (subjects indexed once, what the
    checks say of each part of the unmoved model worked out once)."""

    def __init__(self, org: Org, matrix: Matrix, run: ScopedRun,
                 conflicts: Sequence[Finding]) -> None:
        """``conflicts``: every DM401/DM402 finding of the whole run, as reported
        (severities stamped): what the unmoved model says of each SoD subject."""
        self.org, self.matrix, self.run = org, matrix, run
        self.position = holder_positions(org)
        self.subjects_of: dict[str, list[SodSubject]] = defaultdict(list)
        for subject in matrix.sod_subjects():
            for source in subject.sources:
                self.subjects_of[source.holder].append(subject)
        self._said: dict[tuple[object, ...], list[_Said]] = {}
        self._without: dict[str, Owner] = {}  # "owner#n" → the owner without that duty
        self._rows: RowCache = {}  # the matrix rows of those owners
        for finding in conflicts:
            if finding.rule in SOD_RULE_IDS:
                _rule, subject, context = _conflict_identity(org, finding)
                self._said.setdefault(("subject", subject, context), []).append(
                    _Said(None, _sod_signature(finding)))

    def verdict(self, conflict: Finding, fix: Mapping[str, str]) -> int | None:
        """The SoD warnings the move brings or changes, or None when it fails: the
        conflict stays, an SoD error appears or changes, or another error appears or
        grows (``new_errors``)."""
        owner_id, _, number = fix["move"].rpartition("#")
        source, target = owner_of(self.org, owner_id), fix["to"]
        if (source is None or not number.isdigit() or not 1 <= int(number) <= len(source.duties)
                or owner_of(self.org, target) is None or target == owner_id):
            return None
        # A duty tried against several posts leaves its owner the same way each time.
        source_after = self._without.get(fix["move"])
        if source_after is None:
            source_after = self._without[fix["move"]] = without_duty(source, int(number))
        moved_org = move_duty(self.org, source, int(number), target, source_after)
        moved, changed_rows = moved_matrix(self.matrix, moved_org, (owner_id, target),
                                           self.position, source.duties[int(number) - 1].raci,
                                           self._rows)
        scope = self._scope(changed_rows, source.duties[int(number) - 1].raci, owner_id, target)
        after = self.run(moved_org, moved, scope)
        identity = _conflict_identity(self.org, conflict)
        if any(f.rule in SOD_RULE_IDS and _conflict_identity(self.org, f) == identity
               for f in after):
            return None  # the conflict stands
        before = self._before(scope)
        signatures = {said.signature for said in before if said.signature is not None}
        changed = [f for f in after
                   if f.rule in SOD_RULE_IDS and _sod_signature(f) not in signatures]
        if any(f.severity >= Severity.ERROR for f in changed) or new_errors(
                [said.extent for said in before if said.extent is not None], after):
            return None
        return len(changed)

    def _before(self, scope: Scope) -> list[_Said]:
        """What the checks say of ``scope`` on the unmoved model, part by part: a scoped
        check says of each post, department, activity and subject what it would say of
        it alone, so each part is checked once per run however many moves touch it. The
        SoD subjects' part is what the whole run found (``conflicts``)."""
        none: frozenset[str] = frozenset()
        parts: list[tuple[tuple[object, ...], Scope]] = [
            *((("post", h), Scope(frozenset([h]), {}, none)) for h in scope.holders),
            *((("department", d), Scope(none, {}, frozenset([d]))) for d in scope.departments),
            *((("activity", a, letters), Scope(none, {a: letters}, none))
              for a, letters in scope.activities.items()),
            *((("subject", s.id, s.context), Scope(none, {}, none, (s,)))
              for s in scope.subjects)]
        found: list[_Said] = []
        for part, part_scope in parts:
            said = self._said.get(part)
            if said is None and part[0] == "subject":
                said = []  # the whole run found no conflict of this subject
            if said is None:
                said = self._said[part] = [
                    _Said(None, _sod_signature(f)) if f.rule in SOD_RULE_IDS
                    else _Said(extent(f), None)
                    for f in self.run(self.org, self.matrix, part_scope)]
            found += said
        return found

    def _scope(self, activities: Mapping[str, frozenset[str]], moved: Mapping[str, str],
               *holders: str) -> Scope:
        subjects: dict[tuple[str, str, str], SodSubject] = {}
        for holder in holders:
            subjects.update((s.key, s) for s in self.subjects_of.get(holder, ()))
        departments = {owner.department for h in holders
                       if isinstance(owner := owner_of(self.org, h), Role)}
        return Scope(holders=frozenset(holders), activities=activities,
                     departments=frozenset(departments), subjects=tuple(subjects.values()),
                     moved=moved)

    def verified(self, finding: Finding) -> Finding:
        """``finding`` with only the proposals that hold, best first."""
        if not finding.fixes:
            return finding
        kept = []
        for order, fix in enumerate(finding.fixes):
            warnings = self.verdict(finding, fix)
            if warnings is not None:
                kept.append((warnings, order, fix))
        kept.sort(key=lambda item: item[:2])
        return finding.with_fields(fixes=tuple(fix for *_, fix in kept))


def verify_fixes(findings: Sequence[Finding], org: Org, matrix: Matrix, run: ScopedRun,
                 stamp: Callable[[Finding], Finding] = lambda finding: finding
                 ) -> list[Finding]:
    """``findings`` with every DM401/DM402 proposal checked on its moved model
    (``stamp``: the configured severities, as ``run`` applies them)."""
    if not any(f.fixes for f in findings if f.rule in SOD_RULE_IDS):
        return list(findings)
    verifier = FixVerifier(org, matrix, run,
                           [stamp(f) for f in findings if f.rule in SOD_RULE_IDS])
    return [verifier.verified(f) if f.rule in SOD_RULE_IDS else f for f in findings]
