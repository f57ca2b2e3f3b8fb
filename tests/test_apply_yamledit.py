"""`apply` on every way a duty can be written: block and flow `raci:`, quoted letters,
plain-text duties, flow lists, posts with no duties, CRLF files with a BOM — each
checked against the exact text the file must have afterwards."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result
from openpyxl.comments import Comment

from dutymatrix.apply.yamledit import scalar
from dutymatrix.load import load_org
from dutymatrix.matrix import build_matrix
from dutymatrix.render.xlsx import render_raci_xlsx

HEAD = """\
org: {id: t, name: 测试行}
processes:
  - id: p
    name: 流程
    activities:
      - {id: a, name: 甲活动}
      - {id: b, name: 乙活动}
      - {id: c, name: 丙活动}
"""

ROLES = """\
departments:
  - id: d
    name: 部门
    roles:
      # the block post
      - id: d.block
        title: 块岗
        duties:
          - text: 负责甲
            raci:
              p.a: "RA"   # quoted on purpose

              p.b: C
          - 负责其他
      - id: d.flowlist
        title: 列表岗
        duties: [负责甲, {text: 负责乙, raci: {p.b: A}}]   # kept short
      - id: d.none
        title: 空岗
      - {id: d.flow, title: 流岗, duties: [{text: 负责丙, raci: {p.c: A}}]}
"""


def _org(tmp_path: Path, roles: str = ROLES, newline: str = "\n", bom: bool = False) -> Path:
    root = tmp_path / "org"
    root.mkdir()
    (root / "org.yaml").write_text(HEAD, encoding="utf-8")
    data = roles.replace("\n", newline).encode("utf-8")
    (root / "roles.yaml").write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    model = load_org(root).org
    assert model is not None
    (tmp_path / "raci.xlsx").write_bytes(render_raci_xlsx(model, build_matrix(model), [], "zh"))
    return root


def _set(tmp_path: Path, cells: dict[tuple[str, str], object],
         comments: dict[tuple[str, str], str] | None = None) -> None:
    """Set cells of the process sheet by (activity name, column title); a title the sheet
    lacks becomes a new column, as a person would add one."""
    workbook = tmp_path / "raci.xlsx"
    wb = openpyxl.load_workbook(workbook)
    sheet = wb["流程"]
    for (activity, title), value in cells.items():
        header = [c.value for c in sheet[1]]
        if title not in header:
            sheet.cell(1, len(header) + 1).value = title
            header.append(title)
        row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == activity)
        cell = sheet.cell(row, header.index(title) + 1)
        cell.value = value
        if comments and (activity, title) in comments:
            cell.comment = Comment(comments[(activity, title)], "me")
    wb.save(workbook)


def _apply(tmp_path: Path, cli: Callable[..., Result]) -> str:
    result = cli("apply", str(tmp_path / "raci.xlsx"), str(tmp_path / "org"))
    assert result.exit_code == 0, result.output
    assert load_org(tmp_path / "org").org is not None
    return (tmp_path / "org" / "roles.yaml").read_bytes().decode("utf-8")


def _expect(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_block_raci_keeps_quotes_comments_and_blank_lines(tmp_path: Path,
                                                         cli: Callable[..., Result]) -> None:
    _org(tmp_path)
    _set(tmp_path, {("甲活动", "块岗"): "A", ("乙活动", "块岗"): None})
    after = _apply(tmp_path, cli)
    expected = _expect(ROLES, '              p.a: "RA"   # quoted on purpose\n\n'
                              "              p.b: C\n",
                       '              p.a: "A"   # quoted on purpose\n\n')
    assert after == expected


def test_a_block_raci_emptied_goes_away_whole(tmp_path: Path,
                                             cli: Callable[..., Result]) -> None:
    _org(tmp_path)
    _set(tmp_path, {("甲活动", "块岗"): None, ("乙活动", "块岗"): ""})
    after = _apply(tmp_path, cli)
    assert after == _expect(ROLES, '            raci:\n              p.a: "RA"   # quoted on '
                                   "purpose\n\n              p.b: C\n", "")


def test_a_new_activity_in_a_block_raci_is_one_more_line(tmp_path: Path,
                                                        cli: Callable[..., Result]) -> None:
    _org(tmp_path)
    _set(tmp_path, {("丙活动", "块岗"): "I"}, {("丙活动", "块岗"): "d.block#1"})
    after = _apply(tmp_path, cli)
    assert after == _expect(ROLES, "              p.b: C\n",
                            "              p.b: C\n              p.c: I\n")


def test_a_plain_text_duty_named_by_its_column_becomes_text_and_raci(
        tmp_path: Path, cli: Callable[..., Result]) -> None:
    _org(tmp_path)
    _set(tmp_path, {("丙活动", "d.block#2"): "I"})
    after = _apply(tmp_path, cli)
    assert after == _expect(ROLES, "          - 负责其他\n",
                            "          - text: 负责其他\n            raci: {p.c: I}\n")


def test_a_duty_in_a_flow_list_named_by_a_comment(tmp_path: Path,
                                                 cli: Callable[..., Result]) -> None:
    _org(tmp_path)
    _set(tmp_path, {("甲活动", "列表岗"): "R"}, {("甲活动", "列表岗"): "#1"})
    after = _apply(tmp_path, cli)
    assert after == _expect(ROLES, "duties: [负责甲, {text",
                            "duties: [{text: 负责甲, raci: {p.a: R}}, {text")


def test_a_post_with_no_duties_gets_a_duties_list(tmp_path: Path,
                                                 cli: Callable[..., Result]) -> None:
    _org(tmp_path)
    _set(tmp_path, {("丙活动", "空岗"): "A"})
    after = _apply(tmp_path, cli)
    assert after == _expect(
        ROLES, "        title: 空岗\n",
        "        title: 空岗\n        duties:\n"
        "          - text: 负责丙活动  # dutymatrix apply 按 raci.xlsx:流程!F4 新增,"
        "请改写职责措辞\n"
        "            raci: {p.c: A}\n")


def test_a_flow_post_gets_the_duty_in_its_flow_list(tmp_path: Path,
                                                   cli: Callable[..., Result]) -> None:
    _org(tmp_path)
    _set(tmp_path, {("甲活动", "流岗"): "R"})
    after = _apply(tmp_path, cli)
    assert after == _expect(
        ROLES, "{p.c: A}}]}\n",
        "{p.c: A}}, {text: 负责甲活动, raci: {p.a: R}}]}  "
        "# dutymatrix apply 按 raci.xlsx:流程!D2 新增,请改写职责措辞\n")


def test_a_crlf_file_with_a_bom_keeps_both(tmp_path: Path, cli: Callable[..., Result]) -> None:
    _org(tmp_path, newline="\r\n", bom=True)
    _set(tmp_path, {("甲活动", "块岗"): "A", ("丙活动", "d.block#2"): "I"})
    result = cli("apply", str(tmp_path / "raci.xlsx"), str(tmp_path / "org"))
    assert result.exit_code == 0, result.output
    after = (tmp_path / "org" / "roles.yaml").read_bytes()
    expected = _expect(ROLES, 'p.a: "RA"', 'p.a: "A"')
    expected = _expect(expected, "          - 负责其他\n",
                       "          - text: 负责其他\n            raci: {p.c: I}\n")
    assert after == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode("utf-8")


@pytest.mark.parametrize("value", ["负责甲", "a: b", "#x", "1e3", "yes", "- x", "a #b",
                                   "负责A,B", "  padded", "on", "'q'", "x:"])
def test_scalar_reads_back_as_the_same_string(value: str) -> None:
    import yaml

    assert yaml.safe_load(f"k: {scalar(value)}") == {"k": value}
    assert yaml.safe_load(f"k: [{scalar(value, flow=True)}]") == {"k": [value]}


def test_a_committee_is_a_holder_like_a_post(tmp_path: Path,
                                            cli: Callable[..., Result]) -> None:
    roles = ROLES + textwrap.dedent("""\
        committees:
          - id: board
            name: 委员会
            members: [d.block]
            duties:
              - text: 审议甲
                raci: {p.a: A}
        """)
    _org(tmp_path, roles=roles)
    _set(tmp_path, {("甲活动", "委员会"): "RA"})
    after = _apply(tmp_path, cli)
    assert after == _expect(roles, "raci: {p.a: A}\n", "raci: {p.a: RA}\n")
