"""Word (.docx) → lines, with the archive checked before python-docx may open it.

A .docx is a zip of XML parts, and both layers can be made hostile: a zip bomb (a part
of a few kilobytes that inflates to gigabytes, whatever size its header claims) and an
XML entity bomb (billion laughs) or external entity in a DTD. So every member is
inflated here first, in chunks, counting the bytes that really come out: the total is
capped (``MAX_INFLATED_BYTES``), and so is each member's compression ratio. Every XML
prolog is read: a DTD (``<!DOCTYPE``, where entities are declared) is refused, and so is
an encoding that would hide markup from this check (UTF-7, UTF-32, EBCDIC). Only then
does python-docx (whose parser resolves no entities and keeps lxml's size limits) read
the document.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dutymatrix.errors import UsageError
from dutymatrix.i18n import N_
from dutymatrix.importer.doc_tables import form_lines, table_lines
from dutymatrix.importer.read import NUMBER_CELL, Line, table_row
from dutymatrix.messages import Msg

MAX_INFLATED_BYTES = 64 * 1024 * 1024  # all members together, as they inflate
MAX_RATIO = 100  # inflated : compressed, per member, once it is past RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024  # small parts compress well (repeated tags): no ratio below this
MAX_MEMBERS = 10_000
CHUNK = 1024 * 1024

_RESAVE = Msg(N_("open it in Word and save it again as .docx (Word 2007 or later)"))
# Encodings in which the prolog's markup (<!DOCTYPE) reads as ASCII, or that are UTF-16.
_READABLE_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii",
                       "iso-8859-1", "latin-1", "latin1"}
_XML_SPACE = re.compile(r"[ \t\r\n]*")
_ENCODING_DECL = re.compile(r"""encoding\s*=\s*["']([^"']*)["']""")
# First bytes of XML in UCS-4 / UTF-32 or EBCDIC (XML 1.0 appendix F), which libxml2 reads.
_OTHER_XML_STARTS = (b"\x00\x00\x00<", b"<\x00\x00\x00", b"\x00\x00\xfe\xff",
                     b"\xff\xfe\x00\x00", b"\x00<\x00\x00", b"\x00\x00<\x00", b"Lo\xa7\x94")


class _Refused(Exception):
    """What is wrong with the archive (a ``Msg``), said to the user after the file's name."""


def docx_lines(path: Path, data: bytes) -> list[Line]:
    """The paragraphs of a .docx (table cells included), each a Line; or a UsageError."""
    try:
        check_archive(data)
    except _Refused as err:
        raise UsageError(Msg(N_("{path}: {problem}"), path=path, problem=err.args[0])) from None
    try:
        return _paragraphs(data)
    except UsageError:
        raise
    except Exception as err:
        reason = " ".join(str(err).split())[:200] or type(err).__name__
        raise UsageError(Msg(N_("{path}: not a readable .docx file ({reason}); {resave}"),
                             path=path, reason=reason, resave=_RESAVE)) from None


def check_archive(data: bytes) -> None:
    """Raise _Refused when the archive is not a zip, too big inflated, or holds a DTD."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as err:
        raise _Refused(Msg(N_("not a readable .docx file (not a zip archive: {reason}); "
                              "{resave}"), reason=err, resave=_RESAVE)) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _Refused(Msg(N_("the .docx holds {count} parts (a document has a few "
                                  "dozen; the limit is {limit}); {resave}"),
                               count=len(members), limit=MAX_MEMBERS, resave=_RESAVE))
        budget = MAX_INFLATED_BYTES
        for member in members:
            content = _inflate(archive, member, budget, len(data))
            budget -= len(content)
            problem = _prolog_problem(content)
            if problem:
                raise _Refused(Msg(N_("{part}: {problem}; {resave}"), part=member.filename,
                                   problem=problem, resave=_RESAVE))


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int,
             archive_size: int) -> bytes:
    """The member's bytes, read in chunks: the header's sizes are not trusted."""
    compressed = max(1, min(member.compress_size, archive_size))
    parts: list[bytes] = []
    size = 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > budget:
                    raise _Refused(Msg(
                        N_("{part} inflates past {limit} MiB (the limit for a whole .docx; a "
                           "zip bomb?); {resave}"), part=member.filename,
                        limit=MAX_INFLATED_BYTES // 2**20, resave=_RESAVE))
                if size > RATIO_FLOOR and size > MAX_RATIO * compressed:
                    raise _Refused(Msg(
                        N_("{part} inflates more than {ratio} times its compressed size "
                           "({compressed} bytes → over {size} so far; a zip bomb?); {resave}"),
                        part=member.filename, ratio=MAX_RATIO, compressed=compressed,
                        size=size, resave=_RESAVE))
                parts.append(chunk)
    except _Refused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as err:
        raise _Refused(Msg(N_("not a readable .docx file ({part}: {reason}); {resave}"),
                           part=member.filename, reason=err, resave=_RESAVE)) from None
    except (NotImplementedError, RuntimeError) as err:  # unknown compression, encryption
        raise _Refused(Msg(N_("{part} cannot be read ({reason}); {resave}"),
                           part=member.filename, reason=err, resave=_RESAVE)) from None
    return b"".join(parts)


def _prolog_problem(content: bytes) -> Msg | None:
    """Why this part's XML prolog is refused (a DTD, a hiding encoding), or None."""
    if content.startswith(_OTHER_XML_STARTS):
        return Msg(N_("XML in UTF-32 or EBCDIC (import reads UTF-8 and UTF-16 XML, as Word "
                      "writes)"))
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = content.decode("utf-16", "replace")
    elif content.startswith(b"<\x00"):
        text = content.decode("utf-16-le", "replace")
    elif content.startswith(b"\x00<"):
        text = content.decode("utf-16-be", "replace")
    else:
        text = content.decode("latin-1")  # markup is ASCII in every encoding allowed here
    for kind, body in _prolog(text):
        if kind == "declaration":
            declared = _ENCODING_DECL.search(body)
            if declared and declared.group(1).lower() not in _READABLE_ENCODINGS:
                return Msg(N_("XML declared in encoding {encoding} (import reads UTF-8 "
                              "and UTF-16 XML, as Word writes)"),
                           encoding=repr(declared.group(1)))
        elif kind == "dtd":
            return Msg(N_("XML with a DTD (<!DOCTYPE …>): import reads no DTD and no entity, "
                          "which can expand without end or name files to read"))
    return None


def _prolog(text: str) -> Iterator[tuple[str, str]]:
    """The markup before the root element: ('declaration'|'pi'|'comment'|'dtd', text)."""
    pos = 1 if text.startswith("\ufeff") else 0
    while True:
        pos = _XML_SPACE.match(text, pos).end()  # type: ignore[union-attr]  # always matches
        if text.startswith("<?", pos):
            end = text.find("?>", pos)
            end = len(text) if end < 0 else end + 2
            body = text[pos:end]
            yield ("declaration" if body[2:5].lower() == "xml" else "pi"), body
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos)
            end = len(text) if end < 0 else end + 3
            yield "comment", ""
        elif text.startswith("<!", pos):
            yield "dtd", text[pos:pos + 40]
            return
        else:
            return  # the root element (or not XML at all: python-docx will say so)
        pos = end


def _paragraphs(data: bytes) -> list[Line]:
    from docx import Document  # heavy: imported only when a .docx is read
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    lines: list[Line] = []

    def add_paragraph(paragraph: Paragraph) -> None:
        text = paragraph.text.strip()
        if not text:
            return
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        heading = style.lower().startswith(("heading", "title")) or style.startswith("标题")
        props = paragraph._p.pPr
        numbered = props is not None and props.numPr is not None
        list_item = numbered or style.lower().startswith("list")
        lines.append(Line(text, len(lines) + 1, heading=heading, list_item=list_item))

    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            add_paragraph(Paragraph(child, document))
        elif tag == "tbl":
            table_start, rows = len(lines), []
            for row in Table(child, document).rows:
                seen: set[int] = set()
                start = len(lines)
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue  # a merged cell is listed once per column it spans
                    seen.add(id(cell._tc))
                    for paragraph in cell.paragraphs:
                        add_paragraph(paragraph)
                rows.append(([c.text for c in _unique(row.cells)], start + 1))
                cells = lines[start:]
                form = form_lines(rows[-1][0], start + 1)
                if form is not None:  # 岗位名称 | 理财经理 | 所属部门 | 个人金融部
                    lines[start:] = form
                elif len(cells) >= 2 and NUMBER_CELL.match(cells[0].text):
                    # "1 | 负责…": the number cell and the duty are one numbered line
                    lines[start:] = [Line(table_row([c.text for c in cells]), start + 1)]
            duty_list = table_lines(rows)  # 岗位 | 序号 | 职责: headings and duties
            if duty_list is not None:
                lines[table_start:] = duty_list
    return lines


def _unique(cells: list[Any]) -> list[Any]:
    """A row's cells, a merged cell once (python-docx lists it once per column it spans)."""
    seen: set[int] = set()
    out = []
    for cell in cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out
