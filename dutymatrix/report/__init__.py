"""Report formats for ``dutymatrix check``: each turns a CheckResult into one string.

Reporters never print; the CLI writes their output to stdout. ``FORMATTERS`` is the one
table of formats: the CLI's ``--format`` choice is built from it. A formatter module is
imported only when its format is used; formatters import ``ReportOptions`` from
``report.common``, never from this package, so there is no import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dutymatrix.report.common import ReportOptions

if TYPE_CHECKING:
    from dutymatrix.engine import CheckResult

Formatter = Callable[["CheckResult", ReportOptions], str]


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
    "text": _text,
    "json": _json,
    "sarif": _sarif,
    "junit": _junit,
    "github": _github,
}

__all__ = ["FORMATTERS", "Formatter", "ReportOptions"]
