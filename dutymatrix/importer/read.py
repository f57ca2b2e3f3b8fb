"""Read legacy files (.txt .md .html .docx) into plain lines with their source line numbers.

Decoding: a UTF-8 or UTF-16 byte-order mark wins; then strict UTF-8; then GB18030 (which
also covers GBK and GB2312, the encodings Chinese Windows saves in).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from dutymatrix.errors import UsageError

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)
SUPPORTED = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES


@dataclass(frozen=True)
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
        raise UsageError(f"{path}: is a folder; name the files to import")
    if suffix not in SUPPORTED:
        raise UsageError(
            f"{path}: unsupported file type '{path.suffix or '(none)'}'; import reads "
            ".txt, .md, .html, .docx, .xlsx, .csv, .jsonl and .json files (save the "
            "document as one of these first)"
        )
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UsageError(f"{path}: cannot read the file ({err.strerror})") from err
    if suffix in DOCX_SUFFIXES:
        return _docx_lines(path, data)
    text = decode(path, data)
    if suffix in HTML_SUFFIXES:
        return _html_lines(text)
    if suffix in MARKDOWN_SUFFIXES:
        return _markdown_lines(text)
    return [Line(line, n) for n, line in enumerate(text.splitlines(), start=1)]


def decode(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UsageError(
        f"{path}: cannot decode the text as UTF-8 or GB18030; re-save it as UTF-8 and run again"
    )


# --- Markdown ---------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LIST = re.compile(r"^\s*(?:[-*+]\s|\d{1,3}[.)、]\s?)")
_MD_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_NUMBER_CELL = re.compile(r"^\d{1,3}[.、]?$")


def table_row(cells: list[str]) -> str:
    """One table row as a line: "1 | 负责…" becomes the numbered "1、负责…"."""
    cells = [c for c in cells if c]
    if len(cells) >= 2 and _NUMBER_CELL.match(cells[0]):
        return f"{cells[0].rstrip('.、')}、{' '.join(cells[1:])}"
    return " ".join(cells)
_MD_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?!\*)"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
]


def _md_inline(text: str) -> str:
    for pattern, repl in _MD_INLINE:
        text = pattern.sub(repl, text)
    return text


def _markdown_lines(text: str) -> list[Line]:
    """Headings become heading lines; a paragraph's wrapped lines are joined into one."""
    lines: list[Line] = []
    paragraph: list[str] = []
    start = 0

    def flush() -> None:
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
            flush()
            if not _MD_TABLE_RULE.match(line):
                cells = [_md_inline(c.strip()) for c in line.strip().strip("|").split("|")]
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


# --- HTML -------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "td", "th", "ul", "ol", "table", "section", "article",
    "header", "footer", "blockquote", "pre", "dt", "dd", "dl", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "main", "aside", "nav", "form", "title", "caption", "figcaption",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _TextExtractor(HTMLParser):
    """Collects block-level text with the source line each block starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self._parts: list[str] = []
        self._start = 1
        self._heading = False
        self._list_item = False
        self._skip_depth = 0
        self._row_start: int | None = None  # index in ``lines`` where a table row began

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._parts)).strip()
        if text:
            self.lines.append(Line(text, self._start, self._heading, self._list_item))
        self._parts = []
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
        if tag == "tr" and self._row_start is not None:
            # a row's cells are one line, so "<td>1</td><td>负责…</td>" is duty 1
            cells = self.lines[self._row_start:]
            if len(cells) >= 2 and _NUMBER_CELL.match(cells[0].text):
                self.lines[self._row_start:] = [
                    Line(table_row([c.text for c in cells]), cells[0].lineno)]
            self._row_start = None

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if not self._parts or not "".join(self._parts).strip():
            self._start = self.getpos()[0] + len(re.match(r"\s*", data).group(0).split("\n")) - 1
        self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _html_lines(text: str) -> list[Line]:
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    return parser.lines


# --- Word -------------------------------------------------------------------------------


def _docx_lines(path: Path, data: bytes) -> list[Line]:
    import io
    import zipfile

    from docx import Document  # heavy: imported only when a .docx is read
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise UsageError(
            f"{path}: not a readable .docx file ({err}); open it in Word and save it again "
            "as .docx (Word 2007 or later)"
        ) from err

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
            for row in Table(child, document).rows:
                seen: set[int] = set()
                start = len(lines)
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue  # a merged cell is listed once per column it spans
                    seen.add(id(cell._tc))
                    for paragraph in cell.paragraphs:
                        add_paragraph(paragraph)
                cells = lines[start:]
                if len(cells) >= 2 and _NUMBER_CELL.match(cells[0].text):
                    # "1 | 负责…": the number cell and the duty are one numbered line
                    lines[start:] = [Line(table_row([c.text for c in cells]), start + 1)]
    return lines
