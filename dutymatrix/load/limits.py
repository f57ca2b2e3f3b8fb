"""DM125: ids, names and texts longer than any real one, found before anything renders.

The limits are the rule's options (``checks.options.DM125``), read here from the model's
own ``checks:`` section because the loader runs before the engine; a bad option value is
reported here as well, since a load that fails would never reach the engine's check.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dutymatrix.findings import Finding
from dutymatrix.i18n import N_
from dutymatrix.load.rule_options import check_rule_options
from dutymatrix.load.rules import RULES_BY_ID, finding
from dutymatrix.messages import Msg
from dutymatrix.model import Loc, Org, Text

RULE = "DM125"
SHOWN_ID = 40  # characters of an over-long id quoted in its message

# (kind of limit, what it is, value, position, subject) for every value over its limit.
_Item = tuple[str, Msg, str, Loc, str]


def _short(item_id: str) -> str:
    return item_id if len(item_id) <= SHOWN_ID else item_id[:SHOWN_ID] + "…"


def _texts(value: Text | None) -> list[str]:
    if value is None:
        return []
    return [v for v in (value.plain, value.zh, value.en) if v]


_ID_OF = {"process": N_("process id"), "activity": N_("activity id"),
          "department": N_("department id"), "committee": N_("committee id"),
          "person": N_("person id"), "SoD rule": N_("SoD rule id")}
_NAME_OF = {"process": N_("name of process `{id}`"), "activity": N_("name of activity `{id}`"),
            "department": N_("name of department `{id}`"),
            "committee": N_("name of committee `{id}`"), "person": N_("name of person `{id}`"),
            "SoD rule": N_("name of SoD rule `{id}`")}


class _Over:
    """The values over their limits, in model order. What a value is (the ``Msg`` its
    finding names) is made only for those: a large org has 100,000 values within limits."""

    def __init__(self, limit_of: dict[str, int]) -> None:
        self.limit_of = limit_of

    def of(self, obj: Any, field: str, kind: str, value: Any, msgid: str, /,
           **params: str) -> Iterator[_Item]:
        limit = self.limit_of[kind]
        values = _texts(value) if isinstance(value, Text) else [value] if value else []
        for text in values:
            if len(text) > limit:
                yield (kind, Msg(msgid, **params), text, obj.locs.get(field) or obj.loc,
                       getattr(obj, "id", "") or "")

    def duties(self, owner: Any) -> Iterator[_Item]:
        limit = self.limit_of["max_text"]
        for duty in owner.duties:
            for text in _texts(duty.text):
                if len(text) > limit:
                    yield ("max_text",
                           Msg(N_("duty {duty}"), duty=f"{_short(duty.owner)}#{duty.n}"),
                           text, duty.locs.get("text") or duty.loc, duty.ref)

    def named(self, obj: Any, kind: str, id_field: str = "id") -> Iterator[_Item]:
        """The id and the name of a department, committee, person, process or SoD rule."""
        yield from self.of(obj, id_field, "max_id", obj.id, _ID_OF[kind])
        yield from self.of(obj, "name", "max_name", obj.name, _NAME_OF[kind],
                           id=_short(obj.id))

    def role(self, role: Any) -> Iterator[_Item]:
        post = _short(role.id)
        yield from self.of(role, "id", "max_id", role.id, N_("post id"))
        for field, kind in (("title", "max_name"), ("code", "max_name"),
                            ("location", "max_name"), ("purpose", "max_text")):
            yield from self.of(role, field, kind, getattr(role, field),
                               N_("{field} of post `{post}`"), field=field, post=post)
        yield from self.duties(role)
        q = role.qualifications
        if q is not None:
            limit = self.limit_of["max_text"]
            for field in ("education", "experience", "skills", "certificates", "other"):
                value = getattr(q, field)
                for item in (value,) if isinstance(value, Text) else value or ():
                    for text in _texts(item):
                        if len(text) > limit:
                            yield ("max_text", Msg(N_("{field} of post `{post}`"),
                                                   field=field, post=post),
                                   text, q.loc, role.id)

    def items(self, org: Org) -> Iterator[_Item]:
        of = self.of
        yield from of(org, "id", "max_id", org.id, N_("org id"))
        yield from of(org, "name", "max_name", org.name, N_("org name"))
        for process in org.processes:
            yield from self.named(process, "process")
            for activity in process.activities:
                local = activity.id[len(process.id) + 1:]
                yield from of(activity, "id", "max_id", local, _ID_OF["activity"])
                yield from of(activity, "name", "max_name", activity.name,
                              _NAME_OF["activity"], id=_short(activity.id))
        for dept in org.departments:
            yield from self.named(dept, "department")
            yield from self.duties(dept)
            for role in dept.roles:
                yield from self.role(role)
        for committee in org.committees:
            yield from self.named(committee, "committee")
            yield from self.duties(committee)
        for person in org.people:
            yield from self.named(person, "person")
        for rule in org.sod_rules:
            yield from self.named(rule, "SoD rule")
            yield from of(rule, "basis", "max_text", rule.basis,
                          N_("basis of SoD rule `{id}`"), id=_short(rule.id))
        for waiver in org.waivers:
            names = {"rule": _short(waiver.rule), "subject": _short(waiver.subject)}
            yield from of(waiver, "reason", "max_text", waiver.reason,
                          N_("reason of the waiver of {rule} on `{subject}`"), **names)
            yield from of(waiver, "control", "max_text", waiver.control,
                          N_("control of the waiver of {rule} on `{subject}`"), **names)


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
    for kind, what, text, loc, subject in _Over(limit_of).items(org):
        limit = limit_of[kind]
        if kind == "max_id":
            what = Msg(N_("{what} `{id}`"), what=what, id=_short(text))
        findings.append(finding(
            RULE, Msg(N_("{what} is {length} characters long; the limit is {limit}"),
                      what=what, length=f"{len(text):,}", limit=f"{limit:,}"), loc,
            subject=subject,
            hint=Msg(N_("shorten it, or raise checks.options.{option} if it is right"),
                     option=f"{RULE}.{kind}")))
