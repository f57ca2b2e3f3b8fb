"""`import` of spreadsheets: duty lists, RACI matrices and posting records (.xlsx .csv
.jsonl .json) into a model that loads and checks; every error located at its cell."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result
from conftest import REPO_ROOT

from dutymatrix.engine import check_org
from dutymatrix.load import load_org
from dutymatrix.matrix import build_matrix
from dutymatrix.model import Org
from dutymatrix.render.csvout import render_raci_csv
from dutymatrix.render.xlsx import render_raci_xlsx


def _import(cli: Callable[..., Result], tmp_path: Path, *files: Path | str) -> Org:
    """Import, write the YAML into an org folder, load and check it: the model it gives."""
    result = cli("import", *map(str, files))
    assert result.exit_code == 0, result.output
    folder = tmp_path / "imported"
    folder.mkdir(exist_ok=True)
    (folder / "org.yaml").write_text(result.stdout, encoding="utf-8")
    loaded = load_org(folder)
    assert loaded.org is not None, [str(f) for f in loaded.errors]
    assert not check_org(loaded.org, loaded.findings, today=dt.date(2025, 1, 1)).load_failed
    return loaded.org


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        sheet = wb.create_sheet(title)
        for row in rows:
            sheet.append(row)
    wb.save(path)
    return path


def _duties(org: Org, role_title: str) -> list[str]:
    role = next(r for r in org.roles.values() if r.title.get() == role_title)
    return [d.text.get() for d in role.duties]


DUTY_LIST = [
    ["信贷管理部岗位职责一览"],  # a title row above the header
    ["部门", "岗位", "序号", "职责"],
    ["信贷管理部", None, 1, "负责信贷政策和制度的组织实施"],
    [None, None, 2, "负责信用等级的审查、认定"],
    [None, "信贷管理部经理", 1, "负责全行信贷政策的组织实施"],
    [None, None, 2, "负责贷审会办公室日常工作"],
    [None, "审查岗", "1", "负责贷款的审查,提出审查意见"],
    ["客户一部", "客户经理", "1、", "认真开展贷前调查"],
    [None, None, "2、", "负责贷后检查"],
]


def test_a_duty_list_sheet_gives_departments_posts_and_numbered_duties(
        tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = _workbook(tmp_path / "职责.xlsx", {"岗位职责表": DUTY_LIST})
    org = _import(cli, tmp_path, path)
    credit = org.departments_by_id["xin-dai-guan-li-bu"]
    assert [d.text.get() for d in credit.duties] == ["负责信贷政策和制度的组织实施",
                                                     "负责信用等级的审查、认定"]
    assert _duties(org, "信贷管理部经理") == ["负责全行信贷政策的组织实施",
                                        "负责贷审会办公室日常工作"]
    assert _duties(org, "审查岗") == ["负责贷款的审查,提出审查意见"]
    assert org.roles["ke-hu-yi-bu.ke-hu-jing-li"].department == "ke-hu-yi-bu"
    assert _duties(org, "客户经理") == ["认真开展贷前调查", "负责贷后检查"]


def test_merged_department_cells_carry_down(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = _workbook(tmp_path / "merged.xlsx", {"表": DUTY_LIST})
    wb = openpyxl.load_workbook(path)
    wb["表"].merge_cells("A3:A7")
    wb["表"].merge_cells("B5:B6")
    wb.save(path)
    org = _import(cli, tmp_path, path)
    assert _duties(org, "信贷管理部经理") == ["负责全行信贷政策的组织实施",
                                        "负责贷审会办公室日常工作"]
    assert org.roles["xin-dai-guan-li-bu.shen-cha-gang"].department == "xin-dai-guan-li-bu"


def test_an_english_csv_with_one_cell_per_post_holding_the_whole_list(
        tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "posts.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Department", "Job Title", "Responsibilities", "Requirements"])
        writer.writerow(["Credit Department", "Credit Analyst",
                         "1. Analyse credit applications\n2. Prepare credit reports\n"
                         "3. Monitor the loan book", "Degree in finance; 3 years in banking"])
    org = _import(cli, tmp_path, path)
    role = org.roles["credit-department.credit-analyst"]
    assert [d.text.get() for d in role.duties] == [
        "Analyse credit applications", "Prepare credit reports", "Monitor the loan book"]
    assert role.qualifications is not None
    assert role.qualifications.education is not None


def _letters_by_name(org: Org) -> dict[tuple[str, str], str]:
    matrix = build_matrix(org)
    return {(org.activities[a].name.get(), org.holder_name(h)): ls
            for a, holders in matrix.by_activity.items() for h, ls in holders.items()}


def test_the_raci_xlsx_of_a_build_comes_back_as_the_same_matrix(
        tmp_path: Path, cli: Callable[..., Result]) -> None:
    bank = load_org(REPO_ROOT / "org").org
    assert bank is not None
    path = tmp_path / "raci.xlsx"
    path.write_bytes(render_raci_xlsx(bank, build_matrix(bank), [], "zh"))
    result = cli("import", str(path))
    assert "raci.xlsx:检查结果: no header" in result.stderr  # the findings sheet: skipped
    org = _import(cli, tmp_path, path)
    assert _letters_by_name(org) == _letters_by_name(bank)
    assert [p.name.get() for p in org.processes] == [p.name.get() for p in bank.processes]
    assert {c.name.get() for c in org.committees} == {c.name.get() for c in bank.committees}


def test_a_raci_csv_with_the_process_first_and_a_headerless_matrix(
        tmp_path: Path, cli: Callable[..., Result]) -> None:
    bank = load_org(REPO_ROOT / "org").org
    assert bank is not None
    overall = tmp_path / "overall.csv"
    overall.write_bytes(render_raci_csv(bank, build_matrix(bank), None, "zh"))
    org = _import(cli, tmp_path, overall)
    assert _letters_by_name(org) == _letters_by_name(bank)
    bare = tmp_path / "审批流程.csv"
    bare.write_text("流程/岗位,审查岗,审批岗\n贷款审查,RA,\n贷款审批,C,A\n", encoding="utf-8")
    org = _import(cli, tmp_path, bare)
    assert [p.name.get() for p in org.processes] == ["审批流程"]
    assert _letters_by_name(org) == {("贷款审查", "审查岗"): "RA", ("贷款审批", "审查岗"): "C",
                                     ("贷款审批", "审批岗"): "A"}


def test_raci_columns_join_the_posts_of_the_duty_list(tmp_path: Path,
                                                      cli: Callable[..., Result]) -> None:
    path = _workbook(tmp_path / "both.xlsx", {
        "贷款业务": [["活动", "审查岗", "信贷管理部经理", "审贷委员会"],
                 ["贷时审查", "R", "A", None], ["贷款审批", "C", None, "A"]],
        "职责": DUTY_LIST,
    })
    org = _import(cli, tmp_path, path)
    reviewer = org.roles["xin-dai-guan-li-bu.shen-cha-gang"]
    assert [d.text.get() for d in reviewer.duties] == [
        "负责贷款的审查,提出审查意见", "负责贷时审查", "参与贷款审批"]
    assert _letters_by_name(org)[("贷款审批", "审贷委员会")] == "A"
    assert len(org.roles) == 3  # no second 审查岗 or 经理


def test_posting_records_in_csv_and_json_lines(tmp_path: Path,
                                               cli: Callable[..., Result]) -> None:
    postings = tmp_path / "jobs.csv"
    with postings.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["职位名称", "工作地点", "薪资", "职位描述"])
        writer.writerow(["客户经理", "杭州", "8000-12000元/月",
                         "岗位职责：\n1、负责客户营销；\n2、负责贷前调查：联系借款人，核实资料；\n"
                         "任职要求：\n1、本科及以上学历；\n2、2年以上银行工作经验"])
    records = tmp_path / "jobs.jsonl"
    records.write_text(json.dumps({"title": "Credit Analyst", "description":
                                   "Responsibilities:\n- Analyse credit applications\n"
                                   "- Prepare credit reports\nRequirements:\n"
                                   "- Degree in finance"}) + "\n", encoding="utf-8")
    org = _import(cli, tmp_path, postings, records)
    manager = next(r for r in org.roles.values() if r.title.get() == "客户经理")
    assert [d.text.get() for d in manager.duties] == ["负责客户营销",
                                                      "负责贷前调查：联系借款人，核实资料"]
    assert manager.location is not None and manager.location.get() == "杭州"
    assert manager.salary is not None and manager.salary.max == 12000
    assert manager.qualifications is not None and manager.qualifications.experience is not None
    assert _duties(org, "Credit Analyst") == ["Analyse credit applications",
                                              "Prepare credit reports"]


LOCATED = {
    "a cell that is not letters": (
        {"贷款业务": [["活动", "审查岗"], ["贷时审查", "RA"], ["贷款审批", "Yes"]]},
        "bad.xlsx:贷款业务!B3: `Yes` is not RACI letters"),
    "letters with no activity": (
        {"贷款业务": [["活动", "审查岗"], [None, "R"]]},
        "bad.xlsx:贷款业务!A2: letters with no activity"),
    "a duty number that is none": (
        {"职责": [["部门", "岗位", "序号", "职责"], ["信贷部", "经理", "abc", "负责x"]]},
        "bad.xlsx:职责!C2: `abc` is not a duty number"),
    "a duty with no owner": (
        {"职责": [["岗位", "序号", "职责"], [None, 1, "负责x"]]},
        "bad.xlsx:职责!C2: a duty with no department or post"),
    "a post title two departments have": (
        {"职责": [["部门", "岗位", "职责"], ["一部", "经理", "负责a"], ["二部", "经理", "负责b"]],
         "流程": [["活动", "经理"], ["审批", "A"]]},
        "bad.xlsx:流程!B1: `经理` is a post in 2 departments (一部, 二部)"),
}


@pytest.mark.parametrize("case", LOCATED, ids=list(LOCATED))
def test_errors_are_located_at_their_cell_and_nothing_is_written(
        case: str, tmp_path: Path, cli: Callable[..., Result]) -> None:
    sheets, expected = LOCATED[case]
    path = _workbook(tmp_path / "bad.xlsx", sheets)
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{tmp_path}/{expected}" in result.stderr
    assert "nothing was imported" in result.stderr


def test_every_problem_of_a_sheet_is_reported(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = _workbook(tmp_path / "bad.xlsx", {"流程": [["活动", "甲", "乙"], ["一", "X", "RR"],
                                                   ["二", "R", "Q"]]})
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert "3 problem(s)" in result.stderr
    for cell in ("B2", "C2", "C3"):
        assert f"bad.xlsx:流程!{cell}:" in result.stderr


def test_too_many_rows_is_refused(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "big.csv"
    path.write_text("岗位,职责\n" + "经理,负责x\n" * 50_000, encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert "more than 50000 rows" in result.stderr


def test_a_workbook_that_unpacks_too_large_is_refused(
        tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    import dutymatrix.spreadsheet as spreadsheet

    path = _workbook(tmp_path / "big.xlsx", {"职责": DUTY_LIST})
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED_BYTES", 1000)
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert "big.xlsx: the workbook unpacks to" in result.stderr and "the limit is" in result.stderr


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("fake.xlsx", b"PK not really", "not an Excel workbook (.xlsx)"),
    ("bad.jsonl", b'{"title": "a"}\n{oops\n', "bad.jsonl:2: not a JSON object"),
    ("list.jsonl", b'["a", "b"]\n', "list.jsonl:1: a JSON list, not an object"),
    ("bad.json", b'{"a": 1', "bad.json: not valid JSON"),
])
def test_unreadable_files_are_a_message(tmp_path: Path, cli: Callable[..., Result], name: str,
                                        data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_a_csv_error_is_located_at_its_cell_without_a_sheet(
        tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = tmp_path / "raci.csv"
    path.write_text("Activity,Credit Analyst,Credit Officer\nCredit analysis,RA,C\n"
                    "Monitoring,,Q\n", encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{path}:C3: `Q` is not RACI letters" in result.stderr
    assert "Traceback" not in result.output


def test_a_posting_description_in_html_is_read_as_a_web_page(
        tmp_path: Path, cli: Callable[..., Result]) -> None:
    records = tmp_path / "jobs.jsonl"
    records.write_text(json.dumps({"岗位名称": "柜员", "岗位描述":
                                   "<p>1. 办理存取款</p><p>2. 办理汇款</p><br/>"
                                   "<p><strong>任职要求</strong></p><ul><li>大专以上学历</li></ul>"},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    org = _import(cli, tmp_path, records)
    assert _duties(org, "柜员") == ["办理存取款", "办理汇款"]
    teller = next(r for r in org.roles.values() if r.title.get() == "柜员")
    assert teller.qualifications is not None and teller.qualifications.education is not None


@pytest.mark.parametrize("header", ["Unit,Role,Item,Task", "Dept,Position,#,Responsibility",
                                    "科室,职务,序号,工作任务"])
def test_duty_list_headers_people_write(tmp_path: Path, cli: Callable[..., Result],
                                        header: str) -> None:
    path = tmp_path / "duties.csv"
    path.write_text(f"{header}\n信贷部,经理,1,负责审批\n,,2,负责检查\n", encoding="utf-8")
    org = _import(cli, tmp_path, path)
    assert _duties(org, "经理") == ["负责审批", "负责检查"]


def test_a_sheet_per_department_names_the_department(tmp_path: Path,
                                                     cli: Callable[..., Result]) -> None:
    path = _workbook(tmp_path / "depts.xlsx", {
        "信贷管理部": [["岗位", "序号", "职责"], ["部门经理", 1, "负责审批"],
                       [None, 2, "负责检查"]],
        "Sheet1": [["岗位", "职责"], ["柜员", "办理现金业务"]],
    })
    org = _import(cli, tmp_path, path)
    manager = next(r for r in org.roles.values() if r.title.get() == "部门经理")
    teller = next(r for r in org.roles.values() if r.title.get() == "柜员")
    names = {d.id: d.name.get() for d in org.departments}
    assert names[manager.department] == "信贷管理部"
    assert names[teller.department] == "未分配部门"  # a sheet named Sheet1 names none
