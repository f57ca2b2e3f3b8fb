"""Org → the RACI table of one process or the whole org: activities by holders, letters.

Plain frozen records, already in the document language; the HTML/PDF chart, the CSV
and the Excel workbook only lay them out. The printed layout (header line breaks, column
widths, page-wide blocks of holder columns) is measured in ``raci_layout``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dutymatrix.matrix import HOLDER_COMMITTEE, Matrix
from dutymatrix.model import Org

from .labels import LABELS
from .palette import dominant
from .raci_layout import (
    ACTIVITY_MAX_MM,
    PROCESS_MAX_MM,
    TAG_EM,
    ColumnPlan,
    break_label,
    holder_width_mm,
    lead_width_mm,
    plan_columns,
)

__all__ = ["RaciColumn", "RaciRow", "RaciTable", "raci_context"]

# An activity without one of these letters is a gap the chart flags.
GAP_LETTERS = ("A", "R")


@dataclass(frozen=True)
class RaciColumn:
    id: str
    name: str
    kind: str  # "role" | "committee"
    group: str  # department name of a post; the committees label for committees
    name_lines: tuple[str, ...] = ()  # the header, broken between words
    group_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class RaciRow:
    activity_id: str
    activity_name: str
    process_id: str
    process_name: str
    cells: tuple[str, ...]  # letters per column ("" = nothing)
    dual_control: bool = False
    missing: tuple[str, ...] = ()  # "A" and/or "R" when no holder has that letter

    def dominant(self, i: int) -> str:
        """The letter whose colour cell ``i`` takes (A over R over S, C, I)."""
        return dominant(self.cells[i])


@dataclass(frozen=True)
class RaciTable:
    process_id: str | None  # None = every process
    title: str
    org_name: str
    lang: str
    labels: Mapping[str, str]
    letters: str  # the org's letter set, "RACI" or "RASCI"
    columns: tuple[RaciColumn, ...]
    rows: tuple[RaciRow, ...]
    plan: ColumnPlan | None = None  # the printed layout; None for an empty table

    @property
    def legend(self) -> tuple[tuple[str, str], ...]:
        return tuple((ch, self.labels.get(f"letter_{ch}", ch)) for ch in self.letters)

    @property
    def has_gaps(self) -> bool:
        return any(row.missing for row in self.rows)

    def block_caption(self, number: int) -> str:
        """"第 2/3 部分 · 岗位 13–24(共 30)" over the second of three printed blocks."""
        assert self.plan is not None
        block = self.plan.blocks[number - 1]
        return self.labels["raci_block"].format(
            i=number, n=len(self.plan.blocks), first=block[0] + 1, last=block[-1] + 1,
            total=len(self.columns),
        )


def _holder_order(org: Org, lang: str) -> list[tuple[str, str, str]]:
    """(holder id, kind, group name) in model order: posts by department, then committees."""
    committees_label = LABELS[lang]["committees"]
    holders = [
        (role.id, "role", dept.name.get(lang)) for dept in org.departments for role in dept.roles
    ]
    return holders + [(c.id, HOLDER_COMMITTEE, committees_label) for c in org.committees]


def raci_context(org: Org, matrix: Matrix, process_id: str | None, lang: str) -> RaciTable:
    """Rows = activities, columns = holders that carry anything in them, cells = letters."""
    labels = LABELS[lang]
    processes = (
        [org.processes_by_id[process_id]] if process_id is not None else list(org.processes)
    )
    activities = [a for p in processes for a in p.activities]
    activity_ids = {a.id for a in activities}
    columns = []
    for holder_id, kind, group in _holder_order(org, lang):
        if any(act in activity_ids for act in matrix.by_holder.get(holder_id, {})):
            name = org.holder_name(holder_id, lang)
            columns.append(RaciColumn(holder_id, name, kind, group, break_label(name),
                                      break_label(group)))
    process_names = {p.id: p.name.get(lang) for p in processes}
    rows = []
    for a in activities:
        cells = tuple(matrix.letters(a.id, c.id) for c in columns)
        rows.append(RaciRow(
            activity_id=a.id,
            activity_name=a.name.get(lang),
            process_id=a.process,
            process_name=process_names.get(a.process, a.process),
            cells=cells,
            dual_control=a.dual_control,
            missing=tuple(ch for ch in GAP_LETTERS if not any(ch in c for c in cells)),
        ))
    title = (
        process_names[process_id] if process_id is not None else labels["raci_overall"]
    )
    return RaciTable(
        process_id=process_id,
        title=title,
        org_name=org.name.get(lang),
        lang=lang,
        labels=labels,
        letters=org.raci,
        columns=tuple(columns),
        rows=tuple(rows),
        plan=_plan(columns, rows, overall=process_id is None),
    )


def _plan(columns: list[RaciColumn], rows: list[RaciRow], overall: bool) -> ColumnPlan:
    """Column widths from the text they hold, and the page-wide blocks of holders."""
    holder_mm = [
        holder_width_mm(c.name_lines, c.group_lines,
                        max((len(r.cells[i]) for r in rows), default=1))
        for i, c in enumerate(columns)
    ]
    tags = max((int(r.dual_control) + len(r.missing) for r in rows), default=0)
    activity_mm = lead_width_mm([r.activity_name for r in rows], tags * TAG_EM, ACTIVITY_MAX_MM)
    process_mm = (
        lead_width_mm([r.process_name for r in rows], 0, PROCESS_MAX_MM) if overall else 0.0
    )
    return plan_columns(holder_mm, process_mm, activity_mm)
