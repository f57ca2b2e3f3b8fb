"""The human report: findings grouped by file, coloured by severity on a terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from itertools import groupby
from typing import TYPE_CHECKING

from dutymatrix.findings import Finding, Severity
from dutymatrix.i18n import N_, tr
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
            lines.extend(_finding_lines(finding, paint, lang))
        lines.append("")
    waived = result.waived_findings
    if waived:
        lines.append(paint("1", tr(lang, N_("waived"))))
        for finding in waived:
            where = f"{finding.loc.file}:{finding.loc.line}" if finding.loc else ""
            lines.append(paint("2", "  " + tr(
                lang, N_("{rule} {name} on {subject} ({where}), waiver at {waiver}"),
                rule=finding.rule, name=finding.name, subject=finding.subject, where=where,
                waiver=finding.waived_by)))
        lines.append("")
    if result.load_failed:
        lines.append(paint("31;1", tr(lang, N_("the model could not be loaded; fix these "
                                               "problems first"))))
    lines.append(summary_line(result.summary, lang))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _padded(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _finding_lines(finding: Finding, paint: _Paint, lang: str) -> list[str]:
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
        lines.append(paint("2", f"{pad}{fixes_line(finding, lang)}"))
    return lines


def fixes_line(finding: Finding, lang: str = "en") -> str:
    """"verified moves: move a#2 to b; move …" (可行的调整：…) — or that none exists."""
    moves = [tr(lang, N_("move {duty} to {post}"), duty=fix["move"], post=fix["to"])
             for fix in finding.fixes or ()]
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
