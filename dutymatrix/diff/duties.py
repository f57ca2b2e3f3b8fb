"""Duty changes matched by content, and RACI changes per (activity, holder).

Duties are numbered by position, so comparing ``owner#n`` with ``owner#n`` would report
every later duty as changed when one is inserted at the top. Instead the old and new duty
lists of each owner are aligned on their normalised texts; what does not align is paired
by similarity (a reworded duty) or reported as added / removed. RACI changes come from
the two matrices, so a duty that only moved position changes nothing there.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator, Sequence

from dutymatrix.diff.change import Change, say
from dutymatrix.diff.values import named
from dutymatrix.matrix import Matrix
from dutymatrix.model import Duty, Org, Role

# Two duties of one owner whose texts are at least this similar are one duty reworded.
REWORD_THRESHOLD = 0.6

_SPACE = re.compile(r"\s+")
# After NFKC, which folds the full-width forms (;,:!?) into these.
_END_PUNCT = ";。.,、:!?"


def normalise(text: str) -> str:
    """Text as compared: NFKC, no whitespace, no trailing punctuation, lower case."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return _SPACE.sub("", folded).rstrip(_END_PUNCT)


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def align_duties(
    old: Sequence[Duty], new: Sequence[Duty]
) -> tuple[list[tuple[Duty, Duty]], list[Duty], list[Duty]]:
    """Split two duty lists into (reworded pairs, removed, added); equal texts drop out."""
    old_texts = [_duty_key(d) for d in old]
    new_texts = [_duty_key(d) for d in new]
    matcher = difflib.SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    removed: list[int] = []
    added: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed.extend(range(i1, i2))
        if tag in ("replace", "insert"):
            added.extend(range(j1, j2))
    # Pair the most similar removed/added duties first, so one rewording among several
    # edits is found whatever order the edits come in.
    candidates = sorted(
        (
            (-similarity(old_texts[i], new_texts[j]), i, j)
            for i in removed
            for j in added
        ),
    )
    paired_old: set[int] = set()
    paired_new: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for negative_score, i, j in candidates:
        if -negative_score < REWORD_THRESHOLD:
            break
        if i in paired_old or j in paired_new:
            continue
        paired_old.add(i)
        paired_new.add(j)
        pairs.append((i, j))
    pairs.sort(key=lambda pair: pair[1])
    return (
        [(old[i], new[j]) for i, j in pairs],
        [old[i] for i in removed if i not in paired_old],
        [new[j] for j in added if j not in paired_new],
    )


def _duty_owners(org: Org) -> dict[str, tuple[Duty, ...]]:
    owners: dict[str, tuple[Duty, ...]] = {}
    for dept in org.departments:
        owners[dept.id] = dept.duties
        for role in dept.roles:
            owners[role.id] = role.duties
    for committee in org.committees:
        owners[committee.id] = committee.duties
    return owners


def _duty_key(duty: Duty) -> str:
    """The duty's text as compared: each language normalised on its own (so each drops its
    own trailing full stop), both languages counted (an English-only rewording is a
    change), a text written once counted once (``Text.get`` would repeat it)."""
    text = duty.text
    if text.plain is not None:
        return normalise(text.plain)
    # Normalised sides hold no whitespace, so the newline cannot be confused with text.
    return "\n".join(normalise(side) for side in (text.zh, text.en) if side)


def same_profile(before: Role | None, after: Role | None) -> bool:
    return before is not None and after is not None and before.profile is not None \
        and before.profile == after.profile


def strip_profile_duties(before: Role, after: Role, old: Sequence[Duty],
                         new: Sequence[Duty]) -> tuple[list[Duty], list[Duty]]:
    """The duty lists of a post with the same profile on both sides, without the copies
    of profile duties it carries on both sides (the profile's own change says those);
    a profile duty the post stopped or started omitting stays, as the post's change."""
    return ([d for d in old if not d.profile or d.profile_n in after.omit],
            [d for d in new if not d.profile or d.profile_n in before.omit])


def inherited_on_both(before: Role, after: Role) -> frozenset[str]:
    """Fields both versions of the post take from the same profile."""
    return before.inherited & after.inherited if same_profile(before, after) else frozenset()


def duty_changes(old: Org, new: Org, lang: str) -> Iterator[Change]:
    """Duties added, removed, reworded or moved, for owners present on both sides.

    An owner added or removed whole is reported once (role-added …), not duty by duty.
    A duty whose text left one owner and arrived unchanged at another (or at another
    position of the same owner) is one move, not a removal and an addition.
    """
    old_owners = _duty_owners(old)
    aligned: dict[str, tuple[list[tuple[Duty, Duty]], list[Duty], list[Duty]]] = {}
    for owner, new_duties in _duty_owners(new).items():
        if owner in old_owners:
            old_duties: Sequence[Duty] = old_owners[owner]
            before, after = old.roles.get(owner), new.roles.get(owner)
            if before is not None and after is not None and same_profile(before, after):
                old_duties, new_duties = strip_profile_duties(before, after, old_duties,
                                                              new_duties)
            aligned[owner] = align_duties(old_duties, new_duties)
    # Unchanged texts that changed owner: pair each removal with an addition elsewhere.
    removed_by_text: dict[str, list[Duty]] = {}
    for _, removed, _ in aligned.values():
        for duty in removed:
            removed_by_text.setdefault(_duty_key(duty), []).append(duty)
    moved_in: dict[str, list[tuple[Duty, Duty]]] = {}
    moved_out: set[int] = set()
    for _, _, added in aligned.values():
        for duty in list(added):
            sources = removed_by_text.get(_duty_key(duty))
            if sources:
                source = sources.pop(0)
                moved_in.setdefault(duty.owner, []).append((source, duty))
                moved_out.add(id(source))
                added.remove(duty)
    for owner, (reworded, removed, _added) in aligned.items():
        removed[:] = [d for d in removed if id(d) not in moved_out]
        # A pair with the very same text is a duty that changed position.
        reordered = [(a, b) for a, b in reworded if _duty_key(a) == _duty_key(b)]
        reworded[:] = [(a, b) for a, b in reworded if _duty_key(a) != _duty_key(b)]
        moved_in.setdefault(owner, [])[:0] = reordered
    for owner, (reworded, removed, added) in aligned.items():
        yield from _owner_changes(new, old, owner, reworded, removed, added,
                                  moved_in.get(owner, []), lang)


def _owner_changes(new: Org, old: Org, owner: str, reworded: list[tuple[Duty, Duty]],
                   removed: list[Duty], added: list[Duty], moved: list[tuple[Duty, Duty]],
                   lang: str) -> Iterator[Change]:
    owner_name = new.holder_name(owner, lang)
    events: list[tuple[int, Change]] = []
    for duty in removed:
        text = duty.text.get(lang)
        events.append((duty.n, Change(
            "duty-removed", owner,
            say(lang, "{owner}：删除职责 {n}「{text}」", "{owner}: duty {n} removed: “{text}”",
                owner=owner_name, n=duty.n, text=text),
            {"ref": duty.ref, "n": duty.n, "text": duty.text.to_json()},
        )))
    for duty in added:
        text = duty.text.get(lang)
        events.append((duty.n, Change(
            "duty-added", owner,
            say(lang, "{owner}：新增职责 {n}「{text}」", "{owner}: duty {n} added: “{text}”",
                owner=owner_name, n=duty.n, text=text),
            {"ref": duty.ref, "n": duty.n, "text": duty.text.to_json()},
        )))
    for before, after in reworded:
        events.append((after.n, Change(
            "duty-reworded", owner,
            say(lang, "{owner}：职责 {n} 改为「{new}」（原为「{old}」）",
                "{owner}: duty {n} reworded to “{new}” (was “{old}”)",
                owner=owner_name, n=after.n, new=after.text.get(lang),
                old=before.text.get(lang)),
            {"ref": after.ref, "n": after.n, "old_n": before.n,
             "old_text": before.text.to_json(), "text": after.text.to_json()},
        )))
    for before, after in moved:
        events.append((after.n, Change(
            "duty-moved", owner,
            say(lang, "{owner}：职责「{text}」由 {old} 移到第 {n} 条",
                "{owner}: duty “{text}” moved from {old}; it is now duty {n}",
                owner=owner_name, text=after.text.get(lang), n=after.n,
                old=before.n if before.owner == owner else
                named(old.holder_name(before.owner, lang), before.ref, lang)),
            {"ref": after.ref, "n": after.n, "old_ref": before.ref, "from": before.owner,
             "text": after.text.to_json()},
        )))
    events.sort(key=lambda event: event[0])
    yield from (change for _, change in events)


def _cells(matrix: Matrix) -> dict[tuple[str, str], tuple[str, str]]:
    """(activity, holder) → (letters, holder kind), departments included."""
    cells: dict[tuple[str, str], tuple[str, str]] = {}
    for activity, row in matrix.by_activity.items():
        for holder, letters in row.items():
            cells[(activity, holder)] = (letters, matrix.holder_kind.get(holder, "role"))
    for entry in matrix.department_entries:
        previous = cells.get((entry.activity, entry.holder), ("", "department"))[0]
        merged = previous + "".join(ch for ch in entry.letters if ch not in previous)
        cells[(entry.activity, entry.holder)] = (merged, "department")
    return cells


def _activity_order(old: Org, new: Org) -> dict[str, int]:
    order: dict[str, int] = {}
    for org in (new, old):
        for activity in org.activities:
            order.setdefault(activity, len(order))
    return order


def raci_changes(old: Org, old_matrix: Matrix, new: Org, new_matrix: Matrix,
                 lang: str) -> Iterator[Change]:
    """One ``raci-changed`` per (activity, holder) whose letters differ."""
    old_cells = _cells(old_matrix)
    new_cells = _cells(new_matrix)
    order = _activity_order(old, new)
    # The new org's order, then what only the old one has (the first place of an id wins).
    holder_order: dict[str, int] = {}
    for holder in (*new.roles, *new.committees_by_id, *new.departments_by_id, *old.roles,
                   *old.committees_by_id, *old.departments_by_id):
        holder_order.setdefault(holder, len(holder_order))
    keys = sorted(
        set(old_cells) | set(new_cells),
        key=lambda key: (order.get(key[0], len(order)), key[0],
                         holder_order.get(key[1], len(holder_order)), key[1]),
    )
    for activity, holder in keys:
        old_letters, old_kind = old_cells.get((activity, holder), ("", ""))
        new_letters, new_kind = new_cells.get((activity, holder), ("", ""))
        if set(old_letters) == set(new_letters):
            continue
        activity_name = _name(new, old, activity, lang)
        holder_name = _name(new, old, holder, lang)
        gained = "".join(ch for ch in new_letters if ch not in old_letters)
        lost = "".join(ch for ch in old_letters if ch not in new_letters)
        parts = []
        if gained:
            parts.append(say(lang, "获得 {letters}", "gains {letters}", letters=gained))
        if lost:
            parts.append(say(lang, "失去 {letters}", "loses {letters}", letters=lost))
        yield Change(
            "raci-changed", activity,
            say(lang, "{activity}：{holder} {what}", "{activity}: {holder} {what}",
                activity=activity_name, holder=holder_name,
                what=("，", ", ")[lang == "en"].join(parts)),
            {
                "activity": activity,
                "activity_name": activity_name,
                "holder": holder,
                "holder_name": holder_name,
                "holder_kind": new_kind or old_kind,
                "old": old_letters,
                "new": new_letters,
                "gained": gained,
                "lost": lost,
            },
        )


def _name(new: Org, old: Org, item_id: str, lang: str) -> str:
    """Display name from the new org, falling back to the old one (removed items)."""
    name = new.holder_name(item_id, lang)
    return name if name != item_id else old.holder_name(item_id, lang)
