"""Org → template data: plain frozen records every renderer reads. No I/O, no templates.

``jd_context`` is the job description (岗位说明书) of one post, with the amount and
salary wording it uses. The RACI table is built in ``raci_context.py`` and the findings
an auditor files in ``audit_context.py``. Every text is already in the document
language, so templates and the Word/Excel renderers only lay it out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dutymatrix.matrix import Matrix
from dutymatrix.model import Duty, Org, Role, Text

from .amounts import format_band, format_salary
from .labels import LABELS

__all__ = [
    "LABELS",
    "REQUIRED_SECTIONS",
    "BandLine",
    "BreachActivity",
    "DutyLine",
    "IncompatibleLine",
    "JobDescription",
    "PostRef",
    "RelationLine",
    "format_band",
    "format_salary",
    "jd_context",
]


# Sections of a 岗位说明书 a reader expects even before HR has written them.
REQUIRED_SECTIONS = ("duties", "qualifications")


@dataclass(frozen=True)
class PostRef:
    """A post (or committee) named in a document: its id and its title in the language."""

    id: str
    title: str


@dataclass(frozen=True)
class DutyLine:
    n: int  # the duty's number in the model (岗位职责 n)
    text: str
    letters: tuple[tuple[str, str], ...] = ()  # (activity name, RACI letters)


@dataclass(frozen=True)
class BandLine:
    activity: str  # activity name
    range_text: str  # "100万元(含)以下" / "up to and including CNY 1,000,000"
    via: str = ""  # committee name when the post approves as a member, else ""


@dataclass(frozen=True)
class RelationLine:
    activity_id: str
    activity_name: str
    process_name: str
    letters: str


@dataclass(frozen=True)
class BreachActivity:
    """One activity a conflicting post carries, with its own duties that carry it."""

    activity: str  # activity name
    duties: tuple[tuple[int, str], ...]  # (duty number, duty text)


@dataclass(frozen=True)
class IncompatibleLine:
    rule_id: str
    rule_name: str
    basis: str
    activities: tuple[str, ...]  # names of activities it must never also hold
    posts: tuple[PostRef, ...]  # posts and committees that carry those activities
    at_most: int = 1
    # The post itself breaks the rule: the rule's activities it carries together, each
    # with the numbered duties that carry it. Empty when the post keeps to the rule.
    breach: tuple[BreachActivity, ...] = ()

    @property
    def breached(self) -> bool:
        return bool(self.breach)

    def breach_text(self, labels: Mapping[str, str]) -> str:
        """"本岗位违反该控制要求:同时承担 2 项(最多 1 项)" in the document language."""
        return labels["incompatible_breach"].format(n=len(self.breach), at_most=self.at_most)


@dataclass(frozen=True)
class JobDescription:
    role_id: str
    lang: str
    labels: Mapping[str, str]
    title: str
    code: str | None
    department: str
    department_id: str
    reports_to: PostRef | None
    subordinates: tuple[PostRef, ...]
    headcount: int | None
    purpose: str | None
    duties: tuple[DutyLine, ...]
    authority: tuple[BandLine, ...]
    relations: tuple[RelationLine, ...]
    incompatible: tuple[IncompatibleLine, ...]
    qualifications: tuple[tuple[str, tuple[str, ...]], ...]
    location: str | None
    salary: str | None
    org_name: str = ""
    vacant: bool = False  # the org lists people and nobody holds or acts in this post
    # 业务指导上级: dotted-line superiors, each named with its department when that is
    # not the post's own (a dotted line usually crosses departments: 总行风险管理部 …).
    dotted_to: tuple[PostRef, ...] = ()

    @property
    def title_status(self) -> str:
        """The title as the particulars print it: "信贷人员(A角)(空缺)" when vacant."""
        return self.title + (self.labels["vacant_mark"] if self.vacant else "")

    def sections(self) -> list[str]:
        """Names of the sections the document prints, in document order: those that have
        data, and the required ones of a 岗位说明书 (``REQUIRED_SECTIONS``) even when empty —
        they say 待补充 / To be completed (``pending``) instead of vanishing."""
        present = {
            "title": True,
            "code": bool(self.code),
            "department": True,
            "reports_to": self.reports_to is not None,
            "dotted_to": bool(self.dotted_to),
            "subordinates": bool(self.subordinates),
            "headcount": self.headcount is not None,
            "purpose": bool(self.purpose),
            "duties": bool(self.duties),
            "authority": bool(self.authority),
            "relations": bool(self.relations),
            "incompatible": bool(self.incompatible),
            "qualifications": bool(self.qualifications),
            "location": bool(self.location),
            "salary": bool(self.salary),
        }
        return [
            name for name, has_data in present.items()
            if has_data or name in REQUIRED_SECTIONS
        ]

    @property
    def pending(self) -> tuple[str, ...]:
        """Required sections with no data yet: printed with the 待补充 note."""
        empty = {"duties": not self.duties, "qualifications": not self.qualifications}
        return tuple(name for name in REQUIRED_SECTIONS if empty[name])

    @property
    def duty_number_digits(self) -> int:
        """Digits of the largest duty number: the number column is as wide as it needs."""
        return min(4, len(str(max((d.n for d in self.duties), default=1))))

    @property
    def page_header(self) -> str:
        """"XD-01-001 信贷管理部经理" — the running header of every page."""
        return f"{self.code} {self.title}" if self.code else self.title


# --- formatting --------------------------------------------------------------------------

def _text(value: Text | None, lang: str) -> str:
    return value.get(lang) if value else ""


# --- job description ---------------------------------------------------------------------


def _activity_order(org: Org) -> dict[str, int]:
    return {activity_id: i for i, activity_id in enumerate(org.activities)}


def _holder_ref(org: Org, holder_id: str, lang: str) -> PostRef:
    return PostRef(holder_id, org.holder_name(holder_id, lang))


def _dotted_ref(org: Org, role: Role, boss_id: str, lang: str) -> PostRef:
    """A dotted-line superior: "风险经理（风险管理部）" when in another department."""
    boss = org.roles[boss_id]
    title = boss.title.get(lang)
    department = org.departments_by_id.get(boss.department)
    if boss.department == role.department or department is None:
        return PostRef(boss_id, title)
    return PostRef(boss_id, LABELS[lang]["post_in_department"].format(
        title=title, department=department.name.get(lang)))


def _duty_lines(org: Org, duties: Sequence[Duty], lang: str) -> tuple[DutyLine, ...]:
    return tuple(
        DutyLine(
            n=duty.n,
            text=duty.text.get(lang),
            letters=tuple(
                (org.holder_name(act, lang), letters) for act, letters in duty.raci.items()
            ),
        )
        for duty in duties
    )


def _authority(org: Org, role: Role, lang: str) -> tuple[BandLine, ...]:
    member_of = {c.id: c for c in org.committees if role.id in c.members}
    lines: list[BandLine] = []
    for rule in org.authority:
        activity = org.holder_name(rule.activity, lang)
        for band in sorted(rule.bands, key=lambda b: b.over):
            if band.by == role.id:
                via = ""
            elif band.by in member_of:
                via = member_of[band.by].name.get(lang)
            else:
                continue
            lines.append(BandLine(activity, format_band(band, rule.unit, lang), via))
    return tuple(lines)


def _relations(org: Org, matrix: Matrix, role_id: str, lang: str) -> tuple[RelationLine, ...]:
    order = _activity_order(org)
    carried = matrix.by_holder.get(role_id, {})
    lines = []
    for activity_id in sorted(carried, key=lambda a: (order.get(a, len(order)), a)):
        activity = org.activities.get(activity_id)
        process = org.processes_by_id.get(activity.process) if activity else None
        lines.append(
            RelationLine(
                activity_id=activity_id,
                activity_name=org.holder_name(activity_id, lang),
                process_name=process.name.get(lang) if process else "",
                letters=carried[activity_id],
            )
        )
    return tuple(lines)


def _incompatible(
    org: Org, matrix: Matrix, role_id: str, lang: str
) -> tuple[IncompatibleLine, ...]:
    """Per SoD rule the post falls under: the other activities and who carries them, and,
    where the post itself carries more than ``at_most`` of them, the breach with the
    duties behind it — a JD must never hide that its post breaks the rule."""
    lines = []
    for rule in org.sod_rules:
        carried = matrix.carried(role_id, rule.letters)
        held = [act for act in rule.activities if act in carried]
        if not held:
            continue
        others = [act for act in rule.activities if act not in carried]
        breach = _breach(org, matrix, role_id, held, rule.letters, lang) \
            if len(held) > rule.at_most else ()
        if not others and not breach:
            continue
        lines.append(
            IncompatibleLine(
                rule_id=rule.id,
                rule_name=rule.name.get(lang),
                basis=_text(rule.basis, lang),
                activities=tuple(org.holder_name(act, lang) for act in others),
                posts=tuple(_holder_ref(org, h, lang)
                            for h in _other_holders(matrix, role_id, others, rule.letters)),
                at_most=rule.at_most,
                breach=breach,
            )
        )
    return tuple(lines)


def _other_holders(matrix: Matrix, role_id: str, activities: Sequence[str],
                   letters: str) -> list[str]:
    holders: list[str] = []
    for act in activities:
        for holder, held in matrix.by_activity.get(act, {}).items():
            if holder != role_id and holder not in holders:
                if any(ch in letters for ch in held):
                    holders.append(holder)
    return holders


def _breach(org: Org, matrix: Matrix, role_id: str, held: Sequence[str], letters: str,
            lang: str) -> tuple[BreachActivity, ...]:
    return tuple(
        BreachActivity(
            activity=org.holder_name(act, lang),
            duties=tuple((d.n, d.text.get(lang))
                         for d in matrix.carrying_duties(role_id, act, letters)),
        )
        for act in held
    )


def _qualifications(role: Role, lang: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    quals = role.qualifications
    if not quals:
        return ()
    labels = LABELS[lang]
    groups = [
        ("education", (quals.education,) if quals.education else ()),
        ("experience", (quals.experience,) if quals.experience else ()),
        ("skills", quals.skills),
        ("certificates", quals.certificates),
        ("other", quals.other),
    ]
    return tuple(
        (labels[f"q_{name}"], tuple(t.get(lang) for t in items if t))
        for name, items in groups
        if any(items)
    )


def jd_context(org: Org, matrix: Matrix, role_id: str, lang: str) -> JobDescription:
    """The job description of ``role_id`` in ``lang`` (a code of ``i18n.LANGS``)."""
    role = org.roles[role_id]
    department = org.departments_by_id.get(role.department)
    reports_to = (
        _holder_ref(org, role.reports_to, lang)
        if role.reports_to and role.reports_to in org.roles
        else None
    )
    subordinates = tuple(
        _holder_ref(org, other.id, lang)
        for other in org.roles.values()
        if other.reports_to == role_id and other.id != role_id
    )
    dotted_to = tuple(_dotted_ref(org, role, boss, lang) for boss in role.dotted_to
                      if boss in org.roles and boss != role_id)
    return JobDescription(
        role_id=role_id,
        lang=lang,
        labels=LABELS[lang],
        title=role.title.get(lang),
        code=role.code,
        department=department.name.get(lang) if department else role.department,
        department_id=role.department,
        reports_to=reports_to,
        subordinates=subordinates,
        headcount=role.headcount,
        purpose=_text(role.purpose, lang) or None,
        duties=_duty_lines(org, role.duties, lang),
        authority=_authority(org, role, lang),
        relations=_relations(org, matrix, role_id, lang),
        incompatible=_incompatible(org, matrix, role_id, lang),
        qualifications=_qualifications(role, lang),
        location=_text(role.location, lang) or None,
        salary=(format_salary(role.salary, lang) or None) if role.salary else None,
        org_name=org.name.get(lang),
        vacant=bool(org.people) and not any(
            role_id in p.holds or role_id in p.acting for p in org.people),
        dotted_to=dotted_to,
    )
