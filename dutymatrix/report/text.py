"""The human report: findings grouped by file, coloured by severity on a terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from itertools import groupby
from typing import TYPE_CHECKING

from dutymatrix.checks._common import named
from dutymatrix.checks.dm4_fixes import move_in_words
from dutymatrix.findings import Finding, Severity
from dutymatrix.i18n import N_, tr
from dutymatrix.messages import Msg, render
from dutymatrix.model import Org
from dutymatrix.report.common import ReportOptions, hint_line, summary_line
from dutymatrix.safetext import visible

if TYPE_CHECKING:
    from dutymatrix.engine import CheckResult

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


class _Paint:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled else text


def render_findings_text(result: CheckResult, options: ReportOptions) -> str:
    paint, lang = _Paint(options.color), options.lang
    lines: list[str] = []
    active = result.active_findings
    for file, group in groupby(active, key=lambda f: f.loc.file if f.loc else ""):
        lines.append(paint("1", file or tr(lang, N_("(the org as a whole)"))))
        for finding in group:
            lines.extend(_finding_lines(finding, paint, lang, result.org))
        lines.append("")
    waived = result.waived_findings
    if waived:
        lines.append(paint("1", tr(lang, N_("waived"))))
        for finding in waived:
            where = f"{finding.loc.file}:{finding.loc.line}" if finding.loc else ""
            lines.append(paint("2", "  " + tr(
                lang, N_("{rule} {name} on {subject} at {where}; waiver at {waiver}"),
                rule=finding.rule, name=finding.name, where=where,
                subject=render(_named(result.org, finding.subject), lang),
                waiver=finding.waived_by)))
        lines.append("")
    if result.load_failed:
        lines.append(paint("31;1", tr(lang, N_("the model could not be loaded; fix these "
                                               "problems first"))))
    lines.append(summary_line(result.summary, lang))
    return "\n".join(lines)


def _named(org: Org | None, ident: str) -> Msg | str:
    """A waived finding's subject by its name, the id after it (the bare id without one)."""
    return named(org, ident) if org is not None and ident else ident


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _padded(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _finding_lines(finding: Finding, paint: _Paint, lang: str, org: Org | None
                   ) -> list[str]:
    where = f"{finding.loc.line}:{finding.loc.col}" if finding.loc else "-"
    severity = paint(_COLOURS[finding.severity], _padded(finding.severity.label(lang), 7))
    lines = [f"  {where:<8} {severity} {paint('1', finding.rule)} {finding.name}: "
             f"{finding.message}"]
    pad = " " * 11
    for label, loc in finding.places:
        lines.append(paint("2", f"{pad}{label}  {loc}"))
    if finding.hint:
        lines.append(paint("2", pad + hint_line(finding.hint, lang)))
    if finding.fixes is not None:
        lines.append(paint("2", f"{pad}{fixes_line(finding, lang, org)}"))
    return lines


def fixes_line(finding: Finding, lang: str = "en", org: Org | None = None) -> str:
    """"verified moves: move duty 2 of A (a#2) to B (b); move …" (可行的调整：…) — or
    that none exists; by id alone without ``org``."""
    moves = [move_in_words(org, fix).render(lang) for fix in finding.fixes or ()]
    if not moves:
        return tr(lang, N_("verified moves: none — no single duty move clears it"))
    separator = "; " if lang == "en" else "；"
    return tr(lang, N_("verified moves: {moves}"), moves=separator.join(moves))


def render_plain(findings: Iterable[Finding], lang: str = "en") -> str:
    """One uncoloured block per finding, ``file:line:col: severity ID name: message``
    (hidden characters written out: this goes to stderr)."""
    lines: list[str] = []
    for finding in sorted(findings, key=Finding.sort_key):
        finding = finding.in_lang(lang)
        where = str(finding.loc) if finding.loc else tr(lang, N_("(no file)"))
        lines.append(f"{where}: {finding.severity.label(lang)} {finding.rule} {finding.name}: "
                     f"{finding.message}")
        lines.extend(f"    {label}  {loc}" for label, loc in finding.places)
        if finding.hint:
            lines.append("    " + hint_line(finding.hint, lang))
    return visible("\n".join(lines))
