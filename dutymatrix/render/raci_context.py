"""Org → the RACI table of one process or the whole org: activities by holders, letters.

Plain frozen records, already in the document language; the HTML/PDF chart, the CSV
and the Excel workbook only lay them out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dutymatrix.matrix import HOLDER_COMMITTEE, Matrix
from dutymatrix.model import Org

from .labels import LABELS

__all__ = ["RaciColumn", "RaciRow", "RaciTable", "raci_context"]


@dataclass(frozen=True)
class RaciColumn:
    id: str
    name: str
    kind: str  # "role" | "committee"
    group: str  # department name of a post; the committees label for committees


@dataclass(frozen=True)
class RaciRow:
    activity_id: str
    activity_name: str
    process_id: str
    process_name: str
    cells: tuple[str, ...]  # letters per column ("" = nothing)
    dual_control: bool = False


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

    @property
    def legend(self) -> tuple[tuple[str, str], ...]:
        return tuple((ch, self.labels.get(f"letter_{ch}", ch)) for ch in self.letters)


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
            columns.append(RaciColumn(holder_id, org.holder_name(holder_id, lang), kind, group))
    process_names = {p.id: p.name.get(lang) for p in processes}
    rows = tuple(
        RaciRow(
            activity_id=a.id,
            activity_name=a.name.get(lang),
            process_id=a.process,
            process_name=process_names.get(a.process, a.process),
            cells=tuple(matrix.letters(a.id, c.id) for c in columns),
            dual_control=a.dual_control,
        )
        for a in activities
    )
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
        rows=rows,
    )
