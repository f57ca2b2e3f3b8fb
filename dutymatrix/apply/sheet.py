"""An edited raci.xlsx → the cells a person changed, each located as ``raci.xlsx:Sheet!C12``.

The workbook must be one ``build`` wrote for this model: its custom properties carry the
language and a hash of the RACI content; the current model must still produce that hash,
so every unedited cell still equals the model and any difference is an edit. Columns are
matched by title (a post, a committee, its id, or ``<holder-id>#<n>`` for one duty), rows
by activity name, so inserted, moved or deleted rows and columns are read correctly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dutymatrix.i18n import LANGS, N_
from dutymatrix.matrix import Matrix
from dutymatrix.messages import Msg
from dutymatrix.model import Org
from dutymatrix.render.csvout import RaciGrid, labels, neutralise
from dutymatrix.render.hant import display_model
from dutymatrix.render.labels import lang_code
from dutymatrix.render.xlsx import (
    FINDINGS_LABELS,
    PROPERTY_HASH,
    PROPERTY_LANG,
    PROPERTY_ORG,
    gap_column_title,
    raci_fingerprint,
    raci_sheets,
)
from dutymatrix.render.xlsx_sod import SHEETS
from dutymatrix.spreadsheet import cell_name, check_sheet_size

# The auditor's sheets of a built workbook: read-only views, never written back.
AUDITOR_SHEETS = tuple(SHEETS[lang][key] for lang in LANGS for key in ("sod", "waivers"))

_SEPARATORS = re.compile(r"[\s,/、，;；+|]+")
_DUTY_REF = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9_.-]*)?#(\d+)\s*$")
_COMMENT_REF = re.compile(r"(?:(?<![\w.-])([A-Za-z0-9][A-Za-z0-9_.-]*))?#(\d+)")


@dataclass(frozen=True)
class CellEdit:
    """One changed cell: ``holder`` now has ``letters`` on ``activity``."""

    where: str  # raci.xlsx:Sheet!C12
    activity: str
    holder: str
    letters: str  # in the org's letter order; "" = none
    duty: int | None = None  # the duty the sheet names (owner#n column or cell comment)
    column_names_duty: bool = False  # the letters are that one duty's, not the holder's


@dataclass
class SheetRead:
    edits: list[CellEdit]
    problems: list[str | Msg]
    notes: list[str | Msg]
    lang: str


@dataclass(frozen=True)
class _Column:
    holder: str
    duty: int | None  # an owner#n column


def read_edits(workbook: Any, label: str, org: Org, matrix: Matrix) -> SheetRead:
    """Every changed cell of every RACI sheet, or the problems that stop the apply."""
    props = {p.name: p.value for p in workbook.custom_doc_props}
    if PROPERTY_HASH not in props or PROPERTY_LANG not in props:
        return SheetRead([], [Msg(N_("{path}: not a RACI workbook written by `dutymatrix "
                                     "build` (its document properties carry no dutymatrix "
                                     "hash); edit the raci.xlsx of a build of this org"),
                                  path=label)], [], "zh")
    lang = str(props[PROPERTY_LANG])
    built_for = str(props.get(PROPERTY_ORG, ""))
    if built_for and built_for != org.id:
        return SheetRead([], [Msg(N_("{path}: built for the org `{built_for}`, not "
                                     "`{org}`; give the org folder it was built from"),
                                  path=label, built_for=built_for, org=org.id)], [], lang)
    shown = display_model(org, lang_code(lang))  # zh-TW sheets name things in traditional
    layout = raci_sheets(shown, matrix, lang)
    if raci_fingerprint(shown, layout, lang) != props[PROPERTY_HASH]:
        return SheetRead([], [Msg(N_("{path}: the model has changed since this workbook "
                                     "was built (its RACI hash no longer matches the org); run "
                                     "`dutymatrix build` again and make the edits in the new "
                                     "raci.xlsx"), path=label)], [], lang)
    reader = _Reader(label, org, matrix, lang)
    grids = dict(layout)
    findings_sheet = FINDINGS_LABELS[lang]["sheet"]
    for sheet in workbook.worksheets:
        if sheet.title in grids:
            reader.sheet(sheet, grids[sheet.title])
        elif not sheet.title.startswith((findings_sheet, *AUDITOR_SHEETS)):
            reader.notes.append(Msg(N_("{path}:{sheet}: not a RACI sheet of this build; left "
                                       "alone"), path=label, sheet=sheet.title))
    return SheetRead(reader.merged(), reader.problems, reader.notes, lang)


class _Reader:
    def __init__(self, label: str, org: Org, matrix: Matrix, lang: str):
        self.label, self.org, self.matrix, self.lang = label, org, matrix, lang
        self.edits: list[CellEdit] = []
        self.problems: list[str | Msg] = []
        self.notes: list[str | Msg] = []
        self.titles = _holder_titles(display_model(org, lang_code(lang)), lang)

    def where(self, sheet: Any, row: int, col: int) -> str:
        return f"{self.label}:{sheet.title}!{cell_name(row, col)}"

    def sheet(self, sheet: Any, grid: RaciGrid) -> None:
        check_sheet_size(sheet, self.label)
        rows = [list(r) for r in sheet.iter_rows(min_row=1)]
        if not rows:
            return
        text = labels(self.lang)
        lead = 1 if grid.process_id is not None else 2
        expected = [text["activity"], *([text["process"]] if lead == 2 else [])]
        header = [_value(c) for c in rows[0]]
        if header[:lead] != expected:
            self.problems.append(Msg(N_("{where}: the first column(s) must stay {expected} "
                                        "(found {found})"), where=self.where(sheet, 1, 1),
                                     expected=" | ".join(expected),
                                     found=" | ".join(header[:lead])))
            return
        columns = self.columns(sheet, rows, lead, grid)
        activities = self.activities(sheet, rows, lead, grid)
        for row_index, activity in activities.items():
            for col_index, column in columns.items():
                cells = rows[row_index]
                cell = cells[col_index] if col_index < len(cells) else None
                self.cell(sheet, row_index + 1, col_index + 1, cell, activity, column)

    def columns(self, sheet: Any, rows: list[list[Any]], lead: int,
                grid: RaciGrid) -> dict[int, _Column]:
        own = {neutralise(t): h for t, h in zip(grid.holders, grid.holder_ids, strict=True)}
        found: dict[int, _Column] = {}
        seen: dict[_Column, str] = {}
        gaps = gap_column_title(self.lang)
        for col in range(lead, len(rows[0])):
            title = _value(rows[0][col])
            where = self.where(sheet, 1, col + 1)
            if title == gaps:
                continue  # the build's 缺A / 缺R marks: derived, not letters to apply
            if not title:
                if any(col < len(r) and _value(r[col]) for r in rows[1:]):
                    self.problems.append(Msg(N_("{where}: a column of letters with no post "
                                                "title; give it the post's title or id"),
                                             where=where))
                continue
            column = self.column(title, own, where)
            if column is None:
                continue
            if column in seen:
                self.problems.append(Msg(N_("{where}: `{title}` is a second column for the "
                                            "same post (first at {first}); keep one"),
                                         where=where, title=title, first=seen[column]))
                continue
            seen[column] = where
            found[col] = column
        return found

    def column(self, title: str, own: dict[str, str], where: str) -> _Column | None:
        match = _DUTY_REF.match(title)
        if match and match.group(1):
            holder, n = match.group(1), int(match.group(2))
            if holder not in self.org.roles and holder not in self.org.committees_by_id:
                self.problems.append(Msg(N_("{where}: unknown post or committee `{holder}` in "
                                            "`{title}`"), where=where, holder=holder,
                                         title=title))
                return None
            if not 1 <= n <= len(_duties(self.org, holder)):
                self.problems.append(Msg(N_("{where}: `{holder}` has no duty #{n} (it has "
                                            "{count})"), where=where, holder=holder, n=n,
                                         count=len(_duties(self.org, holder))))
                return None
            return _Column(holder, n)
        holder = own.get(title) or self.titles.get(title)
        if holder is None:
            self.problems.append(Msg(N_("{where}: unknown post or committee `{title}`; use a "
                                        "column title of the built sheet or a post id"),
                                     where=where, title=title))
            return None
        return _Column(holder, None)

    def activities(self, sheet: Any, rows: list[list[Any]], lead: int,
                   grid: RaciGrid) -> dict[int, str]:
        by_name: dict[tuple[str, ...], list[str]] = {}
        for i, activity_id in enumerate(grid.activity_ids):
            key = (neutralise(grid.activities[i]),
                   *([neutralise(grid.process_names[i])] if lead == 2 else []))
            by_name.setdefault(key, []).append(activity_id)
        found: dict[int, str] = {}
        seen: dict[str, str] = {}
        for index in range(1, len(rows)):
            key = tuple(_value(c) for c in rows[index][:lead])
            if not any(key):
                continue
            where = self.where(sheet, index + 1, 1)
            ids = by_name.get(key) or ([key[0]] if key[0] in grid.activity_ids else [])
            if len(ids) != 1:
                problem = (Msg(N_("names two activities")) if ids
                           else Msg(N_("is not an activity of this sheet")))
                self.problems.append(Msg(N_("{where}: `{name}` {problem}; keep the activity "
                                            "names as built (or write the activity id)"),
                                         where=where, name=" / ".join(key), problem=problem))
                continue
            if ids[0] in seen:
                self.problems.append(Msg(N_("{where}: a second row for `{name}` (first at "
                                            "{first}); keep one"), where=where, name=key[0],
                                         first=seen[ids[0]]))
                continue
            seen[ids[0]] = where
            found[index] = ids[0]
        return found

    def cell(self, sheet: Any, row: int, col: int, cell: Any, activity: str,
             column: _Column) -> None:
        where = self.where(sheet, row, col)
        letters = self.letters(cell, where)
        if letters is None:
            return
        if column.duty is not None:
            duty = _duties(self.org, column.holder)[column.duty - 1]
            before = duty.raci.get(activity, "")
        else:
            before = self.matrix.letters(activity, column.holder)
        if set(letters) == set(before):
            return
        duty_n, column_names_duty = column.duty, column.duty is not None
        if duty_n is None:
            duty_n = self.comment_duty(cell, column.holder, where)
        self.edits.append(CellEdit(where, activity, column.holder, letters, duty_n,
                                   column_names_duty))

    def letters(self, cell: Any, where: str) -> str | None:
        value = cell.value if cell is not None else None
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problems.append(Msg(N_("{where}: `{value}` is not RACI letters; write "
                                        "letters from {letters} or leave the cell empty"),
                                     where=where, value=value, letters=", ".join(self.org.raci)))
            return None
        if value.startswith("="):
            self.problems.append(Msg(N_("{where}: a formula; type the letters themselves "
                                        "({letters})"), where=where,
                                     letters=", ".join(self.org.raci)))
            return None
        folded = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value)).upper()
        wrong = [ch for ch in folded if ch not in self.org.raci]
        if wrong or len(set(folded)) != len(folded):
            what = (Msg(N_("`{letter}` is not a RACI letter"), letter=wrong[0]) if wrong
                    else Msg(N_("a letter twice")))
            self.problems.append(Msg(N_("{where}: `{value}`: {what}; use {letters} (each once) "
                                        "or leave the cell empty"), where=where, value=value,
                                     what=what, letters=", ".join(self.org.raci)))
            return None
        return "".join(ch for ch in self.org.raci if ch in folded)

    def comment_duty(self, cell: Any, holder: str, where: str) -> int | None:
        comment = getattr(cell, "comment", None)
        if comment is None or not comment.text:
            return None
        match = _COMMENT_REF.search(comment.text)
        if match is None:
            return None
        owner, n = match.group(1), int(match.group(2))
        if owner and owner != holder:
            self.problems.append(Msg(N_("{where}: the comment names `{owner}#{n}`, a duty of "
                                        "another post than this column's `{holder}`"),
                                     where=where, owner=owner, n=n, holder=holder))
            return None
        count = len(_duties(self.org, holder))
        if not 1 <= n <= count:
            self.problems.append(Msg(N_("{where}: the comment names duty #{n}; `{holder}` has "
                                        "{count} duties"), where=where, n=n, holder=holder,
                                     count=count))
            return None
        return n

    def merged(self) -> list[CellEdit]:
        """One edit per cell meaning; the same cell changed differently on two sheets is
        a conflict."""
        kept: dict[tuple[str, str, int | None, bool], CellEdit] = {}
        for edit in self.edits:
            key = (edit.activity, edit.holder, edit.duty if edit.column_names_duty else None,
                   edit.column_names_duty)
            first = kept.get(key)
            if first is None:
                kept[key] = edit
            elif first.letters != edit.letters or first.duty != edit.duty:
                empty = Msg(N_("(empty)"))
                self.problems.append(Msg(N_("{where}: `{letters}` here but `{before}` at "
                                            "{first} for the same post and activity; make the "
                                            "two agree"), where=edit.where,
                                         letters=edit.letters or empty,
                                         before=first.letters or empty, first=first.where))
        return list(kept.values())


def _value(cell: Any) -> str:
    value = cell.value if cell is not None else None
    return "" if value is None else str(value).strip()


def _duties(org: Org, holder: str) -> Sequence[Any]:
    if holder in org.roles:
        return org.roles[holder].duties
    return org.committees_by_id[holder].duties


def _holder_titles(org: Org, lang: str) -> dict[str, str]:
    """Column title → holder id, for every post and committee: its id, its title where
    that is unique, and ``title(department)`` as the build writes for repeated titles."""
    titles: dict[str, str] = {}
    counts: dict[str, int] = {}
    holders = [(r.id, r.title.get(lang), org.departments_by_id[r.department].name.get(lang))
               for r in org.roles.values()]
    holders += [(c.id, c.name.get(lang), "") for c in org.committees]
    for _, title, _ in holders:
        counts[title] = counts.get(title, 0) + 1
    for holder_id, title, dept in holders:
        if counts[title] == 1:
            titles[neutralise(title)] = holder_id
        if dept:
            titles[neutralise(f"{title}({dept})" if lang != "en" else f"{title} ({dept})")] = (
                holder_id)
    for holder_id, _, _ in holders:
        titles[holder_id] = holder_id
    return titles
