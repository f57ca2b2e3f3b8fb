"""The one table of sections, objects and fields: the loader reads by it, the schema is made
from it, so the two cannot drift apart.

A field's ``kind`` says how its value is read:

``id``       an id (^[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*$)
``local-id`` an activity's local id (the same pattern; the model id is ``process.local``)
``ref``      an id of ``target`` (roles, departments, …), resolved after all files are read
``refs``     a list of such ids;  ``numbers``: a list of whole numbers ≥ 1
``text``     a string or ``{zh, en}``;  ``texts``: a list of texts
``str``      a plain string;  ``enum``: one of ``choices``;  ``letters``: RACI letters
``int``  ``number``  ``bool``  ``date``
``object``   a mapping read by the table of ``target``;  ``list``: a list of those
``duties``   numbered duties: a string, or ``{text, raci}``
``raci``     ``{activity-id: letters}``
``checks-*`` the configuration section's own shapes
"""

from __future__ import annotations

from dataclasses import dataclass

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$"
CHECK_ID_PATTERN = r"^DM[0-9]{3}$"
SEVERITIES = ("error", "warning", "info")
LETTER_SETS = ("RACI", "RASCI")


@dataclass(frozen=True)
class Field:
    kind: str
    required: bool = False
    target: str = ""  # object table (object/list) or reference namespace (ref/refs)
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    doc: str = ""


def F(kind: str, target: str = "", **extra: object) -> Field:  # table shorthand: an optional field
    return Field(kind, target=target, **extra)  # type: ignore[arg-type]


def R(kind: str, target: str = "", **extra: object) -> Field:  # a required field
    return Field(kind, required=True, target=target, **extra)  # type: ignore[arg-type]


OBJECTS: dict[str, dict[str, Field]] = {
    "org": {
        "id": R("id"),
        "name": R("text"),
        "locale": F("str", doc="default document language, e.g. zh-CN"),
        "raci": F("enum", choices=LETTER_SETS, doc="letter set (S = support)"),
    },
    "process": {
        "id": R("id"),
        "name": R("text"),
        "activities": F("list", "activity"),
    },
    "activity": {
        "id": R("local-id"),
        "name": R("text"),
        "dual_control": F("bool", doc="needs at least two holders (A/B 角)"),
    },
    "department": {
        "id": R("id"),
        "name": R("text"),
        "parent": F("ref", "department"),
        "duties": F("duties"),
        "roles": F("list", "role"),
    },
    "role": {
        "id": R("id"),
        "title": F("text", doc="required unless the post has a profile"),
        "profile": F("ref", "profile", doc="the job profile (标准岗位) this post instantiates"),
        "omit": F("numbers", doc="profile duty numbers this post does not carry"),
        "code": F("str", doc="岗位编号"),
        "reports_to": F("ref", "role"),
        "headcount": F("int", minimum=0),
        "key": F("bool", doc="key post: must have a backup"),
        "backup": F("ref", "role", doc="B 角"),
        "purpose": F("text"),
        "duties": F("duties"),
        "qualifications": F("object", "qualifications"),
        "location": F("text"),
        "salary": F("object", "salary"),
        "dotted_to": F("refs", "role", doc="业务指导上级: dotted-line superiors"),
    },
    "profile": {
        "id": R("id"),
        "title": R("text"),
        "key": F("bool"),
        "headcount": F("int", minimum=0),
        "purpose": F("text"),
        "duties": F("duties", doc="texts may use {department}, {post} and {org}"),
        "qualifications": F("object", "qualifications"),
        "location": F("text"),
        "salary": F("object", "salary"),
    },
    "qualifications": {
        "education": F("text"),
        "experience": F("text"),
        "skills": F("texts"),
        "certificates": F("texts"),
        "other": F("texts"),
    },
    "salary": {
        "min": F("number", minimum=0),
        "max": F("number", minimum=0),
        "per": F("enum", choices=("month", "year", "day", "hour")),
        "currency": F("str"),
    },
    "committee": {
        "id": R("id"),
        "name": R("text"),
        "members": F("refs", "role"),
        "recusal": F("bool", doc="members step out of cases they worked on"),
        "duties": F("duties"),
    },
    "person": {
        "id": R("id"),
        "name": R("text"),
        "holds": F("refs", "role"),
        "acting": F("refs", "role", doc="兼岗 / acting posts"),
    },
    "rules": {
        "sod": F("list", "sod"),
        "authority": F("list", "authority"),
    },
    "sod": {
        "id": R("id"),
        "name": F("text"),
        "activities": R("refs", "activity"),
        "at_most": F("int", minimum=1),
        "letters": F("letters", doc="which letters count as carrying (default RA)"),
        "severity": F("enum", choices=SEVERITIES),
        "basis": F("text"),
    },
    "authority": {
        "activity": R("ref", "activity"),
        "unit": F("str"),
        "bands": R("list", "band"),
    },
    "band": {
        "by": R("ref", "holder"),
        "over": F("number", minimum=0, doc="exclusive lower bound (以上), default 0"),
        "up_to": F("number", minimum=0, doc="inclusive upper bound ((含)以下), default none"),
    },
    "waiver": {
        "rule": R("ref", "waiver-rule", doc="an SoD rule id or a check id (DMnnn)"),
        "subject": R("ref", "any"),
        "reason": R("text"),
        "control": F("text", doc="the compensating control"),
        "approved_by": F("ref", "role"),
        "expires": F("date"),
    },
    "duty": {
        "text": R("text"),
        "raci": F("raci"),
    },
    "checks": {
        "disable": F("checks-list"),
        "severity": F("checks-severity"),
        "options": F("checks-options"),
    },
}

SECTIONS: dict[str, Field] = {
    "org": F("object", "org"),
    "processes": F("list", "process"),
    "profiles": F("list", "profile"),
    "departments": F("list", "department"),
    "committees": F("list", "committee"),
    "people": F("list", "person"),
    "rules": F("object", "rules"),
    "waivers": F("list", "waiver"),
    "checks": F("object", "checks"),
}
