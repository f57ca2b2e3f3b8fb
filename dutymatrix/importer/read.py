"""Read legacy files (.txt .md .html .docx) into plain lines with their source line numbers.

Decoding: a UTF-8, UTF-16 or UTF-32 byte-order mark wins; then strict UTF-8; then GB18030
(which also covers GBK and GB2312, the encodings Chinese Windows saves in). Input is
bounded: only regular files (no FIFO, no device), at most MAX_INPUT_BYTES of them, at
most MAX_TEXT_CHARS of text; a .docx is checked by word.py before it is opened.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from dutymatrix.errors import UsageError
from dutymatrix.i18n import N_
from dutymatrix.messages import Msg

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)
SUPPORTED = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES
MAX_INPUT_BYTES = 32 * 1024 * 1024  # a file as stored (a .docx compressed)
MAX_TEXT_CHARS = 32_000_000  # the text of one file, every format
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # before UTF-16-LE, whose mark it starts with
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


@dataclass(slots=True)  # not frozen: a frozen __init__ is four times slower, per line
class Line:
    """One line (or paragraph) of source text; ``heading`` when the format says so."""

    text: str
    lineno: int
    heading: bool = False
    list_item: bool = False  # a list paragraph whose number the format keeps out of the text


def read_lines(path: Path) -> list[Line]:
    """The lines of ``path``; a ``UsageError`` when it cannot be read or is not supported."""
    suffix = path.suffix.lower()
    # A folder (which has no suffix) is named as one, before its missing suffix is.
    if path.is_dir():
        raise UsageError(Msg(N_("{path}: is a folder; name the files to import"), path=path))
    if suffix not in SUPPORTED:
        raise UsageError(Msg(N_(
            "{path}: unsupported file type '{suffix}'; import reads .txt, .md, .html, .docx, "
            ".xlsx, .csv, .jsonl and .json files (save the document as one of these first)"),
            path=path, suffix=path.suffix or Msg(N_("(none)"))))
    data = read_capped(path)
    if suffix in DOCX_SUFFIXES:
        from dutymatrix.importer.word import docx_lines

        lines = docx_lines(path, data)
    else:
        text = decode(path, data)
        _check_length(path, len(text))  # before any work on a text too long to import
        if suffix in HTML_SUFFIXES:
            from dutymatrix.importer.html_text import html_lines

            lines = html_lines(text)
        elif suffix in MARKDOWN_SUFFIXES:
            lines = _markdown_lines(text)
        else:
            lines = [Line(line, n) for n, line in enumerate(text.splitlines(), start=1)]
    _check_length(path, sum(len(line.text) for line in lines))
    return lines


def _check_length(path: Path, chars: int) -> None:
    if chars > MAX_TEXT_CHARS:
        raise UsageError(Msg(N_("{path}: {count} million characters of text; import reads at "
                                "most {limit} million per file (split the document)"),
                             path=path, count=f"{chars / 10**6:.1f}",
                             limit=MAX_TEXT_CHARS // 10**6))


def read_capped(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; a UsageError otherwise.

    Opened without blocking, and refused unless it is a regular file: a FIFO would wait
    for a writer forever, /dev/zero would never end.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UsageError(Msg(N_("{path}: no such file"), path=path)) from None
    except OSError as err:
        raise UsageError(Msg(N_("{path}: cannot read the file ({reason})"), path=path,
                             reason=err.strerror)) from None
    with os.fdopen(fd, "rb") as stream:
        kind = _file_kind(os.fstat(fd).st_mode)
        if kind:
            raise UsageError(Msg(N_("{path}: is {kind}, not a regular file; import reads "
                                    "files"), path=path, kind=kind))
        try:
            data = stream.read(limit + 1)
        except OSError as err:
            raise UsageError(Msg(N_("{path}: cannot read the file ({reason})"), path=path,
                                 reason=err.strerror)) from None
    if len(data) > limit:
        raise UsageError(Msg(N_("{path}: file too large (over {limit} MiB, the most import "
                                "reads); split the document into several files"),
                             path=path, limit=limit // 2**20))
    return data


def _file_kind(mode: int) -> Msg | None:
    """None for a regular file, else what it is."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in ((stat.S_ISFIFO, N_("a FIFO (named pipe)")), (stat.S_ISCHR, N_("a device")),
                       (stat.S_ISBLK, N_("a device")), (stat.S_ISSOCK, N_("a socket")),
                       (stat.S_ISDIR, N_("a folder"))):
        if test(mode):
            return Msg(kind)
    return Msg(N_("not a plain file"))


def decode(path: Path, data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(data, nul)
        head = data[:200]
        utf16 = len(head) >= 4 and (head[1::2].count(0) > len(head) // 4
                                    or head[0::2].count(0) > len(head) // 4)
        looks = (Msg(N_("UTF-16 without a byte-order mark")) if utf16
                 else Msg(N_("a binary file, not text")))
        raise UsageError(Msg(N_("{path}:{line}:{col}: NUL byte: the file looks like {looks}; "
                                "save it as UTF-8 text and run again"),
                             path=path, line=line, col=col, looks=looks))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    line, col = _line_col(data, utf8_error.start)
    looks = (Msg(N_(" (it looks like UTF-16 without a byte-order mark)")) if _utf16_like(data)
             else "")
    raise UsageError(Msg(N_(
        "{path}:{line}:{col}: cannot decode the text (byte {byte} is neither UTF-8 nor "
        "GB18030){looks}; re-save it as UTF-8 and run again"),
        path=path, line=line, col=col, byte=f"0x{data[utf8_error.start]:02x}", looks=looks))


def _utf16_like(data: bytes) -> bool:
    """Most of ``data`` reads as Chinese or ASCII text in UTF-16 (either byte order)."""
    head = data[:4000]
    for codec in ("utf-16-le", "utf-16-be"):
        text = head[:len(head) // 2 * 2].decode(codec, "replace")
        plain = sum(1 for c in text if "\u4e00" <= c <= "\u9fff" or c.isascii() or
                    "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
        if text and plain >= 0.9 * len(text):
            return True
    return False


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in bytes) of ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


# --- Markdown ---------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LIST = re.compile(r"^\s*(?:[-*+]\s|\d{1,3}[.)、]\s?)")
_MD_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
NUMBER_CELL = re.compile(r"^\d{1,3}[.、]?$")


def table_row(cells: list[str]) -> str:
    """One table row as a line: "1 | 负责…" becomes the numbered "1、负责…"."""
    cells = [c for c in cells if c]
    if len(cells) >= 2 and NUMBER_CELL.match(cells[0]):
        return f"{cells[0].rstrip('.、')}、{' '.join(cells[1:])}"
    return " ".join(cells)


# Each span stops at the next opening of its kind ([ ( *), so a line of thousands of
# unclosed brackets or stars is scanned once, not once per bracket (quadratic).
_MD_INLINE = [
    (re.compile(r"!\[([^\[\]]*)\]\([^()]*\)"), r"\1"),
    (re.compile(r"\[([^\[\]]*)\]\([^()]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![*\w])\*(?!\s)([^*]+?)(?<!\s)\*(?!\*)"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
]


def _md_inline(text: str) -> str:
    for pattern, repl in _MD_INLINE:
        text = pattern.sub(repl, text)
    return text


def _markdown_lines(text: str) -> list[Line]:
    """Headings become heading lines; a paragraph's wrapped lines are joined into one."""
    from dutymatrix.importer.doc_tables import table_lines  # it reads this module's Line

    lines: list[Line] = []
    paragraph: list[str] = []
    start = 0
    table: tuple[int, list[tuple[list[str], int]]] | None = None  # (first line, rows)

    def flush() -> None:
        nonlocal table
        if table is not None:  # 岗位 | 序号 | 职责: the headings and duties it stands for
            duty_list = table_lines(table[1])
            if duty_list is not None:
                lines[table[0]:] = duty_list
            table = None
        if paragraph:
            lines.append(Line(_md_inline(" ".join(p.strip() for p in paragraph)), start))
            paragraph.clear()

    raw = text.splitlines()
    for n, line in enumerate(raw, start=1):
        heading = _MD_HEADING.match(line)
        if heading:
            flush()
            lines.append(Line(_md_inline(heading.group(2)), n, heading=True))
        elif _MD_SETEXT.match(line) and paragraph and line.strip()[0] in "=-" and len(
            line.strip()
        ) >= 3:
            title = " ".join(p.strip() for p in paragraph)
            paragraph.clear()
            lines.append(Line(_md_inline(title), start, heading=True))
        elif not line.strip():
            flush()
        elif line.lstrip().startswith("|"):  # a table row; its rule line is no text
            if table is None:
                flush()
                table = (len(lines), [])
            if not _MD_TABLE_RULE.match(line):
                cells = [_md_inline(c.strip()) for c in line.strip().strip("|").split("|")]
                table[1].append((cells, n))
                lines.append(Line(table_row(cells), n))
        elif _MD_LIST.match(line) or line.lstrip().startswith(">"):
            flush()
            lines.append(Line(_md_inline(line.lstrip(" >")), n))
        else:
            if not paragraph:
                start = n
            paragraph.append(line)
    flush()
    return lines
