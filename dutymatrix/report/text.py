"""The human report: findings grouped by file, coloured by severity on a terminal."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import TYPE_CHECKING

from dutymatrix.findings import Finding, Severity
from dutymatrix.report.common import ReportOptions, summary_line
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
    paint = _Paint(options.color)
    lines: list[str] = []
    active = result.active_findings
    for file, group in groupby(active, key=lambda f: f.loc.file if f.loc else ""):
        lines.append(paint("1", file or "(the org as a whole)"))
        for finding in group:
            lines.extend(_finding_lines(finding, paint))
        lines.append("")
    waived = result.waived_findings
    if waived:
        lines.append(paint("1", "waived"))
        for finding in waived:
            where = f"{finding.loc.file}:{finding.loc.line}" if finding.loc else ""
            lines.append(
                paint("2", f"  {finding.rule} {finding.name} on {finding.subject} ({where}), "
                      f"waiver at {finding.waived_by}")
            )
        lines.append("")
    if result.load_failed:
        lines.append(paint("31;1", "the model could not be loaded; fix these problems first"))
    lines.append(summary_line(result.summary))
    return "\n".join(lines)


def _finding_lines(finding: Finding, paint: _Paint) -> list[str]:
    where = f"{finding.loc.line}:{finding.loc.col}" if finding.loc else "-"
    severity = paint(_COLOURS[finding.severity], f"{finding.severity!s:<7}")
    lines = [f"  {where:<8} {severity} {paint('1', finding.rule)} {finding.name}: "
             f"{finding.message}"]
    pad = " " * 11
    for label, loc in finding.places:
        lines.append(paint("2", f"{pad}{label}  {loc}"))
    if finding.hint:
        lines.append(paint("2", f"{pad}hint: {finding.hint}"))
    return lines


def render_plain(findings: Iterable[Finding]) -> str:
    """One uncoloured block per finding, ``file:line:col: severity ID name: message``
    (hidden characters written out: this goes to stderr)."""
    lines: list[str] = []
    for finding in sorted(findings, key=Finding.sort_key):
        where = str(finding.loc) if finding.loc else "(no file)"
        lines.append(f"{where}: {finding.severity} {finding.rule} {finding.name}: "
                     f"{finding.message}")
        lines.extend(f"    {label}  {loc}" for label, loc in finding.places)
        if finding.hint:
            lines.append(f"    hint: {finding.hint}")
    return visible("\n".join(lines))
