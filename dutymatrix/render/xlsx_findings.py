"""The findings sheet of raci.xlsx (检查结果), written for the people who act on it.

Severity in words (错误 / 錯誤 / error), the message, then the post or activity by name
with its id beside it in small grey print, the remedy; the rule and the file location
come last, where a reader who needs them finds them and others can ignore them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dutymatrix.findings import Finding
from dutymatrix.i18n import N_
from dutymatrix.model import Org
from dutymatrix.render.csvout import neutralise
from dutymatrix.render.hant import display_string
from dutymatrix.render.labels import C_, SEVERITY_WORDS, Labels, lang_code
from dutymatrix.render.textwidth import display_columns

FINDINGS_LABELS = Labels({
    "sheet": N_("Findings"),
    "rule": N_("Rule"),
    "name": N_("Name"),
    "severity": N_("Severity"),
    "message": N_("Message"),
    "location": N_("Location"),
    "subject": N_("Subject"),
    "related": N_("Related"),
    "hint": N_("Remedy"),
    "waived": C_("xlsx", "Waived by"),
    "none": N_("No findings"),
})

COLUMNS = ("severity", "message", "subject", "related", "hint", "rule", "name", "location",
           "waived")
_WIDTHS = {"message": (20, 80), "hint": (12, 60), "location": (12, 48), "related": (8, 40),
           "subject": (8, 36), "severity": (6, 10)}


def _named(org: Org, ids: Sequence[str], lang: str) -> list[tuple[str, str]]:
    """(name, id) of each id; the name is "" where the model has none (the id says it)."""
    named = []
    for holder_id in ids:
        rule = org.sod_rules_by_id.get(holder_id)
        name = rule.name.get(lang) if rule is not None else org.holder_name(holder_id, lang)
        named.append(("" if name == holder_id else name, holder_id))
    return named


def _locations(finding: Finding) -> str:
    """The finding's own file:line:col, then one line per place it names (the duties
    behind an SoD conflict, the first copy of a duplicate): where a reader goes to fix it."""
    lines = [str(finding.loc)] if finding.loc else []
    lines += [f"{label}  {loc}" if label else str(loc) for label, loc in finding.places]
    return "\n".join(lines)


def _row(org: Org, finding: Finding, lang: str) -> dict[str, Any]:
    finding = finding.in_lang(lang)  # the message and remedy in the workbook's language
    separator = ", " if lang == "en" else "、"
    return {
        "severity": SEVERITY_WORDS[lang][str(finding.severity)],
        "message": display_string(finding.message, lang),
        "subject": _named(org, [finding.subject], lang) if finding.subject else [],
        "related": _named(org, finding.related, lang),
        "hint": display_string(finding.hint, lang),
        "rule": finding.rule,
        "name": finding.name,
        "location": _locations(finding),
        "waived": str(finding.waived_by) if finding.waived_by else "",
        "_separator": separator,
    }


def _plain(value: Any, separator: str) -> str:
    if isinstance(value, list):
        return separator.join(f"{name} {ident}" if name else ident for name, ident in value)
    return str(value)


def _write_named(sheet: Any, formats: dict[str, Any], row: int, col: int,
                 named: list[tuple[str, str]], separator: str) -> None:
    """Names in the text format, each id after its name in the small grey one."""
    fragments: list[Any] = []
    for i, (name, ident) in enumerate(named):
        lead = separator if i else ""
        if name:
            fragments += [formats["text"], lead + name, formats["id"], " " + ident]
        else:
            fragments += [formats["text"], lead + ident]
    if fragments:
        fragments[1] = neutralise(fragments[1])
    if len(fragments) <= 2:  # a rich string needs two fragments
        sheet.write_string(row, col, fragments[1] if fragments else "", formats["text"])
    else:
        sheet.write_rich_string(row, col, *fragments, formats["text"])


def _width(texts: Sequence[str], minimum: int, maximum: int) -> int:
    """Columns of the longest line, within bounds."""
    longest = max((display_columns(line) for t in texts for line in t.splitlines() or [""]),
                  default=0)
    return max(minimum, min(maximum, longest + 2))


def write_findings_sheet(workbook: Any, formats: dict[str, Any], name: str, org: Org,
                         findings: Sequence[Finding], lang: str) -> tuple[Any, list[int]]:
    lang = lang_code(lang)
    label = FINDINGS_LABELS[lang]
    sheet = workbook.add_worksheet(name)
    rows = [_row(org, f, lang) for f in sorted(findings, key=lambda f: (-f.severity,
                                                                           *f.sort_key()))]
    widths = [_width([label[key], *(_plain(r[key], r["_separator"]) for r in rows)],
                     *_WIDTHS.get(key, (6, 32)))
              for key in COLUMNS]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    for col, key in enumerate(COLUMNS):
        sheet.write_string(0, col, label[key], formats["header"])
    for i, row in enumerate(rows, start=1):
        for col, key in enumerate(COLUMNS):
            value = row[key]
            if isinstance(value, list):
                _write_named(sheet, formats, i, col, value, row["_separator"])
            else:
                sheet.write_string(i, col, neutralise(value), formats["text"])
    if not rows:
        sheet.write_string(1, 0, label["none"], formats["text"])
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
    return sheet, widths
