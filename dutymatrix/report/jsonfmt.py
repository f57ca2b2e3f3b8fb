"""``check --format json``: the shape of DESIGN §5 (findings + summary), waived ones apart."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from dutymatrix.report import ReportOptions

if TYPE_CHECKING:
    from dutymatrix.engine import CheckResult


def render_json(result: CheckResult, options: ReportOptions) -> str:
    data = {
        "findings": [f.to_json() for f in result.active_findings],
        "summary": result.summary,
        # Extra fields (allowed by the contract): what the waivers suppressed, and
        # whether the model failed to load (then only load findings are listed).
        "waived": [f.to_json() for f in result.waived_findings],
        "load_failed": result.load_failed,
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
