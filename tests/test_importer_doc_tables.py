"""`import` of a duty-list table inside a document (Word, HTML, Markdown): a post column
and a duty column read as the posts and numbered duties they stand for, as a
spreadsheet's duty list is; merged (rowspan) and blank post cells carry down."""

from __future__ import annotations

from pathlib import Path

import docx
import yaml

from dutymatrix.importer import ImportOptions, import_files


def _posts(path: Path) -> dict[str, dict[str, list[str]]]:
    """department → post → duties, as imported."""
    model = yaml.safe_load(import_files(ImportOptions(files=(path,))).yaml)
    return {d["name"]: {r["title"]: r.get("duties", []) for r in d.get("roles", [])}
            for d in model["departments"] if d.get("roles")}


EXPECTED = {"运营管理部": {"综合柜员": ["办理现金业务", "办理转账业务"],
                           "会计主管": ["审核凭证"]}}


def test_a_word_table_with_a_post_column(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("运营管理部", 1)
    table = document.add_table(rows=1, cols=3)
    for cell, title in zip(table.rows[0].cells, ["序号", "岗位", "职责"], strict=True):
        cell.text = title
    for row in [("1", "综合柜员", "办理现金业务"), ("2", "", "办理转账业务"),
                ("1", "会计主管", "审核凭证")]:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    document.add_paragraph("本表自印发之日起执行")
    path = tmp_path / "posts.docx"
    document.save(str(path))
    assert _posts(path) == EXPECTED


def test_an_html_table_with_merged_post_cells(tmp_path: Path) -> None:
    path = tmp_path / "posts.html"
    path.write_text("<h2>运营管理部</h2><table><tr><th>岗位</th><th>序号</th><th>职责</th></tr>"
                    "<tr><td rowspan='2'>综合柜员</td><td>1</td><td>办理现金业务</td></tr>"
                    "<tr><td>2</td><td>办理转账业务</td></tr>"
                    "<tr><td>会计主管</td><td>1</td><td>审核凭证</td></tr></table>"
                    "<p>本表自印发之日起执行</p>", encoding="utf-8")
    assert _posts(path) == EXPECTED


def test_a_markdown_table_and_the_text_after_it(tmp_path: Path) -> None:
    path = tmp_path / "posts.md"
    path.write_text("# 运营管理部\n\n| 岗位 | 序号 | 职责 |\n|---|---|---|\n"
                    "| 综合柜员 | 1 | 办理现金业务 |\n| | 2 | 办理转账业务 |\n"
                    "| 会计主管 | 1 | 审核凭证 |\n\n本表自印发之日起执行\n", encoding="utf-8")
    assert _posts(path) == EXPECTED


def test_an_english_table_and_a_cell_holding_a_whole_list(tmp_path: Path) -> None:
    path = tmp_path / "posts.md"
    path.write_text("| Position | Responsibilities |\n|---|---|\n"
                    "| Teller | Handle cash |\n| Credit Officer | 1. Review files |\n",
                    encoding="utf-8")
    model = yaml.safe_load(import_files(ImportOptions(files=(path,))).yaml)
    roles = {r["title"]: r["duties"] for d in model["departments"] for r in d.get("roles", [])}
    assert roles == {"Teller": ["Handle cash"], "Credit Officer": ["Review files"]}


def test_a_table_without_a_post_column_numbers_the_duty_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "duties.html"
    path.write_text("<h2>会计主管岗位职责</h2><table><tr><th>序号</th><th>岗位职责</th></tr>"
                    "<tr><td>1</td><td>负责会计核算</td></tr>"
                    "<tr><td>2</td><td>负责报表报送</td></tr></table>", encoding="utf-8")
    assert _posts(path) == {"未分配部门": {"会计主管": ["负责会计核算", "负责报表报送"]}}


def _form_document(path: Path) -> None:
    document = docx.Document()
    document.add_heading("岗位说明书", 0)
    table = document.add_table(rows=3, cols=4)
    for (row, col), text in {(0, 0): "岗位名称", (0, 1): "理财经理", (0, 2): "所属部门",
                             (0, 3): "个人金融部", (1, 0): "直接上级",
                             (1, 1): "个人金融部经理", (1, 2): "岗位编号",
                             (1, 3): "GR-003", (2, 0): "岗位职责"}.items():
        table.cell(row, col).text = text
    table.cell(2, 1).merge(table.cell(2, 3)).text = "1. 提供资产配置建议；\n2. 销售理财产品。"
    document.save(str(path))


def test_a_job_description_form_names_its_post_not_the_supervisor(tmp_path: Path) -> None:
    _form_document(tmp_path / "form.docx")
    assert _posts(tmp_path / "form.docx") == {
        "个人金融部": {"理财经理": ["提供资产配置建议", "销售理财产品"]}}
    path = tmp_path / "form.html"
    path.write_text("<table><tr><td>岗位名称</td><td>理财经理</td><td>所属部门</td>"
                    "<td>个人金融部</td></tr><tr><td>直接上级</td><td>个人金融部经理</td></tr>"
                    "<tr><td>岗位职责</td><td colspan='3'><p>1. 提供资产配置建议；</p>"
                    "<p>2. 销售理财产品。</p></td></tr></table>", encoding="utf-8")
    assert _posts(path) == {"个人金融部": {"理财经理": ["提供资产配置建议", "销售理财产品"]}}
