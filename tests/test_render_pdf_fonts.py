"""The small CJK faces the PDF workers make once (pdffonts.py): what a reader of the PDF
gets is the same document, with the small face embedded, in the language's forms."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from dutymatrix.render import pdf as pdf_module
from dutymatrix.render.fonts import pdf_face
from dutymatrix.render.html import template_roots
from dutymatrix.render.pdffonts import character_set, system_face

pytestmark = [
    pytest.mark.slow,  # renders PDFs
    pytest.mark.skipif(not pdf_module.harfbuzz_subset_available()
                       or system_face("Noto Serif CJK SC", 80) is None,
                       reason="needs libharfbuzz-subset and fonts-noto-cjk"),
]

ROOTS = tuple(str(r) for r in template_roots(None))
PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"></head><body>
<main class="document"><h1>{title}</h1><p>{text}</p><p><b>{bold}</b></p></main>
</body></html>"""


def render(lang: str, title: str, text: str, bold: str = "加粗") -> bytes:
    html = PAGE.format(lang=lang, title=title, text=text, bold=bold)
    pdf, blocked = pdf_module.render_pdf(html, ROOTS, ("assets/document.css",),
                                         (pdf_face(lang),))
    assert blocked == []
    return pdf


def base_fonts(pdf: bytes) -> list[str]:
    """The embedded fonts' names without the subset tag (ABCDEF+)."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+", 1)[-1])
    return sorted(names)


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(autouse=True)
def fresh_worker_state() -> object:
    """Each test starts as a new worker does: no FontConfiguration, no small faces."""
    pdf_module._STATE.clear()
    yield
    pdf_module._STATE.clear()


def test_character_sets_are_fixed_and_cover_each_script() -> None:
    simplified, traditional = character_set("gb2312"), character_set("big5")
    assert list(simplified) == sorted(set(simplified))  # sorted, no repeat: same bytes
    for char in "贷款审批岗位职责。，、（）《》0aZ":
        assert char in simplified
    for char in "貸款審批崗位職責饋。，0aZ":
        assert char in traditional


def test_simplified_pdf_embeds_the_small_faces_regular_and_bold() -> None:
    pdf = render("zh-CN", "信贷管理部经理", "负责贷款审批，审查授信额度（不超过500万元）。")
    assert base_fonts(pdf) == ["DM-Noto-Serif-CJK-SC", "DM-Noto-Serif-CJK-SC-Bold"]
    assert "负责贷款审批" in text_of(pdf) and "加粗" in text_of(pdf)


def test_traditional_pdf_uses_the_tc_face() -> None:
    pdf = render("zh-TW", "信貸管理部經理", "負責貸款審批與回饋。", bold="粗體")
    fonts = base_fonts(pdf)
    assert fonts == ["DM-Noto-Serif-CJK-TC", "DM-Noto-Serif-CJK-TC-Bold"], fonts
    assert "負責貸款審批與回饋" in text_of(pdf)


def test_a_character_outside_the_set_still_prints_from_the_system_face() -> None:
    rare = "\u4dae"  # 䶮, CJK extension A: in no fixed set
    assert rare not in character_set("gb2312")
    pdf = render("zh-CN", "岗位", f"名字里有{rare}字")
    assert f"名字里有{rare}字" in text_of(pdf)
    assert "Noto-Serif-CJK-SC" in base_fonts(pdf)  # the fallback, embedded as well


def test_a_document_is_the_same_bytes_whatever_the_worker_printed_before() -> None:
    args = ("zh-CN", "信贷管理部经理", "负责贷款审批。")
    first = render(*args)
    render("zh-CN", "票据中心经理", "负责票据承兑、贴现与保管，另有生僻字\u4dae。")
    assert render(*args) == first
    pdf_module._STATE.clear()  # a new worker
    assert render(*args) == first


def test_the_pool_leaves_no_temporary_file(tmp_path: Path) -> None:
    pools = pdf_module.WorkerPools()
    try:
        html = PAGE.format(lang="zh-CN", title="岗位", text="职责", bold="粗")
        future = pools.get(2).submit(pdf_module.render_pdf, html, ROOTS,
                                     ("assets/document.css",), (pdf_face("zh-CN"),))
        assert base_fonts(future.result(timeout=120)[0])[0] == "DM-Noto-Serif-CJK-SC"
        scratch = list(pools._scratch.values())
        assert scratch and os.listdir(scratch[0])  # WeasyPrint's copies of the fonts
    finally:
        pools.close()
    assert not os.path.exists(scratch[0])


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_sees_the_small_face_embedded_and_subset(tmp_path: Path) -> None:
    path = tmp_path / "jd.pdf"
    path.write_bytes(render("zh-CN", "岗位说明书", "岗位职责"))
    report = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                            check=True, timeout=60).stdout
    lines = [line for line in report.splitlines() if "CJK" in line]
    assert lines and all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in lines)

