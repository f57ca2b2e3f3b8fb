"""Built documents in each language, read the way a reader gets them: pdftotext, pdffonts,
the Word XML, the workbook, the site's pages."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from clock import TODAY
from render_sample import sample_org

from dutymatrix.load import load_org
from dutymatrix.render.build import BuildOptions, build_org
from dutymatrix.render.hant import to_traditional

pytestmark = [
    pytest.mark.slow,  # renders PDFs
    pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                       reason="needs poppler-utils"),
]

ROOT = Path(__file__).resolve().parent.parent
HAN = re.compile(r"[\u3400-\u9fff]")
# A word of a sentence: letters only, not part of an id, path, rule name or file location.
_WORD = r"(?<![\w.\-/#:@])[A-Za-z]{2,}(?![\w.\-/#:@])"
ENGLISH_SENTENCE = re.compile(_WORD + r"(?:\s+" + _WORD + r"){2,}")


def build(org_dir: Path, out: Path, lang: str | None, only: set[str] | None = None) -> Path:
    loaded = load_org(str(org_dir))
    assert loaded.org is not None
    build_org(loaded.org, loaded.findings, BuildOptions(
        org_dir=org_dir, today=TODAY, out_dir=out, jobs=2, lang=lang,
        only=frozenset(only or ())))
    return out


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True, timeout=120).stdout


def pdffonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                          text=True, timeout=120).stdout


class _Text(HTMLParser):
    """The text of a page, without scripts and styles, and without the elements whose
    class is in ``skip`` (a finding's message and remedy come from the checks)."""

    def __init__(self, skip: set[str]) -> None:
        super().__init__()
        self.skip, self.depth, self.parts = skip, 0, []
        self.stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "meta", "link", "input", "col", "img"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        hidden = tag in ("script", "style", "title") or bool(classes & self.skip)
        self.stack.append(hidden)
        self.depth += hidden

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "meta", "link", "input", "col", "img") or not self.stack:
            return
        self.depth -= self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def page_text(path: Path, skip: set[str] = frozenset()) -> str:
    parser = _Text(set(skip))
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


# --- zh-CN: the sample bank's audit report ---------------------------------------------


@pytest.fixture(scope="module")
def bank_audit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(ROOT / "org", tmp_path_factory.mktemp("zh") / "out", None, {"audit"})


def test_chinese_audit_labels_and_layout_have_no_english_sentence(bank_audit: Path) -> None:
    text = page_text(bank_audit / "audit.html", skip={"message", "hint"})
    assert "内部控制检查报告" in text and "错误" in text
    assert not ENGLISH_SENTENCE.findall(text)
    assert 'lang="zh-CN"' in (bank_audit / "audit.html").read_text(encoding="utf-8")


def test_chinese_audit_pdf_has_no_english_sentence(bank_audit: Path) -> None:
    """The whole printed text: labels here, finding messages from the checks' catalogue."""
    text = pdftotext(bank_audit / "audit.pdf")
    assert "内部控制检查报告" in text
    assert not ENGLISH_SENTENCE.findall(text)


LOCATION = re.compile(r"\.yaml:\d+")


def test_chinese_audit_puts_locations_at_the_end_of_a_finding(bank_audit: Path) -> None:
    html = (bank_audit / "audit.html").read_text(encoding="utf-8")
    findings = re.findall(r'<article class="finding.*?</article>', html, re.DOTALL)
    assert findings
    for finding in findings:
        head = re.search(r'<p class="message">(.*?)</p>', finding, re.DOTALL)
        assert head is not None and re.match(r'<span class="sev-word">(错误|警告|提示)</span>',
                                             head.group(1)), finding
        foot = re.search(r'<p class="finding-foot">(.*?)</p>\s*$', finding.removesuffix(
            "</article>"), re.DOTALL)
        assert foot is not None and "规则 DM" in foot.group(1), finding
        if ".yaml" in finding:
            assert LOCATION.search(foot.group(1)), finding
    # No message quotes a file location, the SoD conflicts (DM401/DM402) included: their
    # duties' locations are in small print after each quoted duty.
    messages = re.findall(r'<p class="message">(.*?)</p>', html, re.DOTALL)
    assert [m for m in messages if LOCATION.search(m)] == []
    sod = [f for f in findings if "DM401" in f]
    assert sod and all(re.search(r'<small class="loc">[^<]*\.yaml:\d+:\d+</small>', f)
                       for f in sod)


# --- zh-TW: a small bank, every document -------------------------------------------------


@pytest.fixture(scope="module")
def traditional(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tw") / "out"
    build_org(sample_org(), [], BuildOptions(org_dir=Path("."), today=TODAY, out_dir=out,
                                             jobs=2, lang="zh-TW"))
    return out


def simplified_in(text: str) -> set[str]:
    """Characters OpenCC would change: simplified ones."""
    return {ch for ch in set(HAN.findall(text)) if to_traditional(ch) != ch}


def test_traditional_jd_pdf_is_titled_and_set_in_tc_fonts(traditional: Path) -> None:
    pdf = traditional / "jd" / "credit-mgmt.manager.pdf"
    text = pdftotext(pdf)
    assert "崗位說明書" in text and "信貸管理部經理" in text
    assert not simplified_in(text)
    fonts = pdffonts(pdf)
    assert "Noto-Serif-CJK-TC" in fonts and "CJK-SC" not in fonts, fonts


def test_traditional_documents_have_no_simplified_character(traditional: Path) -> None:
    for pdf in [*traditional.glob("raci/*.pdf"), traditional / "audit.pdf",
                traditional / "orgchart.pdf"]:
        assert not simplified_in(pdftotext(pdf)), pdf
    for page in [traditional / "index.html", traditional / "audit.html",
                 *traditional.glob("jd/*.html"), *traditional.glob("dept/*.html")]:
        html = page.read_text(encoding="utf-8")
        assert '<html lang="zh-TW">' in html, page
        assert not simplified_in(page_text(page)), page
    assert "責任矩陣" in pdftotext(traditional / "raci" / "_all.pdf")
    assert "內部控制檢查報告" in pdftotext(traditional / "audit.pdf")
    assert "崗位說明書" in (traditional / "jd" / "credit-mgmt.manager.md").read_text("utf-8")
    assert "Noto Sans CJK TC" in (traditional / "orgchart.svg").read_text("utf-8")


def test_traditional_word_file_names_tc_fonts_and_language(traditional: Path) -> None:
    with zipfile.ZipFile(traditional / "jd" / "credit-mgmt.manager.docx") as docx:
        document = docx.read("word/document.xml").decode("utf-8")
        styles = docx.read("word/styles.xml").decode("utf-8")
    assert "崗位說明書" in document and not simplified_in(re.sub(r"<[^>]+>", "", document))
    assert 'w:eastAsia="Noto Serif CJK TC"' in styles
    assert 'w:eastAsia="zh-TW"' in styles


def test_traditional_workbook(traditional: Path) -> None:
    workbook = openpyxl.load_workbook(traditional / "raci.xlsx")
    assert workbook.sheetnames[0] == "總表" and "檢查結果" in workbook.sheetnames
    findings = workbook["檢查結果"]
    assert findings["A1"].value == "級別"
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        assert not simplified_in(" ".join(str(v) for v in row if v)), row


# --- en: an org written in English --------------------------------------------------------


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(ROOT / "tests" / "data" / "en-org", tmp_path_factory.mktemp("en") / "out",
                 "en")


def test_english_documents_carry_no_chinese_label(english: Path) -> None:
    pages = [english / "index.html", english / "audit.html", english / "chart.html",
             *english.glob("jd/*.html"), *english.glob("raci/*.html"),
             *english.glob("dept/*.html")]
    for page in pages:
        assert '<html lang="en">' in page.read_text(encoding="utf-8"), page
        assert not HAN.findall(page_text(page, skip={"message", "hint"})), page
    for pdf in [*english.glob("jd/*.pdf"), *english.glob("raci/*.pdf"), english / "orgchart.pdf"]:
        assert not HAN.findall(pdftotext(pdf)), pdf
    for path in [*english.glob("jd/*.md"), english / "orgchart.svg"]:
        assert not HAN.findall(path.read_text(encoding="utf-8")), path
    with zipfile.ZipFile(english / "jd" / "credit.manager.docx") as docx:
        assert not HAN.findall(docx.read("word/document.xml").decode("utf-8"))
    header = next(csv.reader(io.StringIO((english / "raci" / "_all.csv").read_text("utf-8-sig"))))
    assert header[:2] == ["Process", "Activity"] and not HAN.findall(" ".join(header))
    workbook = openpyxl.load_workbook(english / "raci.xlsx")
    assert "Findings" in workbook.sheetnames
    assert [c.value for c in workbook["Findings"][1]][:2] == ["Severity", "Message"]
    assert "Job Description" in pdftotext(english / "jd" / "credit.manager.pdf")


def test_english_audit_pdf_has_no_chinese(english: Path) -> None:
    text = pdftotext(english / "audit.pdf")
    assert "Internal Control Review" in text and "error" in text
    assert not HAN.findall(text)
