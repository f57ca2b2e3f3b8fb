"""Tables → the draft: duty lists, posting records and RACI matrices kept in Excel or CSV.

What a table holds is told by its header row (the first row, of the first ten, that names
known columns, in Chinese or English):

- a **duty list**: department, post, duty number, duty text (部门 / 岗位 / 序号 / 职责 …);
  merged or blank department and post cells carry down from the row above; a row with a
  number is one duty, a cell without one may hold a whole numbered list;
- **posting records**: a title and a description per row (职位名称 / 职位描述, title /
  description …), the description read as a document (岗位职责, 任职要求 …);
- a **RACI matrix**: activities down (活动 …, or any first column over cells of letters),
  posts and committees across, letters in the cells.

Every problem is collected with its cell (``file.xlsx:Sheet!C12``) and the import stops
with all of them: nothing half-read is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dutymatrix.i18n import N_
from dutymatrix.importer import vocab
from dutymatrix.importer.build import Builder
from dutymatrix.importer.columns import KIND_OF_NAME, header_key
from dutymatrix.importer.draft import Draft, DraftDuty, DraftRole, clean_duty
from dutymatrix.importer.html_text import html_lines
from dutymatrix.importer.raci_table import RaciReader
from dutymatrix.importer.read import Line
from dutymatrix.importer.segment import Segmenter
from dutymatrix.importer.tables import Table
from dutymatrix.importer.text import assemble, fold
from dutymatrix.messages import Msg

HEADER_SEARCH_ROWS = 10

_NUMBER = re.compile(r"^(?:第?\s*[0-9一二三四五六七八九十百]+\s*[条、.)）]?|[(（]\s*"
                     r"[0-9一二三四五六七八九十]+\s*[)）]|[①-⑳])$")


@dataclass
class SheetImport:
    """What the tables of one run add to the draft; problems stop the import."""

    draft: Draft
    department: str | None
    fallback: str
    problems: list[str | Msg] = field(default_factory=list)
    notes: list[str | Msg] = field(default_factory=list)
    raci_tables: list[Table] = field(default_factory=list)

    def add(self, table: Table) -> None:
        """Read a duty list or posting table now; keep a RACI table for ``finish`` (its
        posts are matched by title with the posts every other file defines)."""
        found = _header(table)
        if found is None:
            if RaciReader.looks_like(table):
                self.raci_tables.append(table)
                return
            self.notes.append(Msg(N_("{table}: no header of a duty list (部门, 岗位, 序号, 职责), "
                                     "of postings (职位名称, 职位描述) or of a RACI matrix (活动 "
                                     "and post columns) in its first rows; skipped"),
                                  table=table.label))
            return
        row, columns = found
        if "raci" in columns.values():
            self.raci_tables.append(table)
        elif "desc" in columns.values() and "n" not in columns.values():
            self._postings(table, row, columns)
        else:
            self._duty_list(table, row, columns)

    def finish(self) -> None:
        reader = RaciReader(self.draft, self.department, self.fallback, self.problems)
        for table in self.raci_tables:
            reader.read(table)

    # --- duty lists ------------------------------------------------------------------------

    def _duty_list(self, table: Table, header: int, columns: dict[int, str]) -> None:
        col = {kind: c for c, kind in sorted(columns.items(), reverse=True)}
        text_col = col.get("text", col.get("desc"))
        # a sheet per department, named after it, needs no department column
        dept_name = _sheet_department(table) if "dept" not in col else ""
        post_name = ""
        role: DraftRole | None = None
        for r in range(header + 1, len(table.rows)):
            cells = table.rows[r]

            def cell(kind: str, cells: list[str] = cells) -> str:
                c = col.get(kind)
                return cells[c] if c is not None and c < len(cells) else ""

            if cell("dept") and cell("dept") != dept_name:
                dept_name, post_name, role = cell("dept"), "", None
                self.draft.department(dept_name, table.where(r, col["dept"]))
            if cell("post") and cell("post") != post_name:
                post_name = cell("post")
                role = self._role(dept_name, post_name, table.where(r, col["post"]))
                for kind in ("code", "location", "salary"):
                    if cell(kind):
                        role.fields[kind] = cell(kind)
            number, text = cell("n"), cell("text") if "text" in col else cell("desc")
            if number and not _NUMBER.match(fold(number)):
                self.problems.append(Msg(N_("{where}: `{number}` is not a duty number (1, 2, "
                                            "3 … or 一、二、)"), where=table.where(r, col["n"]),
                                         number=number))
                continue
            if not text:
                continue
            where = table.where(r, text_col)  # type: ignore[arg-type]
            duties = [DraftDuty(clean_duty(text), where)] if number else \
                parse_duties(where, text, post_name or None)[0]
            if role is not None:
                role.duties.extend(duties)
                known = {q.text for q in role.qualifications}
                role.qualifications.extend(  # a merged cell repeats on every row
                    DraftDuty(t, table.where(r, col["qual"]))
                    for t in _list_items(cell("qual")) if t not in known)
            elif dept_name or self.department:
                department = self.draft.department(dept_name or self.department or "", where)
                department.duties.extend(duties)
            else:
                self.problems.append(Msg(N_("{where}: a duty with no department or post; "
                                            "fill the department or post column (or give "
                                            "--department)"), where=where))

    def _role(self, dept_name: str, title: str, where: str) -> DraftRole:
        name = dept_name or self.department or _department_in_title(title) or self.fallback
        department = self.draft.department(name, where)
        for role in department.roles:
            if role.title == title:
                return role
        role = DraftRole(title, where)
        department.roles.append(role)
        return role

    # --- postings --------------------------------------------------------------------------

    def _postings(self, table: Table, header: int, columns: dict[int, str]) -> None:
        col = {kind: c for c, kind in sorted(columns.items(), reverse=True)}
        if "post" not in col:
            self.problems.append(Msg(N_("{where}: postings need a title column (职位名称, "
                                        "title) next to the description"),
                                     where=table.where(header, min(columns))))
            return
        for r in range(header + 1, len(table.rows)):
            cells = table.rows[r]
            title = cells[col["post"]] if col["post"] < len(cells) else ""
            text = cells[col["desc"]] if col["desc"] < len(cells) else ""
            if not title and not text:
                continue
            if not title:
                self.problems.append(Msg(N_("{where}: a posting with no title; fill it in"),
                                         where=table.where(r, col["post"])))
                continue
            duties, quals, fields = parse_duties(table.where(r, col["desc"]), text, title)
            dept = cells[col["dept"]] if "dept" in col and col["dept"] < len(cells) else ""
            role = self._role(dept, title, table.where(r, col["post"]))
            role.duties.extend(duties)
            role.qualifications.extend(quals)
            if "qual" in col and col["qual"] < len(cells):
                role.qualifications.extend(DraftDuty(t, table.where(r, col["qual"]))
                                           for t in _list_items(cells[col["qual"]]))
            role.fields.update(fields)
            for kind in ("code", "location", "salary"):
                if kind in col and col[kind] < len(cells) and cells[col[kind]]:
                    role.fields[kind] = cells[col[kind]]


def _header(table: Table) -> tuple[int, dict[int, str]] | None:
    """The header row and its known columns (column → kind), or None."""
    for r, cells in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        columns = {c: KIND_OF_NAME[header_key(v)] for c, v in enumerate(cells)
                   if header_key(v) in KIND_OF_NAME}
        kinds = set(columns.values())
        if RaciReader.activity_header(cells):
            return r, {0: "raci"}
        if kinds & {"text", "desc"} and kinds & {"post", "dept", "n"}:
            return r, columns
    return None


def _sheet_department(table: Table) -> str:
    """The department a sheet is named after ("信贷管理部", "Credit Department"), or ""."""
    name = (table.sheet or "").strip()
    folded = fold(name)
    if vocab.DEPT_NAME.match(folded) or vocab.EN_DEPT_NAME.match(name):
        return name
    return ""


def _department_in_title(title: str) -> str | None:
    match = re.match(rf"^(.+?(?:{vocab.DEPT_SUFFIX}))(?:.+)$", title)
    return match.group(1) if match else None


def _list_items(text: str) -> list[str]:
    """The items of a requirements cell: one a line, numbers and bullets taken off."""
    items = []
    for line in re.split(r"[\n;；]+", text):
        line = re.sub(r"^\s*(?:\d{1,2}\s*[.、)）]|[(（]\d{1,2}[)）]|[①-⑳•·\-*])\s*", "", line)
        if clean_duty(line):
            items.append(clean_duty(line))
    return items


_HTML_TAG = re.compile(r"</?(?:p|br|li|ul|ol|div|span|strong|b|h[1-6]|table|tr|td)\b[^>]*>",
                       re.IGNORECASE)


def parse_duties(where: str, text: str, post: str | None
                 ) -> tuple[list[DraftDuty], list[DraftDuty], dict[str, str]]:
    """A cell or description read as a document: (duties, qualifications, fields).

    A cell that reads as no list at all is one duty, as written."""
    if _HTML_TAG.search(text):  # a description exported from a web page: <p>1. …</p>
        lines = html_lines(text)
    else:
        lines = [Line(t, n) for n, t in enumerate(text.splitlines(), start=1)]
    source = assemble(where, lines)
    draft = Draft()
    builder = Builder(draft, "-", fallback="-")
    builder.feed(source, Segmenter(source).events(), post=post or "-")
    builder.finish()
    roles = [r for d in draft.departments for r in d.roles]
    duties = [d for r in roles for d in r.duties] + [d for dept in draft.departments
                                                       for d in dept.duties]
    quals = [q for r in roles for q in r.qualifications]
    fields = {k: v for r in roles for k, v in r.fields.items()}
    if not duties and not quals and clean_duty(text):
        duties = [DraftDuty(clean_duty(text), where)]
    return duties, quals, fields
