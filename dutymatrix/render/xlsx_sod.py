"""The auditor's sheets of raci.xlsx: the SoD matrix (不相容职责 / SoD) and the waiver
register (豁免登记 / Waivers).

The SoD sheet is the "role conflicts matrix" auditors ask for: the SoD rules as rows,
every post, committee and person that carries one of their activities as a column, the
activities each carries in the cell, conflicts (more than ``at_most``) highlighted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from dutymatrix.exposure import sod_matrix, waiver_register
from dutymatrix.findings import Finding
from dutymatrix.i18n import N_
from dutymatrix.matrix import Matrix
from dutymatrix.model import Org
from dutymatrix.render.csvout import neutralise
from dutymatrix.render.fonts import sans_font
from dutymatrix.render.labels import C_, LABELS, Labels

SHEETS = Labels({"sod": C_("sheet", "SoD"), "waivers": C_("sheet", "Waivers")})
SOD_LABELS = Labels({
    "rule": C_("sod", "Rule"), "name": N_("Name"), "at_most": N_("At most"),
    "basis": N_("Basis"), "kind": N_("Kind"), "none": N_("The model has no SoD rules"),
})
CONFLICT_FILL, CONFLICT_TEXT = "#FBEAEA", "#A11D1D"


def write_sod_sheet(workbook: Any, formats: dict[str, Any], name: str, org: Org,
                    matrix: Matrix, lang: str) -> tuple[Any, list[int]]:
    """Rules × holders; returns the sheet and its column widths (for the print setup)."""
    label, labels = SOD_LABELS[lang], LABELS[lang]
    sheet = workbook.add_worksheet(name)
    conflict = workbook.add_format({**_base(lang), "border": 1, "text_wrap": True, "bold": True,
                                    "bg_color": CONFLICT_FILL, "font_color": CONFLICT_TEXT})
    grid = sod_matrix(org, matrix)
    lead = [label["rule"], label["name"], label["at_most"], label["basis"]]
    widths = [14, 18, 6, 24] + [14] * len(grid.columns)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    for col, text in enumerate(lead):
        sheet.write_string(0, col, text, formats["header"])
    for col, column in enumerate(grid.columns, start=len(lead)):
        title = f"{org.holder_name(column.id, lang)}\n{labels[f'kind_{column.kind}']} {column.id}"
        sheet.write_string(0, col, neutralise(title), formats["header"])
    separator = "、" if lang != "en" else ", "
    for row, (rule, (_rule_id, cells)) in enumerate(zip(org.sod_rules, grid.rows,
                                                        strict=True), start=1):
        sheet.write_string(row, 0, neutralise(rule.id), formats["row_head"])
        sheet.write_string(row, 1, neutralise(rule.name.get(lang) if rule.name else ""),
                           formats["text"])
        sheet.write_number(row, 2, rule.at_most, formats["letter"])
        sheet.write_string(row, 3, neutralise(rule.basis.get(lang) if rule.basis else ""),
                           formats["text"])
        for col, cell in enumerate(cells, start=len(lead)):
            text = separator.join(org.holder_name(a, lang) for a in cell.activities)
            sheet.write_string(row, col, neutralise(text),
                               conflict if cell.conflict else formats["text"])
    if not org.sod_rules:
        sheet.write_string(1, 0, label["none"], formats["text"])
    sheet.set_row(0, 48)
    sheet.freeze_panes(1, 2)
    return sheet, widths


def write_waiver_sheet(workbook: Any, formats: dict[str, Any], name: str, org: Org,
                       findings: Sequence[Finding], today: dt.date | None,
                       lang: str) -> tuple[Any, list[int]]:
    """One row per waiver: rule, subject, reason, control, approver, expiry, days left,
    state and the findings it covers."""
    labels = LABELS[lang]
    keys = ["rule", "subject", "reason", "control", "approver", "expires", "days", "status",
            "covers"]
    widths = [14, 18, 36, 36, 18, 11, 8, 16, 30]
    sheet = workbook.add_worksheet(name)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    for col, key in enumerate(keys):
        sheet.write_string(0, col, labels[f"audit_w_{key}"], formats["header"])
    entries = waiver_register(org, findings, today)
    for row, entry in enumerate(entries, start=1):
        waiver = entry.waiver
        values = [
            waiver.rule,
            f"{waiver.subject} {org.holder_name(waiver.subject, lang)}",
            waiver.reason.get(lang) if waiver.reason else "",
            waiver.control.get(lang) if waiver.control else "",
            waiver.approved_by or "",
            waiver.expires.isoformat() if waiver.expires else "",
        ]
        for col, value in enumerate(values):
            sheet.write_string(row, col, neutralise(value), formats["text"])
        if entry.days_left is not None:
            sheet.write_number(row, 6, entry.days_left, formats["letter"])
        sheet.write_string(row, 7, labels[f"audit_ws_{entry.status}"], formats["text"])
        covers = "\n".join(f"{f.rule} {f.loc}" if f.loc else f.rule for f in entry.covers)
        sheet.write_string(row, 8, neutralise(covers), formats["text"])
    if not entries:
        sheet.write_string(1, 0, labels["audit_no_waivers"], formats["text"])
    sheet.freeze_panes(1, 1)
    return sheet, widths


def _base(lang: str) -> dict[str, Any]:
    return {"font_name": sans_font(lang), "font_size": 10, "valign": "top"}
