"""RACI chart as CSV: UTF-8 with a BOM (so Excel shows Chinese), one row per activity.

Also home of the two helpers the Excel renderer shares: ``neutralise`` (spreadsheet
formula injection) and ``raci_grid`` (the RACI table as plain rows and columns).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from dutymatrix.errors import UsageError
from dutymatrix.matrix import Matrix
from dutymatrix.model import Org

# A cell starting with one of these is read as a formula by Excel, LibreOffice and
# Google Sheets (tab and CR too, through their import trimming).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

LABELS = {
    "zh": {"activity": "活动", "process": "流程", "overall": "总表"},
    "en": {"activity": "Activity", "process": "Process", "overall": "Overall"},
}


def labels(lang: str) -> dict[str, str]:
    return LABELS["en" if lang == "en" else "zh"]


def neutralise(text: str) -> str:
    """Prefix a single quote to text a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


@dataclass(frozen=True)
class RaciGrid:
    """A RACI table as a spreadsheet sees it.

    ``holders`` are the columns, ``rows`` the activities; ``cells[i][j]`` are the
    letters of holder ``j`` on activity ``i`` ("" when none).
    """

    title: str
    process_id: str | None
    holder_ids: tuple[str, ...]
    holders: tuple[str, ...]  # column titles, unique within the table
    activity_ids: tuple[str, ...]
    activities: tuple[str, ...]
    process_names: tuple[str, ...]  # the process of each row (shown in the overall table)
    cells: tuple[tuple[str, ...], ...]


def raci_grid(org: Org, matrix: Matrix, process_id: str | None, lang: str) -> RaciGrid:
    """The RACI table of one process (or of all of them when ``process_id`` is None).

    Rows are the activities in model order; columns the posts and committees that
    carry any letter on them, in model order (posts by department, then committees).
    """
    if process_id is None:
        processes = list(org.processes)
        title = labels(lang)["overall"]
    else:
        if process_id not in org.processes_by_id:
            known = ", ".join(p.id for p in org.processes) or "none"
            raise UsageError(f"unknown process {process_id!r} (known: {known})")
        processes = [org.processes_by_id[process_id]]
        title = processes[0].name.get(lang)
    activities = [(proc, act) for proc in processes for act in proc.activities]
    involved = {h for _, act in activities for h in matrix.by_activity.get(act.id, {})}
    holder_order = [*org.roles, *(c.id for c in org.committees)]
    holder_ids = [h for h in holder_order if h in involved]
    return RaciGrid(
        title=title,
        process_id=process_id,
        holder_ids=tuple(holder_ids),
        holders=tuple(_holder_titles(org, holder_ids, lang)),
        activity_ids=tuple(act.id for _, act in activities),
        activities=tuple(act.name.get(lang) for _, act in activities),
        process_names=tuple(proc.name.get(lang) for proc, _ in activities),
        cells=tuple(
            tuple(matrix.letters(act.id, h) for h in holder_ids) for _, act in activities
        ),
    )


def _holder_titles(org: Org, holder_ids: list[str], lang: str) -> list[str]:
    """Column titles; two posts both called 经理 get their department added."""
    titles = [org.holder_name(h, lang) for h in holder_ids]
    counts: dict[str, int] = {}
    for t in titles:
        counts[t] = counts.get(t, 0) + 1
    result = []
    for holder_id, title in zip(holder_ids, titles, strict=True):
        if counts[title] > 1 and holder_id in org.roles:
            dept = org.holder_name(org.roles[holder_id].department, lang)
            title = f"{title}({dept})" if lang != "en" else f"{title} ({dept})"
        result.append(title)
    # Still the same (same title in the same department): fall back to the id.
    seen: set[str] = set()
    unique = []
    for holder_id, title in zip(holder_ids, result, strict=True):
        unique.append(title if title not in seen else f"{title} [{holder_id}]")
        seen.add(title)
    return unique


def render_raci_csv(org: Org, matrix: Matrix, process_id: str | None, lang: str) -> bytes:
    """The RACI chart of one process, or of all processes (``process_id`` None)."""
    grid = raci_grid(org, matrix, process_id, lang)
    text = labels(lang)
    overall = process_id is None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    head = [text["process"]] if overall else []
    writer.writerow([neutralise(c) for c in [*head, text["activity"], *grid.holders]])
    for i, activity in enumerate(grid.activities):
        lead = [grid.process_names[i]] if overall else []
        writer.writerow([neutralise(c) for c in [*lead, activity, *grid.cells[i]]])
    return buffer.getvalue().encode("utf-8-sig")
