"""RACI chart as CSV: UTF-8 with a BOM (so Excel shows Chinese), one row per activity.

Also home of the two helpers the Excel renderer shares: ``neutralise`` (spreadsheet
formula injection) and ``raci_grid`` (the RACI table as plain rows and columns).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

from dutymatrix.errors import UsageError
from dutymatrix.i18n import N_
from dutymatrix.matrix import Matrix
from dutymatrix.messages import Msg
from dutymatrix.model import Org
from dutymatrix.render.labels import Labels
from dutymatrix.render.raci_context import raci_context

# A cell starting with one of these is read as a formula by Excel, LibreOffice and
# Google Sheets (tab and CR too, through their import trimming).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

LABELS = Labels({"activity": N_("Activity"), "process": N_("Process"),
                 "overall": N_("Overall")})


def labels(lang: str) -> Mapping[str, str]:
    return LABELS[lang]


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

    The same rows and columns as the HTML and PDF charts (``raci_context``):
    activities in model order; the posts and committees that carry any letter on them.
    """
    if process_id is not None and process_id not in org.processes_by_id:
        known = ", ".join(p.id for p in org.processes) or "none"
        raise UsageError(Msg(N_("unknown process {process} (known: {known})"),
                             process=repr(process_id), known=known))
    table = raci_context(org, matrix, process_id, lang)
    return RaciGrid(
        title=labels(lang)["overall"] if process_id is None else table.title,
        process_id=process_id,
        holder_ids=tuple(c.id for c in table.columns),
        holders=tuple(
            _unique_titles([(c.id, c.name, c.group if c.kind == "role" else "")
                            for c in table.columns], lang)
        ),
        activity_ids=tuple(r.activity_id for r in table.rows),
        activities=tuple(r.activity_name for r in table.rows),
        process_names=tuple(r.process_name for r in table.rows),
        cells=tuple(r.cells for r in table.rows),
    )


def _unique_titles(columns: list[tuple[str, str, str]], lang: str) -> list[str]:
    """Column titles from (id, title, department); two posts both called 经理 get their
    department added, and the id where even that is the same."""
    counts: dict[str, int] = {}
    for _, title, _ in columns:
        counts[title] = counts.get(title, 0) + 1
    result = []
    for _, title, dept in columns:
        if counts[title] > 1 and dept:
            title = f"{title}({dept})" if lang != "en" else f"{title} ({dept})"
        result.append(title)
    seen: set[str] = set()
    unique = []
    for (holder_id, _, _), title in zip(columns, result, strict=True):
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
