"""Job description (岗位说明书) as Word: python-docx, A4, the way a bank issues one.

Title, a table of the post's particulars, then each section that has data, in the order
of ``JobDescription.sections()``. Chinese gets a real CJK font through ``w:eastAsia``
on every style (Noto Serif CJK SC for the body, Noto Sans CJK SC for headings, the TC
faces for zh-TW; a Latin font beside it), page header "<code> <title>", footer
"第 N 页 / 共 M 页" from PAGE and NUMPAGES fields. The file is deterministic: fixed core
properties, and a zip with fixed timestamps and sorted entries (``docx_package.py``, which
also shares the template's unchanging parts between documents). The raw Word XML is
written in ``docx_xml.py``.
"""

from __future__ import annotations

from typing import Any

from dutymatrix.render.context import JobDescription
from dutymatrix.render.docx_package import BlankPackage
from dutymatrix.render.docx_tables import Cell, add_table
from dutymatrix.render.docx_xml import (
    border,
    clean,
    field,
    fixed_core_properties,
    nobreak_run,
    set_fonts,
)
from dutymatrix.render.fonts import sans_font, serif_font
from dutymatrix.render.textwidth import fit_em

BODY_LATIN = "Times New Roman"
HEAD_LATIN = "Arial"

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_LR_MM, MARGIN_TB_MM = 25, 22
TEXT_WIDTH_MM = PAGE_WIDTH_MM - 2 * MARGIN_LR_MM

# Style ids of the default template's Title, Heading 1 and Table Grid, set on the XML:
# assigning a style by name makes python-docx search every style, twice, each time.
TITLE_STYLE, HEADING_STYLE, TABLE_STYLE = "Title", "Heading1", "TableGrid"

SHADE_LABEL = "E8EDF5"
RULE_COLOUR = "1F3864"

_CN_NUMERALS = "一二三四五六七八九十"

# Sections printed as headed blocks, in document order (the particulars go in the table).
_BLOCK_SECTIONS = (
    "purpose", "duties", "authority", "relations", "incompatible", "qualifications",
    "location", "salary",
)


# A4 page and styles, set up once per language and copied for every document.
_BLANK: dict[str, BlankPackage] = {}


def _blank_package(lang: str) -> BlankPackage:
    if lang not in _BLANK:
        _BLANK[lang] = BlankPackage(lambda: _new_document(lang))
    return _BLANK[lang]


def _new_document(lang: str) -> Any:
    from docx import Document

    document = Document()
    _setup_page(document)
    _setup_styles(document, lang)
    return document


def render_jd_docx(jd: JobDescription) -> bytes:
    """The job description as a .docx file."""
    blank = _blank_package(jd.lang)
    document = blank.copy()
    _page_header(document, jd)
    _page_footer(document, jd)

    _title(document, jd)
    _particulars(document, jd)
    sections = set(jd.sections())
    number = 0
    for name in _BLOCK_SECTIONS:
        if name not in sections:
            continue
        number += 1
        _heading(document, _section_number(number, jd.lang) + jd.labels[name])
        _SECTION_WRITERS[name](document, jd)

    _fix_core_properties(document, jd)
    return blank.to_bytes(document)


# --- page set-up and styles ------------------------------------------------------------


def _setup_page(document: Any) -> None:
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.left_margin = section.right_margin = Mm(MARGIN_LR_MM)
    section.top_margin = section.bottom_margin = Mm(MARGIN_TB_MM)
    section.header_distance = section.footer_distance = Mm(10)


def _setup_styles(document: Any, lang: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    # Document defaults first: the default template names theme fonts there.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None:
        set_fonts(rpr_default, BODY_LATIN, serif_font(lang), lang)

    styles = document.styles
    normal = styles["Normal"]
    set_fonts(normal.element, BODY_LATIN, serif_font(lang), lang)
    normal.font.size = Pt(10.5)  # 五号
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.25

    for name, size in (("Title", 18), ("Heading 1", 12.5)):
        style = styles[name]
        set_fonts(style.element, HEAD_LATIN, sans_font(lang))
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    title = styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(4)
    # The default Title style draws a rule under itself; ours sits under the subtitle.
    ppr = title.element.get_or_add_pPr()
    for rule in ppr.findall(qn("w:pBdr")):
        ppr.remove(rule)
    heading = styles["Heading 1"]
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(4)
    heading.paragraph_format.keep_with_next = True

    for name in ("Header", "Footer"):
        style = styles[name]
        set_fonts(style.element, HEAD_LATIN, sans_font(lang))
        style.font.size = Pt(9)
        # The template's centre and right tabs are set for Letter paper; ours follow A4.
        style.paragraph_format.tab_stops.clear_all()


def _page_header(document: Any, jd: JobDescription) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm

    # As on the PDF: the post (code and title) on the left, the organisation on the right.
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    # Each cut to what its half of the line holds (the body shows them whole).
    nobreak_run(paragraph, clean(fit_em(jd.page_header)))
    paragraph.add_run("\t" + clean(fit_em(jd.org_name)))
    border(paragraph, "bottom", RULE_COLOUR)


def _page_footer(document: Any, jd: JobDescription) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    labels = jd.labels
    paragraph.add_run(labels["page_n"])  # "第 " / "Page "
    field(paragraph, "PAGE", "1")
    paragraph.add_run(labels["page_of"])  # " 页 / 共 " / " of "
    field(paragraph, "NUMPAGES", "1")
    if labels["page_end"]:
        paragraph.add_run(labels["page_end"])  # " 页"


# --- body ------------------------------------------------------------------------------


def _section_number(n: int, lang: str) -> str:
    if lang == "en":
        return f"{n}. "
    if n <= 10:
        return _CN_NUMERALS[n - 1] + "、"
    tens, ones = divmod(n, 10)
    prefix = ("" if tens == 1 else _CN_NUMERALS[tens - 1]) + "十"
    return prefix + (_CN_NUMERALS[ones - 1] if ones else "") + "、"


def _title(document: Any, jd: JobDescription) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document.add_paragraph(clean(jd.labels["jd"]))._p.style = TITLE_STYLE
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.space_after = Pt(10)
    run = subtitle.add_run(clean(jd.org_name) if jd.org_name else "")
    run.font.size = Pt(10)
    border(subtitle, "bottom", RULE_COLOUR)


def _particulars(document: Any, jd: JobDescription) -> None:
    """岗位名称, 岗位编号, 所属部门, 直接上级, 业务指导上级, 定员 in two label/value pairs
    per row; the direct reports, which can be many, on a row of their own."""
    present = set(jd.sections())
    labels = jd.labels
    separator = ", " if jd.lang == "en" else "、"
    pairs: list[tuple[str, str]] = []
    if "title" in present:
        pairs.append((labels["title"], jd.title_status))
    if "code" in present and jd.code:
        pairs.append((labels["code"], jd.code))
    if "department" in present:
        pairs.append((labels["department"], jd.department))
    if "reports_to" in present and jd.reports_to is not None:
        pairs.append((labels["reports_to"], jd.reports_to.title))
    if "dotted_to" in present and jd.dotted_to:
        pairs.append((labels["dotted_to"], separator.join(p.title for p in jd.dotted_to)))
    if "headcount" in present and jd.headcount is not None:
        unit = labels.get("headcount_unit", "")
        pairs.append((labels["headcount"], f"{jd.headcount}{unit}"))
    rows: list[list[tuple[str, str]]] = [pairs[i : i + 2] for i in range(0, len(pairs), 2)]
    if "subordinates" in present and jd.subordinates:
        rows.append([(labels["subordinates"], separator.join(p.title for p in jd.subordinates))])

    # mm, adding up to the text width; English labels ("Department") need more room
    widths = (34, 46, 34, 46) if jd.lang == "en" else (28, 52, 28, 52)
    cells = []
    for row_pairs in rows:
        span = 1 if len(row_pairs) == 2 else 3  # a pair alone: its value takes the row
        cells.append([cell for label, value in row_pairs
                      for cell in (Cell((label,), label=True), Cell((value,), span=span))])
    add_table(document, cells, widths, TABLE_STYLE, SHADE_LABEL)


def _data_table(
    document: Any, header: list[str], rows: list[list[str]], widths_mm: tuple[float, ...]
) -> Any:
    """A table with a shaded header row that repeats on every page."""
    cells = [[Cell((text,), label=True) for text in header]]
    cells += [[Cell((text,)) for text in values] for values in rows]
    return add_table(document, cells, widths_mm, TABLE_STYLE, SHADE_LABEL, header_rows=1,
                     cant_split=True)


def _heading(document: Any, text: str) -> None:
    document.add_paragraph(clean(text))._p.style = HEADING_STYLE


def _write_purpose(document: Any, jd: JobDescription) -> None:
    document.add_paragraph(clean(jd.purpose or ""))


def _write_pending(document: Any, jd: JobDescription) -> None:
    """A required section with no data yet: says so instead of vanishing."""
    from docx.shared import Pt, RGBColor

    run = document.add_paragraph().add_run(clean(jd.labels["pending"]))
    run.font.color.rgb = RGBColor(0x6B, 0x72, 0x80)
    run.font.size = Pt(10.5)


def _write_duties(document: Any, jd: JobDescription) -> None:
    from docx.shared import Mm

    if not jd.duties:
        _write_pending(document, jd)
        return
    # The number sits in a hanging indent as wide as the largest number needs, and a tab
    # takes the text to the indent: duties 9 and 10 start their text at the same place.
    indent = Mm(5 + 2 * jd.duty_number_digits)
    mark = "." if jd.lang == "en" else "、"
    for duty in jd.duties:
        paragraph = document.add_paragraph(clean(f"{duty.n}{mark}\t{duty.text}"))
        paragraph.paragraph_format.left_indent = indent
        paragraph.paragraph_format.first_line_indent = -indent
        paragraph.paragraph_format.tab_stops.add_tab_stop(indent)


def _write_authority(document: Any, jd: JobDescription) -> None:
    labels = jd.labels
    rows = [
        [
            line.activity,
            line.range_text,
            labels["authority_member"].format(via=line.via) if line.via
            else labels["authority_own"],
        ]
        for line in jd.authority
    ]
    header = [labels["authority_activity"], labels["authority_range"], labels["authority_via"]]
    _data_table(document, header, rows, (40, 70, 50))


def _write_relations(document: Any, jd: JobDescription) -> None:
    from docx.shared import Pt

    labels = jd.labels
    rows = [[r.process_name, r.activity_name, r.letters] for r in jd.relations]
    header = [labels["relations_process"], labels["relations_activity"],
              labels["relations_letters"]]
    _data_table(document, header, rows, (50, 80, 30))
    used = {ch for r in jd.relations for ch in r.letters}
    legend = [labels[f"letter_{ch}"] for ch in "RASCI" if ch in used and f"letter_{ch}" in labels]
    if legend:
        note = document.add_paragraph()
        note.paragraph_format.space_before = Pt(3)
        run = note.add_run(clean(("; " if jd.lang == "en" else ";").join(legend)))
        run.font.size = Pt(8.5)


def _write_incompatible(document: Any, jd: JobDescription) -> None:
    from docx.shared import Pt, RGBColor

    labels = jd.labels
    separator = ", " if jd.lang == "en" else "、"
    rows = [
        [
            line.rule_name,
            separator.join(line.activities) or "—",
            separator.join(p.title for p in line.posts) or "—",
            line.basis,
        ]
        for line in jd.incompatible
    ]
    header = [labels["incompatible_rule"], labels["incompatible_activities"],
              labels["incompatible_posts"], labels["incompatible_basis"]]
    table = _data_table(document, header, rows, (38, 38, 42, 42))
    # The rule id on a line of its own under the name, small, in one run with
    # non-breaking hyphens: Word and LibreOffice never split SOD-LOAN-1.
    for row, line in zip(table.rows[1:], jd.incompatible, strict=True):
        paragraph = row.cells[0].add_paragraph()
        paragraph.paragraph_format.space_after = 0
        run = nobreak_run(paragraph, clean(line.rule_id))
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor(0x4A, 0x55, 0x65)
    for line in jd.incompatible:
        if line.breached:
            _write_breach(document, jd, line)


def _write_breach(document: Any, jd: JobDescription, line: Any) -> None:
    """Under the table: the rule this post breaks, and its duties that carry each activity."""
    from docx.shared import Mm, Pt, RGBColor

    head = document.add_paragraph()
    head.paragraph_format.space_before = Pt(4)
    separator, colon = ("; ", ": ") if jd.lang == "en" else ("；", "：")
    rule = (f"{line.rule_name} ({line.rule_id})" if jd.lang == "en"
            else f"{line.rule_name}（{line.rule_id}）")
    run = head.add_run(clean(f"{rule}{colon}{line.breach_text(jd.labels)}"))
    run.bold = True
    run.font.color.rgb = RGBColor(0xB3, 0x26, 0x1E)
    for activity in line.breach:
        duties = separator.join(f"{jd.labels['incompatible_duty'].format(n=n)} {text}"
                                for n, text in activity.duties)
        item = document.add_paragraph()
        item.paragraph_format.left_indent = Mm(5)
        item.paragraph_format.space_after = 0
        item.add_run(clean(activity.activity)).bold = True
        item.add_run(clean(f"{colon}{duties}")).font.size = Pt(10)


def _write_qualifications(document: Any, jd: JobDescription) -> None:
    if not jd.qualifications:
        _write_pending(document, jd)
        return
    cells = [[Cell((label,), label=True), Cell(tuple(items))]
             for label, items in jd.qualifications]
    add_table(document, cells, (32, 128), TABLE_STYLE, SHADE_LABEL, cant_split=True)


def _write_location(document: Any, jd: JobDescription) -> None:
    document.add_paragraph(clean(jd.location or ""))


def _write_salary(document: Any, jd: JobDescription) -> None:
    document.add_paragraph(clean(jd.salary or ""))


_SECTION_WRITERS = {
    "purpose": _write_purpose,
    "duties": _write_duties,
    "authority": _write_authority,
    "relations": _write_relations,
    "incompatible": _write_incompatible,
    "qualifications": _write_qualifications,
    "location": _write_location,
    "salary": _write_salary,
}


# --- determinism -----------------------------------------------------------------------


def _fix_core_properties(document: Any, jd: JobDescription) -> None:
    fixed_core_properties(
        document, title=f"{jd.labels['jd']} {jd.page_header}", subject=jd.org_name,
        keywords=jd.role_id,
    )
