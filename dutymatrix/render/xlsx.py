"""RACI workbook (raci.xlsx): an overall sheet, a sheet per process, a findings sheet and
the auditor's SoD matrix and waiver register (``xlsx_sod.py``).

Every sheet prints: A4 landscape, one page wide, the header row and the activity columns
repeated on every page (Print_Titles), frozen panes on screen. Post names stand in
vertical headers (stacked characters in Chinese, rotated in English), so they never
break mid-word and the letter columns stay narrow. Letter colours come from the one
palette (``palette.py``); activities nobody is Accountable for or nobody does are marked
in a last column and coloured like the charts.

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
from dutymatrix.render.fonts import sans_font
from dutymatrix.render.labels import LABELS
from dutymatrix.render.palette import DOMINANCE, GAP, PALETTE
from dutymatrix.render.raci_context import GAP_LETTERS
from dutymatrix.render.textwidth import display_columns, text_em
from dutymatrix.render.xlsx_findings import FINDINGS_LABELS, write_findings_sheet

# Fixed so the file does not change from one build to the next.
FIXED_CREATED = dt.datetime(2000, 1, 1, 0, 0, 0)

A4 = 9  # xlsxwriter's paper code
# A4 landscape less the 0.4 in side margins.
A4_LANDSCAPE_PRINT_WIDTH_PT = (11.69 - 0.8) * 72
MIN_PRINT_SCALE = 0.55  # below this, 10 pt text prints too small to read
HOLDER_COLUMN_WIDTH = 5  # a vertical header and up to three letters
HEADER_FONT_PT = 10
MAX_ROW_HEIGHT = 409  # Excel's limit, in points
# Excel escapes & in page headers and footers as &&; a header holds 255 characters.
HEADER_FOOTER_MAX = 100

SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

# Custom document properties that let `dutymatrix apply` read an edited workbook back:
# the language of the titles and a hash of the RACI content it shows.
PROPERTY_LANG = "dutymatrix-lang"
PROPERTY_ORG = "dutymatrix-org"
PROPERTY_HASH = "dutymatrix-raci-sha256"


def render_raci_xlsx(org: Org, matrix: Matrix, findings: Sequence[Finding], lang: str,
                     today: dt.date | None = None) -> bytes:
    import xlsxwriter

    from .xlsx_sod import SHEETS, write_sod_sheet, write_waiver_sheet

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
    formats = _formats(workbook, lang)
    org_name = org.name.get(lang)
    for name, grid in sheets:
        sheet, width = _write_raci_sheet(workbook, formats, name, grid, lang)
        _print_setup(sheet, grid.title, org_name, lang,
                     2 if grid.process_id is None else 1, width)
    label = FINDINGS_LABELS[lang]
    sheet, width = write_findings_sheet(workbook, formats, _sheet_name(label["sheet"], names),
                                        org, findings, lang)
    _print_setup(sheet, label["sheet"], org_name, lang, 1, width)
    if org.sod_rules:
        name = _sheet_name(SHEETS[lang]["sod"], names)
        sheet, width = write_sod_sheet(workbook, formats, name, org, matrix, lang)
        _print_setup(sheet, name, org_name, lang, 2, width)
    if org.waivers:
        name = _sheet_name(SHEETS[lang]["waivers"], names)
        sheet, width = write_waiver_sheet(workbook, formats, name, org, findings, today, lang)
        _print_setup(sheet, name, org_name, lang, 1, width)

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


def _formats(workbook: Any, lang: str) -> dict[str, Any]:
    base = {"font_name": sans_font(lang), "font_size": 10, "valign": "top"}
    header = {**base, "bold": True, "text_wrap": True, "bg_color": "#1F3864",
              "font_color": "#FFFFFF", "border": 1, "valign": "vcenter", "align": "center"}
    formats = {
        "header": workbook.add_format(header),
        # Stacked characters read top to bottom in Chinese; English reads bottom to top.
        "holder": workbook.add_format(
            {**header, "text_wrap": False, "valign": "bottom",
             "rotation": 90 if lang == "en" else 270}
        ),
        "row_head": workbook.add_format({**base, "bold": True, "border": 1, "text_wrap": True}),
        "row_head_gap": workbook.add_format(
            {**base, "bold": True, "border": 1, "text_wrap": True, "bg_color": GAP.fill,
             "font_color": GAP.text, "left": 5, "left_color": "#D98200"}
        ),
        "gap": workbook.add_format(
            {**base, "bold": True, "border": 1, "bg_color": GAP.fill, "font_color": GAP.text}
        ),
        "text": workbook.add_format({**base, "border": 1, "text_wrap": True}),
        # An id beside a name, in a findings cell: small and grey.
        "id": workbook.add_format({**base, "font_size": 8, "font_color": "#6B7280"}),
        "letter": workbook.add_format({**base, "border": 1, "align": "center"}),
    }
    for letter in DOMINANCE:
        colour = PALETTE[letter]
        formats[f"letter_{letter}"] = workbook.add_format(
            {"bg_color": colour.fill, "font_color": colour.text, "bold": colour.bold}
        )
    return formats


def pages_wide(widths: Sequence[float]) -> int:
    """Pages across which a sheet with these column widths is printed: one, unless that
    would shrink it below ``MIN_PRINT_SCALE``; then as many as keep it readable, each
    repeating the activity columns."""
    points = sum(0.75 * (7 * w + 5) for w in widths)  # a width w is 7w + 5 px at 96 dpi
    return max(1, math.ceil(points * MIN_PRINT_SCALE / A4_LANDSCAPE_PRINT_WIDTH_PT))


def _print_setup(sheet: Any, title: str, org_name: str, lang: str,
                 repeat_columns: int, widths: Sequence[float]) -> None:
    """A4 landscape, fitted to one page wide (more only when one would be unreadable),
    the header row and the first columns on every page."""
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(pages_wide(widths), 0)  # as many pages tall as it takes
    sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
    sheet.repeat_rows(0)
    if repeat_columns:
        sheet.repeat_columns(0, repeat_columns - 1)
    sheet.set_header(f"&L{_header_text(title)}&R{_header_text(org_name)}")
    label = LABELS[lang]
    sheet.set_footer(
        f"&C{_header_text(label['page_n'])}&P{_header_text(label['page_of'])}&N"
        f"{_header_text(label['page_end'])}"
    )


def _header_text(text: str) -> str:
    text = text.replace("\r", " ").replace("\n", " ")
    if len(text) > HEADER_FOOTER_MAX:
        text = text[: HEADER_FOOTER_MAX - 1] + "…"
    return text.replace("&", "&&")


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


def gap_column_title(lang: str) -> str:
    """The title of the last column of a RACI sheet, which marks its gap rows."""
    return LABELS[lang]["raci_gaps"]


def _gap_text(cells: Sequence[str], lang: str) -> str:
    """"缺A、缺R" for an activity no holder is Accountable for and nobody does."""
    label = LABELS[lang]
    missing = [label[f"raci_gap_{ch}"] for ch in GAP_LETTERS
               if not any(ch in letters for letters in cells)]
    return (", " if lang == "en" else "、").join(missing)


def _header_height(holders: Sequence[str], lang: str) -> float:
    """Points the vertical post names need: a character per line when stacked (Chinese),
    the text's width when rotated (English)."""
    if lang == "en":
        longest = max((text_em(h) for h in holders), default=0.0) * HEADER_FONT_PT * 1.1
    else:
        longest = max((len(h) for h in holders), default=0) * HEADER_FONT_PT * 1.3
    return min(MAX_ROW_HEIGHT, max(30.0, longest + 10))


def _write_raci_sheet(
    workbook: Any, formats: dict[str, Any], name: str, grid: RaciGrid, lang: str
) -> tuple[Any, list[int]]:
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
    last_holder = lead + len(grid.holders) - 1
    gap_col = last_holder + 1
    gaps = [_gap_text(cells, lang) for cells in grid.cells]
    gap_title = gap_column_title(lang)

    # Column widths that fit the CJK text (a full-width character counts two).
    widths = [_column_width([title, *(row[col] for row in lead_values)], 8, 40)
              for col, title in enumerate(lead_titles)]
    widths += [HOLDER_COLUMN_WIDTH] * len(grid.holders)
    widths.append(_column_width([gap_title, *gaps], 6, 20))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)

    sheet.set_row(0, _header_height(grid.holders, lang))
    for col, title in enumerate(lead_titles):
        sheet.write_string(0, col, neutralise(title), formats["header"])
    for offset, holder in enumerate(grid.holders):
        sheet.write_string(0, lead + offset, neutralise(holder), formats["holder"])
    sheet.write_string(0, gap_col, gap_title, formats["header"])
    for i, values in enumerate(lead_values, start=1):
        gap = gaps[i - 1]
        for col, value in enumerate(values):
            fmt = ("row_head_gap" if gap else "row_head") if col == 0 else "text"
            sheet.write_string(i, col, neutralise(value), formats[fmt])
        for j, letters in enumerate(grid.cells[i - 1]):
            sheet.write_string(i, lead + j, letters, formats["letter"])
        sheet.write_string(i, gap_col, gap, formats["gap" if gap else "text"])

    sheet.freeze_panes(1, lead)
    sheet.autofilter(0, 0, max(last_row, 1), gap_col)
    if grid.holders and last_row:
        # The dominant letter's rule first: a cell "RA" takes A's colour and shows both.
        for letter in DOMINANCE:
            sheet.conditional_format(
                1, lead, last_row, last_holder,
                {"type": "text", "criteria": "containing", "value": letter,
                 "format": formats[f"letter_{letter}"]},
            )
    return sheet, widths
