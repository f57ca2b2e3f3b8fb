"""RACI workbook: sheets, frozen panes, letter colours, findings, injection, determinism."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from render_sample import small_bank

from dutymatrix.findings import Finding, Severity
from dutymatrix.matrix import build_matrix
from dutymatrix.model import Activity, Loc, Org, Process, SodRule, Text
from dutymatrix.render.textwidth import display_columns
from dutymatrix.render.xlsx import render_raci_xlsx


def _finding(message: str = "审贷委员会 carries 贷前调查 and 贷款审批") -> Finding:
    return Finding(
        rule="DM401",
        name="sod-conflict",
        severity=Severity.ERROR,
        message=message,
        loc=Loc("org/departments/credit.yaml", 12, 7),
        subject="credit.officer",
        related=("SOD-LOAN-1", "loan.investigate", "loan.approve"),
        places=(("credit.officer#1 loan.investigate", Loc("org/departments/credit.yaml", 9, 20)),
                ("credit.officer#2 loan.approve", Loc("org/departments/credit.yaml", 12, 7))),
    )


def _workbook(org: Org, findings: list[Finding] | None = None, lang: str = "zh"):
    data = render_raci_xlsx(org, build_matrix(org), findings or [], lang)
    return openpyxl.load_workbook(io.BytesIO(data))


def test_overall_sheet_first_then_one_per_process_then_findings() -> None:
    wb = _workbook(small_bank())
    assert wb.sheetnames == ["总表", "贷款业务", "信用卡", "检查结果"]
    assert _workbook(small_bank(), lang="en").sheetnames == [
        "Overall", "Lending", "信用卡", "Findings"
    ]


def test_process_sheet_holds_the_letters_as_text_with_frozen_header_and_first_column() -> None:
    ws = _workbook(small_bank())["贷款业务"]
    header = [c.value for c in ws[1]]
    assert header == ["活动", "信贷管理部经理", "客户经理", "审贷委员会", "缺位"]
    values = {
        (ws.cell(r, 1).value, header[c - 1]): ws.cell(r, c).value
        for r in range(2, ws.max_row + 1)
        for c in range(2, ws.max_column)
    }
    assert values[("贷前调查", "客户经理")] == "RA"
    assert values[("贷款审批", "审贷委员会")] == "A"
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:E4"


def test_overall_sheet_freezes_activity_and_process_columns() -> None:
    ws = _workbook(small_bank())["总表"]
    assert [ws.cell(1, c).value for c in (1, 2)] == ["活动", "流程"]
    assert ws.freeze_panes == "C2"
    assert ws.cell(5, 1).value == "逾期催收" and ws.cell(5, 2).value == "信用卡"


def test_each_letter_has_its_own_colour_through_conditional_formats() -> None:
    ws = _workbook(small_bank())["贷款业务"]
    fills: dict[str, str] = {}
    for cf in ws.conditional_formatting:
        assert str(cf.sqref) == "B2:D4"
        for rule in cf.rules:
            assert rule.type == "containsText"
            fills[rule.text] = rule.dxf.fill.bgColor.rgb
    assert set(fills) >= {"R", "A", "C", "I"}
    assert len({fills[letter] for letter in "RACI"}) == 4


def test_post_names_stand_in_vertical_headers_tall_enough_to_show_them_whole() -> None:
    """Vertical headers never wrap a name mid-word: stacked characters in Chinese, rotated
    text in English, in a header row tall enough for the longest name."""
    ws = _workbook(small_bank())["贷款业务"]
    assert ws["B1"].alignment.textRotation == 255  # stacked, read top to bottom
    assert not ws["B1"].alignment.wrap_text
    # 信贷管理部经理: seven characters of 10 pt, one under another.
    assert ws.row_dimensions[1].height >= 7 * 10
    assert ws.column_dimensions["A"].width >= display_columns("贷前调查")
    en = _workbook(small_bank(), lang="en")["Lending"]
    assert en["B1"].alignment.textRotation == 90
    assert en.row_dimensions[1].height >= 10 * 0.5 * len(en["B1"].value)


def test_findings_sheet_lists_rule_severity_message_location_subject() -> None:
    org = replace(small_bank(), sod_rules=(SodRule(
        id="SOD-LOAN-1", name=Text("审贷分离"),
        activities=("loan.investigate", "loan.approve")),))
    ws = _workbook(org, [_finding()])["检查结果"]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c.value for c in ws[2]], strict=True))
    # For people first: the severity in words, the message, names with their ids after
    # them; the rule and the file location in the last columns.
    assert header[:2] == ["级别", "说明"] and header[-2:] == ["位置", "豁免"]
    assert row["级别"] == "错误"
    assert "贷前调查" in row["说明"]
    title = org.roles["credit.officer"].title.get("zh")
    assert row["对象"] == f"{title} credit.officer"
    assert row["相关"] == "审贷分离 SOD-LOAN-1、贷前调查 loan.investigate、贷款审批 loan.approve"
    assert row["规则"] == "DM401"
    # The finding's location first, then each duty it names: not inside the message.
    assert row["位置"].splitlines() == [
        "org/departments/credit.yaml:12:7",
        "credit.officer#1 loan.investigate  org/departments/credit.yaml:9:20",
        "credit.officer#2 loan.approve  org/departments/credit.yaml:12:7"]
    assert ws.freeze_panes is not None


@pytest.mark.parametrize(("lang", "sheet", "severity", "header"), [
    ("en", "Findings", "error", "Severity"),
    ("zh-TW", "檢查結果", "錯誤", "級別"),
])
def test_findings_sheet_speaks_the_document_language(lang: str, sheet: str, severity: str,
                                                      header: str) -> None:
    ws = _workbook(small_bank(), [_finding()], lang=lang)[sheet]
    assert ws["A1"].value == header
    assert ws["A2"].value == severity


@pytest.mark.parametrize("payload", ["=1+2", "+SUM(A1)", "-3+4", "@cmd", "=HYPERLINK(\"x\")"])
def test_formula_like_text_stays_text_and_is_quoted(payload: str) -> None:
    org = small_bank(activity_name=payload, title=payload)
    wb = _workbook(org, [_finding(message=payload)])
    ws = wb["贷款业务"]
    for cell in (ws["A3"], ws["B1"], wb["检查结果"]["B2"]):
        assert cell.data_type == "s"
        assert cell.value == "'" + payload


def test_sheet_names_are_valid_unique_and_short() -> None:
    base = small_bank()
    odd_names = ["贷款/审批:流程*?[一]", "History", "a" * 40, "a" * 40, "总表"]
    processes = tuple(
        Process(
            id=f"p{i}",
            name=Text(name),
            activities=(Activity(f"p{i}.x", f"p{i}", Text("活动")),),
        )
        for i, name in enumerate(odd_names)
    )
    wb = _workbook(replace(base, processes=base.processes + processes))
    names = wb.sheetnames
    assert len(names) == len(set(n.casefold() for n in names)) == 2 + 5 + 2
    for name in names:
        assert len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
        assert name.casefold() != "history"


def test_two_renders_are_byte_identical() -> None:
    org = small_bank()
    first = render_raci_xlsx(org, build_matrix(org), [_finding()], "zh")
    second = render_raci_xlsx(small_bank(), build_matrix(small_bank()), [_finding()], "zh")
    assert first == second
    # Nothing in the file depends on when it was built (two quick renders could share
    # a timestamp, so look at the stamps themselves).
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert len({info.date_time for info in archive.infolist()}) == 1
    core = archive.read("docProps/core.xml").decode()
    assert dt.date.today().isoformat() not in core


def test_an_org_without_processes_or_findings_still_gives_a_workbook() -> None:
    org = Org(id="empty", name=Text("空"))
    wb = _workbook(org)
    assert wb.sheetnames == ["总表", "检查结果"]
    assert wb["检查结果"]["A2"].value == "没有发现问题"


def test_from_yaml_the_loader_reads(write_org: Callable[..., Path]) -> None:
    """A user's model, through the loader: a formula in a title stays inert text."""
    from dutymatrix.load import load_org

    root = write_org({
        "org.yaml": """
            org: {id: demo, name: 示例银行}
            processes:
              - id: loan
                name: 贷款业务
                activities:
                  - {id: approve, name: 贷款审批}
            departments:
              - id: credit
                name: 信贷管理部
                roles:
                  - id: credit.manager
                    title: "=HYPERLINK(\\"http://evil\\",\\"点我\\")"
                    duties:
                      - text: 负责贷款审批
                        raci: {loan.approve: A}
            """,
    })
    result = load_org(str(root))
    assert result.org is not None, [f.message for f in result.findings]
    data = render_raci_xlsx(result.org, build_matrix(result.org), result.findings, "zh")
    ws = openpyxl.load_workbook(io.BytesIO(data))["贷款业务"]
    assert ws["B1"].data_type == "s"
    assert ws["B1"].value == "'=HYPERLINK(\"http://evil\",\"点我\")"
    assert ws["B2"].value == "A"


def test_every_sheet_prints_landscape_one_page_wide_with_titles_repeated() -> None:
    """Print set-up an HR clerk would otherwise do by hand on every sheet, findings too."""
    wb = _workbook(small_bank(), [_finding()])
    titles = {"总表": "$A:$B", "贷款业务": "$A:$A", "信用卡": "$A:$A", "检查结果": "$A:$A"}
    for name, columns in titles.items():
        ws = wb[name]
        setup = ws.page_setup
        assert setup.orientation == "landscape", name
        assert setup.paperSize == 9, name  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        # one page wide (1 is the OOXML default, which xlsxwriter leaves unwritten) …
        assert (setup.fitToWidth or 1) == 1, name
        assert setup.fitToHeight == 0, name  # … and as many pages tall as it takes
        # openpyxl reads these from the sheet's _xlnm.Print_Titles defined name
        assert ws.print_title_rows == "$1:$1", name
        assert ws.print_title_cols == columns, name
        assert ws.freeze_panes is not None, name
        assert name in ws.oddHeader.left.text
        assert ws.oddFooter.center.text == "第 &P 页 / 共 &N 页"


def test_letters_take_the_one_palette_with_a_dominant() -> None:
    """A cell "RA" shows both letters and A's colour: A's rule comes first (priority 1)."""
    from dutymatrix.render.palette import PALETTE

    ws = _workbook(small_bank())["贷款业务"]
    assert ws["C2"].value == "RA"
    (cf,) = list(ws.conditional_formatting)
    rules = sorted(cf.rules, key=lambda r: r.priority)
    assert rules[0].text == "A"
    for rule in rules:
        colour = PALETTE[rule.text]
        assert rule.dxf.fill.bgColor.rgb == "FF" + colour.fill.lstrip("#").upper()
        assert rule.dxf.font.color.rgb == "FF" + colour.text.lstrip("#").upper()


def test_activities_without_an_a_or_an_r_are_marked_and_coloured() -> None:
    from dutymatrix.render.palette import GAP

    ws = _workbook(small_bank())["总表"]
    header = [c.value for c in ws[1]]
    gap_col = header.index("缺位") + 1
    marks = {ws.cell(r, 1).value: ws.cell(r, gap_col).value for r in range(2, ws.max_row + 1)}
    assert marks == {"贷前调查": "", "贷款审批": "", "档案归档": "缺A、缺R", "逾期催收": "缺R"}
    gap_fill = "FF" + GAP.fill.lstrip("#").upper()
    for row in range(2, ws.max_row + 1):
        flagged = bool(ws.cell(row, gap_col).value)
        assert (ws.cell(row, 1).fill.fgColor.rgb == gap_fill) is flagged
    assert ws.auto_filter.ref.endswith(f"{ws.cell(1, gap_col).column_letter}5")
    en = _workbook(small_bank(), lang="en")["Overall"]
    assert [c.value for c in en[1]][-1] == "Gaps"
    assert en.cell(4, len(header)).value == "no A, no R"


def test_a_wide_matrix_prints_on_pages_side_by_side_each_with_the_activity_column() -> None:
    """Sixty posts on one page wide would print at a third of the size: the sheet goes on
    as few pages across as keep it readable, the activity column repeated on each."""
    from dutymatrix.model import Department, Duty, Role
    from dutymatrix.render.xlsx import MIN_PRINT_SCALE

    base = small_bank()
    roles = tuple(
        Role(id=f"credit.p{n}", title=Text(f"信贷岗{n}"), department="credit",
             duties=(Duty(f"credit.p{n}", 1, Text("负责调查"), raci={"loan.investigate": "R"}),))
        for n in range(60)
    )
    wide = replace(base, departments=(Department("credit", Text("信贷管理部"), roles=roles),))
    ws = _workbook(wide)["贷款业务"]
    assert ws.page_setup.fitToWidth == 2
    assert ws.print_title_cols == "$A:$A"
    assert ws.column_dimensions["B"].width < 6 and MIN_PRINT_SCALE >= 0.5  # narrow letters
    assert (_workbook(small_bank())["贷款业务"].page_setup.fitToWidth or 1) == 1
