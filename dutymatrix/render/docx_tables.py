"""Word tables written as XML in one go: the same elements python-docx's table API
makes, without its cost.

python-docx adds a row by walking the table grid, and every property (a width, the space
after a paragraph, a bold run) by searching the element's children for where it goes; a
job description's tables took most of the time of its Word file. Here a table is one
string parsed once, in the order the schema wants, so the file is the same bytes the API
calls gave (a test in ``test_render_docx.py`` renders both ways and compares). Widths go
on the grid and on every cell: LibreOffice reads the one, Word the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from .docx_xml import clean

# As python-docx writes a run's text: a tab is <w:tab/>, a line break <w:br/>.
_RUN_BREAKS = re.compile(r"([\t\r\n])")


@dataclass(frozen=True)
class Cell:
    paragraphs: tuple[str, ...]  # one run each; () leaves the cell's one empty paragraph
    label: bool = False  # bold on the shaded label colour
    span: int = 1  # grid columns taken


def run_xml(text: str, bold: bool = False) -> str:
    """One ``w:r`` as ``Paragraph.add_run(text)`` makes it."""
    parts = []
    for piece in _RUN_BREAKS.split(clean(text)):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            keep = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{keep}>{escape(piece)}</w:t>")
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f"<w:r>{props}{''.join(parts)}</w:r>" if parts or props else "<w:r/>"


def _cell_xml(cell: Cell, width: int, shade: str) -> str:
    props = f'<w:tcW w:type="dxa" w:w="{width}"/>'
    if cell.span > 1:
        props += f'<w:gridSpan w:val="{cell.span}"/>'
    if cell.label:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
    paragraphs = "".join(
        f'<w:p><w:pPr><w:spacing w:after="0"/></w:pPr>{run_xml(text, cell.label)}</w:p>'
        for text in cell.paragraphs
    ) or "<w:p/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>"


def add_table(document: Any, rows: Sequence[Sequence[Cell]], widths_mm: Sequence[float],
              style: str, shade: str, header_rows: int = 0,
              cant_split: bool = False) -> Any:
    """Append a fixed-layout table of ``rows`` to the body; its python-docx ``Table``.
    The first ``header_rows`` repeat on every page; ``cant_split`` keeps each other row
    on one page."""
    from docx.oxml.ns import nsdecls
    from docx.oxml.parser import parse_xml
    from docx.shared import Mm
    from docx.table import Table

    twips = [int(Mm(w).twips) for w in widths_mm]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    body = []
    for index, row in enumerate(rows):
        flag = "tblHeader" if index < header_rows else "cantSplit" if cant_split else ""
        cells, column = [], 0
        for cell in row:
            width = int(Mm(sum(widths_mm[column:column + cell.span])).twips)
            cells.append(_cell_xml(cell, width, shade))
            column += cell.span
        props = f"<w:trPr><w:{flag}/></w:trPr>" if flag else ""
        body.append(f"<w:tr>{props}{''.join(cells)}</w:tr>")
    table = parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblStyle w:val=\"{style}\"/>"
        '<w:tblW w:type="auto" w:w="0"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
        'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(body)}</w:tbl>"
    )
    body_element = document.element.body
    section = body_element.sectPr
    if section is not None:
        section.addprevious(table)
    else:
        body_element.append(table)
    return Table(table, document._body)
