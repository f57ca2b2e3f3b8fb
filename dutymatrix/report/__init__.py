"""Report formats for ``dutymatrix check``: each turns a CheckResult into one string.

Reporters never print; the CLI writes their output to stdout. ``FORMATTERS`` is the one
table the ``--format`` choice is built from.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dutymatrix.engine import CheckResult


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False  # ANSI colours (text format on a terminal only)


Formatter = Callable[["CheckResult", ReportOptions], str]


def _gc_paused(formatter: Formatter) -> Formatter:
    """Run a formatter with the cyclic GC paused.

    A report of a large org builds tens of thousands of small dicts next to the live
    model; each full collection would rescan the whole model (a third of the JSON time).
    """

    @functools.wraps(formatter)
    def run(result: CheckResult, options: ReportOptions) -> str:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return formatter(result, options)
        finally:
            if was_enabled:
                gc.enable()

    return run


def _text(result: CheckResult, options: ReportOptions) -> str:
    from dutymatrix.report.text import render_text

    return render_text(result, options)


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
    name: _gc_paused(formatter)
    for name, formatter in (
        ("text", _text),
        ("json", _json),
        ("sarif", _sarif),
        ("junit", _junit),
        ("github", _github),
    )
}
