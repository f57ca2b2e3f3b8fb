"""A rule's options as the ``checks:`` section gives them → values of the declared types,
or DM106/DM124 findings located at the option or its value.

The one place option values are checked: the engine calls it for every rule, the loader
for DM125 (whose limits it needs before the model is built).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from dutymatrix.findings import Finding, Rule
from dutymatrix.load.rules import finding
from dutymatrix.model import CheckConfig


def check_rule_options(rule: Rule, values: Mapping[str, Any],
                       config: CheckConfig) -> tuple[dict[str, Any], list[Finding]]:
    """(the valid values by option name, a finding for each name or value that is not)."""
    rule_loc = config.locs.get(f"options.{rule.id}") or config.loc
    checked: dict[str, Any] = {}
    problems: list[Finding] = []
    for name, value in values.items():
        where = f"options.{rule.id}.{name}"
        option = rule.options.get(name)
        if option is None:
            accepted = ", ".join(rule.options) or "none"
            problems.append(finding(
                "DM106", f"{rule.id} has no option `{name}`{_suggestion(name, rule.options)}"
                f" (options: {accepted})", config.locs.get(where) or rule_loc,
                subject="checks", hint=f"`dutymatrix explain {rule.id}` describes its options"))
            continue
        error, coerced = option.coerce(value)
        if error:
            problems.append(finding(
                "DM124", f"checks.{where}: {error}",
                config.locs.get(where + ".value") or config.locs.get(where) or rule_loc,
                subject="checks", hint=f"{name}: {option.doc} ({option.describe()})"))
        else:
            checked[name] = coerced
    return checked, problems


def _suggestion(name: str, choices: Mapping[str, Any]) -> str:
    """`` (did you mean max_length?)`` or nothing."""
    close = difflib.get_close_matches(name, sorted(choices), n=3, cutoff=0.6)
    return " (did you mean " + " or ".join(close) + "?)" if close else ""
