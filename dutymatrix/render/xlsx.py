"""RACI workbook (raci.xlsx): an overall sheet, a sheet per process and a findings sheet.

Built with xlsxwriter in memory. Every piece of text goes through ``write_string`` and
``neutralise`` (xlsxwriter would otherwise turn ``=…`` into a formula), the workbook's
creation date is fixed and xlsxwriter writes fixed zip timestamps, so two renders of
the same model are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import math
import re
from collections.abc import Sequence
from typing import Any

from dutymatrix.findings import Finding
from dutymatrix.matrix import Matrix
from dutymatrix.model import Org
from dutymatrix.render.csvout import RaciGrid, labels, neutralise, raci_grid
from dutymatrix.render.textwidth import display_columns

# Fixed so the file does not change from one build to the next.
FIXED_CREATED = dt.datetime(2000, 1, 1, 0, 0, 0)

# Fill and font colour per RACI letter; earlier letters win when a cell holds several.
LETTER_COLOURS = {
    "A": ("#F4B183", "#7F2704"),
    "R": ("#A9D18E", "#274E13"),
    "S": ("#FFE699", "#7F6000"),
    "C": ("#9DC3E6", "#1F3864"),
    "I": ("#D9D9D9", "#404040"),
}

SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FINDINGS_LABELS = {
    "zh": {
        "sheet": "检查结果",
        "rule": "规则",
        "name": "名称",
        "severity": "级别",
        "message": "说明",
        "location": "位置",
        "subject": "对象",
        "related": "相关",
        "waived": "豁免",
        "none": "没有发现问题",
    },
    "en": {
        "sheet": "Findings",
        "rule": "Rule",
        "name": "Name",
        "severity": "Severity",
        "message": "Message",
        "location": "Location",
        "subject": "Subject",
        "related": "Related",
        "waived": "Waived by",
        "none": "No findings",
    },
}

FONT_NAME = "Noto Sans CJK SC"

# Custom document properties that let `dutymatrix apply` read an edited workbook back:
# the language of the titles and a hash of the RACI content it shows.
PROPERTY_LANG = "dutymatrix-lang"
PROPERTY_ORG = "dutymatrix-org"
PROPERTY_HASH = "dutymatrix-raci-sha256"


def render_raci_xlsx(org: Org, matrix: Matrix, findings: Sequence[Finding], lang: str) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            # Belt and braces: write_string is used throughout anyway.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    workbook.set_properties(
        {"title": f"RACI — {org.name.get(lang)}", "created": FIXED_CREATED, "author": ""}
    )
    names: set[str] = set()
    sheets = raci_sheets(org, matrix, lang, names)
    workbook.set_custom_property(PROPERTY_LANG, lang)
    workbook.set_custom_property(PROPERTY_ORG, org.id)
    workbook.set_custom_property(PROPERTY_HASH, raci_fingerprint(org, sheets, lang))
    formats = _formats(workbook)
    for name, grid in sheets:
        _write_raci_sheet(workbook, formats, name, grid, lang)
    label = FINDINGS_LABELS["en" if lang == "en" else "zh"]
    _write_findings_sheet(workbook, formats, _sheet_name(label["sheet"], names), findings, lang)

    workbook.close()
    return buffer.getvalue()


def raci_sheets(
    org: Org, matrix: Matrix, lang: str, taken: set[str] | None = None
) -> list[tuple[str, RaciGrid]]:
    """The RACI sheets as (sheet name, grid): the overall one, then one per process.

    ``apply`` reads an edited workbook back through this same layout."""
    taken = set() if taken is None else taken
    grids = [raci_grid(org, matrix, None, lang)]
    grids += [raci_grid(org, matrix, p.id, lang) for p in org.processes]
    return [(_sheet_name(grid.title, taken), grid) for grid in grids]


def raci_fingerprint(org: Org, sheets: Sequence[tuple[str, RaciGrid]], lang: str) -> str:
    """A hash of what the RACI sheets show (titles, ids, letters): equal exactly when an
    unedited workbook would be the same, so ``apply`` can tell a stale one."""
    content = [org.id, org.raci, lang, [[name, grid.process_id, grid.holder_ids, grid.holders,
                                        grid.activity_ids, grid.activities,
                                        grid.process_names, grid.cells]
                                       for name, grid in sheets]]
    data = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _formats(workbook: Any) -> dict[str, Any]:
    base = {"font_name": FONT_NAME, "font_size": 10, "valign": "top"}
    formats = {
        "header": workbook.add_format(
            {**base, "bold": True, "text_wrap": True, "bg_color": "#1F3864",
             "font_color": "#FFFFFF", "border": 1, "valign": "vcenter", "align": "center"}
        ),
        "row_head": workbook.add_format({**base, "bold": True, "border": 1, "text_wrap": True}),
        "text": workbook.add_format({**base, "border": 1, "text_wrap": True}),
        "letter": workbook.add_format({**base, "border": 1, "align": "center"}),
    }
    for letter, (fill, font) in LETTER_COLOURS.items():
        formats[f"letter_{letter}"] = workbook.add_format(
            {"bg_color": fill, "font_color": font, "bold": letter == "A"}
        )
    return formats


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unique sheet name: ≤ 31 chars, none of []:*?/\\, not 'History'."""
    name = _SHEET_FORBIDDEN.sub("_", wanted).strip().strip("'") or "Sheet"
    if name.casefold() == "history":  # reserved by Excel
        name = name + "_"
    name = name[:SHEET_NAME_MAX]
    candidate, n = name, 2
    while candidate.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({n})"
        candidate = name[: SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    taken.add(candidate)
    return candidate


def _column_width(texts: Sequence[str], minimum: int, maximum: int) -> int:
    widest = max((display_columns(t) for t in texts), default=0)
    return max(minimum, min(maximum, widest + 2))


def _write_raci_sheet(
    workbook: Any, formats: dict[str, Any], name: str, grid: RaciGrid, lang: str
) -> None:
    sheet = workbook.add_worksheet(name)
    text = labels(lang)
    overall = grid.process_id is None
    lead_titles = [text["activity"], *([text["process"]] if overall else [])]
    lead_values = [
        [grid.activities[i], *([grid.process_names[i]] if overall else [])]
        for i in range(len(grid.activities))
    ]
    lead = len(lead_titles)
    last_row = len(grid.activities)
    last_col = lead + len(grid.holders) - 1

    # Column widths that fit the CJK text (a full-width character counts two).
    for col, title in enumerate(lead_titles):
        width = _column_width([title, *(row[col] for row in lead_values)], 8, 40)
        sheet.set_column(col, col, width)
    holder_widths = [_column_width([h], 6, 16) for h in grid.holders]
    for offset, width in enumerate(holder_widths):
        sheet.set_column(lead + offset, lead + offset, width)

    # Header titles wrap inside their column; size the row for the tallest one.
    header_lines = max(
        [1, *(math.ceil(display_columns(h) / max(w - 1, 1)) for h, w in
              zip(grid.holders, holder_widths, strict=True))]
    )
    sheet.set_row(0, 15 * header_lines + 4)
    for col, title in enumerate([*lead_titles, *grid.holders]):
        sheet.write_string(0, col, neutralise(title), formats["header"])
    for i, values in enumerate(lead_values, start=1):
        for col, value in enumerate(values):
            fmt = formats["row_head"] if col == 0 else formats["text"]
            sheet.write_string(i, col, neutralise(value), fmt)
        for j, letters in enumerate(grid.cells[i - 1]):
            sheet.write_string(i, lead + j, letters, formats["letter"])

    sheet.freeze_panes(1, lead)
    sheet.autofilter(0, 0, max(last_row, 1), last_col)
    if grid.holders and last_row:
        for letter in LETTER_COLOURS:
            sheet.conditional_format(
                1, lead, last_row, last_col,
                {"type": "text", "criteria": "containing", "value": letter,
                 "format": formats[f"letter_{letter}"]},
            )


def _write_findings_sheet(
    workbook: Any, formats: dict[str, Any], name: str, findings: Sequence[Finding], lang: str
) -> None:
    label = FINDINGS_LABELS["en" if lang == "en" else "zh"]
    sheet = workbook.add_worksheet(name)
    keys = ["rule", "name", "severity", "message", "location", "subject", "related", "waived"]
    rows = [
        [
            f.rule,
            f.name,
            str(f.severity),
            f.message,
            str(f.loc) if f.loc else "",
            f.subject,
            ", ".join(f.related),
            str(f.waived_by) if f.waived_by else "",
        ]
        for f in sorted(findings, key=lambda f: (-f.severity, *f.sort_key()))
    ]
    widths = {"message": (20, 80), "location": (12, 48), "related": (8, 40)}
    for col, key in enumerate(keys):
        low, high = widths.get(key, (6, 32))
        sheet.set_column(col, col, _column_width([label[key], *(r[col] for r in rows)], low, high))
    for col, key in enumerate(keys):
        sheet.write_string(0, col, label[key], formats["header"])
    for i, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            sheet.write_string(i, col, neutralise(value), formats["text"])
    if not rows:
        sheet.write_string(1, 0, label["none"], formats["text"])
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(len(rows), 1), len(keys) - 1)
