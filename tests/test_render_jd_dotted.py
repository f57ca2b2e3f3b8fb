"""业务指导上级 (``dotted_to``) on the job description, in every format and language: next
to 直接上级, by post name, with the department when the dotted line crosses into another."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from clock import TODAY

from dutymatrix.load import load_org
from dutymatrix.matrix import build_matrix
from dutymatrix.model import Org
from dutymatrix.render.build import BuildOptions, build_org
from dutymatrix.render.context import JobDescription, jd_context
from dutymatrix.render.docx import render_jd_docx
from dutymatrix.render.hant import display_model
from dutymatrix.render.markdown import render_jd_markdown

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils not installed")

# A branch risk officer: solid line to the branch head, dotted lines to the head office's
# risk manager (another department) and to the branch's own operations lead.
ORG = """\
org: {id: demo, name: 示例银行}
departments:
  - {id: hq, name: {zh: 总行, en: Head Office}}
  - id: hq-risk
    name: {zh: 风险管理部, en: Risk Management}
    parent: hq
    roles:
      - {id: hq-risk.manager, title: {zh: 风险经理, en: Risk Manager}}
  - id: b001
    name: {zh: 城东支行, en: Chengdong Branch}
    parent: hq
    roles:
      - {id: b001.head, title: {zh: 行长, en: Branch Head}}
      - {id: b001.ops, title: {zh: 运营主管, en: Operations Lead}, reports_to: b001.head}
      - id: b001.risk
        title: {zh: 风险专员, en: Risk Officer}
        reports_to: b001.head
        dotted_to: [hq-risk.manager, b001.ops]
"""

# lang: (its label, the names it lists, the 直接上级 line above it)
EXPECTED = {
    "zh-CN": ("业务指导上级", "风险经理（风险管理部）、运营主管", ("直接上级", "行长")),
    "zh-TW": ("業務指導上級", "風險經理（風險管理部）、運營主管", ("直接上級", "行長")),
    "en": ("Dotted line to", "Risk Manager (Risk Management), Operations Lead",
           ("Reports to", "Branch Head")),
}


@pytest.fixture
def org(write_org: Callable[..., Path]) -> Org:
    loaded = load_org(str(write_org({"org.yaml": ORG})))
    assert loaded.org is not None, [f.message for f in loaded.findings]
    return loaded.org


def _jd(org: Org, role_id: str, lang: str) -> JobDescription:
    """The JD as a build makes it (zh-TW: the model's texts shown traditional)."""
    shown = display_model(org, lang)
    return jd_context(shown, build_matrix(shown), role_id, lang)


@pytest.mark.parametrize("lang", list(EXPECTED))
def test_markdown_names_the_dotted_line_superiors_after_reports_to(org: Org, lang: str) -> None:
    label, names, boss = EXPECTED[lang]
    markdown = render_jd_markdown(_jd(org, "b001.risk", lang))
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    at = rows.index(f"| {label} | {names} |")
    assert rows[at - 1] == "| {} | {} |".format(*boss)


@pytest.mark.parametrize("lang", list(EXPECTED))
def test_word_pairs_the_dotted_line_superiors_with_their_label(org: Org, lang: str) -> None:
    docx = pytest.importorskip("docx")
    label, names, _ = EXPECTED[lang]
    document = docx.Document(io.BytesIO(render_jd_docx(_jd(org, "b001.risk", lang))))
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    at = cells.index(label)
    assert cells[at + 1] == names


def test_a_post_without_dotted_lines_has_no_such_line(org: Org) -> None:
    jd = _jd(org, "b001.ops", "zh-CN")
    assert "dotted_to" not in jd.sections()
    assert "业务指导上级" not in render_jd_markdown(jd)
    document = pytest.importorskip("docx").Document(io.BytesIO(render_jd_docx(jd)))
    assert "业务指导上级" not in [c.text for row in document.tables[0].rows for c in row.cells]


def _build(org: Org, out: Path, lang: str, only: str) -> None:
    build_org(org, [], BuildOptions(org_dir=Path("."), today=TODAY, out_dir=out, jobs=1,
                                    lang=lang, only=frozenset({only})))


@pytest.mark.slow  # renders PDFs
@needs_poppler
@pytest.mark.parametrize("lang", list(EXPECTED))
def test_the_pdf_and_the_post_page_show_it_under_reports_to(
        org: Org, tmp_path: Path, lang: str) -> None:
    label, names, boss = EXPECTED[lang]
    _build(org, tmp_path, lang, "jd")
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "jd" / "b001.risk.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    at = lines.index(f"{label} {names}")
    assert lines[at - 1] == " ".join(boss)  # the 直接上级 line just above
    # The post's page on the site links each superior to its own page.
    page = (tmp_path / "jd" / "b001.risk.html").read_text(encoding="utf-8")
    row = page[page.index('<tr class="dotted-to">'):]
    row = row[:row.index("</tr>")]
    first, second = names.split("、" if lang != "en" else ", ")
    assert f"<th>{label}</th>" in row
    assert f'<a href="hq-risk.manager.html">{first}</a>' in row
    assert f'<a href="b001.ops.html">{second}</a>' in row
    assert page.index(boss[0]) < page.index(label)
    assert label not in (tmp_path / "jd" / "b001.ops.html").read_text(encoding="utf-8")
