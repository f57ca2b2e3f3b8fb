"""Text in the HTML that WeasyPrint lays out, bounded so layout time stays linear.

WeasyPrint breaks a text node into lines by laying out the whole rest of the node again
for each line, and measures a table cell's narrowest width by doing so at every break
opportunity: one long node costs the square of its length (a 2,000-character title in a
table cell took 20 s, a 100,000-character duty 12 s and a 1 MB one many minutes). Split
into spans of about ``CHUNK`` characters, every node is short and the total linear; the
spans carry no style, so the page looks the same. A text longer than ``MAX_PDF_TEXT`` is
cut there with a note in the document's language: a 500-page duty is not a job
description, and the HTML, Word and Markdown versions keep it whole. Stdlib only.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator

from dutymatrix.i18n import DEFAULT_LANG, N_, normalise_lang, tr

CHUNK = 80  # characters per span
MAX_PDF_TEXT = 20_000  # characters of one text the PDF prints (DM125's default max_text)

_LONG_TEXT = re.compile(">([^<]{" + str(CHUNK + 1) + ",})<")
_RAW_TEXT_ELEMENT = re.compile(r"<(style|script)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_LANG = re.compile(r"<html[^>]*\blang=\"([A-Za-z-]+)\"")
_NOTE = N_("… ({total} characters; the PDF prints the first {shown}; the HTML and Word "
           "versions have the full text)")


def _breaks_after(ch: str) -> bool:
    """A line may break after ``ch`` anyway: a space, or a CJK character or punctuation."""
    return ch.isspace() or ord(ch) >= 0x2E80


def _pieces(text: str) -> Iterator[str]:
    """``text`` (HTML-escaped) in pieces of about CHUNK characters, cut where a line may
    break anyway when such a place is near, and never inside an entity (``&amp;``)."""
    start, end_of_text = 0, len(text)
    while start < end_of_text:
        end = min(end_of_text, start + CHUNK)
        if end < end_of_text:
            cut = end
            while cut > start + CHUNK // 2 and not _breaks_after(text[cut - 1]):
                cut -= 1
            if cut > start + CHUNK // 2:
                end = cut
            amp = text.rfind("&", start, end)
            if amp >= 0 and text.find(";", amp, end) < 0:
                semicolon = text.find(";", amp)
                end = end_of_text if semicolon < 0 else semicolon + 1
        yield text[start:end]
        start = end


def _bounded(text: str, lang: str) -> str:
    if text.isspace():  # indentation between elements
        return text
    note = ""
    if len(text) > MAX_PDF_TEXT:  # escaped length ≥ plain length: only then count
        plain = html_lib.unescape(text)
        if len(plain) > MAX_PDF_TEXT:
            note = tr(lang, _NOTE, total=f"{len(plain):,}", shown=f"{MAX_PDF_TEXT:,}")
            text = html_lib.escape(plain[:MAX_PDF_TEXT], quote=False)
    spans = "".join(f"<span>{piece}</span>" for piece in _pieces(text))
    return spans + (f'<span class="cut-note">{html_lib.escape(note)}</span>' if note else "")


def bound_text(document: str) -> str:
    """``document`` with every long text node of its body in short spans (and cut at
    MAX_PDF_TEXT); the head, and style and script elements, are left as they are."""
    body = document.find("<body")
    if body < 0:
        return document
    found = _LANG.search(document, 0, body)
    lang = (normalise_lang(found.group(1)) if found else None) or DEFAULT_LANG

    def spans(match: re.Match[str]) -> str:
        return f">{_bounded(match.group(1), lang)}<"

    out = [document[:body]]
    position = body
    for element in _RAW_TEXT_ELEMENT.finditer(document, body):
        out.append(_LONG_TEXT.sub(spans, document[position:element.start()]))
        out.append(element.group())
        position = element.end()
    out.append(_LONG_TEXT.sub(spans, document[position:]))
    return "".join(out)
