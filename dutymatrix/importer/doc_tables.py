"""A duty-list table inside a document (Word, HTML): rows of 部门 | 岗位 | 序号 | 职责 read
as the department and post headings and the numbered duties they stand for, as a
spreadsheet's duty list is. A table without such a header is left to the reader."""

from __future__ import annotations

import re

from dutymatrix.importer import vocab
from dutymatrix.importer.columns import KIND_OF_NAME, header_key
from dutymatrix.importer.read import NUMBER_CELL, Line
from dutymatrix.importer.text import fold

_NUMBERED = re.compile(r"^\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[、.)]|^\s*[(（①-⑳]")


def table_lines(rows: list[tuple[list[str], int]]) -> list[Line] | None:
    """The lines a duty-list table stands for, or None when it is not one: its first row
    names a post column and a duty column. ``rows``: each row's cells and line number."""
    if len(rows) < 2:
        return None
    kinds = [KIND_OF_NAME.get(header_key(cell)) for cell in rows[0][0]]
    if "post" not in kinds or "text" not in kinds:
        return None
    column = {kind: kinds.index(kind) for kind in ("dept", "post", "n", "text") if kind in kinds}
    lines: list[Line] = []
    dept = post = ""
    for cells, lineno in rows[1:]:
        def cell(kind: str, cells: list[str] = cells) -> str:
            at = column.get(kind)
            return cells[at].strip() if at is not None and at < len(cells) else ""

        if cell("dept") and cell("dept") != dept:  # blank or merged cells carry down
            dept, post = cell("dept"), ""
            lines.append(Line(dept, lineno, heading=True))
        if cell("post") and cell("post") != post:
            post = cell("post")
            label = " Responsibilities" if post.isascii() else "岗位职责"
            lines.append(Line(post + label, lineno, heading=True))
        text = cell("text")
        if not text:
            continue
        number = cell("n").rstrip(".、")
        if _NUMBERED.match(text) or not NUMBER_CELL.match(number):
            # a cell holding a whole numbered list, or a duty with no number of its own
            lines.extend(Line(_ended(part), lineno) for part in text.splitlines()
                         if part.strip())
        else:
            lines.append(Line(f"{number}、{_ended(text)}", lineno))
    return lines


def _ended(text: str) -> str:
    """A cell's sentence ends with its cell: the text after the table does not go on it
    (the full stop is taken off again with the duty's other edges)."""
    text = text.strip()
    return text if text[-1:] in "。;；.!?！？:：" else text + "。"


def form_lines(cells: list[str], lineno: int) -> list[Line] | None:
    """A row of a job description form, label | value (| label | value): "岗位名称 | 理财
    经理 | 所属部门 | 个人金融部" as the fields it holds, "岗位职责 | 1. …" as a label over
    its list. None when the row is not one (the reader keeps it as it was)."""
    cells = [c.strip() for c in cells]
    if len(cells) < 2 or len(cells) % 2 or not all(cells[0::2]):
        return None
    labels = [fold(label).rstrip(":") for label in cells[0::2]]
    if not all(_form_label(label) for label in labels):
        return None
    lines: list[Line] = []
    for label, value in zip(cells[0::2], cells[1::2], strict=True):
        label = label.rstrip(":：")
        parts = [p for p in value.splitlines() if p.strip()]
        if len(parts) > 1 or not vocab.FIELD.match(fold(label) + ":"):
            lines.append(Line(label + ":", lineno))  # 岗位职责: above its list
            lines.extend(Line(part, lineno) for part in parts)
        elif parts:
            lines.append(Line(f"{label}:{parts[0]}", lineno))
    return lines


def _form_label(label: str) -> bool:
    return bool(vocab.FIELD.fullmatch(label + ":") or vocab.DUTY_LABEL.match(label)
                or vocab.QUAL_LABEL.match(label))
