"""One duty moved to another owner: the model and the matrix after the move.

``whatif "move OWNER#N to POST"`` and the engine's verification of suggested fixes both
build the moved model here, so they judge the same model. A move touches two owners:
the moved model shares everything else with the original (its indexes are carried
over, two entries replaced), and the moved matrix differs from the original only in the
rows of those two holders, so building one costs little whatever the org's size.
"""

from __future__ import annotations

import dataclasses
from collections import ChainMap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

from dutymatrix.checks.dm3_overlap import is_catch_all
from dutymatrix.matrix import Matrix, merged_rows
from dutymatrix.model import Committee, Department, Duty, Org, Role

Owner = Department | Role | Committee
T = TypeVar("T")

# Org indexes that list owners: replaced entry by entry. The others do not change when a
# duty changes owner and are shared as they are.
_OWNER_INDEXES = ("roles", "departments_by_id", "committees_by_id")
_SHARED_INDEXES = ("profiles_by_id", "people_by_id", "processes_by_id", "activities",
                   "sod_rules_by_id", "authority_by_activity")


def replace_owner(org: Org, owner: Owner) -> Org:
    """``org`` with ``owner`` (a department, post or committee) replaced by its new
    version (``replace_owners``)."""
    return replace_owners(org, [owner])


def replace_owners(org: Org, owners: Sequence[Owner]) -> Org:
    """``org`` with each of ``owners`` (departments, posts or committees) replaced by
    its new version. Indexes already built on ``org`` are carried over with those
    entries replaced (a ``ChainMap`` over the old index: copying it would cost a move
    as much as the org is large)."""
    committees = {o.id: o for o in owners if isinstance(o, Committee)}
    posts = {o.id: o for o in owners if isinstance(o, Role)}
    departments = {o.id: o for o in owners if isinstance(o, Department)}
    changes: dict[str, object] = {}
    if committees:
        changes["committees"] = tuple(committees.get(c.id, c) for c in org.committees)
    touched = {*departments, *(post.department for post in posts.values())}
    if touched:
        listed = list(org.departments)
        positions = _department_positions(org)
        for dept_id in touched:
            i = positions.get(dept_id)
            if i is None:
                continue
            dept = departments.get(dept_id, listed[i])
            if any(r.id in posts for r in dept.roles):
                dept = _replaced(dept, roles=tuple(posts.get(r.id, r) for r in dept.roles))
            listed[i] = departments[dept_id] = dept
        changes["departments"] = tuple(listed)
    changed = _replaced(org, **changes)
    built = org.__dict__
    if touched:
        changed.__dict__[_POSITIONS] = _department_positions(org)  # the same places
    for name in _SHARED_INDEXES:
        if name in built:
            changed.__dict__[name] = built[name]
    replaced = {"roles": posts, "departments_by_id": departments,
                "committees_by_id": committees}
    for name in _OWNER_INDEXES:
        if name in built:
            changed.__dict__[name] = (ChainMap(replaced[name], built[name])
                                      if replaced[name] else built[name])
    return changed


_POSITIONS = "_department_positions"  # kept in the Org's __dict__, beside its indexes


def _department_positions(org: Org) -> dict[str, int]:
    """Department id → its place in ``org.departments`` (built once, carried over)."""
    positions = org.__dict__.get(_POSITIONS)
    if positions is None:
        positions = org.__dict__[_POSITIONS] = {
            d.id: i for i, d in enumerate(org.departments)}
    return positions


def with_duties(owner: Owner, duties: Iterable[Duty]) -> Owner:
    """``owner`` with ``duties``, numbered by position again (as the YAML would be)."""
    # A profile duty moved to another owner is that owner's own duty there. A duty that
    # keeps its owner and number is kept as it is.
    numbered = tuple(d if d.owner == owner.id and d.n == i else
                     _renumbered(d, owner.id, i) for i, d in enumerate(duties, start=1))
    return _replaced(owner, duties=numbered)


def _renumbered(duty: Duty, owner_id: str, n: int) -> Duty:
    """``duty`` as duty ``n`` of ``owner_id``."""
    return _replaced(duty, owner=owner_id, n=n,
                     profile=duty.profile if duty.owner == owner_id else None)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _replaced(item: T, **changes: object) -> T:
    """``dataclasses.replace`` without its per-field cost (a move copies a few model
    objects; thousands of moves are verified per check). The model's dataclasses have
    no ``__post_init__``; only the fields are copied, so indexes cached on ``item`` are
    not carried into the copy by accident."""
    kind = type(item)
    names = _FIELDS.get(kind)
    if names is None:
        assert not hasattr(kind, "__post_init__"), kind
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(item))  # type: ignore[arg-type]
    copied = object.__new__(kind)
    values = item.__dict__
    copied.__dict__.update({name: values[name] for name in names})
    copied.__dict__.update(changes)
    return copied


def appended(duties: Sequence[Duty], duty: Duty) -> tuple[Duty, ...]:
    """``duties`` with ``duty`` added where an editor would put it: last, or just before a
    closing catch-all (负责领导交办的其他工作), which must stay last."""
    if duties and is_catch_all(duties[-1]):
        return (*duties[:-1], duty, duties[-1])
    return (*duties, duty)


def owner_of(org: Org, owner_id: str) -> Owner | None:
    for index in (org.roles, org.departments_by_id, org.committees_by_id):
        if owner_id in index:
            return index[owner_id]
    return None


def move_duty(org: Org, source: Owner, n: int, target_id: str,
              source_after: Owner | None = None) -> Org:
    """``org`` with duty ``n`` of ``source`` moved to the end of ``target_id``'s duties
    (before a closing catch-all); both owners' duties numbered again. ``source_after``:
    ``without_duty(source, n)`` when the caller has it already (one duty tried against
    several posts)."""
    target = owner_of(org, target_id)
    assert target is not None and target.id != source.id, target_id  # callers check
    return replace_owners(org, [
        source_after or without_duty(source, n),
        with_duties(target, appended(target.duties, source.duties[n - 1]))])


def without_duty(source: Owner, n: int) -> Owner:
    """``source`` without its duty ``n``, the later ones numbered again."""
    moved = source.duties[n - 1]
    return with_duties(source, (d for d in source.duties if d is not moved))


class _Row(Mapping[str, str]):
    """One activity's row (holder → letters) after a move, made when first read: most
    rows a move changes are never read by the checks that verify it."""

    def __init__(self, base: Mapping[str, str], now: Mapping[str, str],
                 owners: Iterable[str], position: Mapping[str, int]) -> None:
        self._parts: tuple[object, ...] | None = (base, now, set(owners), position)
        self._row: dict[str, str] = {}

    def _made(self) -> dict[str, str]:
        if self._parts is not None:
            base, now, owners, position = self._parts  # type: ignore[misc]
            # In model order, as build_matrix has it: messages list holders in row order.
            row = {h: now.get(h, ls) for h, ls in base.items() if h not in owners or h in now}
            if any(h not in row for h in now):
                row.update((h, ls) for h, ls in now.items() if h not in row)
                row = {h: row[h] for h in sorted(row, key=position.__getitem__)}
            self._row, self._parts = row, None
        return self._row

    def __getitem__(self, holder: str) -> str:
        return self._made()[holder]

    def __iter__(self) -> Iterator[str]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())

    # The dict's own views and lookups: Mapping's would go through __getitem__ per key.
    def items(self):  # type: ignore[override]
        return self._made().items()

    def keys(self):  # type: ignore[override]
        return self._made().keys()

    def values(self):  # type: ignore[override]
        """The letters, in no promised order: read without making the row (a check
        asking whether anyone has a letter stops at the first)."""
        if self._parts is None:
            return self._row.values()
        base, now, owners, _position = self._parts  # type: ignore[misc]
        return _letters_of(base, now, owners)

    def get(self, holder: str, default: str | None = None  # type: ignore[override]
            ) -> str | None:
        if self._parts is None:
            return self._row.get(holder, default)
        base, now, owners, _position = self._parts  # type: ignore[misc]
        if holder in owners:
            return now.get(holder, default)
        return base.get(holder, default)

    def __contains__(self, holder: object) -> bool:
        return holder in self._made()


def _letters_of(base: Mapping[str, str], now: Mapping[str, str], owners: set[str]
                ) -> Iterator[str]:
    yield from now.values()
    yield from (ls for h, ls in base.items() if h not in owners)


def holder_positions(org: Org) -> dict[str, int]:
    """Every post and committee → its place in model order (the order of matrix rows)."""
    holders = [*org.roles, *org.committees_by_id]
    return {h: i for i, h in enumerate(holders)}


RowCache = dict[int, tuple[Owner, dict[str, dict[str, str]],
                           dict[tuple[str, str], list[Duty]]]]


def moved_matrix(matrix: Matrix, moved_org: Org, holders: Iterable[str],
                 position: dict[str, int], moved: Iterable[str],
                 rows: RowCache | None = None) -> tuple[Matrix, dict[str, frozenset[str]]]:
    """The matrix of ``moved_org``, which differs from ``matrix``'s org only in the
    duties of ``holders`` (posts or committees), and for each activity whose row of
    letters (holder → letters) changed, the letters whose holders changed. The holders'
    rows are derived again, every other row is ``matrix``'s (``position``:
    ``holder_positions`` of the org; ``moved``: the moved duty's activities, the only
    ones whose letters can change). Only the indexes are kept current (``entries`` is
    not): they are what the checks read. ``rows`` keeps the derived rows of an owner
    object for the next move that reuses it."""
    owners = {h: owner_of(moved_org, h) for h in holders}
    by_holder: dict[str, dict[str, str]] = {}
    duties_for: dict[tuple[str, str], list[Duty]] = {}
    for h, o in owners.items():
        if o is None:
            continue
        known = rows.get(id(o)) if rows is not None else None
        if known is None or known[0] is not o:
            known = (o, *merged_rows([(h, o.duties)], moved_org.raci))
            if rows is not None:
                rows[id(o)] = known
        by_holder.update(known[1])
        duties_for.update(known[2])
    by_activity: dict[str, Mapping[str, str]] = {}
    changed: dict[str, frozenset[str]] = {}
    for activity in set(moved):
        base = matrix.by_activity.get(activity, {})
        if all(base.get(h) == by_holder.get(h, {}).get(activity) for h in owners):
            continue  # the same letters: only duty numbers changed, the row stands
        now = {h: by_holder[h][activity] for h in owners if activity in by_holder.get(h, {})}
        changed[activity] = frozenset().union(
            *(set(base.get(h, "")) ^ set(now.get(h, "")) for h in owners))
        by_activity[activity] = _Row(base, now, owners, position)
    gone = {(a, h): [] for h in owners for a in matrix.by_holder.get(h, {})}
    after = _replaced(
        matrix, org=moved_org,
        by_activity=ChainMap(by_activity, matrix.by_activity),  # type: ignore[arg-type]
        by_holder=ChainMap({h: by_holder.get(h, {}) for h in owners},  # type: ignore[arg-type]
                           matrix.by_holder),
        duties_for=ChainMap({**gone, **duties_for}, matrix.duties_for))  # type: ignore[arg-type]
    return after, changed
