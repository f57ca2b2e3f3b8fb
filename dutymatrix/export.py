"""The resolved model as JSON-ready data (``export --format json``; the shape is in
docs/architecture.md, "Machine-readable shapes").

Other tools build on this shape: full activity ids (``loan.approve``), duties numbered
(``n``), a ``{zh, en}`` text kept as an object and a plain text as a string. Optional
fields the user did not write are left out rather than written as null, except the
tree links (``parent``, ``reports_to``), which are always present.
"""

from __future__ import annotations

from typing import Any

from dutymatrix.model import (
    AuthorityRule,
    Committee,
    Department,
    Duty,
    Org,
    Person,
    Process,
    Profile,
    Qualifications,
    Role,
    Salary,
    SodRule,
    Text,
    Waiver,
)

SCHEMA_VERSION = 1


def _text(text: Text | None) -> str | dict[str, str] | None:
    return None if text is None else text.to_json()


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` unless the value is absent (None or an empty collection)."""
    if value is None or value == () or value == [] or value == {}:
        return
    data[key] = value


def _duty(duty: Duty) -> dict[str, Any]:
    data = {"n": duty.n, "ref": duty.ref, "text": duty.text.to_json(), "raci": dict(duty.raci)}
    if duty.profile:  # filled in from a job profile's duty
        data["profile_duty"] = f"{duty.profile}#{duty.profile_n}"
    return data


def _process(process: Process) -> dict[str, Any]:
    return {
        "id": process.id,
        "name": process.name.to_json(),
        "activities": [
            {"id": a.id, "name": a.name.to_json(), "dual_control": a.dual_control}
            for a in process.activities
        ],
    }


def _qualifications(q: Qualifications) -> dict[str, Any]:
    data: dict[str, Any] = {}
    _put(data, "education", _text(q.education))
    _put(data, "experience", _text(q.experience))
    for key in ("skills", "certificates", "other"):
        _put(data, key, [t.to_json() for t in getattr(q, key)])
    return data


def _role(role: Role) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": role.id,
        "title": role.title.to_json(),
        "department": role.department,
        "reports_to": role.reports_to,
    }
    _put(data, "code", role.code)
    _put(data, "profile", role.profile)
    _put(data, "omit", list(role.omit))
    _put(data, "dotted_to", list(role.dotted_to))
    _put(data, "headcount", role.headcount)
    data["key"] = role.key
    _put(data, "backup", role.backup)
    _put(data, "purpose", _text(role.purpose))
    data["duties"] = [_duty(d) for d in role.duties]
    if role.qualifications is not None:
        _put(data, "qualifications", _qualifications(role.qualifications))
    _put(data, "location", _text(role.location))
    _salary(data, role.salary)
    return data


def _salary(data: dict[str, Any], salary: Salary | None) -> None:
    if salary is not None:
        s = salary
        data["salary"] = {k: v for k, v in (("min", s.min), ("max", s.max), ("per", s.per),
                                            ("currency", s.currency)) if v is not None}


def _profile(profile: Profile) -> dict[str, Any]:
    """A job profile as written: texts keep their {department}/{post}/{org} placeholders."""
    data: dict[str, Any] = {"id": profile.id, "title": profile.title.to_json()}
    _put(data, "key", profile.key)
    _put(data, "headcount", profile.headcount)
    _put(data, "purpose", _text(profile.purpose))
    data["duties"] = [{"n": d.n, "text": d.text.to_json(), "raci": dict(d.raci)}
                      for d in profile.duties]
    if profile.qualifications is not None:
        _put(data, "qualifications", _qualifications(profile.qualifications))
    _put(data, "location", _text(profile.location))
    _salary(data, profile.salary)
    return data


def _department(dept: Department) -> dict[str, Any]:
    return {
        "id": dept.id,
        "name": dept.name.to_json(),
        "parent": dept.parent,
        "duties": [_duty(d) for d in dept.duties],
        "roles": [_role(r) for r in dept.roles],
    }


def _committee(committee: Committee) -> dict[str, Any]:
    return {
        "id": committee.id,
        "name": committee.name.to_json(),
        "members": list(committee.members),
        "recusal": committee.recusal,
        "duties": [_duty(d) for d in committee.duties],
    }


def _person(person: Person) -> dict[str, Any]:
    return {"id": person.id, "name": person.name.to_json(), "holds": list(person.holds),
            "acting": list(person.acting)}


def _sod(rule: SodRule) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name.to_json(),
        "activities": list(rule.activities),
        "at_most": rule.at_most,
        "letters": rule.letters,
        "severity": rule.severity,
    }
    _put(data, "basis", _text(rule.basis))
    return data


def _authority(rule: AuthorityRule) -> dict[str, Any]:
    return {
        "activity": rule.activity,
        "unit": rule.unit,
        "bands": [{"by": b.by, "over": b.over, "up_to": b.up_to} for b in rule.bands],
    }


def _waiver(waiver: Waiver) -> dict[str, Any]:
    data: dict[str, Any] = {"rule": waiver.rule, "subject": waiver.subject,
                            "reason": waiver.reason.to_json()}
    _put(data, "control", _text(waiver.control))
    _put(data, "approved_by", waiver.approved_by)
    _put(data, "expires", waiver.expires.isoformat() if waiver.expires else None)
    return data


def export_model(org: Org) -> dict[str, Any]:
    """The whole resolved model, in model order, as plain JSON data."""
    checks = org.checks
    return {
        "version": SCHEMA_VERSION,
        "org": {"id": org.id, "name": org.name.to_json(), "locale": org.locale,
                "raci": org.raci},
        "processes": [_process(p) for p in org.processes],
        "profiles": [_profile(p) for p in org.profiles],
        "departments": [_department(d) for d in org.departments],
        "committees": [_committee(c) for c in org.committees],
        "people": [_person(p) for p in org.people],
        "rules": {"sod": [_sod(r) for r in org.sod_rules],
                  "authority": [_authority(a) for a in org.authority]},
        "waivers": [_waiver(w) for w in org.waivers],
        "checks": {"disable": list(checks.disable), "severity": dict(checks.severity),
                   "options": {k: dict(v) for k, v in checks.options.items()}},
    }
