"""Report formats for ``dutymatrix check``: each turns a CheckResult into one string.

Reporters never print; the CLI writes their output to stdout. ``FORMATTERS`` is the one
table of formats: the CLI's ``--format`` choice is built from it. Every formatter gets
findings whose text (messages, hints, ids, file names) has its hidden characters written
out (``safetext``): no report carries a raw escape sequence or bidi override. The rest of
a report is the tool's own text and the catalogue's (its examples written out the same
way). A formatter module is imported only when its format is used; formatters import
``ReportOptions`` from ``report.common``, never from this package (no import cycle).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from dutymatrix.findings import Finding
from dutymatrix.model import Loc
from dutymatrix.report.common import ReportOptions
from dutymatrix.safetext import HIDDEN, visible

if TYPE_CHECKING:
    from dutymatrix.engine import CheckResult

Formatter = Callable[["CheckResult", ReportOptions], str]


def _visible_loc(loc: Loc | None) -> Loc | None:
    if loc is None or HIDDEN.search(loc.file) is None:
        return loc
    return dataclasses.replace(loc, file=visible(loc.file))


def _texts(finding: Finding) -> Iterator[str]:
    """Every text of ``finding`` a report shows."""
    yield finding.message
    yield finding.hint
    yield finding.subject
    yield from finding.related
    for label, loc in finding.places:
        yield label
        yield loc.file
    if finding.loc is not None:
        yield finding.loc.file
    if finding.waived_by is not None:
        yield finding.waived_by.file


def visible_finding(finding: Finding) -> Finding:
    """``finding`` with hidden characters in its text written out (itself when none)."""
    # One search over all its text (a finding may relate hundreds of ids).
    if HIDDEN.search("\n".join(_texts(finding))) is None:
        return finding
    return dataclasses.replace(
        finding, message=visible(finding.message), hint=visible(finding.hint),
        subject=visible(finding.subject), related=tuple(map(visible, finding.related)),
        loc=_visible_loc(finding.loc),
        places=tuple((visible(label), _visible_loc(loc) or loc) for label, loc in finding.places),
        waived_by=_visible_loc(finding.waived_by))


def _safe(formatter: Formatter) -> Formatter:
    """The formatter on findings whose text has no hidden character left raw."""

    @functools.wraps(formatter)
    def run(result: CheckResult, options: ReportOptions) -> str:
        # One search over every finding's text first: hidden characters are rare, and
        # tens of thousands of findings are then passed on as they are.
        every_text = "\n".join(text for f in result.findings for text in _texts(f))
        if HIDDEN.search(every_text) is not None:
            result = dataclasses.replace(
                result, findings=[visible_finding(f) for f in result.findings])
        return formatter(result, options)

    return run


def _text(result: CheckResult, options: ReportOptions) -> str:
    from dutymatrix.report.text import render_findings_text

    return render_findings_text(result, options)


def _json(result: CheckResult, options: ReportOptions) -> str:
    from dutymatrix.report.jsonfmt import render_json

    return render_json(result, options)


def _sarif(result: CheckResult, options: ReportOptions) -> str:
    from dutymatrix.report.sarif import render_sarif

    return render_sarif(result, options)


def _junit(result: CheckResult, options: ReportOptions) -> str:
    from dutymatrix.report.junit import render_junit

    return render_junit(result, options)


def _github(result: CheckResult, options: ReportOptions) -> str:
    from dutymatrix.report.github import render_github

    return render_github(result, options)


FORMATTERS: dict[str, Formatter] = {
    name: _safe(formatter)
    for name, formatter in (
        ("text", _text),
        ("json", _json),
        ("sarif", _sarif),
        ("junit", _junit),
        ("github", _github),
    )
}

__all__ = ["FORMATTERS", "Formatter", "ReportOptions"]
