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
from dutymatrix.i18n import N_, tr
from dutymatrix.messages import Msg, render
from dutymatrix.safetext import visible

INDENT = "    "
# The documentation's sections after the summary: (title, Rule field); SARIF uses them too.
SECTION_TITLES = ((N_("What it finds"), "finds"), (N_("Why it matters"), "why"),
                  (N_("How to fix"), "fix"))


def printable(text: str) -> str:
    """Example text for a terminal: hidden characters (controls, bidi, zero-width) and
    tabs written out; a raw case's ``\\xNN`` escapes stay as written."""
    return visible(text).replace("\t", "\\t")


def explain_rule(rule_id: str, lang: str = "en") -> str:
    """The catalogue entry of ``rule_id`` as text, in ``lang``."""
    rule = lookup_rule(rule_id)
    if rule is None:
        hint = did_you_mean(rule_id.upper(), REGISTRY) or did_you_mean(rule_id, BY_NAME)
        raise UsageError(render(Msg(
            N_("unknown check id {rule}{suggestion}; `dutymatrix rules` lists them all"),
            rule=repr(rule_id), suggestion=hint), lang))
    examples = examples_for(rule.id)
    doc = rule.doc(lang)
    (finds_title, _), (why_title, _), (fix_title, _) = SECTION_TITLES
    options_title = tr(lang, N_("Options (under checks.options.{rule})"), rule=rule.id)
    parts = [
        f"{rule.id} {rule.name} ({rule.severity.label(lang)})\n{doc['summary']}\n"
        + tr(lang, N_("Defined in {module}; examples in {examples}"),
             module=module_path(rule.id), examples=examples.path),
        _section(tr(lang, finds_title), doc["finds"]),
        _section(tr(lang, why_title), doc["why"]),
        _section(options_title, _options(rule, lang)) if rule.options
        else tr(lang, N_("Options")) + "\n" + INDENT + tr(lang, N_("none")),
        tr(lang, N_("Examples")) + "\n" + _examples(examples, lang),
        _section(tr(lang, fix_title), doc["fix"]),
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


def _options(rule: Rule, lang: str) -> str:
    return "\n".join(
        f"{name}: {option.describe().render(lang)}\n{INDENT}{tr(lang, option.doc)}"
        for name, option in rule.options.items()
    )


def _examples(examples: Examples, lang: str) -> str:
    """Each case with its verdict; a shared org head is printed once, before the first
    case that starts with it."""
    blocks = []
    shown_heads: set[str] = set()
    for case in examples.cases:
        if case.head_name and case.head_name not in shown_heads:
            shown_heads.add(case.head_name)
            blocks.append(INDENT + tr(lang, N_("The cases marked [{head}] start with:"),
                                      head=case.head_name) + "\n" + _org(case.head))
        blocks.append(_case(case, lang))
    return "\n\n".join(blocks)


def _case(case: Case, lang: str) -> str:
    verdict = tr(lang, N_("Fails") if case.expect == "fail" else N_("Passes"))
    head = f" [{case.head_name}]" if case.head_name else ""
    return f"{INDENT}{verdict}{head}: {case.name}\n" + _org(case.body)


def _org(text: str) -> str:
    return textwrap.indent(printable(text).rstrip("\n"), INDENT * 2, lambda line: True)
