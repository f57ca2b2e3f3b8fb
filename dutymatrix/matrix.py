"""Who carries what: the RACI matrix and the SoD holder sets, derived once from an Org.

Holders in the RACI matrix are posts (roles) and committees. Department duties say what a
department answers for; they are kept apart (``department_entries``) and are never
holders. For segregation of duties the subjects are wider: a person (posts held + acting
posts), a backup while covering (its own post + the post it covers) and a committee
member (its post + the committee's activities). Every check and renderer reads this;
nothing recomputes it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dutymatrix.model import Duty, Org

if TYPE_CHECKING:
    from dutymatrix.orggraph import OrgGraph

HOLDER_ROLE = "role"
HOLDER_COMMITTEE = "committee"


@dataclass(frozen=True)
class Entry:
    """One RACI cell contribution: ``duty`` gives ``holder`` ``letters`` on ``activity``."""

    activity: str
    holder: str
    letters: str
    duty: Duty


@dataclass(frozen=True)
class Source:
    """How an SoD subject comes to carry a holder's activities."""

    holder: str  # the role or committee whose duties are carried
    via: str  # "own" | "holds" | "acting" | "covers" | "member-of"


@dataclass(frozen=True)
class SodSubject:
    """A post, person, covering backup or committee member, as SoD rules see it."""

    kind: str  # "role" | "committee" | "person" | "backup" | "member"
    id: str  # the subject's id: role / committee / person id; backup and member: role id
    sources: tuple[Source, ...]
    context: str = ""  # backup: the covered role; member: the committee

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.id, self.context)


@dataclass
class Matrix:
    """Who carries what, derived once from the org for every check and renderer.

    ``entries`` are the RACI letters posts and committees give themselves in their duties
    (department duties are in ``department_entries``: a department is not a holder). The
    indexes answer the two questions the checks ask: which holders have letters on an
    activity (``by_activity``) and what a holder carries (``by_holder``), with the duties
    behind each pair (``duties_for``) for locating a finding.
    """

    org: Org
    entries: list[Entry] = field(default_factory=list)
    department_entries: list[Entry] = field(default_factory=list)
    # activity → holder → letters (merged over duties, in RACI order)
    by_activity: dict[str, dict[str, str]] = field(default_factory=dict)
    # holder → activity → letters
    by_holder: dict[str, dict[str, str]] = field(default_factory=dict)
    # (activity, holder) → the duties that give the letters
    duties_for: dict[tuple[str, str], list[Duty]] = field(default_factory=dict)
    holder_kind: dict[str, str] = field(default_factory=dict)

    @functools.cached_property
    def graph(self) -> OrgGraph:
        """The department tree, reporting lines, backups and memberships (networkx)."""
        from dutymatrix.orggraph import OrgGraph

        return OrgGraph(self.org)

    def letters(self, activity: str, holder: str) -> str:
        return self.by_activity.get(activity, {}).get(holder, "")

    def holders_with(self, activity: str, letter: str) -> list[str]:
        """Holders that have ``letter`` on ``activity``, in model order."""
        return [h for h, ls in self.by_activity.get(activity, {}).items() if letter in ls]

    def has_letter(self, activity: str, letter: str) -> bool:
        """Whether any holder has ``letter`` on ``activity`` (stops at the first)."""
        return any(letter in ls for ls in self.by_activity.get(activity, {}).values())

    def holder_count(self, activity: str, letters: str, enough: int) -> int:
        """How many holders have any of ``letters`` on ``activity``, counted up to
        ``enough`` (a check that needs two stops at the second)."""
        found = 0
        for held in self.by_activity.get(activity, {}).values():
            if any(ch in letters for ch in held):
                found += 1
                if found >= enough:
                    break
        return found

    def carried(self, holder: str, letters: str = "RA") -> dict[str, str]:
        """Activities ``holder`` carries with any of ``letters`` → the letters it has."""
        return {
            act: "".join(ch for ch in ls if ch in letters)
            for act, ls in self.by_holder.get(holder, {}).items()
            if any(ch in letters for ch in ls)
        }

    def carrying_duties(self, holder: str, activity: str, letters: str = "RA") -> list[Duty]:
        return [
            d
            for d in self.duties_for.get((activity, holder), [])
            if any(ch in letters for ch in d.raci.get(activity, ""))
        ]

    def sod_subjects(self) -> list[SodSubject]:
        """Every subject an SoD rule must be checked against, in a stable order."""
        org = self.org
        subjects: list[SodSubject] = []
        for role_id in org.roles:
            subjects.append(SodSubject("role", role_id, (Source(role_id, "own"),)))
        for committee in org.committees:
            subjects.append(
                SodSubject("committee", committee.id, (Source(committee.id, "own"),))
            )
        for person in org.people:
            sources = [Source(r, "holds") for r in person.holds]
            sources += [Source(r, "acting") for r in person.acting if r not in person.holds]
            subjects.append(SodSubject("person", person.id, tuple(sources)))
        for role in org.roles.values():
            if role.backup and role.backup in org.roles and role.backup != role.id:
                subjects.append(
                    SodSubject(
                        "backup",
                        role.backup,
                        (Source(role.backup, "own"), Source(role.id, "covers")),
                        context=role.id,
                    )
                )
        for committee in org.committees:
            for member in committee.members:
                if member in org.roles:
                    subjects.append(
                        SodSubject(
                            "member",
                            member,
                            (Source(member, "own"), Source(committee.id, "member-of")),
                            context=committee.id,
                        )
                    )
        return subjects

    def subject_carries(
        self, subject: SodSubject, activities: Iterable[str], letters: str
    ) -> dict[str, list[tuple[Source, Duty]]]:
        """For each of ``activities`` the subject carries: the (source, duty) pairs."""
        wanted = list(dict.fromkeys(activities))  # a rule's few activities, not the row
        found: dict[str, list[tuple[Source, Duty]]] = {}
        for source in subject.sources:
            row = self.by_holder.get(source.holder, {})
            for act in wanted:
                if any(ch in letters for ch in row.get(act, "")):
                    for duty in self.carrying_duties(source.holder, act, letters):
                        found.setdefault(act, []).append((source, duty))
        return found


@functools.lru_cache(maxsize=1024)  # few distinct (existing, new) pairs; called per RACI entry
def _merge_letters(existing: str, new: str, order: str) -> str:
    merged = set(existing) | set(new)
    return "".join(ch for ch in order if ch in merged) + "".join(
        sorted(ch for ch in merged if ch not in order)
    )


def merged_rows(owners: Iterable[tuple[str, Iterable[Duty]]], order: str
                ) -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], list[Duty]]]:
    """For some holders only: holder → activity → merged letters, and the duties behind
    each pair, as ``build_matrix`` derives them (a moved duty's two owners)."""
    by_holder: dict[str, dict[str, str]] = {}
    duties_for: dict[tuple[str, str], list[Duty]] = defaultdict(list)
    for holder, duties in owners:
        row = by_holder.setdefault(holder, {})
        for duty in duties:
            for activity, letters in duty.raci.items():
                row[activity] = _merge_letters(row.get(activity, ""), letters, order)
                duties_for[(activity, holder)].append(duty)
    return by_holder, dict(duties_for)


def build_matrix(org: Org) -> Matrix:
    """Derive the matrix from ``org`` (one pass over every duty)."""
    matrix = Matrix(org=org)
    order = org.raci
    by_activity: dict[str, dict[str, str]] = defaultdict(dict)
    by_holder: dict[str, dict[str, str]] = defaultdict(dict)
    duties_for: dict[tuple[str, str], list[Duty]] = defaultdict(list)

    entries = matrix.entries

    def add(holder: str, kind: str, duties: Iterable[Duty]) -> None:
        matrix.holder_kind[holder] = kind
        for duty in duties:
            for activity, letters in duty.raci.items():
                entries.append(Entry(activity, holder, letters, duty))
                row = by_activity[activity]
                row[holder] = by_holder[holder][activity] = _merge_letters(
                    row.get(holder, ""), letters, order
                )
                duties_for[(activity, holder)].append(duty)

    for dept in org.departments:
        for duty in dept.duties:
            for activity, letters in duty.raci.items():
                matrix.department_entries.append(Entry(activity, dept.id, letters, duty))
        for role in dept.roles:
            add(role.id, HOLDER_ROLE, role.duties)
    for committee in org.committees:
        add(committee.id, HOLDER_COMMITTEE, committee.duties)

    matrix.by_activity = dict(by_activity)
    matrix.by_holder = dict(by_holder)
    matrix.duties_for = dict(duties_for)
    return matrix
