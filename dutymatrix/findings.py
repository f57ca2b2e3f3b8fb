"""Findings, severities and the rule descriptor shared by the loader and the checks.

Stdlib only. A rule produces findings through ``Rule.finding``; the engine — not the
rule — stamps the configured severity and applies waivers.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from dutymatrix.i18n import N_, tr
from dutymatrix.messages import Msg, render
from dutymatrix.model import Loc
from dutymatrix.options import Option

if TYPE_CHECKING:
    from dutymatrix.model import Org


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]

    def label(self, lang: str) -> str:
        """The severity as a reader says it: 错误, 錯誤, error (``str()`` is the key)."""
        return tr(lang, _SEVERITY_WORDS[self])


_NOWHERE = Loc("")
_SEVERITY_WORDS = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning"),
                   Severity.INFO: N_("info")}


@dataclass(frozen=True)
class Finding:
    rule: str  # "DM401"
    name: str  # "sod-conflict"
    severity: Severity
    message: str
    loc: Loc | None
    subject: str = ""  # id of the post, person, committee, activity, department or waiver
    related: tuple[str, ...] = ()
    hint: str = ""  # how to fix it, one line
    # Extra located places a reader needs (the duties that carry a conflict, the other
    # copy of a duplicate key): (label, Loc).
    places: tuple[tuple[str, Loc], ...] = field(default=(), compare=False)
    waived_by: Loc | None = field(default=None, compare=False)
    # DM401/DM402: verified single duty moves that clear the conflict, best first
    # ({"move": "owner#n", "to": "post-id"}); None when they were not searched for.
    fixes: tuple[Mapping[str, str], ...] | None = field(default=None, compare=False)
    # The message, hint and place labels before they were put into words (``Msg``), so a
    # report can say them in its reader's language (``in_lang``); None: plain text only.
    text: Msg | None = field(default=None, compare=False, repr=False)
    hint_text: Msg | None = field(default=None, compare=False, repr=False)
    place_labels: tuple[str | Msg, ...] = field(default=(), compare=False, repr=False)
    # Edits made to the worded message after the rule (a path relocated, "[old version]"):
    # applied again whenever the message is said in another language.
    rewrites: tuple[Callable[[str, str], str], ...] = field(default=(), compare=False,
                                                             repr=False)

    def rewritten(self, rewrite: Callable[[str, str], str], lang: str = "en") -> Finding:
        """This finding with ``rewrite(message, lang)`` applied now and after ``in_lang``."""
        return replace(self, message=rewrite(self.message, lang),
                       rewrites=(*self.rewrites, rewrite))

    def in_lang(self, lang: str) -> Finding:
        """This finding with its message, hint and place labels in ``lang``."""
        if self.text is None and self.hint_text is None and not self.place_labels:
            return self
        worded: dict[str, Any] = {}
        if self.place_labels:
            worded["places"] = tuple(
                (render(label, lang), loc)
                for label, (_, loc) in zip(self.place_labels, self.places, strict=True))
        if self.text is not None:
            message = self.text.render(lang)
            for rewrite in self.rewrites:
                message = rewrite(message, lang)
            worded["message"] = message
        if self.hint_text is not None:
            worded["hint"] = self.hint_text.render(lang)
        return self.with_fields(**worded)

    def with_fields(self, **changes: Any) -> Finding:
        """A copy with ``changes`` (what ``dataclasses.replace`` does, a fifth of the cost:
        a report copies every finding once, and a large org has tens of thousands)."""
        unknown = changes.keys() - _FINDING_FIELDS
        if unknown:
            raise TypeError(f"Finding has no field {', '.join(sorted(unknown))}")
        copy = object.__new__(Finding)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(changes)
        return copy

    def __getattr__(self, name: str) -> Any:
        # Only reached for a field not yet set: the English message of a finding made by
        # ``Rule.finding``, worded on first use. Most findings are only ever read in the
        # report's language (``in_lang``), so English is never worded for them.
        known = self.__dict__
        if name != "message" or known.get("text") is None:
            raise AttributeError(name)
        value = known["message"] = known["text"].render("en")
        return value

    def place_key(self) -> tuple[Any, ...]:
        """``sort_key`` without the message: where, which rule, which subject."""
        loc = self.loc or _NOWHERE
        return (loc.file, loc.line, loc.col, self.rule, self.subject)

    def sort_key(self) -> tuple[Any, ...]:
        loc = self.loc or _NOWHERE
        return (loc.file, loc.line, loc.col, self.rule, self.subject, self.message)

    def with_severity(self, severity: Severity) -> Finding:
        return self.with_fields(severity=severity)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "file": self.loc.file if self.loc else None,
            "line": self.loc.line if self.loc else None,
            "column": self.loc.col if self.loc else None,
            "subject": self.subject,
            "related": list(self.related),
        }
        if self.hint:
            data["hint"] = self.hint
        if self.places:
            data["places"] = [
                {"label": label, "file": loc.file, "line": loc.line, "column": loc.col}
                for label, loc in self.places
            ]
        if self.waived_by:
            data["waived_by"] = str(self.waived_by)
        if self.fixes is not None:
            data["fixes"] = [dict(fix) for fix in self.fixes]
        return data


_FINDING_FIELDS = frozenset(f.name for f in fields(Finding))

CheckFn = Callable[["RuleContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A catalogue entry: one check with a stable id, and its documentation.

    The documentation comes in the sections ``explain`` prints, in this order: what the
    rule finds (``finds``), why it matters (``why``), its options (``options``, typed),
    its examples (data: ``dutymatrix/checks/examples/<id>.yaml``) and how to fix a
    finding (``fix``). ``check`` is None for the loader's rules (DM1xx, raised while
    reading) and the waiver rules (DM6xx, raised by the engine).
    """

    id: str
    name: str
    severity: Severity
    summary: str
    finds: str
    why: str
    fix: str
    check: CheckFn | None = None
    options: Mapping[str, Option] = field(default_factory=dict, hash=False, compare=False)
    # The check honours ``RuleContext.scope``: what it says of the scope's holders,
    # activities and departments depends on nothing outside them, so the engine can run
    # it on the part of a moved model that a duty move touched (verifying a fix).
    scoped: bool = False

    @property
    def family(self) -> str:
        return self.id[:3] + "xx"

    def finding(
        self,
        message: str | Msg,
        loc: Loc | None,
        subject: str = "",
        related: Iterable[str] = (),
        hint: str | Msg = "",
        places: Iterable[tuple[str | Msg, Loc]] = (),
    ) -> Finding:
        """A finding of this rule; a ``Msg`` message or hint is said in English until a
        report asks for another language (``Finding.in_lang``)."""
        placed = tuple((label, loc) for label, loc in places)
        worded_labels = all(label.__class__ is str for label, _ in placed)
        made = object.__new__(Finding)
        # Fields set directly (no __init__): a Msg message is left unworded here, worded
        # in English only if someone reads it (``Finding.__getattr__``).
        made.__dict__.update(
            rule=self.id, name=self.name, severity=self.severity, loc=loc, subject=subject,
            related=tuple(related), hint=render(hint, "en"),
            places=placed if worded_labels else tuple(
                (render(label, "en"), loc) for label, loc in placed),
            waived_by=None, fixes=None,
            text=message if isinstance(message, Msg) else None,
            hint_text=hint if isinstance(hint, Msg) else None,
            place_labels=() if worded_labels else tuple(label for label, _ in placed),
            rewrites=())
        if not isinstance(message, Msg):
            made.__dict__["message"] = message
        return made

    def doc(self, lang: str) -> dict[str, str]:
        """summary, finds, why and fix in ``lang`` (English where not translated). Each is
        a format string without parameters, as every message is: a brace is ``{{``."""
        return {name: tr(lang, getattr(self, name)).format() if getattr(self, name) else ""
                for name in ("summary", "finds", "why", "fix")}


@dataclass(frozen=True)
class Scope:
    """The part of a model one change touched: the holders whose duties changed; the
    activities whose holders changed, each with the letters whose holders changed; the
    departments of those holders; and the SoD subjects (``matrix.SodSubject``) that take
    their duties from those holders, checked under the SoD rules whose activities the
    moved duty carries (``moved``: what a subject carries, and through which duties,
    changes only there)."""

    holders: frozenset[str]
    activities: Mapping[str, frozenset[str]]
    departments: frozenset[str]
    subjects: tuple[Any, ...] = ()
    moved: Mapping[str, str] = field(default_factory=dict)  # the moved duty's RACI


@dataclass(frozen=True)
class RuleContext:
    """What a check reads: the org, the derived matrix and the options of its rules.

    ``options`` holds, for each rule the check function reports, the value of every
    option of that rule (the configured one, else the default), already of the declared
    type; read one with ``ctx.option(RULE, "name")``. With a ``scope`` (rules marked
    ``scoped`` only), a check looks at the scope alone: it walks ``ctx.activities()``,
    ``ctx.departments()`` and ``ctx.posts()`` rather than the whole org.
    """

    org: Org
    matrix: Any  # dutymatrix.matrix.Matrix (typed loosely to keep this module stdlib-only)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    scope: Scope | None = None

    def option(self, rule: Rule, name: str) -> Any:
        values = self.options.get(rule.id)
        if values is not None and name in values:
            return values[name]
        return rule.options[name].default

    def activities(self, letters: str) -> Iterable[Any]:
        """The org's activities in model order; with a scope, those whose holders of any
        of ``letters`` changed (what a check that reads only those letters can see)."""
        every = self.org.activities
        if self.scope is None:
            return every.values()
        return [every[a] for a, changed in sorted(self.scope.activities.items())
                if a in every and changed & set(letters)]

    def authority(self, letters: str) -> Iterable[Any]:
        """The approval-band rules (``rules.authority``); with a scope, those of the
        activities whose holders of any of ``letters`` changed."""
        if self.scope is None:
            return self.org.authority
        wanted = {a for a, changed in self.scope.activities.items() if changed & set(letters)}
        if not wanted:
            return []
        return [rule for rule in self.org.authority if rule.activity in wanted]

    def departments(self) -> Iterable[Any]:
        if self.scope is None:
            return self.org.departments
        every = self.org.departments_by_id
        return [every[d] for d in sorted(self.scope.departments) if d in every]

    def posts(self) -> Iterable[Any]:
        if self.scope is None:
            return self.org.roles.values()
        every = self.org.roles
        return [every[h] for h in sorted(self.scope.holders) if h in every]


def sort_findings(findings: list[Finding]) -> None:
    """Sort ``findings`` in place by ``Finding.sort_key``, wording a message in English
    only to break a tie of place, rule and subject (rare: most are never worded)."""
    findings.sort(key=Finding.place_key)
    start = 0
    keys = [f.place_key() for f in findings]
    while start < len(findings):
        end = start + 1
        while end < len(findings) and keys[end] == keys[start]:
            end += 1
        if end - start > 1:
            findings[start:end] = sorted(findings[start:end], key=lambda f: f.message)
        start = end


def summarize(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0, "waived": 0}
    for f in findings:
        if f.waived_by is not None:
            counts["waived"] += 1
        else:
            counts[str(f.severity)] += 1
    return counts


def active(findings: Iterable[Finding]) -> Iterator[Finding]:
    """Findings that are not waived."""
    return (f for f in findings if f.waived_by is None)
