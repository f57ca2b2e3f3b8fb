"""Proposed fixes for DM401/DM402: single duty moves that clear one SoD conflict.

For a conflict, every duty of the subject's posts that carries one of the rule's
activities is tried against the other posts of its department first, then its reporting
line (the posts above it, then its direct reports). This search ranks the candidates on
the matrix, for the holders a move touches: the conflict gone, no SoD finding (DM401/
DM402, on any post, person, backup or committee member), no DM301 and no
DM203/DM204/DM206/DM503 error appearing or changing (the move never takes a post's last
duty or a catch-all duty), with the semantics of ``dm4_sod._check_sod`` and
``dm3_overlap._check_multiple_accountable``, so a whole org's conflicts are searched in
a fraction of a check. Best first: fewest new SoD warnings, then same department, at
most ``fixes``. What it proposes is then proven by the engine (``dutymatrix/fixcheck.py``:
the checks run on each move's model), which drops a proposal that does not hold."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from dutymatrix.checks._common import CARRY_LETTERS, name_of, named
from dutymatrix.checks.dm3_overlap import is_catch_all
from dutymatrix.i18n import N_
from dutymatrix.matrix import Matrix, SodSubject
from dutymatrix.messages import Msg
from dutymatrix.model import Duty, Org, SodRule

MAX_FIXES = 3
MAX_TARGETS = 24  # posts tried per duty: the department, then the reporting line
_RECUSED = "recused"  # reported as DM402 (a warning): a member of a recusal committee


def move_in_words(org: Org | None, fix: Mapping[str, str]) -> Msg:
    """A suggested move as a reader says it, names first and ids after: ``move duty 6 of
    Head of Credit (credit.manager#6) to Loan Officer (credit.officer)`` / ``将信贷部经理第
    6 条职责（credit.manager#6）调至信贷员（credit.officer）``."""
    ref, target = fix["move"], fix["to"]
    owner, _, number = ref.rpartition("#")
    owner_name = name_of(org, owner) if org is not None and owner else None
    duty: Msg | str = (Msg(N_("duty {n} of {owner} ({ref})"), n=number, owner=owner_name,
                           ref=ref) if owner_name is not None else ref)
    post = named(org, target) if org is not None else target
    return Msg(N_("move {duty} to {post}"), duty=duty, post=post)


@dataclass(frozen=True)
class _Move:
    duty: Duty
    owner: str
    target: str
    gains: Mapping[str, frozenset[str]]  # SoD rule id → the rule's activities the duty carries

    def activities(self, rule: SodRule) -> frozenset[str]:
        return self.gains[rule.id]


def _gains(org: Org, duty: Duty) -> dict[str, frozenset[str]]:
    return {rule.id: frozenset(a for a in rule.activities
                               if any(ch in rule.letters for ch in duty.raci.get(a, "")))
            for rule in org.sod_rules}


class FixFinder:
    """Searches the moves for the conflicts of one check run (indexes built once)."""

    def __init__(self, org: Org, matrix: Matrix, subjects: Sequence[SodSubject]) -> None:
        self.org, self.matrix = org, matrix
        self.by_holder: dict[str, list[SodSubject]] = defaultdict(list)
        for subject in subjects:
            for source in subject.sources:
                self.by_holder[source.holder].append(subject)
        self.direct_reports: dict[str, list[str]] = defaultdict(list)
        for role in org.roles.values():
            if role.reports_to:
                self.direct_reports[role.reports_to].append(role.id)
        self._base: dict[tuple[str, str], frozenset[str]] = {}  # (holder, rule) → carried
        self._accountable: dict[str, frozenset[str]] = {}  # activity → its A holders
        self._carrying: dict[tuple[str, str, str], list[Duty]] = {}
        self._doers: dict[str, frozenset[str]] = {}  # activity → holders with R or A

    def _carried_now(self, holder: str, rule: SodRule) -> frozenset[str]:
        key = (holder, rule.id)
        acts = self._base.get(key)
        if acts is None:
            letters = self.matrix.by_holder.get(holder, {})
            acts = frozenset(a for a in rule.activities
                             if any(ch in rule.letters for ch in letters.get(a, "")))
            self._base[key] = acts
        return acts

    # --- what a holder carries, before and after a move ----------------------------------

    def _carried(self, holder: str, rule: SodRule, move: _Move | None) -> set[str]:
        acts = set(self._carried_now(holder, rule))
        if move is None or holder not in (move.owner, move.target):
            return acts
        if holder == move.owner:
            return {a for a in acts if any(d is not move.duty for d in
                                           self._duties(holder, a, rule.letters))}
        if holder == move.target:
            return acts | move.activities(rule)
        return acts

    def _vias(self, holder: str, rule: SodRule, move: _Move | None) -> list[tuple[str, str]]:
        """(activity, owner) per carrying duty: what a finding's message names."""
        vias = []
        for act in rule.activities:
            owners = [d.owner for d in self._duties(holder, act, rule.letters)
                      if move is None or d is not move.duty]
            if move is not None and holder == move.target and act in move.activities(rule):
                owners.append(holder)
            vias += [(act, o) for o in owners]
        return vias

    def _reported(self, subject: SodSubject, rule: SodRule, move: _Move | None
                  ) -> tuple[object, ...] | None:
        """What DM401/DM402 says of ``subject`` under ``rule`` (None: nothing)."""
        per_source = [self._carried(s.holder, rule, move) for s in subject.sources]
        acts = set().union(*per_source)
        if len(acts) <= rule.at_most:
            return None
        if subject.kind in ("person", "backup", "member") and any(
                len(c) > rule.at_most for c in per_source):
            return None
        vias = sorted(v for s in subject.sources for v in self._vias(s.holder, rule, move))
        committee = self.org.committees_by_id.get(subject.context)
        recused = subject.kind == "member" and committee is not None and committee.recusal
        return (_RECUSED if recused else rule.severity, tuple(sorted(acts)), tuple(vias))

    # --- the search ------------------------------------------------------------------------

    def fixes(self, rule: SodRule, subject: SodSubject, most: int = MAX_FIXES
              ) -> list[dict[str, str]]:
        """The best ``most`` moves that clear ``subject``'s conflict under ``rule``."""
        found: list[tuple[int, int, int, dict[str, str]]] = []
        clean = 0
        for order, (move, same_department) in enumerate(self._candidates(rule, subject)):
            verdict = self._verify(move, rule, subject)
            if verdict is None:
                continue
            found.append((verdict, 0 if same_department else 1, order,
                          {"move": move.duty.ref, "to": move.target}))
            clean += verdict == 0
            if clean == most:  # candidates come best-placed first: none can beat these
                break
        found.sort(key=lambda item: item[:3])
        return [fix for *_, fix in found[:most]]

    def assess(self, rule: SodRule, subject: SodSubject
               ) -> Iterator[tuple[dict[str, str], int | None]]:
        """Every candidate move with its verdict: the new SoD warnings it brings, or None
        when it is refused. What ``fixes`` chooses from; the tests hold each verdict
        against a full engine run on the moved model."""
        for move, _same_department in self._candidates(rule, subject):
            yield ({"move": move.duty.ref, "to": move.target},
                   self._verify(move, rule, subject))

    def _candidates(self, rule: SodRule, subject: SodSubject
                    ) -> Iterator[tuple[_Move, bool]]:
        """Moves in the order they are preferred: every duty to its own department's
        posts first, then along the reporting line."""
        sources = {s.holder for s in subject.sources}
        duties: list[tuple[str, Duty]] = []
        seen: set[int] = set()
        for source in subject.sources:
            owner = source.holder
            if owner not in self.org.roles or len(self.org.roles[owner].duties) < 2:
                continue  # a committee's duties stay with it; a post keeps one duty (DM204)
            for act in rule.activities:
                for duty in self.matrix.carrying_duties(owner, act, rule.letters):
                    if id(duty) not in seen and not is_catch_all(duty):
                        seen.add(id(duty))
                        duties.append((owner, duty))
        # Where a duty goes does not change what its subject keeps: a duty whose move
        # leaves the conflict standing is not tried at all.
        gains = {id(duty): _gains(self.org, duty) for _, duty in duties}
        duties = [(owner, duty) for owner, duty in duties
                  if self._reported(subject, rule, _Move(duty, owner, "", gains[id(duty)]))
                  is None]
        targets = {owner: self._targets(owner) for owner, _ in duties}
        for same in (True, False):
            for owner, duty in duties:
                for target, in_department in targets[owner]:
                    if in_department == same and target not in sources:
                        move = _Move(duty, owner, target, gains[id(duty)])
                        if not self._target_breaks_a_rule(move):
                            yield move, same

    def _target_breaks_a_rule(self, move: _Move) -> bool:
        """The receiving post itself over an error rule's limit: a new (or changed) DM401."""
        for sod in self.org.sod_rules:
            gained = move.activities(sod)
            if not gained or sod.severity != "error":
                continue
            if len(self._carried_now(move.target, sod) | gained) > sod.at_most:
                return True
        return False

    def _targets(self, owner: str) -> list[tuple[str, bool]]:
        """(post, same department) for the posts a duty of ``owner`` may move to."""
        role = self.org.roles[owner]
        department = self.org.departments_by_id.get(role.department)
        targets = [r.id for r in department.roles if r.id != owner] if department else []
        # Up the whole line: a boss in the same department is already a target, the posts
        # above it still count (the loader reports a reporting cycle; ``seen`` stops one).
        boss, seen = role.reports_to, {owner}
        while boss and boss in self.org.roles and boss not in seen:
            seen.add(boss)
            if boss not in targets:
                targets.append(boss)
            boss = self.org.roles[boss].reports_to
        targets += [r for r in self.direct_reports.get(owner, ()) if r not in targets]
        return [(t, self.org.roles[t].department == role.department)
                for t in targets[:MAX_TARGETS]]

    def _verify(self, move: _Move, rule: SodRule, subject: SodSubject) -> int | None:
        """New SoD warnings the move brings, or None when it fails (the subject's own
        conflict is known to clear: ``_candidates``)."""
        if not (self._accountable_unchanged(move) and self._dual_control_kept(move)
                and self._department_still_carries(move) and self._band_owner_keeps(move)):
            return None
        warnings = 0
        affected = {s.key: s for h in (move.owner, move.target) for s in self.by_holder[h]}
        for other in affected.values():
            for sod in self.org.sod_rules:
                if not move.activities(sod):
                    continue  # nothing of this rule moves: what it says stays the same
                after = self._reported(other, sod, move)
                if after is None or after == self._reported(other, sod, None):
                    continue
                if after[0] not in (_RECUSED, "warning", "info"):
                    return None  # a new (or changed) SoD error
                warnings += 1
        return warnings

    def _accountable_unchanged(self, move: _Move) -> bool:
        """No DM301 appears or changes: the A holders of the moved activities."""
        for act, letters in move.duty.raci.items():
            if "A" not in letters:
                continue
            before = self._accountable.get(act)
            if before is None:
                before = self._accountable[act] = frozenset(self.matrix.holders_with(act, "A"))
            leaves = move.owner in before and not any(
                d is not move.duty for d in self._duties(move.owner, act, "A"))
            arrives = move.target not in before
            if not (leaves or arrives):
                continue  # the same A holders: DM301 says what it said
            after = len(before) - leaves + arrives
            if after < 2:
                continue
            authority = self.org.authority_by_activity.get(act)
            if authority is None:
                return False
            owners = {b.by for b in authority.bands}
            outside = len(before - owners) - (leaves and move.owner not in owners) + (
                arrives and move.target not in owners)
            if outside:
                return False
        return True

    def _band_owner_keeps(self, move: _Move) -> bool:
        """An approval band's owner keeps a duty carrying its activity (DM503)."""
        for act, letters in move.duty.raci.items():
            authority = self.org.authority_by_activity.get(act)
            if (authority is None or not set(letters) & set("RA")
                    or move.owner not in {band.by for band in authority.bands}):
                continue
            if not any(d is not move.duty for d in self._duties(move.owner, act, "RA")):
                return False
        return True

    def _duties(self, holder: str, act: str, letters: str) -> list[Duty]:
        key = (holder, act, letters)
        duties = self._carrying.get(key)
        if duties is None:
            duties = self._carrying[key] = self.matrix.carrying_duties(holder, act, letters)
        return duties

    def _department_still_carries(self, move: _Move) -> bool:
        """A duty leaving its department leaves no department duty uncarried (DM203)."""
        department = self.org.departments_by_id.get(self.org.roles[move.owner].department)
        if department is None or self.org.roles[move.target].department == department.id:
            return True
        needed = {a for d in department.duties for a, ls in d.raci.items()
                  if any(ch in CARRY_LETTERS for ch in ls)}
        for act, letters in move.duty.raci.items():
            if act not in needed or not any(ch in CARRY_LETTERS for ch in letters):
                continue
            if not any(d is not move.duty and any(ch in CARRY_LETTERS for ch in d.raci[act])
                       for role in department.roles
                       for d in self.matrix.duties_for.get((act, role.id), [])):
                return False
        return True

    def _dual_control_kept(self, move: _Move) -> bool:
        """A dual_control activity keeps two holders (DM206)."""
        for act, letters in move.duty.raci.items():
            activity = self.org.activities.get(act)
            if activity is None or not activity.dual_control or not set(letters) & set("RA"):
                continue
            holders = self._doers.get(act)
            if holders is None:
                holders = self._doers[act] = frozenset(
                    h for h, ls in self.matrix.by_activity.get(act, {}).items()
                    if set(ls) & set("RA"))
            keeps = any(d is not move.duty and set(d.raci.get(act, "")) & set("RA")
                        for d in self.matrix.duties_for.get((act, move.owner), []))
            after = len(holders) - (move.owner in holders and not keeps) + (
                move.target not in holders)
            if after < min(2, len(holders)):
                return False
        return True

