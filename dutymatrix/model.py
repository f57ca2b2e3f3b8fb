"""The resolved org model: frozen dataclasses that every other layer reads.

Stdlib only. The loader builds these; nothing mutates them afterwards. Every object
knows where it was written (``loc``), and ``locs`` maps a field name to the position
of that field's value, so a finding can point at the exact line a user must change.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

RACI_LETTERS = "RACI"
RASCI_LETTERS = "RASCI"


@dataclass(frozen=True, order=True)
class Loc:
    """A position in a model file; ``line`` and ``col`` are 1-based."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


def _no_locs() -> Mapping[str, Loc]:
    return {}


@dataclass(frozen=True)
class Text:
    """A text field: a plain string, or a ``{zh: …, en: …, zh-TW: …}`` mapping.

    ``zh`` is simplified Chinese, ``zh_tw`` (written ``zh-TW``) traditional Chinese.
    """

    plain: str | None = None
    zh: str | None = None
    en: str | None = None
    zh_tw: str | None = None

    def get(self, lang: str = "zh") -> str:
        """The text in ``lang`` (``zh``/``zh-CN``, ``zh-TW`` or ``en``), falling back to
        whatever the user wrote. zh-TW reads the ``zh-TW`` side, else the simplified one
        (a renderer converts that for display)."""
        if self.plain is not None:
            return self.plain
        if lang == "en":
            order = (self.en, self.zh, self.zh_tw)
        elif lang == "zh-TW":
            order = (self.zh_tw, self.zh, self.en)
        else:
            order = (self.zh, self.en, self.zh_tw)
        return next((side for side in order if side is not None), "")

    def to_json(self) -> str | dict[str, str]:
        if self.plain is not None:
            return self.plain
        sides = (("zh", self.zh), ("en", self.en), ("zh-TW", self.zh_tw))
        return {k: v for k, v in sides if v is not None}

    def __str__(self) -> str:
        return self.get("zh")

    def __bool__(self) -> bool:
        return bool(self.plain or self.zh or self.en or self.zh_tw)


@dataclass(frozen=True)
class Duty:
    """A numbered duty (岗位职责 n) of a department, role or committee."""

    owner: str  # id of the department, role or committee
    n: int  # 1-based position within its owner
    text: Text
    raci: Mapping[str, str] = field(default_factory=dict, hash=False, compare=True)
    """activity id → letters (``"A"``, ``"R"``, …) this duty gives the owner."""
    loc: Loc = field(default=Loc("<none>"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=_no_locs, hash=False, compare=False)
    """``raci.<activity>`` → position of that entry; ``text`` → position of the text."""
    profile: str | None = field(default=None, compare=False)
    """For a post's duty taken from a job profile: the profile's id (``loc`` is then the
    profile's line); ``profile_n`` is the duty's number in the profile."""
    profile_n: int = field(default=0, compare=False)

    @property
    def ref(self) -> str:
        return f"{self.owner}#{self.n}"


@dataclass(frozen=True)
class Activity:
    id: str  # full id: "<process>.<local>"
    process: str
    name: Text
    dual_control: bool = False
    loc: Loc = field(default=Loc("<none>"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=_no_locs, hash=False, compare=False)


@dataclass(frozen=True)
class Process:
    id: str
    name: Text
    activities: tuple[Activity, ...] = ()
    loc: Loc = field(default=Loc("<none>"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=_no_locs, hash=False, compare=False)


@dataclass(frozen=True)
class Qualifications:
    education: Text | None = None
    experience: Text | None = None
    skills: tuple[Text, ...] = ()
    certificates: tuple[Text, ...] = ()
    other: tuple[Text, ...] = ()
    loc: Loc = field(default=Loc("<none>"), compare=False)

    def __bool__(self) -> bool:
        return bool(
            self.education or self.experience or self.skills or self.certificates or self.other
        )


@dataclass(frozen=True)
class Salary:
    min: float | None = None
    max: float | None = None
    per: str = "month"  # month | year | hour | day
    currency: str = "CNY"
    loc: Loc = field(default=Loc("<none>"), compare=False)


@dataclass(frozen=True)
class Role:
    """A post (岗位)."""

    id: str
    title: Text
    department: str
    code: str | None = None
    reports_to: str | None = None  # a role id
    headcount: int | None = None
    key: bool = False
    backup: str | None = None  # a role id (B 角)
    purpose: Text | None = None
    duties: tuple[Duty, ...] = ()
    qualifications: Qualifications | None = None
    location: Text | None = None
    salary: Salary | None = None
    profile: str | None = None  # the job profile (标准岗位) this post instantiates
    omit: tuple[int, ...] = ()  # profile duty numbers this post does not carry
    dotted_to: tuple[str, ...] = ()  # role ids: 业务指导上级 (dotted lines, not the tree)
    inherited: frozenset[str] = field(default=frozenset(), compare=False)
    """Fields taken from the profile (the post did not write them)."""
    loc: Loc = field(default=Loc("<none>"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=_no_locs, hash=False, compare=False)


@dataclass(frozen=True)
class Profile:
    """A job profile (标准岗位) that posts of many departments instantiate.

    Texts keep their ``{department}``, ``{post}`` and ``{org}`` placeholders; the loader
    fills them per post. Duties are owned by the profile id, numbered in the profile.
    """

    id: str
    title: Text
    purpose: Text | None = None
    duties: tuple[Duty, ...] = ()
    qualifications: Qualifications | None = None
    key: bool | None = None
    headcount: int | None = None
    location: Text | None = None
    salary: Salary | None = None
    loc: Loc = field(default=Loc("<none>"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=_no_locs, hash=False, compare=False)


@dataclass(frozen=True)
class Department:
    id: str
    name: Text
    parent: str | None = None
    duties: tuple[Duty, ...] = ()
    roles: tuple[Role, ...] = ()
    loc: Loc = field(default=Loc("<none>"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=_no_locs, hash=False, compare=False)


@dataclass(frozen=True)
class Committee:
    """A decision body (审贷委员会); its members are posts."""

    id: str
    name: Text
    members: tuple[str, ...] = ()
    recusal: bool = False
    duties: tuple[Duty, ...] = ()
    loc: Loc = field(default=Loc("<none>"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=_no_locs, hash=False, compare=False)


@dataclass(frozen=True)
class Person:
    id: str
    name: Text
    holds: tuple[str, ...] = ()
    acting: tuple[str, ...] = ()  # 兼岗 / acting posts
    loc: Loc = field(default=Loc("<none>"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=_no_locs, hash=False, compare=False)


@dataclass(frozen=True)
class SodRule:
    """A segregation-of-duties rule (不相容岗位分离)."""

    id: str
    name: Text
    activities: tuple[str, ...]
    at_most: int = 1
    letters: str = "RA"
    severity: str = "error"
    basis: Text | None = None
    loc: Loc = field(default=Loc("<none>"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=_no_locs, hash=False, compare=False)


@dataclass(frozen=True)
class Band:
    """One approval band: amounts in ``(over, up_to]`` are approved by ``by``."""

    by: str  # a role or committee id
    over: float = 0
    up_to: float | None = None  # None = no upper bound
    loc: Loc = field(default=Loc("<none>"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=_no_locs, hash=False, compare=False)


@dataclass(frozen=True)
class AuthorityRule:
    activity: str
    bands: tuple[Band, ...]
    unit: str = "CNY"
    loc: Loc = field(default=Loc("<none>"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=_no_locs, hash=False, compare=False)


@dataclass(frozen=True)
class Waiver:
    rule: str  # an SoD rule id or a check id (DMnnn)
    subject: str
    reason: Text
    control: Text | None = None
    approved_by: str | None = None
    expires: _dt.date | None = None
    loc: Loc = field(default=Loc("<none>"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=_no_locs, hash=False, compare=False)


@dataclass(frozen=True)
class CheckConfig:
    """The ``checks:`` section: which rules run, at what severity, with which options."""

    disable: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict, hash=False)
    options: Mapping[str, Mapping[str, object]] = field(default_factory=dict, hash=False)
    loc: Loc = field(default=Loc("<none>"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=_no_locs, hash=False, compare=False)


@dataclass(frozen=True)
class Org:
    id: str
    name: Text
    locale: str = "zh-CN"
    raci: str = RACI_LETTERS
    processes: tuple[Process, ...] = ()
    profiles: tuple[Profile, ...] = ()
    departments: tuple[Department, ...] = ()
    committees: tuple[Committee, ...] = ()
    people: tuple[Person, ...] = ()
    sod_rules: tuple[SodRule, ...] = ()
    authority: tuple[AuthorityRule, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    checks: CheckConfig = field(default_factory=CheckConfig)
    root: str = "."  # the org folder as the user named it
    files: tuple[str, ...] = ()  # model files read, relative paths as reported
    loc: Loc = field(default=Loc("<none>"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=_no_locs, hash=False, compare=False)

    # Indexes, built on first use. cached_property writes to __dict__ directly, which a
    # frozen dataclass allows.
    @cached_property
    def roles(self) -> Mapping[str, Role]:
        return {r.id: r for d in self.departments for r in d.roles}

    @cached_property
    def profiles_by_id(self) -> Mapping[str, Profile]:
        return {p.id: p for p in self.profiles}

    @cached_property
    def departments_by_id(self) -> Mapping[str, Department]:
        return {d.id: d for d in self.departments}

    @cached_property
    def committees_by_id(self) -> Mapping[str, Committee]:
        return {c.id: c for c in self.committees}

    @cached_property
    def people_by_id(self) -> Mapping[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def processes_by_id(self) -> Mapping[str, Process]:
        return {p.id: p for p in self.processes}

    @cached_property
    def activities(self) -> Mapping[str, Activity]:
        return {a.id: a for p in self.processes for a in p.activities}

    @cached_property
    def sod_rules_by_id(self) -> Mapping[str, SodRule]:
        return {r.id: r for r in self.sod_rules}

    @cached_property
    def authority_by_activity(self) -> Mapping[str, AuthorityRule]:
        return {a.activity: a for a in self.authority}

    def holder_name(self, holder_id: str, lang: str = "zh") -> str:
        """Display name of a role, committee, department, person or activity id."""
        if holder_id in self.roles:
            return self.roles[holder_id].title.get(lang)
        for index in (self.committees_by_id, self.departments_by_id, self.people_by_id):
            if holder_id in index:
                return index[holder_id].name.get(lang)
        if holder_id in self.activities:
            return self.activities[holder_id].name.get(lang)
        return holder_id

    def all_duties(self) -> Iterator[Duty]:
        """Every duty of every department, role and committee, in model order."""
        for dept in self.departments:
            yield from dept.duties
            for role in dept.roles:
                yield from role.duties
        for committee in self.committees:
            yield from committee.duties
