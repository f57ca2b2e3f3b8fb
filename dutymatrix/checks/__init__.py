"""The rule catalogue: every check with a stable id, DM1xx (the loader's) to DM7xx.

``REGISTRY`` maps an id to its ``Rule``, sorted by id; ``dutymatrix rules`` lists it and
``dutymatrix explain ID`` prints one entry with its failing and passing example.
"""

from __future__ import annotations

import textwrap
from typing import Any

from dutymatrix.checks import authority, coverage, overlap, sod, waivers, wording
from dutymatrix.checks._common import did_you_mean, printable_example
from dutymatrix.errors import UsageError
from dutymatrix.findings import Rule
from dutymatrix.load.rules import LOAD_RULES

CHECK_RULES: tuple[Rule, ...] = (
    *coverage.RULES,
    *overlap.RULES,
    *sod.RULES,
    *authority.RULES,
    *waivers.RULES,
    *wording.RULES,
)


REGISTRY: dict[str, Rule] = {
    rule.id: rule for rule in sorted((*LOAD_RULES, *CHECK_RULES), key=lambda r: r.id)
}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in REGISTRY.values()}


def lookup_rule(rule_id: str) -> Rule | None:
    """A rule by its id (DM401, case-insensitive) or its name (sod-conflict)."""
    return REGISTRY.get(rule_id.upper()) or BY_NAME.get(rule_id.lower())


def explain_rule(rule_id: str) -> str:
    """The catalogue entry of ``rule_id`` as text: summary, doc, bad and good example."""
    rule = lookup_rule(rule_id)
    if rule is None:
        hint = did_you_mean(rule_id.upper(), REGISTRY) or did_you_mean(rule_id, BY_NAME)
        raise UsageError(
            f"unknown check id {rule_id!r}{hint}; `dutymatrix rules` lists them all"
        )
    options = ""
    if rule.options:
        options = "\nOptions (set them under checks.options." + rule.id + "):\n" + "\n".join(
            f"  {name}: {value!r}" for name, value in rule.options.items()
        ) + "\n"
    return (
        f"{rule.id} {rule.name} ({rule.severity})\n"
        f"{rule.summary}\n\n"
        f"{rule.doc.rstrip()}\n"
        f"{options}\n"
        f"Fails:\n{textwrap.indent(printable_example(rule.bad).rstrip(), '    ')}\n\n"
        f"Passes:\n{textwrap.indent(printable_example(rule.good).rstrip(), '    ')}"
    )


def model_schema() -> dict[str, Any]:
    """The JSON Schema of a model file, ``checks.options`` typed by each rule's options."""
    from dutymatrix.load.schema import model_schema as schema_of
    from dutymatrix.options import Option

    table = {
        rule.id: {name: Option(type(value), value, "") for name, value in rule.options.items()}
        for rule in REGISTRY.values()
    }
    return schema_of(table)
