"""``check --format json``: findings and summary, waived ones apart.

The shape is in docs/architecture.md, "Machine-readable shapes".
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from dutymatrix.findings import Finding
from dutymatrix.report.common import ReportOptions

if TYPE_CHECKING:
    from dutymatrix.engine import CheckResult


def render_json(result: CheckResult, options: ReportOptions) -> str:
    """The document with one finding per line (greppable, and fast: json's C encoder)."""

    def listing(findings: list[Finding]) -> str:
        if not findings:
            return "[]"
        lines = ",\n    ".join(_dumps(f.to_json()) for f in findings)
        return f"[\n    {lines}\n  ]"

    # Extra fields (allowed by the contract): what the waivers suppressed, and whether
    # the model failed to load (then only load findings are listed).
    return (
        "{\n"
        f'  "findings": {listing(result.active_findings)},\n'
        f'  "summary": {_dumps(result.summary)},\n'
        f'  "waived": {listing(result.waived_findings)},\n'
        f'  "load_failed": {_dumps(result.load_failed)}\n'
        "}"
    )


# One encoder for every line: ``json.dumps`` with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def _dumps(value: object) -> str:
    return _ENCODER.encode(value)
