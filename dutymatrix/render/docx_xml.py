"""Low-level Word XML: what python-docx has no API for.

Fonts named on a run's properties (with ``w:eastAsia`` for CJK), paragraph rules, complex
fields (PAGE, NUMPAGES) and fixed core properties; tables are in ``docx_tables.py``, the
package in ``docx_package.py``. Nothing here knows a job description; ``docx.py`` lays
the document out with these.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
# Word's core properties (docProps/core.xml) hold at most 255 characters each.
CORE_PROPERTY_LIMIT = 255

# Characters XML 1.0 forbids (python-docx refuses them); a stray one must not fail a build.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def set_fonts(rpr_parent: Any, latin: str, east_asian: str, lang: str | None = None) -> None:
    """Name the fonts explicitly; drop theme fonts, which would override the names."""
    from docx.oxml.ns import qn

    if hasattr(rpr_parent, "get_or_add_rPr"):
        rpr = rpr_parent.get_or_add_rPr()
    else:  # a plain element (w:rPrDefault)
        rpr = rpr_parent.find(qn("w:rPr"))
        if rpr is None:
            rpr = rpr_parent.makeelement(qn("w:rPr"), {})
            rpr_parent.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asian),
                        ("w:cs", latin)):
        fonts.set(qn(attr), value)
    if lang is not None:
        lang_el = rpr.find(qn("w:lang"))
        if lang_el is None:
            lang_el = rpr.makeelement(qn("w:lang"), {})
            rpr.append(lang_el)
        east_asian_lang = "zh-TW" if lang == "zh-TW" else "zh-CN"
        lang_el.set(qn("w:val"), "en-US" if lang == "en" else east_asian_lang)
        lang_el.set(qn("w:eastAsia"), east_asian_lang)


def nobreak_run(paragraph: Any, text: str) -> Any:
    """``text`` as one run whose hyphens are Word's non-breaking hyphens (``w:noBreakHyphen``):
    an id such as SOD-LOAN-1 or XD-01-001 is never split at the end of a line."""
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for i, part in enumerate(text.split("-")):
        if i:
            run._r.append(run._r.makeelement(qn("w:noBreakHyphen"), {}))
        if part:
            piece = run._r.makeelement(qn("w:t"), {qn("xml:space"): "preserve"})
            piece.text = part
            run._r.append(piece)
    return run


def border(paragraph: Any, edge: str, colour: str) -> None:
    """A single rule on one ``edge`` ("top", "bottom") of the paragraph."""
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.makeelement(qn("w:pBdr"), {})
    line = borders.makeelement(
        qn(f"w:{edge}"),
        {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1",
         qn("w:color"): colour},
    )
    borders.append(line)
    ppr.append(borders)


def field(paragraph: Any, instruction: str, placeholder: str) -> None:
    """A complex field (PAGE, NUMPAGES): Word and LibreOffice fill in the number."""
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        run = paragraph.add_run()
        run._r.append(run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))

    char("begin")
    run = paragraph.add_run()
    instr = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _core_text(text: str) -> str:
    """``text`` cut to what a core property holds (a long title or id must not fail)."""
    text = clean(text)
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    return text[: CORE_PROPERTY_LIMIT - 1] + "…"


def fixed_core_properties(document: Any, *, title: str, subject: str, keywords: str) -> None:
    """Core properties that do not change from one build to the next."""
    props = document.core_properties
    props.author = "dutymatrix"
    props.last_modified_by = "dutymatrix"
    props.title = _core_text(title)
    props.subject = _core_text(subject)
    props.keywords = _core_text(keywords)
    props.comments = ""
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
