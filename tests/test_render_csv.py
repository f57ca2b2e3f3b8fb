"""RACI as CSV: Excel-readable Chinese, one row per activity, formula injection defused."""

from __future__ import annotations

import csv
import io

import pytest

from dutymatrix.matrix import build_matrix
from dutymatrix.model import Activity, Committee, Department, Duty, Org, Process, Role, Text
from dutymatrix.render.csvout import neutralise, render_raci_csv


def _duty(owner: str, n: int, text: str, raci: dict[str, str]) -> Duty:
    return Duty(owner=owner, n=n, text=Text(text), raci=raci)


def small_bank(activity_name: str = "贷款审批", title: str = "信贷管理部经理") -> Org:
    loan = Process(
        id="loan",
        name=Text(zh="贷款业务", en="Lending"),
        activities=(
            Activity("loan.investigate", "loan", Text(zh="贷前调查", en="Investigation")),
            Activity("loan.approve", "loan", Text(activity_name)),
            Activity("loan.archive", "loan", Text("档案归档")),
        ),
    )
    cards = Process(
        id="card",
        name=Text("信用卡"),
        activities=(Activity("card.collect", "card", Text("逾期催收")),),
    )
    manager = Role(
        id="credit.manager",
        title=Text(title),
        department="credit",
        duties=(_duty("credit.manager", 1, "负责审查", {"loan.approve": "R"}),),
    )
    officer = Role(
        id="credit.officer",
        title=Text(zh="客户经理", en="Account Officer"),
        department="credit",
        duties=(
            _duty("credit.officer", 1, "负责贷前调查", {"loan.investigate": "RA"}),
            _duty("credit.officer", 2, "参与审批", {"loan.approve": "C"}),
        ),
    )
    collector = Role(
        id="card.collector",
        title=Text("催收专员"),
        department="card",
        duties=(_duty("card.collector", 1, "负责催收", {"card.collect": "A"}),),
    )
    committee = Committee(
        id="loan-committee",
        name=Text("审贷委员会"),
        members=("credit.manager",),
        duties=(_duty("loan-committee", 1, "审批贷款", {"loan.approve": "A"}),),
    )
    return Org(
        id="demo",
        name=Text("示例银行"),
        processes=(loan, cards),
        departments=(
            Department("credit", Text("信贷管理部"), roles=(manager, officer)),
            Department("card", Text("信用卡中心"), roles=(collector,)),
        ),
        committees=(committee,),
    )


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to show Chinese"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def test_one_row_per_activity_one_column_per_holder_of_the_process() -> None:
    org = small_bank()
    rows = _rows(render_raci_csv(org, build_matrix(org), "loan", "zh"))
    header, body = rows[0], rows[1:]
    assert header == ["活动", "信贷管理部经理", "客户经理", "审贷委员会"]
    assert [r[0] for r in body] == ["贷前调查", "贷款审批", "档案归档"]
    cells = {(r[0], h): v for r in body for h, v in zip(header[1:], r[1:], strict=True)}
    assert cells[("贷前调查", "客户经理")] == "RA"
    assert cells[("贷款审批", "审贷委员会")] == "A"
    assert cells[("贷款审批", "客户经理")] == "C"
    assert cells[("档案归档", "信贷管理部经理")] == ""
    # The collector carries nothing in lending, so it is no column of that chart.
    assert "催收专员" not in header


def test_overall_chart_covers_every_process_with_a_process_column() -> None:
    org = small_bank()
    rows = _rows(render_raci_csv(org, build_matrix(org), None, "zh"))
    assert rows[0][:2] == ["流程", "活动"]
    assert "催收专员" in rows[0]
    assert [(r[0], r[1]) for r in rows[1:]] == [
        ("贷款业务", "贷前调查"),
        ("贷款业务", "贷款审批"),
        ("贷款业务", "档案归档"),
        ("信用卡", "逾期催收"),
    ]


def test_english_labels_use_the_english_text_where_there_is_one() -> None:
    org = small_bank()
    rows = _rows(render_raci_csv(org, build_matrix(org), "loan", "en"))
    assert rows[0][0] == "Activity"
    assert "Account Officer" in rows[0]
    assert rows[1][0] == "Investigation"


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_text_a_spreadsheet_would_run_as_a_formula_is_quoted(lead: str) -> None:
    payload = lead + "HYPERLINK(\"http://x\",\"y\")"
    org = small_bank(activity_name=payload, title=payload)
    rows = _rows(render_raci_csv(org, build_matrix(org), "loan", "zh"))
    assert rows[0][1] == "'" + payload
    assert rows[2][0] == "'" + payload


def test_harmless_text_is_left_alone() -> None:
    assert neutralise("贷款审批") == "贷款审批"
    assert neutralise("a=b") == "a=b"
    assert neutralise("") == ""


def test_posts_with_the_same_title_are_told_apart() -> None:
    org = small_bank(title="客户经理")
    header = _rows(render_raci_csv(org, build_matrix(org), "loan", "zh"))[0]
    assert len(set(header)) == len(header)
    assert sum(h.startswith("客户经理") for h in header) == 2


def test_output_is_deterministic() -> None:
    org = small_bank()
    first = render_raci_csv(org, build_matrix(org), None, "zh")
    assert render_raci_csv(small_bank(), build_matrix(small_bank()), None, "zh") == first


def test_an_unknown_process_is_a_user_error() -> None:
    from dutymatrix.errors import DutymatrixError

    org = small_bank()
    with pytest.raises(DutymatrixError, match="unknown process 'lona'"):
        render_raci_csv(org, build_matrix(org), "lona", "zh")
