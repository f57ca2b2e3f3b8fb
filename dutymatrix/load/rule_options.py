"""A rule's options as the ``checks:`` section gives them → values of the declared types,
or DM106/DM124 findings located at the option or its value.

The one place option values are checked: the engine calls it for every rule, the loader
for DM125 (whose limits it needs before the model is built).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dutymatrix.findings import Finding, Rule
from dutymatrix.i18n import N_
from dutymatrix.load.rules import finding
from dutymatrix.messages import Msg, Names, did_you_mean
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
            accepted = Names.of(rule.options, limit=len(rule.options))
            problems.append(finding(
                "DM106", Msg(N_("{rule} has no option `{option}`{suggestion} (options: "
                                "{options})"), rule=rule.id, option=name,
                             suggestion=did_you_mean(name, rule.options), options=accepted),
                config.locs.get(where) or rule_loc, subject="checks",
                hint=Msg(N_("`dutymatrix explain {rule}` describes its options"),
                         rule=rule.id)))
            continue
        error, coerced = option.coerce(value)
        if error:
            problems.append(finding(
                "DM124", Msg(N_("checks.{option}: {error}"), option=where, error=error),
                config.locs.get(where + ".value") or config.locs.get(where) or rule_loc,
                subject="checks", hint=Msg(N_("{option}: {doc} ({expected})"), option=name,
                                           doc=option.doc, expected=option.describe())))
        else:
            checked[name] = coerced
    return checked, problems

