"""DM125: ids, names and texts longer than any real one, found before anything renders.

The limits are the rule's options (``checks.options.DM125``), read here from the model's
own ``checks:`` section because the loader runs before the engine; a bad option value is
reported here as well, since a load that fails would never reach the engine's check.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dutymatrix.findings import Finding
from dutymatrix.load.rule_options import check_rule_options
from dutymatrix.load.rules import RULES_BY_ID, finding
from dutymatrix.model import Loc, Org, Text

RULE = "DM125"
SHOWN_ID = 40  # characters of an over-long id quoted in its message

# (kind of limit, what it is, value, position, subject) for every limited value.
_Item = tuple[str, str, str, Loc, str]


def _short(item_id: str) -> str:
    return item_id if len(item_id) <= SHOWN_ID else item_id[:SHOWN_ID] + "…"


def _texts(value: Text | None) -> list[str]:
    if value is None:
        return []
    return [v for v in (value.plain, value.zh, value.en) if v]


def _of(obj: Any, field: str, kind: str, what: str, value: Any) -> Iterator[_Item]:
    loc = obj.locs.get(field) or obj.loc
    subject = getattr(obj, "id", "") or ""
    values = _texts(value) if isinstance(value, Text) else [value] if value else []
    for text in values:
        yield kind, what, text, loc, subject


def _duties(owner: Any) -> Iterator[_Item]:
    for duty in owner.duties:
        loc = duty.locs.get("text") or duty.loc
        for text in _texts(duty.text):
            yield "max_text", f"duty {_short(duty.owner)}#{duty.n}", text, loc, duty.ref


def _named(obj: Any, kind: str, id_field: str = "id") -> Iterator[_Item]:
    """The id and the name of a department, committee, person, process or SoD rule."""
    yield from _of(obj, id_field, "max_id", f"{kind} id", obj.id)
    yield from _of(obj, "name", "max_name", f"name of {kind} `{_short(obj.id)}`", obj.name)


def _role(role: Any) -> Iterator[_Item]:
    what = f"post `{_short(role.id)}`"
    yield from _of(role, "id", "max_id", "post id", role.id)
    for field, kind in (("title", "max_name"), ("code", "max_name"), ("location", "max_name"),
                        ("purpose", "max_text")):
        yield from _of(role, field, kind, f"{field} of {what}", getattr(role, field))
    yield from _duties(role)
    q = role.qualifications
    if q is not None:
        for field in ("education", "experience", "skills", "certificates", "other"):
            value = getattr(q, field)
            for item in (value,) if isinstance(value, Text) else value or ():
                for text in _texts(item):
                    yield "max_text", f"{field} of {what}", text, q.loc, role.id


def _items(org: Org) -> Iterator[_Item]:
    yield from _of(org, "id", "max_id", "org id", org.id)
    yield from _of(org, "name", "max_name", "org name", org.name)
    for process in org.processes:
        yield from _named(process, "process")
        for activity in process.activities:
            local = activity.id[len(process.id) + 1:]
            yield from _of(activity, "id", "max_id", "activity id", local)
            yield from _of(activity, "name", "max_name",
                           f"name of activity `{_short(activity.id)}`", activity.name)
    for dept in org.departments:
        yield from _named(dept, "department")
        yield from _duties(dept)
        for role in dept.roles:
            yield from _role(role)
    for committee in org.committees:
        yield from _named(committee, "committee")
        yield from _duties(committee)
    for person in org.people:
        yield from _named(person, "person")
    for rule in org.sod_rules:
        yield from _named(rule, "SoD rule")
        yield from _of(rule, "basis", "max_text", f"basis of SoD rule `{_short(rule.id)}`",
                       rule.basis)
    for waiver in org.waivers:
        what = f"the waiver of {_short(waiver.rule)} on `{_short(waiver.subject)}`"
        yield from _of(waiver, "reason", "max_text", f"reason of {what}", waiver.reason)
        yield from _of(waiver, "control", "max_text", f"control of {what}", waiver.control)


def limits(org: Org, findings: list[Finding]) -> dict[str, int]:
    """The limits in force: the rule's defaults, overridden by valid options."""
    rule = RULES_BY_ID[RULE]
    out: dict[str, int] = {name: option.default for name, option in rule.options.items()}
    given, problems = check_rule_options(rule, org.checks.options.get(RULE) or {}, org.checks)
    findings.extend(problems)
    out.update(given)
    return out


def check_lengths(org: Org, findings: list[Finding]) -> None:
    """A DM125 error for every value over its limit."""
    limit_of = limits(org, findings)
    for kind, what, text, loc, subject in _items(org):
        limit = limit_of[kind]
        if len(text) <= limit:
            continue
        if kind == "max_id":
            what = f"{what} `{_short(text)}`"
        findings.append(finding(
            RULE, f"{what} is {len(text):,} characters long; the limit is {limit:,}", loc,
            subject=subject,
            hint=f"shorten it, or raise checks.options.{RULE}.{kind} if it is right"))
