"""``dutymatrix explain ID``: one rule's documentation in its fixed sections.

What it finds / why it matters / options / examples / how to fix, with the file that
defines the rule and the file its examples come from.
"""

from __future__ import annotations

import textwrap

from dutymatrix.checks._common import did_you_mean
from dutymatrix.checks.cases import Case, Examples, examples_for
from dutymatrix.checks.registry import BY_NAME, REGISTRY, lookup_rule, module_path
from dutymatrix.errors import UsageError
from dutymatrix.findings import Rule
from dutymatrix.safetext import visible

INDENT = "    "


def printable(text: str) -> str:
    """Example text for a terminal: hidden characters (controls, bidi, zero-width) and
    tabs written out; a raw case's ``\\xNN`` escapes stay as written."""
    return visible(text).replace("\t", "\\t")


def explain_rule(rule_id: str) -> str:
    """The catalogue entry of ``rule_id`` as text."""
    rule = lookup_rule(rule_id)
    if rule is None:
        hint = did_you_mean(rule_id.upper(), REGISTRY) or did_you_mean(rule_id, BY_NAME)
        raise UsageError(
            f"unknown check id {rule_id!r}{hint}; `dutymatrix rules` lists them all"
        )
    examples = examples_for(rule.id)
    parts = [
        f"{rule.id} {rule.name} ({rule.severity})\n{rule.summary}\n"
        f"Defined in {module_path(rule.id)}; examples in {examples.path}",
        _section("What it finds", rule.finds),
        _section("Why it matters", rule.why),
        _section(f"Options (under checks.options.{rule.id})", _options(rule))
        if rule.options else "Options\n" + INDENT + "none",
        "Examples\n" + _examples(examples),
        _section("How to fix", rule.fix),
    ]
    return "\n\n".join(parts)


def _section(title: str, text: str) -> str:
    return title + "\n" + textwrap.indent(_wrapped(text.strip()), INDENT)


def _wrapped(text: str, width: int = 88) -> str:
    """Long lines wrapped (the loader's rules are written as one line per section);
    lines already short, such as a list's items, are kept as they are."""
    lines = []
    for line in text.splitlines():
        lead = line[: len(line) - len(line.lstrip())]
        lines.append(textwrap.fill(line, width, subsequent_indent=lead) if len(line) > width
                     else line)
    return "\n".join(lines)


def _options(rule: Rule) -> str:
    return "\n".join(
        f"{name}: {option.describe()}\n{INDENT}{option.doc}"
        for name, option in rule.options.items()
    )


def _examples(examples: Examples) -> str:
    """Each case with its verdict; a shared org head is printed once, before the first
    case that starts with it."""
    blocks = []
    shown_heads: set[str] = set()
    for case in examples.cases:
        if case.head_name and case.head_name not in shown_heads:
            shown_heads.add(case.head_name)
            blocks.append(f"{INDENT}The cases marked [{case.head_name}] start with:\n"
                          + _org(case.head))
        blocks.append(_case(case))
    return "\n\n".join(blocks)


def _case(case: Case) -> str:
    verdict = "Fails" if case.expect == "fail" else "Passes"
    head = f" [{case.head_name}]" if case.head_name else ""
    return f"{INDENT}{verdict}{head}: {case.name}\n" + _org(case.body)


def _org(text: str) -> str:
    return textwrap.indent(printable(text).rstrip("\n"), INDENT * 2, lambda line: True)
