"""``dutymatrix show ID``: everything the model says about one post, activity, person,
committee, department or process, as data (``describe``); ``show_text.render_show_text``
prints it as text.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from typing import Any

from dutymatrix.errors import UsageError
from dutymatrix.i18n import N_
from dutymatrix.matrix import Matrix, build_matrix
from dutymatrix.messages import Msg, Names
from dutymatrix.model import Band, Duty, Org, Text


def _text(value: Text | None) -> Any:
    return value.to_json() if value else None


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
            # The duties that bring each held activity: where a breach is cleared.
            "carried_by": {a: [d.ref for h in holders
                               for d in matrix.carrying_duties(h, a, rule.letters)]
                           for a in held},
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
        # The post and its superiors up to a post that reports to nobody.
        "chain": matrix.graph.chain(role.id),
        "direct_reports": matrix.graph.direct_reports(role.id),
        "dotted_to": list(role.dotted_to),
        "dotted_reports": matrix.graph.dotted_reports(role.id),
        "profile": role.profile,
        "key": role.key,
        "backup": role.backup,
        "backup_for": [r.id for r in org.roles.values() if r.backup == role.id],
        "committees": [c.id for c in org.committees if role.id in c.members],
        "held_by": [{"person": p.id, "name": p.name.to_json(),
                     "as": "holds" if role.id in p.holds else "acting"}
                    for p in org.people if role.id in p.holds or role.id in p.acting],
        # with a `people:` section, a post nobody holds or acts in is vacant (空缺)
        "vacant": bool(org.people) and not any(
            role.id in p.holds or role.id in p.acting for p in org.people),
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
             "activity_names": {a: _label_of(org, a) for a in r.activities},
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


def describe(org: Org, item_id: str, today: dt.date | None = None) -> dict[str, Any]:
    """Everything about ``item_id`` (an id, or a unique name or title) as JSON-ready data;
    the waivers on it with their state as of ``today`` (default: the system date)."""
    data = _find(org, item_id)
    if data["kind"] in ("role", "committee", "person"):
        data["waivers"] = _waivers_on(org, data["id"], today or dt.date.today())
    data["names"] = _names_of(org, data)
    return data


# Fields that hold a bare id or a list of them; ``names`` gives each one's name.
_ID_FIELDS = ("reports_to", "chain", "direct_reports", "dotted_to", "dotted_reports",
              "backup", "backup_for", "committees", "parent", "children", "process")


def _names_of(org: Org, data: dict[str, Any]) -> dict[str, Any]:
    """The name of every id the page gives bare (the chain, a backup, a waiver's approver,
    the post a person carries an activity through), so a reader sees names, not ids."""
    ids: list[str] = []
    for key in _ID_FIELDS:
        value = data.get(key)
        ids += value if isinstance(value, list) else [value] if value else []
    ids += [row["via"] for row in data.get("carries", []) if "via" in row]
    ids += [w["approved_by"] for w in data.get("waivers", []) if w.get("approved_by")]
    names = {i: _label_of(org, i) for i in dict.fromkeys(ids)}
    return {i: name for i, name in names.items() if name != i}


def _waivers_on(org: Org, subject: str, today: dt.date) -> list[dict[str, Any]]:
    """The waiver register's lines on ``subject``; the check runs only when there are some."""
    if not any(w.subject == subject for w in org.waivers):
        return []
    from dutymatrix.engine import check_org
    from dutymatrix.exposure import waiver_register

    findings = check_org(org, today=today).findings
    return [
        {"rule": e.waiver.rule, "reason": _text(e.waiver.reason),
         "control": _text(e.waiver.control), "approved_by": e.waiver.approved_by,
         "expires": e.waiver.expires.isoformat() if e.waiver.expires else None,
         "days_left": e.days_left, "status": e.status,
         "covers": [f"{f.rule} {f.loc}" if f.loc else f.rule for f in e.covers],
         "file": str(e.waiver.loc)}
        for e in waiver_register(org, findings, today) if e.waiver.subject == subject
    ]


def _find(org: Org, item_id: str) -> dict[str, Any]:
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
        raise UsageError(Msg(N_("'{item}' names several items ({ids}); show one of them by id"),
                             item=item_id, ids=ids))
    known = [key for index, _ in indexes for key in index] + list(by_name)
    close = difflib.get_close_matches(item_id, known, n=3, cutoff=0.6)
    hint = (Msg(N_("; did you mean {choices}?"), choices=Names.of(repr(c) for c in close))
            if close else Msg(N_("; dutymatrix export lists every id")))
    raise UsageError(Msg(N_("'{item}' is not a post, activity, person, committee, department "
                            "or process id of {org}{hint}"), item=item_id, org=org.id,
                         hint=hint))
