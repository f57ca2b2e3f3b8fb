"""``dutymatrix show ID``: everything the model says about one post, activity, person,
committee, department or process, as data (``describe``) and as text (``render_text``).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from dutymatrix.errors import UsageError
from dutymatrix.matrix import Matrix, build_matrix
from dutymatrix.model import Band, Duty, Org, Text


def _text(value: Text | None) -> Any:
    return value.to_json() if value else None


def _name(value: Any, lang: str) -> str:
    """A JSON text value (a string or {zh, en}) in ``lang``."""
    if isinstance(value, dict):
        return value.get(lang) or next(iter(value.values()), "")
    return "" if value is None else str(value)


def _amount(value: float | None) -> int | float | None:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _label_of(org: Org, item_id: str) -> Any:
    """The name or title of any id as JSON text (a string or {zh, en}); the id if unknown."""
    for index in (org.roles, org.committees_by_id, org.departments_by_id, org.people_by_id,
                  org.activities, org.processes_by_id):
        if item_id in index:
            item = index[item_id]
            return (getattr(item, "title", None) or item.name).to_json()
    return item_id


def _band(activity: str, band: Band, unit: str, org: Org) -> dict[str, Any]:
    return {"activity": activity, "activity_name": _label_of(org, activity),
            "by": band.by, "by_name": _label_of(org, band.by),
            "over": _amount(band.over), "up_to": _amount(band.up_to), "unit": unit}


def _bands_of(org: Org, holder: str) -> list[dict[str, Any]]:
    return [_band(rule.activity, band, rule.unit, org)
            for rule in org.authority for band in rule.bands if band.by == holder]


def _duty(duty: Duty) -> dict[str, Any]:
    return {"n": duty.n, "ref": duty.ref, "text": duty.text.to_json(), "raci": dict(duty.raci)}


def _carries(org: Org, matrix: Matrix, holder: str) -> list[dict[str, Any]]:
    rows = []
    for activity, letters in matrix.by_holder.get(holder, {}).items():
        rows.append({
            "activity": activity,
            "activity_name": _label_of(org, activity),
            "letters": letters,
            "duties": [d.ref for d in matrix.duties_for.get((activity, holder), [])],
        })
    return rows


def _incompatible(org: Org, matrix: Matrix, holders: list[str]) -> list[dict[str, Any]]:
    """For each SoD rule the holders touch: the rule's other activities they must not hold."""
    rows = []
    for rule in org.sod_rules:
        carried: set[str] = set()
        for holder in holders:
            carried |= set(matrix.carried(holder, rule.letters))
        held = [a for a in rule.activities if a in carried]
        if not held:
            continue
        rows.append({
            "rule": rule.id,
            "name": rule.name.to_json(),
            "at_most": rule.at_most,
            "letters": rule.letters,
            "holds": held,
            "must_not_also_hold": [a for a in rule.activities if a not in carried],
            "activity_names": {a: _label_of(org, a) for a in rule.activities},
            "over_limit": len(held) > rule.at_most,
        })
    return rows


def _describe_role(org: Org, matrix: Matrix, role_id: str) -> dict[str, Any]:
    role = org.roles[role_id]
    return {
        "kind": "role",
        "id": role.id,
        "title": role.title.to_json(),
        "code": role.code,
        "department": role.department,
        "department_name": _label_of(org, role.department),
        "reports_to": role.reports_to,
        "direct_reports": [r.id for r in org.roles.values() if r.reports_to == role.id],
        "key": role.key,
        "backup": role.backup,
        "backup_for": [r.id for r in org.roles.values() if r.backup == role.id],
        "committees": [c.id for c in org.committees if role.id in c.members],
        "held_by": [{"person": p.id, "name": p.name.to_json(),
                     "as": "holds" if role.id in p.holds else "acting"}
                    for p in org.people if role.id in p.holds or role.id in p.acting],
        "purpose": _text(role.purpose),
        "duties": [_duty(d) for d in role.duties],
        "carries": _carries(org, matrix, role.id),
        "bands": _bands_of(org, role.id),
        "incompatible": _incompatible(org, matrix, [role.id]),
    }


def _describe_committee(org: Org, matrix: Matrix, committee_id: str) -> dict[str, Any]:
    committee = org.committees_by_id[committee_id]
    return {
        "kind": "committee",
        "id": committee.id,
        "name": committee.name.to_json(),
        "members": [{"role": m, "title": _label_of(org, m)} for m in committee.members],
        "recusal": committee.recusal,
        "duties": [_duty(d) for d in committee.duties],
        "carries": _carries(org, matrix, committee.id),
        "bands": _bands_of(org, committee.id),
        "incompatible": _incompatible(org, matrix, [committee.id]),
    }


def _describe_activity(org: Org, matrix: Matrix, activity_id: str) -> dict[str, Any]:
    activity = org.activities[activity_id]
    authority = org.authority_by_activity.get(activity_id)
    return {
        "kind": "activity",
        "id": activity.id,
        "name": activity.name.to_json(),
        "process": activity.process,
        "process_name": _label_of(org, activity.process),
        "dual_control": activity.dual_control,
        "holders": [
            {"holder": holder, "name": _label_of(org, holder),
             "kind": matrix.holder_kind.get(holder, "role"), "letters": letters,
             "duties": [d.ref for d in matrix.duties_for.get((activity_id, holder), [])]}
            for holder, letters in matrix.by_activity.get(activity_id, {}).items()
        ],
        "departments": [
            {"department": e.holder, "name": _label_of(org, e.holder), "letters": e.letters,
             "duty": e.duty.ref}
            for e in matrix.department_entries if e.activity == activity_id
        ],
        "bands": [_band(activity_id, b, authority.unit, org) for b in authority.bands]
        if authority else [],
        "sod_rules": [
            {"rule": r.id, "name": r.name.to_json(), "activities": list(r.activities),
             "at_most": r.at_most, "letters": r.letters}
            for r in org.sod_rules if activity_id in r.activities
        ],
    }


def _describe_person(org: Org, matrix: Matrix, person_id: str) -> dict[str, Any]:
    person = org.people_by_id[person_id]
    posts = [(r, "holds") for r in person.holds]
    posts += [(r, "acting") for r in person.acting if r not in person.holds]
    carries = []
    for role_id, via in posts:
        for row in _carries(org, matrix, role_id):
            carries.append({**row, "via": role_id, "as": via})
    return {
        "kind": "person",
        "id": person.id,
        "name": person.name.to_json(),
        "posts": [{"role": r, "title": _label_of(org, r), "as": via} for r, via in posts],
        "carries": carries,
        "bands": [b for r, _ in posts for b in _bands_of(org, r)],
        "incompatible": _incompatible(org, matrix, [r for r, _ in posts]),
    }


def _describe_department(org: Org, matrix: Matrix, dept_id: str) -> dict[str, Any]:
    dept = org.departments_by_id[dept_id]
    return {
        "kind": "department",
        "id": dept.id,
        "name": dept.name.to_json(),
        "parent": dept.parent,
        "children": [d.id for d in org.departments if d.parent == dept.id],
        "duties": [_duty(d) for d in dept.duties],
        "roles": [{"role": r.id, "title": r.title.to_json()} for r in dept.roles],
    }


def _describe_process(org: Org, matrix: Matrix, process_id: str) -> dict[str, Any]:
    process = org.processes_by_id[process_id]
    return {
        "kind": "process",
        "id": process.id,
        "name": process.name.to_json(),
        "activities": [_describe_activity(org, matrix, a.id) for a in process.activities],
    }


def _indexes(org: Org) -> list[tuple[dict[str, Any], Callable[..., dict[str, Any]]]]:
    return [
        (dict(org.roles), _describe_role),
        (dict(org.activities), _describe_activity),
        (dict(org.people_by_id), _describe_person),
        (dict(org.committees_by_id), _describe_committee),
        (dict(org.departments_by_id), _describe_department),
        (dict(org.processes_by_id), _describe_process),
    ]


def describe(org: Org, item_id: str) -> dict[str, Any]:
    """Everything about ``item_id`` (an id, or a unique name or title) as JSON-ready data."""
    matrix = build_matrix(org)
    indexes = _indexes(org)
    for index, describer in indexes:
        if item_id in index:
            return describer(org, matrix, item_id)
    # A name or title written instead of the id (`show 贷款审批`), when unambiguous.
    by_name: dict[str, list[tuple[str, Callable[..., dict[str, Any]]]]] = {}
    for index, describer in indexes:
        for key, item in index.items():
            label = getattr(item, "title", None) or getattr(item, "name", None)
            for text in {label.get("zh"), label.get("en")} if label else set():
                by_name.setdefault(text, []).append((key, describer))
    matches = by_name.get(item_id, [])
    if len(matches) == 1:
        key, describer = matches[0]
        return describer(org, matrix, key)
    if len(matches) > 1:
        ids = ", ".join(sorted(key for key, _ in matches))
        raise UsageError(f"'{item_id}' names several items ({ids}); show one of them by id")
    known = [key for index, _ in indexes for key in index] + list(by_name)
    close = difflib.get_close_matches(item_id, known, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else (
        "; dutymatrix export lists every id")
    raise UsageError(f"'{item_id}' is not a post, activity, person, committee, department "
                     f"or process id of {org.id}{hint}")


# --- text ------------------------------------------------------------------------------

LABELS: dict[str, tuple[str, str]] = {
    "role": ("岗位", "Post"),
    "committee": ("委员会", "Committee"),
    "activity": ("活动", "Activity"),
    "person": ("人员", "Person"),
    "department": ("部门", "Department"),
    "process": ("流程", "Process"),
    "code": ("岗位编号", "Code"),
    "department_name": ("所属部门", "Department"),
    "reports_to": ("直接上级", "Reports to"),
    "direct_reports": ("直接下级", "Direct reports"),
    "key": ("关键岗位", "Key post"),
    "backup": ("B 角", "Backup"),
    "backup_for": ("担任 B 角", "Backup for"),
    "committees": ("委员会成员", "Committee member of"),
    "held_by": ("任职人员", "Held by"),
    "purpose": ("岗位目的", "Purpose"),
    "duties": ("岗位职责", "Duties"),
    "carries": ("承担的活动", "Carries"),
    "bands": ("审批权限", "Approval bands"),
    "incompatible": ("不相容活动", "Must never also hold"),
    "members": ("成员", "Members"),
    "recusal": ("回避", "Recusal"),
    "holders": ("承担者", "Carried by"),
    "departments": ("部门职责", "Department duties"),
    "process_name": ("所属流程", "Process"),
    "dual_control": ("双人控制", "Dual control"),
    "sod_rules": ("不相容规则", "SoD rules"),
    "posts": ("岗位", "Posts"),
    "parent": ("上级部门", "Parent"),
    "children": ("下级部门", "Sub-departments"),
    "roles": ("岗位", "Posts"),
    "activities": ("活动", "Activities"),
    "none": ("无", "none"),
    "yes": ("是", "yes"),
    "acting": ("兼岗", "acting"),
    "via": ("经由", "via"),
}


def _label(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return en if lang == "en" else zh


def _range(band: dict[str, Any]) -> str:
    upper = "∞)" if band["up_to"] is None else f"{band['up_to']:,}]"
    return f"({band['over']:,}, {upper} {band['unit']}"


def _section(lines: list[str], title: str, rows: list[str], lang: str) -> None:
    lines.append(f"{title}:")
    lines.extend(f"  {row}" for row in rows) if rows else lines.append(
        f"  ({_label('none', lang)})")


def render_text(data: dict[str, Any], lang: str) -> str:
    """``describe`` output as a short, readable page."""
    lang = "en" if lang == "en" else "zh"
    kind = data["kind"]
    title = _name(data.get("title") or data.get("name"), lang)
    lines = [f"{_label(kind, lang)} {data['id']}  {title}"]
    names = {"role": _ROLE_PARTS, "committee": _COMMITTEE_PARTS, "activity": _ACTIVITY_PARTS,
             "person": _PERSON_PARTS, "department": _DEPARTMENT_PARTS}
    if kind == "process":
        for activity in data["activities"]:
            lines.append("")
            lines.append(render_text(activity, lang))
        return "\n".join(lines)
    for key, row_fn in names[kind]:
        value = data.get(key)
        if isinstance(value, list):
            if value or key in _ALWAYS_SHOWN:
                _section(lines, _label(key, lang), [row_fn(item, lang) for item in value], lang)
        elif value not in (None, False, ""):
            lines.append(f"{_label(key, lang)}: {row_fn(value, lang)}")
    return "\n".join(lines)


# Sections printed even when empty: an empty one says something (a post with no duties).
_ALWAYS_SHOWN = frozenset({"duties", "carries", "holders", "posts"})


def _plain(value: Any, lang: str) -> str:
    if value is True:
        return _label("yes", lang)
    return _name(value, lang)


def _duty_row(duty: dict[str, Any], lang: str) -> str:
    raci = ", ".join(f"{a}={ls}" for a, ls in duty["raci"].items())
    return f"{duty['n']}. {_name(duty['text'], lang)}" + (f"  [{raci}]" if raci else "")


def _carry_row(row: dict[str, Any], lang: str) -> str:
    via = ""
    if "via" in row:
        acting = f" {_label('acting', lang)}" if row["as"] == "acting" else ""
        via = f"  ({_label('via', lang)} {row['via']}{acting})"
    return f"{row['letters']:<3} {row['activity']}  {_name(row['activity_name'], lang)}{via}"


def _band_row(band: dict[str, Any], lang: str) -> str:
    return (f"{band['activity']} {_name(band['activity_name'], lang)}: {_range(band)} → "
            f"{_name(band['by_name'], lang)}")


def _incompatible_row(row: dict[str, Any], lang: str) -> str:
    names = row["activity_names"]

    def listed(ids: list[str]) -> str:
        return ", ".join(f"{a} {_name(names[a], lang)}" for a in ids) or "—"

    head = f"{row['rule']} {_name(row['name'], lang)}: "
    if row["over_limit"]:
        return head + (f"!! 同时承担 {listed(row['holds'])}(最多 {row['at_most']} 项)"
                       if lang != "en" else
                       f"!! carries {listed(row['holds'])} (at most {row['at_most']} allowed)")
    return head + listed(row["must_not_also_hold"])


def _holder_row(row: dict[str, Any], lang: str) -> str:
    duties = ", ".join(row["duties"])
    return f"{row['letters']:<3} {row['holder']}  {_name(row['name'], lang)}  ({duties})"


_ROLE_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("code", _plain), ("department_name", _plain), ("reports_to", _plain),
    ("direct_reports", _plain), ("key", _plain), ("backup", _plain), ("backup_for", _plain),
    ("committees", _plain), ("held_by", lambda p, lang: f"{p['person']} {_name(p['name'], lang)}"
                             + (f" ({_label('acting', lang)})" if p["as"] == "acting" else "")),
    ("purpose", _plain), ("duties", _duty_row), ("carries", _carry_row), ("bands", _band_row),
    ("incompatible", _incompatible_row),
]
_COMMITTEE_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("members", lambda m, lang: f"{m['role']}  {_name(m['title'], lang)}"), ("recusal", _plain),
    ("duties", _duty_row), ("carries", _carry_row), ("bands", _band_row),
    ("incompatible", _incompatible_row),
]
_ACTIVITY_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("process_name", _plain), ("dual_control", _plain), ("holders", _holder_row),
    ("departments", lambda d, lang: f"{d['letters']:<3} {d['department']}  {_name(d['name'], lang)}"
                                    f"  ({d['duty']})"),
    ("bands", _band_row),
    ("sod_rules", lambda r, lang: f"{r['rule']} {_name(r['name'], lang)}: "
                                  f"{', '.join(r['activities'])} (at_most {r['at_most']})"),
]
_PERSON_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("posts", lambda p, lang: f"{p['role']}  {_name(p['title'], lang)}"
                              + (f" ({_label('acting', lang)})" if p["as"] == "acting" else "")),
    ("carries", _carry_row), ("bands", _band_row), ("incompatible", _incompatible_row),
]
_DEPARTMENT_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("parent", _plain), ("children", _plain), ("duties", _duty_row),
    ("roles", lambda r, lang: f"{r['role']}  {_name(r['title'], lang)}"),
]
