"""The RACI chart as printed and on screen: no holder ever lost, one palette, gap rows,
headers that break between words."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from clock import TODAY
from render_sample import sample_org, small_bank

from dutymatrix.matrix import build_matrix
from dutymatrix.model import Activity, Department, Duty, Org, Process, Role, Text
from dutymatrix.render.build import BuildOptions, build_org
from dutymatrix.render.palette import PALETTE, palette_css
from dutymatrix.render.raci_context import raci_context
from dutymatrix.render.raci_layout import PAGE_WIDTH_MM, break_label

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils not installed")


def _options(**options: object) -> BuildOptions:
    return BuildOptions(org_dir=Path("."), today=TODAY, **options)  # type: ignore[arg-type]

POSTS_PER_DEPARTMENT = 10


def crowded_org(holders: int, activities_per_process: int = 4) -> Org:
    """``holders`` posts with long, unique names, each carrying one activity of one of two
    processes whose activity names are long too."""
    processes = []
    for p in range(2):
        activities = tuple(
            Activity(
                id=f"p{p}.a{i}", process=f"p{p}",
                name=Text(zh=f"第{p}流程第{i}项对公授信业务贷前调查与尽职审查及报告撰写",
                          en=f"Corporate credit due diligence and report writing {p}-{i}"),
            )
            for i in range(activities_per_process)
        )
        processes.append(Process(id=f"p{p}", name=Text(zh=f"第{p}号对公信贷业务流程",
                                                       en=f"Corporate lending {p}"),
                                 activities=activities))
    every_activity = [a for p in processes for a in p.activities]
    departments = []
    for d in range(-(-holders // POSTS_PER_DEPARTMENT)):
        roles = []
        for n in range(d * POSTS_PER_DEPARTMENT, min(holders, (d + 1) * POSTS_PER_DEPARTMENT)):
            role_id = f"d{d}.r{n}"
            activity = every_activity[n % len(every_activity)]
            roles.append(Role(
                id=role_id, department=f"d{d}",
                title=Text(zh=f"第{n}号资产负债管理部高级信贷风险审查经理(A角)",
                           en=f"Senior Credit Risk Reviewer No. {n} (A)"),
                duties=(Duty(role_id, 1, Text("负责审查"),
                             raci={activity.id: "RA" if n % 5 == 0 else "RCI"[n % 3]}),),
            ))
        departments.append(Department(
            id=f"d{d}", name=Text(zh=f"第{d}资产负债管理部", en=f"Asset and Liability Dept {d}"),
            roles=tuple(roles),
        ))
    return Org(id="crowded", name=Text("大型银行"), processes=tuple(processes),
               departments=tuple(departments))


def pdf_words(pdf: Path) -> tuple[str, list[tuple[float, float, float, float, float]]]:
    """The text in drawing order (no spaces) and, per word, (x0, y0, x1, y1, page width)."""
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    boxes = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S):
        width = float(page.group(1))
        for word in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                r'yMax="([\d.]+)"', page.group(3)):
            boxes.append((*(float(v) for v in word.groups()), width))
    return "".join(raw.split()), boxes


@pytest.mark.slow  # renders PDFs
@needs_poppler
@pytest.mark.parametrize(("holders", "lang"), [(18, "zh"), (60, "en"), (200, "zh")])
def test_every_holder_is_printed_on_a_page(tmp_path: Path, holders: int, lang: str) -> None:
    """The overall chart and each process chart print every post that holds a letter in
    them, inside the page, however many there are and however long their names."""
    org = crowded_org(holders, activities_per_process=1 if holders > 100 else 3)
    build_org(org, [], _options(out_dir=tmp_path, jobs=2, lang=lang,
                                    only=frozenset({"raci"})))
    matrix = build_matrix(org)
    for stem, process_id in (("_all", None), ("p0", "p0"), ("p1", "p1")):
        # from the model, not from the chart's own columns
        expected = [
            role.title.get(lang) for dept in org.departments for role in dept.roles
            if process_id is None or any(act.startswith(f"{process_id}.")
                                         for duty in role.duties for act in duty.raci)
        ]
        assert len(expected) == holders if process_id is None else 0 < len(expected) < holders
        text, boxes = pdf_words(tmp_path / "raci" / f"{stem}.pdf")
        missing = [name for name in expected if "".join(name.split()) not in text]
        assert missing == [], f"{stem}.pdf lacks {len(missing)} holders: {missing[:3]}"
        # and nothing is drawn past the edge of the paper
        assert all(0 <= x0 and x1 <= width for x0, _, x1, _, width in boxes), stem
        # the activity column is repeated: every activity once per block
        table = raci_context(org, matrix, process_id, lang)
        assert table.plan is not None
        blocks = len(table.plan.blocks)
        for row in table.rows[:2]:
            assert text.count("".join(row.activity_name.split())) >= blocks


def test_blocks_hold_every_column_once_and_fit_the_page() -> None:
    org = crowded_org(200)
    table = raci_context(org, build_matrix(org), None, "zh")
    plan = table.plan
    assert plan is not None
    assert [i for block in plan.blocks for i in block] == list(range(200))
    assert len(plan.blocks) > 1
    assert all(plan.block_mm(block) <= PAGE_WIDTH_MM for block in plan.blocks)


@pytest.mark.parametrize(("name", "lines"), [
    ("资产负债管理部经理", ("资产负债", "管理部经理")),
    ("信贷管理部经理", ("信贷管理部", "经理")),
    ("催收人员(电话信函提醒)", ("催收人员", "(电话信函", "提醒)")),
    ("银行信用卡催收客服", ("银行", "信用卡催收", "客服")),
    ("分管信贷副行长", ("分管信贷", "副行长")),
    ("贷款审查委员会(贷审会)", ("贷款审查", "委员会", "(贷审会)")),
    ("Head of Credit Management", ("Head of ", "Credit ", "Management")),
    ("审贷委员会", ("审贷委员会",)),
])
def test_headers_break_between_words_only(name: str, lines: tuple[str, ...]) -> None:
    assert break_label(name) == lines
    assert "".join(lines) == name


@pytest.mark.slow  # renders PDFs
def test_html_header_lines_are_the_word_breaks(tmp_path: Path) -> None:
    org = sample_org()
    build_org(org, [], _options(out_dir=tmp_path, jobs=1,
                                    only=frozenset({"raci"})))
    page = (tmp_path / "raci" / "loan.html").read_text(encoding="utf-8")
    assert ('<span class="holder-name"><span class="line">信贷管理部</span>'
            '<span class="line">经理</span></span>') in page


@pytest.mark.slow  # renders PDFs
def test_a_cell_shows_every_letter_and_takes_the_dominant_colour(tmp_path: Path) -> None:
    org = sample_org()  # customer-1.officer is RA on loan.investigate
    build_org(org, [], _options(out_dir=tmp_path, jobs=1,
                                    only=frozenset({"raci"})))
    page = (tmp_path / "raci" / "loan.html").read_text(encoding="utf-8")
    row = re.search(r'<tr data-activity="loan.investigate".*?</tr>', page, re.S)
    assert row is not None
    assert ('<td class="cell cell-A" data-col="2"><b class="l l-R">R</b>'
            '<b class="l l-A">A</b></td>') in row.group(0)


@pytest.mark.slow  # renders PDFs
def test_one_palette_for_pages_legend_and_workbook(tmp_path: Path) -> None:
    """The colours in every page come from palette.py; document.css repeats none of them."""
    build_org(sample_org(), [], _options(out_dir=tmp_path, jobs=1,
                                             only=frozenset({"raci", "jd"})))
    css = palette_css()
    for page in ("raci/loan.html", "jd/credit-mgmt.manager.html"):
        assert css in (tmp_path / page).read_text(encoding="utf-8")
    for letter, colour in PALETTE.items():
        assert f".l-{letter} {{ background: {colour.fill}; color: {colour.text}; }}" in css
    document_css = (tmp_path / "assets" / "document.css").read_text(encoding="utf-8").lower()
    assert not any(c.fill.lower() in document_css for c in PALETTE.values())
    legend = re.search(r'<p class="legend">.*?</p>',
                       (tmp_path / "raci" / "loan.html").read_text(encoding="utf-8"), re.S)
    assert legend is not None
    assert re.findall(r'class="l l-(\w)"', legend.group(0)) == list("RACI")


@pytest.mark.slow  # renders PDFs
@needs_poppler
def test_rows_without_an_a_or_an_r_are_flagged(tmp_path: Path) -> None:
    org = small_bank()  # 档案归档: no A, no R; 逾期催收: A but no R
    build_org(org, [], _options(out_dir=tmp_path, jobs=1,
                                    only=frozenset({"raci"})))
    page = (tmp_path / "raci" / "_all.html").read_text(encoding="utf-8")
    flagged = dict(re.findall(r'<tr data-activity="([\w.]+)" class="gap">.*?'
                              r'<th class="activity" scope="row">(.*?)</th>', page, re.S))
    assert set(flagged) == {"loan.archive", "card.collect"}
    assert re.findall(r'gap-mark">(.*?)<', flagged["loan.archive"]) == ["缺A", "缺R"]
    assert re.findall(r'gap-mark">(.*?)<', flagged["card.collect"]) == ["缺R"]
    text = subprocess.run(["pdftotext", "-raw", str(tmp_path / "raci" / "_all.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "档案归档 缺A 缺R" in text and "逾期催收 缺R" in text
