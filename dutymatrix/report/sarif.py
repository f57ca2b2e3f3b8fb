"""SARIF 2.1.0 for code scanning: the catalogue as ``tool.driver.rules``, one result per
finding with a relative file URI, 1-based region and a fingerprint that survives edits
elsewhere in the file (it hashes the rule, subject and related ids, not line numbers)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from dutymatrix.checks import examples_for, printable
from dutymatrix.findings import Finding, Rule, Severity
from dutymatrix.model import Loc
from dutymatrix.report.common import ReportOptions, relative_uri

if TYPE_CHECKING:
    from dutymatrix.engine import CheckResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "dutymatrixFinding/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dutymatrix")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0"


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    examples = examples_for(rule.id)
    bad, good = examples.failing[0], examples.passing[0]
    sections = [("What it finds", rule.finds), ("Why it matters", rule.why),
                ("How to fix", rule.fix)]
    help_text = f"{rule.summary}\n\n" + "\n\n".join(
        f"{title}: {text}" for title, text in sections
    ) + f"\n\nFails ({bad.name}):\n{printable(bad.text)}\nPasses ({good.name}):\n" \
        f"{printable(good.text)}"
    help_markdown = f"**{rule.summary}**\n\n" + "\n\n".join(
        f"**{title}.** {text}" for title, text in sections
    ) + (f"\n\nFails ({bad.name}):\n\n```yaml\n{printable(bad.text)}```\n\n"
         f"Passes ({good.name}):\n\n```yaml\n{printable(good.text)}```\n")
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.finds},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.family], "precision": "high"},
    }


def _physical(loc: Loc) -> dict[str, Any]:
    return {
        "artifactLocation": {"uri": relative_uri(loc.file)},
        "region": {"startLine": max(1, loc.line), "startColumn": max(1, loc.col)},
    }


def fingerprint(finding: Finding, occurrence: int) -> str:
    """Stable across runs and line shifts: rule, subject, related ids, occurrence."""
    key = "\x1f".join([finding.rule, finding.subject, *finding.related, str(occurrence)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _result(finding: Finding, rule_index: dict[str, int], occurrence: int) -> dict[str, Any]:
    message = finding.message + (f"\nHint: {finding.hint}" if finding.hint else "")
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, occurrence)},
        "properties": {"subject": finding.subject, "related": list(finding.related)},
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    if finding.loc is not None:
        result["locations"] = [{"physicalLocation": _physical(finding.loc)}]
    if finding.places:
        result["relatedLocations"] = [
            {"id": i, "message": {"text": label}, "physicalLocation": _physical(loc)}
            for i, (label, loc) in enumerate(finding.places)
        ]
    if finding.waived_by is not None:
        result["suppressions"] = [
            {
                "kind": "inSource",
                "status": "accepted",
                "justification": f"waiver at {finding.waived_by}",
                "location": {"physicalLocation": _physical(finding.waived_by)},
            }
        ]
    return result


def sarif_document(result: CheckResult) -> dict[str, Any]:
    rules = list(result.rules.values())
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    seen: Counter[tuple[str, ...]] = Counter()
    results = []
    for finding in result.findings:
        key = (finding.rule, finding.subject, *finding.related)
        results.append(_result(finding, rule_index, seen[key]))
        seen[key] += 1
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "dutymatrix",
                "version": _version(),
                "semanticVersion": _version(),
                "rules": [_rule_descriptor(rule) for rule in rules],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if result.load_failed:
        run["invocations"] = [
            {
                "executionSuccessful": False,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": "the model could not be loaded"}}
                ],
            }
        ]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(result: CheckResult, options: ReportOptions) -> str:
    # Compact: a large org gives tens of thousands of results, and json's indenting
    # encoder is the slow pure-Python one. Tools read SARIF; nobody reads it raw.
    return json.dumps(sarif_document(result), ensure_ascii=False, separators=(",", ":"))
