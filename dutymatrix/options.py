"""Typed rule options: what a rule accepts under ``checks.options.DMnnn``. Stdlib only.

A rule declares each option once::

    options={"threshold": Option(float, 0.8, "Jaccard index at which …", between(0, 1,
                                 low_open=True))}

and that one declaration is used three times: the engine checks a configured value with
``Option.coerce`` (a DM124 finding at the value when it does not fit), ``explain`` prints
``Option.describe`` and the doc, and the JSON Schema's ``checks.options`` is made from
``Option.json_schema``. A rule's check reads the value the engine resolved
(``ctx.option(RULE, "threshold")``), already of the declared type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dutymatrix.i18n import N_
from dutymatrix.messages import Msg

# The types an option may have, as a YAML author writes them.
OPTION_TYPES: dict[Any, str] = {
    bool: N_("true or false"),
    int: N_("a whole number"),
    float: N_("a number"),
    str: N_("a string"),
    list: N_("a list of strings"),
}
_SCHEMA_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string"}


@dataclass(frozen=True)
class Bound:
    """A numeric range: ``low``/``high`` (None: unbounded), each end open or closed."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    def __call__(self, value: float) -> bool:
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        return self.high is None or (value < self.high if self.high_open else value <= self.high)

    def describe(self) -> str | Msg:
        """`` ≥ 1``, `` in (0, 1]`` (a ``Msg``: "in" is a word)."""
        if self.high is None and self.low is not None:
            return f" {'>' if self.low_open else '≥'} {_number(self.low)}"
        if self.low is None and self.high is not None:
            return f" {'<' if self.high_open else '≤'} {_number(self.high)}"
        if self.low is None or self.high is None:
            return ""
        interval = (f"{'(' if self.low_open else '['}{_number(self.low)}, "
                    f"{_number(self.high)}{')' if self.high_open else ']'}")
        return Msg(N_(" in {interval}"), interval=interval)

    def json_schema(self) -> dict[str, float]:
        schema: dict[str, float] = {}
        if self.low is not None:
            schema["exclusiveMinimum" if self.low_open else "minimum"] = self.low
        if self.high is not None:
            schema["exclusiveMaximum" if self.high_open else "maximum"] = self.high
        return schema


def at_least(low: float) -> Bound:
    return Bound(low=low)


def between(low: float, high: float, low_open: bool = False, high_open: bool = False) -> Bound:
    return Bound(low, high, low_open, high_open)


def _number(value: float) -> str:
    """2 (not 2.0), 0.8; a whole number of any size in digits, cut after 20 of them."""
    if isinstance(value, int):
        digits = str(value)
        return digits if len(digits) <= 20 else digits[:20] + "…"
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _shown(value: Any) -> str:
    """A value as the YAML author wrote it: 2 (not 2.0), true, 'text'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


@dataclass(frozen=True)
class Option:
    """One option of a rule: its type, default, one-line doc and an optional check.

    ``validator`` is a ``Bound`` for numbers (it also goes into the JSON Schema), or any
    callable that says whether a value of the right type is acceptable.
    """

    type: type
    default: Any
    doc: str
    validator: Bound | Callable[[Any], bool] | None = None

    def __post_init__(self) -> None:
        if self.type not in OPTION_TYPES:
            raise TypeError(f"option type {self.type!r} is not one of {list(OPTION_TYPES)}")
        error, _ = self.coerce(self.default)
        if error:
            raise ValueError(f"default {self.default!r} does not fit: {error}")

    def expected(self) -> Msg:
        """What a value must be: ``a whole number ≥ 1``, ``a number in (0, 1]``."""
        bound = self.validator.describe() if isinstance(self.validator, Bound) else ""
        return Msg(N_("{kind}{bound}"), kind=Msg(OPTION_TYPES[self.type]), bound=bound)

    def describe(self) -> Msg:
        """``a number in (0, 1], default 0.8`` (for ``explain``)."""
        return Msg(N_("{expected}, default {default}"), expected=self.expected(),
                   default=_shown(self.default))

    def coerce(self, value: Any) -> tuple[str | Msg, Any]:
        """(error, value): ``value`` as the declared type, or why it cannot be ("")."""
        kind, given = self.type, _shown(value)
        wrong = Msg(N_("expected {expected}, got {given}"), expected=self.expected(),
                    given=given)
        if kind is bool:
            return ("", value) if isinstance(value, bool) else (
                Msg(N_("expected true or false")), None)
        if kind in (int, float):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return Msg(N_("expected a number, got {given}"), given=given), None
            if kind is int and isinstance(value, float) and not value.is_integer():
                return wrong, None
            try:
                value = kind(value)
            except OverflowError:  # a whole number too large for a float
                return wrong, None
        elif kind is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return Msg(N_("expected a list of strings")), None
            value = list(value)
        elif not isinstance(value, kind):
            return wrong, None
        if self.validator is not None and not self.validator(value):
            return wrong, None
        return "", value

    def json_schema(self) -> dict[str, Any]:
        if self.type is list:
            schema: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
        else:
            schema = {"type": _SCHEMA_TYPES[self.type]}
        if isinstance(self.validator, Bound):
            schema.update(self.validator.json_schema())
        return {**schema, "default": self.default, "description": self.doc}
