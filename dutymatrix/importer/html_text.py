"""HTML → lines: block-level text with the source line each block starts on.

``html.parser`` recovers from broken markup by rescanning the rest of the document at
every ``<`` it cannot close (``<a <a <a …``, ``</</</``, ``<?<?<?``): quadratic, minutes for
a hundred kilobytes. ``defuse`` first escapes every ``<`` that does not open a complete
tag, comment or declaration, in one pass, so the parser only ever sees markup it can
close; well-formed HTML passes through unchanged (line numbers stay as they were).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from dutymatrix.importer.doc_tables import form_lines, table_lines
from dutymatrix.importer.read import NUMBER_CELL, Line, table_row

_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "td", "th", "ul", "ol", "table", "section", "article",
    "header", "footer", "blockquote", "pre", "dt", "dd", "dl", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "main", "aside", "nav", "form", "title", "caption", "figcaption",
}
_SPACES = re.compile(r"\s+")
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _TableRows:
    """A table's rows as cells, a cell spanning rows (rowspan) repeated in each."""

    def __init__(self, start: int) -> None:
        self.start = start  # index in the lines where the table began
        self.rows: list[tuple[list[str], int]] = []
        self._cells: list[tuple[str, int]] = []  # (text, rows spanned) of the open row
        self._cell: tuple[int, int] | None = None  # (first line, span) of the open cell
        self._spans: dict[int, tuple[str, int]] = {}  # column → (text, rows still to fill)

    def open_cell(self, at: int, span: int) -> None:
        self._cell = (at, max(1, min(span, 1000)))

    def close_cell(self, lines: list[Line]) -> None:
        if self._cell is not None:
            at, span = self._cell
            self._cells.append(("\n".join(line.text for line in lines[at:]), span))
            self._cell = None

    def close_row(self, lineno: int) -> None:
        row: list[str] = []
        cells = iter(self._cells)
        while True:
            column = len(row)
            if column in self._spans:  # a cell of a row above reaches down here
                text, left = self._spans.pop(column)
                if left > 1:
                    self._spans[column] = (text, left - 1)
                row.append(text)
                continue
            cell = next(cells, None)
            if cell is None:
                break
            row.append(cell[0])
            if cell[1] > 1:
                self._spans[column] = (cell[0], cell[1] - 1)
        if row:
            self.rows.append((row, lineno))
        self._cells = []


class _TextExtractor(HTMLParser):
    """Collects block-level text with the source line each block starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self._parts: list[str] = []
        self._has_text = False  # the block's parts hold more than whitespace
        self._start = 1
        self._heading = False
        self._list_item = False
        self._skip_depth = 0
        self._row_start: int | None = None  # index in ``lines`` where a table row began
        self._tables: list[_TableRows] = []  # the open tables, innermost last

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self._parts)).strip()
        if text:
            self.lines.append(Line(text, self._start, self._heading, self._list_item))
        self._parts = []
        self._has_text = False
        self._heading = False
        self._list_item = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth += 1
            return
        if tag in _BLOCK_TAGS:
            self._flush()
            self._start = self.getpos()[0]
        if tag == "tr":
            self._row_start = len(self.lines)
        if tag == "table":
            self._tables.append(_TableRows(len(self.lines)))
        if tag in ("td", "th") and self._tables:
            span = dict(attrs).get("rowspan") or "1"
            self._tables[-1].open_cell(len(self.lines), int(span) if span.isdigit() else 1)
        if tag in _HEADING_TAGS:
            self._heading = True
        if tag == "li":
            # A list item's number or bullet is drawn by the browser, not written in the text.
            self._list_item = True

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag in ("td", "th") and self._tables:
            self._tables[-1].close_cell(self.lines)
        if tag == "tr" and self._tables:
            self._tables[-1].close_row(self._start)
        if tag == "tr" and self._row_start is not None:
            # a row's cells are one line, so "<td>1</td><td>负责…</td>" is duty 1
            cells = self.lines[self._row_start:]
            rows = self._tables[-1].rows if self._tables else []
            form = form_lines(rows[-1][0], self._start) if rows and cells else None
            if form is not None:  # 岗位名称 | 理财经理 | 所属部门 | 个人金融部
                self.lines[self._row_start:] = form
            elif len(cells) >= 2 and NUMBER_CELL.match(cells[0].text):
                self.lines[self._row_start:] = [
                    Line(table_row([c.text for c in cells]), cells[0].lineno)]
            self._row_start = None
        if tag == "table" and self._tables:
            table = self._tables.pop()
            duty_list = table_lines(table.rows)  # 岗位 | 序号 | 职责: headings and duties
            if duty_list is not None:
                self.lines[table.start:] = duty_list

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        # (a flag, not a join of the parts so far: a block of 100,000 <b> is not quadratic)
        if not self._has_text:
            leading = len(data) - len(data.lstrip())
            self._start = self.getpos()[0] + data.count("\n", 0, leading)
            self._has_text = bool(data.strip())
        self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_lines(text: str) -> list[Line]:
    parser = _TextExtractor()
    parser.feed(defuse(text))
    parser.close()
    return parser.lines


_COMMENT_CLOSE = re.compile(r"--\s*>")  # as html.parser reads it
_IN_TAG = re.compile(r"""[<>]|=\s*["']""")  # what ends a tag, or opens a quoted value


def defuse(text: str) -> str:
    """``text`` with each ``<`` that opens no complete markup written as ``&lt;``."""
    out: list[str] = []
    copied = 0  # text[:copied] is in out
    comments_close = True  # False once no comment close is left after some point
    at = text.find("<")
    while at >= 0:
        end = -1
        if text.startswith("<!--", at):
            close = _COMMENT_CLOSE.search(text, at + 4) if comments_close else None
            comments_close = close is not None
            end = close.end() if close else -1
        elif text[at + 1:at + 2].isascii() and (text[at + 1:at + 2].isalpha()
                                                  or text[at + 1:at + 2] in "/!?"):
            end = _tag_end(text, at + 1)
        if end < 0:
            out.append(text[copied:at])
            out.append("&lt;")
            copied = at + 1
            at = text.find("<", at + 1)
        else:
            at = text.find("<", end)
    out.append(text[copied:])
    return "".join(out)


def _tag_end(text: str, start: int) -> int:
    """Just past the ``>`` that closes the tag begun before ``start``; -1 when a ``<``
    (outside a quoted attribute value) or the end of the text comes first."""
    pos = start
    while True:
        found = _IN_TAG.search(text, pos)
        if found is None or found.group() == "<":
            return -1
        if found.group() == ">":
            return found.end()
        quote = found.group()[-1]
        close = text.find(quote, found.end())
        if close < 0:
            return -1
        pos = close + 1
