"""Job description as Word: sections, CJK fonts, page furniture, determinism."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from dutymatrix.render.context import (
    LABELS,
    BandLine,
    DutyLine,
    IncompatibleLine,
    JobDescription,
    PostRef,
    RelationLine,
)
from dutymatrix.render.docx import render_jd_docx
from dutymatrix.render.docx_xml import clean

pytestmark = pytest.mark.slow  # renders Word files (one test also opens LibreOffice)

CJK_FONTS = {"Noto Sans CJK SC", "Noto Serif CJK SC"}


def full_jd(lang: str = "zh", **changes: object) -> JobDescription:
    jd = JobDescription(
        role_id="credit-mgmt.manager",
        lang=lang,
        labels=LABELS[lang],
        title="信贷管理部经理",
        code="XD-01-001",
        department="信贷管理部",
        department_id="credit-mgmt",
        reports_to=PostRef("branch.vp-credit", "分管信贷副行长"),
        subordinates=(PostRef("credit-mgmt.reviewer", "信贷审查岗"),
                      PostRef("credit-mgmt.monitor", "贷后管理岗")),
        headcount=1,
        purpose="组织全行信贷管理工作,确保信贷资产安全",
        duties=(
            DutyLine(1, "负责全行信贷政策和制度的组织实施及信贷检查"),
            DutyLine(2, "负责贷时审查工作的组织", (("贷时审查", "A"),)),
            DutyLine(5, "负责行领导交办的其他工作"),
        ),
        authority=(BandLine("贷款审批", "100万元(含)以下", "审贷委员会"),
                   BandLine("贷款审批", "100万元以上至500万元(含)", "")),
        relations=(RelationLine("loan.review", "贷时审查", "贷款业务", "A"),
                   RelationLine("loan.monitor", "贷后检查", "贷款业务", "RA")),
        incompatible=(IncompatibleLine("SOD-LOAN-1", "审贷分离", "《贷款通则》第四十条",
                                       ("贷前调查", "贷款审批"),
                                       (PostRef("customer-1.officer", "客户经理"),)),),
        qualifications=(("学历", ("全日制本科及以上学历",)),
                        ("知识技能", ("熟悉信贷政策与法规", "熟悉企业财务分析"))),
        location="杭州",
        salary="8,000–9,999 元/月",
        org_name="示例银行市分行",
    )
    return dataclasses.replace(jd, **changes)


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _body_text(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _headings(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def _part_xml(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def test_a4_with_title_and_the_particulars_table() -> None:
    document = _open(render_jd_docx(full_jd()))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.paragraphs[0].text == "岗位说明书"
    table = document.tables[0]
    cells = [c.text for row in table.rows for c in row.cells]
    pairs = dict(zip(cells[0::2], cells[1::2], strict=True))
    assert pairs["岗位名称"] == "信贷管理部经理"
    assert pairs["岗位编号"] == "XD-01-001"
    assert pairs["所属部门"] == "信贷管理部"
    assert pairs["直接上级"] == "分管信贷副行长"
    assert pairs["定员"] == "1人"
    assert "信贷审查岗、贷后管理岗" in cells


def test_every_section_in_document_order() -> None:
    document = _open(render_jd_docx(full_jd()))
    assert _headings(document) == [
        "一、岗位目的", "二、岗位职责", "三、工作权限", "四、工作关系", "五、不相容岗位",
        "六、任职资格", "七、工作地点", "八、薪资范围",
    ]


def test_duties_keep_the_numbers_of_the_model() -> None:
    text = _body_text(_open(render_jd_docx(full_jd())))
    assert "1、\t负责全行信贷政策和制度的组织实施及信贷检查" in text
    assert "5、\t负责行领导交办的其他工作" in text  # not renumbered to 3


def test_sections_without_data_are_left_out() -> None:
    jd = full_jd(authority=(), incompatible=(), salary=None, code=None, reports_to=None,
                 subordinates=(), headcount=None, purpose=None)
    document = _open(render_jd_docx(jd))
    headings = _headings(document)
    assert headings == ["一、岗位职责", "二、工作关系", "三、任职资格", "四、工作地点"]
    labels = {c.text for row in document.tables[0].rows for c in row.cells}
    assert not labels & {"岗位编号", "直接上级", "直接下级", "定员"}


def test_authority_relations_and_incompatible_posts_are_tables() -> None:
    document = _open(render_jd_docx(full_jd()))
    texts = [[c.text for c in row.cells] for t in document.tables[1:] for row in t.rows]
    assert ["贷款审批", "100万元(含)以下", "作为审贷委员会成员"] in texts
    assert ["贷款审批", "100万元以上至500万元(含)", "本岗位"] in texts
    assert ["贷款业务", "贷后检查", "RA"] in texts
    rule = ["审贷分离\nSOD-LOAN-1", "贷前调查、贷款审批", "客户经理", "《贷款通则》第四十条"]
    assert rule in texts
    # Header rows repeat when a table runs over a page.
    for table in document.tables[1:4]:
        assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def test_chinese_has_a_named_cjk_font_that_no_theme_font_overrides() -> None:
    data = render_jd_docx(full_jd())
    document = _open(data)
    for name in ("Normal", "Title", "Heading 1", "Header", "Footer"):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) in CJK_FONTS, name
        assert fonts.get(qn("w:ascii")), name
        assert fonts.get(qn("w:eastAsiaTheme")) is None and fonts.get(qn("w:asciiTheme")) is None
    styles = _part_xml(data, "word/styles.xml")
    defaults = styles[styles.index("<w:docDefaults>"): styles.index("</w:docDefaults>")]
    assert 'w:eastAsia="Noto Serif CJK SC"' in defaults and "Theme=" not in defaults


def test_page_header_and_numbered_footer() -> None:
    document = _open(render_jd_docx(full_jd()))
    header = document.sections[0].header.paragraphs[0].text
    assert "XD-01-001 信贷管理部经理" in header
    fields = [el.text for el in document.sections[0].footer._element.iter(qn("w:instrText"))]
    assert fields == [" PAGE ", " NUMPAGES "]
    text = document.sections[0].footer.paragraphs[0].text
    assert text.startswith("第 ") and " 页 / 共 " in text and text.endswith(" 页")


def test_english_document_uses_english_labels() -> None:
    jd = full_jd("en", title="Head of Credit Management", department="Credit Management")
    document = _open(render_jd_docx(jd))
    assert document.paragraphs[0].text == "Job Description"
    assert _headings(document)[:2] == ["1. Purpose", "2. Duties"]
    assert "5.\t负责行领导交办的其他工作" in _body_text(document)
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Page ") and " of " in footer


def test_markup_and_control_characters_in_text_are_kept_harmless() -> None:
    jd = full_jd(purpose='<script>alert("x")</script> & \x07ok', title="岗位\x00<w:p>")
    data = render_jd_docx(jd)
    text = _body_text(_open(data))
    assert '<script>alert("x")</script> & ok' in text
    assert "<script>" not in _part_xml(data, "word/document.xml")


def test_two_renders_are_byte_identical_with_fixed_zip_stamps() -> None:
    first = render_jd_docx(full_jd())
    assert render_jd_docx(full_jd()) == first
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    names = archive.namelist()
    assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
    props = _open(first).core_properties
    assert props.created == props.modified
    assert props.created.date() != dt.date.today()
    assert props.revision == 1


def test_the_zip_is_laid_out_as_zipfile_lays_it_out() -> None:
    from dutymatrix.render.docx_package import ZipEntry, zip_bytes

    source = zipfile.ZipFile(io.BytesIO(render_jd_docx(full_jd())))
    assert source.testzip() is None
    blobs = {name: source.read(name) for name in source.namelist()}
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in blobs.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            target.writestr(info, blob)
    written = zip_bytes(ZipEntry.of(name, blob) for name, blob in blobs.items())
    assert written == expected.getvalue()


def test_documents_rendered_one_after_another_share_none_of_their_text() -> None:
    # The blank's unchanging parts are shared between copies: a document's own parts
    # (body, header, core properties) must not leak into the next one.
    first = render_jd_docx(full_jd(title="甲岗位"))
    second = render_jd_docx(full_jd(title="乙岗位"))
    assert render_jd_docx(full_jd(title="甲岗位")) == first
    archive = zipfile.ZipFile(io.BytesIO(second))
    for name in archive.namelist():
        assert "甲岗位".encode() not in archive.read(name)
    assert "乙岗位" in _part_xml(second, "word/document.xml")


def test_table_columns_fit_the_a4_text_width() -> None:
    document = _open(render_jd_docx(full_jd()))
    text_width = Mm(210 - 2 * 25)
    for table in document.tables:
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        total = sum(int(col.get(qn("w:w"))) for col in grid)
        assert abs(total - text_width.twips) <= len(grid)


def test_from_a_model_through_jd_context() -> None:
    from dutymatrix.matrix import build_matrix
    from dutymatrix.model import Department, Duty, Org, Role, Text
    from dutymatrix.render.context import jd_context

    role = Role(id="d.clerk", title=Text(zh="档案管理员", en="Archivist"), department="d",
                duties=(Duty("d.clerk", 1, Text("负责档案管理")),))
    org = Org(id="o", name=Text("机构"),
              departments=(Department("d", Text(zh="综合部", en="General Office"),
                                      roles=(role,)),))
    jd = jd_context(org, build_matrix(org), "d.clerk", "en")
    document = _open(render_jd_docx(jd))
    assert _headings(document) == ["1. Duties", "2. Qualifications"]
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "Archivist" in cells and "General Office" in cells


@pytest.mark.office
@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is not installed (apt-get install libreoffice-writer)")
def test_libreoffice_prints_it_with_an_embedded_cjk_font(tmp_path: Path) -> None:
    source = tmp_path / "jd.docx"
    source.write_bytes(render_jd_docx(full_jd()))
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = tmp_path / "jd.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "CJK" in fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "岗位说明书" in text and "审贷分离" in text
    # The PAGE and NUMPAGES fields were filled in (pdftotext drops the spaces).
    squeezed = "".join(text.split())
    assert "第1页/共2页" in squeezed and "第2页/共2页" in squeezed


def test_page_header_reads_like_the_pdf_post_left_organisation_right() -> None:
    paragraph = _open(render_jd_docx(full_jd())).sections[0].header.paragraphs[0]
    left, right = paragraph.text.split("\t")
    assert (left, right) == ("XD-01-001 信贷管理部经理", "示例银行市分行")


def test_ids_keep_their_hyphens_unbreakable() -> None:
    """SOD-LOAN-1 and XD-01-001 are written with Word's non-breaking hyphen, in one run:
    Word and LibreOffice never split them at the end of a line."""
    data = render_jd_docx(full_jd())
    body = _part_xml(data, "word/document.xml")
    header = next(_part_xml(data, name) for name in zipfile.ZipFile(io.BytesIO(data)).namelist()
                  if name.startswith("word/header"))
    nobreak = "<w:t xml:space=\"preserve\">{}</w:t><w:noBreakHyphen/>"
    assert nobreak.format("SOD") + nobreak.format("LOAN") + '<w:t xml:space="preserve">1</w:t>' \
        in body
    assert nobreak.format("XD") + nobreak.format("01") in header
    assert "SOD-LOAN" not in body and "XD-01" not in header


def test_duty_numbers_hang_in_an_indent_wide_enough_for_the_largest() -> None:
    """1 to 12 duties: the text of 9 and of 10 starts at the same tab stop."""
    duties = tuple(DutyLine(n, f"负责第{n}项工作") for n in range(1, 13))
    document = _open(render_jd_docx(full_jd(duties=duties)))
    paragraphs = [p for p in document.paragraphs if p.text.split("\t")[0] in ("9、", "10、")]
    assert len(paragraphs) == 2
    indents = {(p.paragraph_format.left_indent, -p.paragraph_format.first_line_indent)
               for p in paragraphs}
    assert len(indents) == 1
    (indent, hanging), = indents
    assert indent == hanging >= Mm(8)  # "10、" fits before the text
    stops = {p.paragraph_format.tab_stops[0].position for p in paragraphs}
    assert stops == {indent}


def test_a_post_without_duties_or_qualifications_says_they_are_to_be_completed() -> None:
    zh = _open(render_jd_docx(full_jd(duties=(), qualifications=())))
    assert "二、岗位职责" in _headings(zh) and "六、任职资格" in _headings(zh)
    assert _body_text(zh).count("待补充") == 2
    en = _open(render_jd_docx(full_jd("en", duties=(), qualifications=())))
    assert "2. Duties" in _headings(en)
    assert _body_text(en).count("To be completed") == 2


AWKWARD_TEXTS = ["岗位名称", "a\tb", "line\nnext\r\nend", " leading", "trailing\u3000",
                 "<b>&amp;\"'", "", "\x07bell", "SOD-LOAN-1"]


def _table_the_api_way(document: docx.document.Document, rows: list[list[str]],
                       widths: tuple[float, ...]) -> None:
    """The table as python-docx's own calls build it: the reference for add_table."""
    table = document.add_table(rows=0, cols=len(widths))
    table._tbl.tblStyle_val = "TableGrid"
    table.autofit = False
    for index, texts in enumerate(rows):
        row = table.add_row()
        trpr = row._tr.get_or_add_trPr()
        trpr.append(trpr.makeelement(qn("w:tblHeader" if index == 0 else "w:cantSplit"), {}))
        for cell, text in zip(row.cells, texts, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = 0
            run = paragraph.add_run(clean(text))
            if index == 0:
                run.bold = True
                tcpr = cell._tc.get_or_add_tcPr()
                tcpr.append(tcpr.makeelement(qn("w:shd"), {
                    qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): "E8EDF5"}))
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)


def test_tables_are_the_xml_python_docx_would_write() -> None:
    from lxml import etree

    from dutymatrix.render.docx_tables import Cell, add_table

    rows = [AWKWARD_TEXTS[i:i + 3] for i in range(0, len(AWKWARD_TEXTS), 3)]
    widths = (40.0, 70.0, 50.0)
    by_api, fast = docx.Document(), docx.Document()
    _table_the_api_way(by_api, rows, widths)
    cells = [[Cell((text,), label=index == 0) for text in texts]
             for index, texts in enumerate(rows)]
    add_table(fast, cells, widths, "TableGrid", "E8EDF5", header_rows=1, cant_split=True)
    assert etree.tostring(fast.element.body) == etree.tostring(by_api.element.body)
    assert [c.text for c in fast.tables[0].rows[1].cells] == \
        [c.text for c in by_api.tables[0].rows[1].cells]
