"""Huge text does not hang the build: a 2,000- or 10,000-character title, a 1 MB duty
(DM125's limits raised in the model, as a user who insists may). Page headers cut the
title with an ellipsis, the body shows it whole, a PDF prints the first 20,000
characters of a text and says so; the HTML, Word and Markdown versions keep all of it."""

from __future__ import annotations

import html
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from dutymatrix.render.pdftext import CHUNK, MAX_PDF_TEXT, bound_text
from dutymatrix.render.textwidth import HEADER_EM, fit_em, text_em

pytestmark = pytest.mark.slow  # builds PDFs of huge texts

RAISED = "checks:\n  options:\n    DM125: {max_name: 20000, max_text: 2000000}\n"


def huge_org(tmp_path: Path, title_chars: int, duty_chars: int) -> tuple[Path, str, str]:
    title = ("信贷管理部经理" * (title_chars // 7 + 1))[:title_chars]
    duty = ("负责全行信贷政策和制度的组织实施及信贷检查," * (duty_chars // 22 + 1))[:duty_chars]
    root = tmp_path / "org"
    root.mkdir()
    (root / "org.yaml").write_text(f"""\
org: {{id: demo, name: 示例银行}}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {{id: approve, name: 贷款审批}}
departments:
  - id: branch
    name: 分行
    roles:
      - id: branch.manager
        title: {title}
        code: XD-01
        duties:
          - text: 负责贷款审批
            raci: {{loan.approve: A}}
          - text: {duty}
            raci: {{loan.approve: R}}
""" + RAISED, encoding="utf-8")
    return root, title, duty


def build(root: Path, out: Path, *args: str, timeout: float) -> None:
    """A build in a subprocess; ``timeout`` is the bound the issue sets against a hang."""
    proc = subprocess.run([sys.executable, "-m", "dutymatrix.cli", "build", str(root), "-o",
                           str(out), *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "GITHUB_ACTIONS": ""})
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


def pages(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(pdf)).pages]


def body_text(page_texts: list[str]) -> str:
    """The pages' text without their running header and footer, whitespace removed."""
    kept = [line for text in page_texts for line in text.splitlines()
            if not line.startswith("XD-01 ") and not re.match(r"第 \d+ 页", line)]
    return squeeze("".join(kept))


def header_lines(page_texts: list[str]) -> list[str]:
    return [line for text in page_texts for line in text.splitlines()
            if line.startswith("XD-01 ")]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_two_thousand_character_title_and_1mb_duty_build_in_time(tmp_path: Path) -> None:
    root, title, duty = huge_org(tmp_path, 2_000, 1_000_000)
    out = tmp_path / "out"
    build(root, out, timeout=60)  # every part: JD, RACI, org chart, audit, site
    text = pages(out / "jd" / "branch.manager.pdf")
    body = body_text(text)
    assert squeeze(title) in body  # the body shows the title whole
    headers = header_lines(text)
    assert len(headers) == len(text)  # every page has its header, cut with an ellipsis
    assert all(h.startswith("XD-01 信贷管理部经理") and "…" in h and len(h) < 50
               for h in headers), headers[0]
    assert "此处共1,000,000字，PDF只印前20,000字" in body
    assert len(body) < 2 * MAX_PDF_TEXT + 10 * len(title)
    page = (out / "jd" / "branch.manager.html").read_text(encoding="utf-8")
    assert duty in page and title in page  # the HTML keeps the whole text
    assert duty in (out / "jd" / "branch.manager.md").read_text(encoding="utf-8")
    for raci in ("raci/_all.pdf", "raci/loan.pdf", "audit.pdf"):
        assert (out / raci).stat().st_size > 0


def test_ten_thousand_character_title_cut_in_pdf_and_word_headers(tmp_path: Path) -> None:
    from docx import Document

    root, title, _ = huge_org(tmp_path, 10_000, 100)
    out = tmp_path / "out"
    build(root, out, "--only", "jd", timeout=120)
    text = pages(out / "jd" / "branch.manager.pdf")
    assert squeeze(title) in body_text(text)
    assert all("…" in h and len(h) < 50 for h in header_lines(text))
    document = Document(str(out / "jd" / "branch.manager.docx"))
    header = document.sections[0].header.paragraphs[0].text
    page_header, org_name = header.split("\t")  # as on the PDF: the post on the left
    assert org_name == "示例银行"
    assert page_header.startswith("XD-01 信贷管理部经理") and page_header.endswith("…")
    assert text_em(page_header) <= HEADER_EM
    body = "".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert title in body


# --- the pieces ------------------------------------------------------------------------


def test_fit_em_cuts_by_width_with_an_ellipsis() -> None:
    assert fit_em("信贷管理部经理") == "信贷管理部经理"
    cut = fit_em("信" * 100)
    assert cut.endswith("…") and text_em(cut) <= HEADER_EM and len(cut) > 20
    latin = fit_em("Credit Management Department Head of Retail Lending Operations")
    assert latin.endswith("…") and text_em(latin) <= HEADER_EM and len(latin) > 30


def _text_of(document: str) -> str:
    body = document[document.index("<body"):]
    return html.unescape(re.sub(r"<[^>]*>", "", body))


PAGE = ("<html lang=\"zh\"><head><title>{title}</title><style>p::before {{ content: '{long}' }}"
        "</style></head><body><table><tr><td>{title}</td></tr></table><p>{duty}</p>"
        "<script>var x = '{long}';</script></body></html>")


def test_bound_text_keeps_the_text_in_short_spans() -> None:
    title = html.escape("A&B " * 300 + "信贷<审批>" * 200)
    page = PAGE.format(title=title, duty="短", long="x" * 500)
    bounded = bound_text(page)
    assert _text_of(bounded) == _text_of(page)  # same text, entities intact
    head = page[:page.index("<body")]
    assert bounded.startswith(head)  # the <title> is left whole
    assert "var x = '" + "x" * 500 in bounded  # so are scripts
    runs = re.findall(r">([^<]*)<", bounded[bounded.index("<body"):])
    assert max(len(run) for run in runs if "x" * 100 not in run) <= 2 * CHUNK


def test_bound_text_cuts_a_huge_text_with_a_note() -> None:
    duty = "负责信贷检查," * 200_000
    bounded = bound_text(PAGE.format(title="行长", duty=duty, long=""))
    text = _text_of(bounded)
    assert "负责信贷检查," * (MAX_PDF_TEXT // 7) in text
    assert len(text) < MAX_PDF_TEXT + 200
    assert "此处共 1,400,000 字，PDF 只印前 20,000 字" in text
    english = bound_text(PAGE.replace('lang="zh"', 'lang="en"').format(
        title="x", duty="review " * 10_000, long=""))
    assert "(70,000 characters; the PDF prints the first 20,000" in _text_of(english)


def test_bound_text_leaves_short_text_alone() -> None:
    page = PAGE.format(title="行长", duty="负责贷款审批", long="")
    assert bound_text(page) == page
    assert bound_text(io.StringIO("no body").getvalue()) == "no body"
