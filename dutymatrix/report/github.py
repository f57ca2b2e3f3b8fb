"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding,
so each shows as an annotation on the line of the pull request it is about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dutymatrix.findings import Finding, Severity
from dutymatrix.report.common import ReportOptions, hint_line, relative_path, summary_line

if TYPE_CHECKING:
    from dutymatrix.engine import CheckResult

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, lang: str = "en") -> str:
    props = []
    if finding.loc is not None:
        props += [
            f"file={escape_property(relative_path(finding.loc.file))}",
            f"line={finding.loc.line}",
            f"col={finding.loc.col}",
        ]
    props.append(f"title={escape_property(f'{finding.rule} {finding.name}')}")
    body = finding.message
    body += "".join(f"\n{label}  {loc}" for label, loc in finding.places)
    if finding.hint:
        body += "\n" + hint_line(finding.hint, lang)
    return f"::{COMMANDS[finding.severity]} {','.join(props)}::{escape_data(body)}"


def render_github(result: CheckResult, options: ReportOptions) -> str:
    lines = [annotation(f, options.lang) for f in result.active_findings]
    lines.append(f"dutymatrix: {summary_line(result.summary, options.lang)}")
    return "\n".join(lines)
