"""SARIF 2.1.0 for code scanning: the catalogue as ``tool.driver.rules``, one result per
finding with a relative file URI, 1-based region and a fingerprint that survives edits
elsewhere in the file (it hashes the rule, subject and related ids, not line numbers)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from dutymatrix.checks import SECTION_TITLES, examples_for, printable
from dutymatrix.findings import Finding, Rule, Severity
from dutymatrix.i18n import N_, tr
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


def _rule_descriptor(rule: Rule, lang: str) -> dict[str, Any]:
    examples = examples_for(rule.id)
    bad, good = examples.failing[0], examples.passing[0]
    doc = rule.doc(lang)
    sections = [(tr(lang, title), doc[key]) for title, key in SECTION_TITLES]
    fails = tr(lang, N_("Fails ({case})"), case=bad.name)
    passes = tr(lang, N_("Passes ({case})"), case=good.name)
    help_text = f"{doc['summary']}\n\n" + "\n\n".join(
        f"{title}: {text}" for title, text in sections
    ) + f"\n\n{fails}:\n{printable(bad.text)}\n{passes}:\n{printable(good.text)}"
    help_markdown = f"**{doc['summary']}**\n\n" + "\n\n".join(
        f"**{title}.** {text}" for title, text in sections
    ) + (f"\n\n{fails}:\n\n```yaml\n{printable(bad.text)}```\n\n"
         f"{passes}:\n\n```yaml\n{printable(good.text)}```\n")
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": doc["summary"]},
        "fullDescription": {"text": doc["finds"]},
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


def _result(finding: Finding, rule_index: dict[str, int], occurrence: int,
            lang: str) -> dict[str, Any]:
    hint = "\n" + tr(lang, N_("Hint: {hint}"), hint=finding.hint) if finding.hint else ""
    message = finding.message + hint
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
                "justification": tr(lang, N_("waiver at {waiver}"), waiver=finding.waived_by),
                "location": {"physicalLocation": _physical(finding.waived_by)},
            }
        ]
    return result


def sarif_document(result: CheckResult, lang: str = "en") -> dict[str, Any]:
    rules = list(result.rules.values())
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    seen: Counter[tuple[str, ...]] = Counter()
    results = []
    for finding in result.findings:
        key = (finding.rule, finding.subject, *finding.related)
        results.append(_result(finding, rule_index, seen[key], lang))
        seen[key] += 1
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "dutymatrix",
                "version": _version(),
                "semanticVersion": _version(),
                "rules": [_rule_descriptor(rule, lang) for rule in rules],
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
                    {"level": "error", "message": {
                        "text": tr(lang, N_("the model could not be loaded"))}}
                ],
            }
        ]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(result: CheckResult, options: ReportOptions) -> str:
    # Compact: a large org gives tens of thousands of results, and json's indenting
    # encoder is the slow pure-Python one. Tools read SARIF; nobody reads it raw.
    return json.dumps(sarif_document(result, options.lang), ensure_ascii=False,
                      separators=(",", ":"))
