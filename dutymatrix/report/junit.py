"""JUnit XML for CI test views: a testsuite per rule family, a testcase per rule × subject.

Errors are failures; warnings and info pass with their text in ``system-out`` (the exit
code follows ``--fail-on``, and a red test view should mean a red build); waived
findings are skipped. A rule that found nothing is one passing testcase, so the view
shows what was checked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby
from typing import TYPE_CHECKING

from dutymatrix.findings import Finding, Severity
from dutymatrix.i18n import N_, tr
from dutymatrix.report.common import (
    ReportOptions,
    hint_line,
    location_text,
    relative_path,
    summary_line,
)

if TYPE_CHECKING:
    from dutymatrix.engine import CheckResult

FAMILIES = {
    "DM1": "load and structure",
    "DM2": "coverage",
    "DM3": "overlap",
    "DM4": "segregation of duties",
    "DM5": "authority",
    "DM6": "waivers",
    "DM7": "wording",
    "DM8": "structure",
}

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _describe(finding: Finding, lang: str) -> str:
    lines = [f"{location_text(finding)}: {finding.severity} {finding.rule}: {finding.message}"]
    lines += [f"    {label}  {loc}" for label, loc in finding.places]
    if finding.hint:
        lines.append("    " + hint_line(finding.hint, lang))
    return _clean("\n".join(lines))


def render_junit(result: CheckResult, options: ReportOptions) -> str:
    by_rule: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    rule_ids = sorted(set(result.rules) | set(by_rule))
    root = ET.Element("testsuites", name="dutymatrix")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for prefix, ids in groupby(rule_ids, key=lambda r: r[:3]):
        family = f"{prefix}xx {FAMILIES.get(prefix, '')}".strip()
        suite = ET.SubElement(root, "testsuite", name=family)
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for rule_id in ids:
            rule = result.rules.get(rule_id)
            classname = f"{rule_id} {rule.name}" if rule else rule_id
            findings = by_rule.get(rule_id, [])
            if not findings:
                ET.SubElement(suite, "testcase", classname=classname, name="(no findings)")
                counts["tests"] += 1
                continue
            subjects: dict[str, list[Finding]] = {}
            for finding in findings:
                subjects.setdefault(finding.subject or "(org)", []).append(finding)
            for subject, group in subjects.items():
                counts["tests"] += 1
                _testcase(suite, classname, subject, group, counts, options.lang)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    body = ET.tostring(root, encoding="unicode")
    comment = f"<!-- dutymatrix: {summary_line(result.summary, options.lang)} -->\n"
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + comment + body


def _testcase(
    suite: ET.Element, classname: str, subject: str, group: list[Finding], counts: dict[str, int],
    lang: str,
) -> None:
    first = group[0]
    case = ET.SubElement(suite, "testcase", classname=classname, name=_clean(subject))
    if first.loc is not None:
        case.set("file", relative_path(first.loc.file))
        case.set("line", str(first.loc.line))
    active = [f for f in group if f.waived_by is None]
    errors = [f for f in active if f.severity >= Severity.ERROR]
    if errors:
        counts["failures"] += 1
        failure = ET.SubElement(
            case, "failure", type="error", message=_clean(errors[0].message)
        )
        failure.text = "\n\n".join(_describe(f, lang) for f in errors)
    elif not active:
        counts["skipped"] += 1
        ET.SubElement(case, "skipped", message=_clean(
            tr(lang, N_("waived at {waiver}"), waiver=first.waived_by)))
    others = [f for f in active if f.severity < Severity.ERROR]
    if others:
        out = ET.SubElement(case, "system-out")
        out.text = "\n\n".join(_describe(f, lang) for f in others)
