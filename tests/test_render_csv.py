"""RACI as CSV: Excel-readable Chinese, one row per activity, formula injection defused."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest
from render_sample import small_bank

from dutymatrix.matrix import build_matrix
from dutymatrix.model import Text
from dutymatrix.render.csvout import neutralise, render_raci_csv


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


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_the_overall_tables_process_column_is_quoted_too(lead: str) -> None:
    payload = lead + 'HYPERLINK("http://x","y")'
    org = small_bank()
    hostile = dataclasses.replace(org.processes[0], name=Text(payload))
    org = dataclasses.replace(org, processes=(hostile, *org.processes[1:]))
    rows = _rows(render_raci_csv(org, build_matrix(org), None, "zh"))
    assert [row[0] for row in rows[1:4]] == ["'" + payload] * 3
    assert rows[4][0] == "信用卡"
