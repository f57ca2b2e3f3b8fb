"""Job descriptions, RACI and audit documents as a reader gets them: sections, fonts, pages."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from clock import TODAY
from pypdf import PdfReader
from render_sample import sample_org

from dutymatrix.findings import Finding, Severity
from dutymatrix.matrix import build_matrix
from dutymatrix.model import Duty, Loc, Text
from dutymatrix.render.audit_context import audit_context
from dutymatrix.render.build import BuildOptions, build_org
from dutymatrix.render.context import jd_context
from dutymatrix.render.markdown import render_jd_markdown
from dutymatrix.render.raci_context import raci_context

pytestmark = pytest.mark.slow  # renders PDFs


def embedded_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    descriptor = descriptor.get_object()
                    if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                        names.add("embedded:" + str(font["/BaseFont"]))
    return names


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One Chinese and one English build of the sample bank (JD, RACI, audit)."""
    out = {}
    for lang in ("zh", "en"):
        folder = tmp_path_factory.mktemp(lang) / "out"
        build_org(sample_org(), [], BuildOptions(
            org_dir=Path("."), today=TODAY, out_dir=folder, jobs=2, lang=lang,
            only=frozenset({"jd", "raci", "audit"}),
        ))
        out[lang] = folder
    return out


def test_chinese_pdf_embeds_a_cjk_font(docs: dict[str, Path]) -> None:
    pdf = (docs["zh"] / "jd" / "credit-mgmt.manager.pdf").read_bytes()
    fonts = embedded_fonts(pdf)
    assert any(name.startswith("embedded:") and "CJK" in name for name in fonts), fonts


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_reports_the_cjk_font_embedded(docs: dict[str, Path]) -> None:
    report = subprocess.run(
        ["pdffonts", str(docs["zh"] / "raci" / "loan.pdf")],
        capture_output=True, text=True, check=True,
    ).stdout
    cjk = [line for line in report.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk)


def test_job_description_pdf_has_header_and_page_footer(docs: dict[str, Path]) -> None:
    text = pdf_text((docs["zh"] / "jd" / "credit-mgmt.manager.pdf").read_bytes())
    pages = len(PdfReader(docs["zh"] / "jd" / "credit-mgmt.manager.pdf").pages)
    assert "XD-01-001 信贷管理部经理" in text
    assert f"第 1 页 / 共 {pages} 页" in text
    for section in ("岗位职责", "工作权限", "工作关系", "不相容岗位", "任职资格", "薪资范围"):
        assert section in text


def test_english_pdf_has_english_labels(docs: dict[str, Path]) -> None:
    text = pdf_text((docs["en"] / "jd" / "credit-mgmt.manager.pdf").read_bytes())
    assert "Page 1 of" in text
    assert "Head of Credit Management" in text and "Incompatible duties" in text
    assert "第 1 页" not in text


def test_raci_pdf_is_landscape_and_repeats_the_header_row(tmp_path: Path) -> None:
    org = sample_org(extra_roles=40)  # enough rows and columns for several pages
    acts = org.processes[0].activities
    many = dataclasses.replace(
        org.processes[0],
        activities=acts + tuple(
            dataclasses.replace(acts[0], id=f"loan.extra{i}", name=Text(f"补充活动{i}"))
            for i in range(60)
        ),
    )
    org = dataclasses.replace(org, processes=(many, org.processes[1]))
    build_org(org, [], BuildOptions(org_dir=Path("."), today=TODAY, out_dir=tmp_path, jobs=1,
                                    only=frozenset({"raci"})))
    reader = PdfReader(tmp_path / "raci" / "loan.pdf")
    assert len(reader.pages) > 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    # the header row's corner cell ("活动", rows are "补充活动n") is printed on every page
    for page in reader.pages:
        assert "活动" in [line.strip() for line in page.extract_text().splitlines()]


def test_sections_without_data_are_left_out() -> None:
    org = sample_org()
    jd = jd_context(org, build_matrix(org), "credit-mgmt.reviewer", "zh")
    assert "purpose" not in jd.sections() and "salary" not in jd.sections()
    assert "reports_to" in jd.sections() and "duties" in jd.sections()
    assert "岗位目的" not in render_jd_markdown(jd)


def test_reviewer_html_leaves_out_empty_sections(docs: dict[str, Path]) -> None:
    page = (docs["zh"] / "jd" / "credit-mgmt.reviewer.html").read_text(encoding="utf-8")
    assert "岗位目的" not in page and "薪资范围" not in page
    assert "直接上级" in page and "信贷管理部经理" in page


def test_incompatible_section_names_activities_and_posts() -> None:
    org = sample_org()
    jd = jd_context(org, build_matrix(org), "customer-1.officer", "zh")
    (line,) = jd.incompatible
    assert line.rule_name == "审贷分离" and line.basis == "《贷款通则》第四十条"
    assert set(line.activities) == {"贷时审查", "贷款审批"}
    assert {p.id for p in line.posts} == {
        "credit-mgmt.manager", "credit-mgmt.reviewer", "loan-committee"
    }


def test_authority_bands_read_as_chinese_rules_do() -> None:
    org = sample_org()
    jd = jd_context(org, build_matrix(org), "credit-mgmt.manager", "zh")
    assert [(b.range_text, b.via) for b in jd.authority] == [
        ("100万元（含）以下", "审贷委员会"),
        ("100万元以上至500万元（含）", ""),
    ]
    en = jd_context(org, build_matrix(org), "credit-mgmt.manager", "en")
    assert en.authority[0].range_text == "up to and including CNY 1,000,000"


def test_duties_keep_their_model_numbers_and_html_is_escaped(tmp_path: Path) -> None:
    org = sample_org(manager_duty='负责<script>alert("x")</script>检查')
    build_org(org, [], BuildOptions(org_dir=Path("."), today=TODAY, out_dir=tmp_path, jobs=1,
                                    only=frozenset({"jd"})))
    page = (tmp_path / "jd" / "credit-mgmt.manager.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    markdown = (tmp_path / "jd" / "credit-mgmt.manager.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown
    assert re.findall(r"^(\d+)\. ", markdown, flags=re.MULTILINE) == ["1", "2", "3"]


def test_raci_table_columns_are_the_holders_of_that_process() -> None:
    org = sample_org()
    table = raci_context(org, build_matrix(org), "card", "zh")
    assert [c.id for c in table.columns] == ["customer-1.officer"]
    assert [(r.activity_id, r.cells) for r in table.rows] == [("card.collect", ("R",))]


def test_audit_groups_by_severity_then_family_and_shows_duties() -> None:
    org = sample_org()
    duty: Duty = org.roles["customer-1.officer"].duties[0]
    findings = [
        Finding("DM701", "duty-verb", Severity.INFO, "wording", Loc("a.yaml", 9, 1)),
        Finding("DM401", "sod-conflict", Severity.ERROR, "conflict", Loc("a.yaml", 3, 1),
                subject="customer-1.officer", related=(duty.ref,)),
        Finding("DM201", "no-accountable", Severity.ERROR, "gap", Loc("a.yaml", 1, 1)),
        Finding("DM301", "overlap", Severity.WARNING, "waived one", Loc("a.yaml", 5, 1),
                waived_by=Loc("w.yaml", 2, 3)),
    ]
    audit = audit_context(org, findings, "zh")
    assert [(g.severity, g.family) for g in audit.groups] == [
        ("error", "DM2xx"), ("error", "DM4xx"), ("info", "DM7xx"), ("waived", "DM3xx")
    ]
    assert audit.summary == {"error": 2, "warning": 0, "info": 1, "waived": 1}
    conflict = audit.groups[1].findings[0]
    assert conflict.subject_name == "客户经理"
    assert conflict.duties[0][2] == duty.text.get("zh")


def test_audit_pdf_lists_findings_with_counts(docs: dict[str, Path]) -> None:
    text = pdf_text((docs["en"] / "audit.pdf").read_bytes())
    assert "Internal Control Review" in text and "Summary" in text


def test_a_users_document_css_styles_the_pdfs(tmp_path: Path) -> None:
    """The stylesheet a PDF worker parses once is the user's when --templates has one."""
    templates = tmp_path / "templates" / "assets"
    templates.mkdir(parents=True)
    (templates / "document.css").write_text("@page { size: A5; }\n", encoding="utf-8")
    build_org(sample_org(), [], BuildOptions(
        org_dir=Path("."), today=TODAY, out_dir=tmp_path / "out", jobs=1, only=frozenset({"jd"}),
        templates_dir=tmp_path / "templates"))
    box = PdfReader(tmp_path / "out" / "jd" / "credit-mgmt.manager.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)  # A5 in pt


def test_a_worker_parses_document_css_once_for_all_its_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import weasyprint

    from dutymatrix.render import pdf as pdf_module

    parsed: list[str] = []
    real_css = weasyprint.CSS

    def counting_css(*args: object, **kwargs: object) -> object:
        parsed.append(str(kwargs.get("filename", "")))
        return real_css(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "CSS", counting_css)
    monkeypatch.setattr(pdf_module, "_STATE", {})  # a fresh worker
    build_org(sample_org(extra_roles=3), [], BuildOptions(
        org_dir=Path("."), today=TODAY, out_dir=tmp_path, jobs=1, only=frozenset({"jd"})))
    assert len(list((tmp_path / "jd").glob("*.pdf"))) == 6
    # document.css, and the @font-face sheet of the small CJK face (a string): once each.
    assert sorted(Path(p).name for p in parsed) == ["", "document.css"]
