"""Findings, severities and the rule descriptor shared by the loader and the checks.

Stdlib only. A rule produces findings through ``Rule.finding``; the engine — not the
rule — stamps the configured severity and applies waivers.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

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

    def sort_key(self) -> tuple[Any, ...]:
        loc = self.loc or Loc("")
        return (loc.file, loc.line, loc.col, self.rule, self.subject, self.message)

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

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
        return data


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

    @property
    def family(self) -> str:
        return self.id[:3] + "xx"

    def finding(
        self,
        message: str,
        loc: Loc | None,
        subject: str = "",
        related: Iterable[str] = (),
        hint: str = "",
        places: Iterable[tuple[str, Loc]] = (),
    ) -> Finding:
        return Finding(
            rule=self.id,
            name=self.name,
            severity=self.severity,
            message=message,
            loc=loc,
            subject=subject,
            related=tuple(related),
            hint=hint,
            places=tuple(places),
        )


@dataclass(frozen=True)
class RuleContext:
    """What a check reads: the org, the derived matrix and the options of its rules.

    ``options`` holds, for each rule the check function reports, the value of every
    option of that rule (the configured one, else the default), already of the declared
    type; read one with ``ctx.option(RULE, "name")``.
    """

    org: Org
    matrix: Any  # dutymatrix.matrix.Matrix (typed loosely to keep this module stdlib-only)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def option(self, rule: Rule, name: str) -> Any:
        values = self.options.get(rule.id)
        if values is not None and name in values:
            return values[name]
        return rule.options[name].default


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
