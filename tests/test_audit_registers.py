"""The audit file: SoD findings quote their duties, the waiver register, the people with a
conflict, the ranking, and the SoD matrix — in audit.pdf/html, raci.xlsx and `show`."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from clock import TODAY

from dutymatrix.render.build import BuildOptions, run_build

pytestmark = pytest.mark.slow  # builds audit.pdf and raci.xlsx (show runs in a moment too)

BANK = """
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: investigate, name: 贷前调查}
      - {id: approve,     name: 贷款审批}
      - {id: disburse,    name: 贷款发放}
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.officer
        title: 信贷员
        duties:
          - text: 负责贷前调查与客户走访
            raci: {loan.investigate: AR}
          - text: 负责贷款发放与放款核对
            raci: {loan.disburse: AR}
      - id: credit.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
      - id: credit.head
        title: 信贷部主任
        duties:
          - text: 组织信贷部日常管理
people:
  - {id: E1, name: 张三, holds: [credit.approver], acting: [credit.officer]}
  - {id: E2, name: 李四, holds: [credit.head]}
rules:
  sod:
    - {id: SOD-A, name: 审贷分离, activities: [loan.investigate, loan.approve]}
    - {id: SOD-B, name: 贷放分控, activities: [loan.investigate, loan.disburse]}
waivers:
  - rule: SOD-A
    subject: E1
    reason: 审批人临时兼任信贷员
    control: 主任逐笔复核
    approved_by: credit.head
    expires: {in_force}
  - rule: SOD-B
    subject: credit.officer
    reason: 县支行人员不足
    control: 月度抽查
    approved_by: credit.head
    expires: {expired}
  - rule: DM207
    subject: credit.head
    reason: 已不需要
    approved_by: credit.approver
  - rule: SOD-A
    subject: E2
    reason: 自己批准自己
    approved_by: credit.head
"""


def _bank(tmp_path: Path) -> Path:
    org = tmp_path / "org"
    org.mkdir()
    text = BANK.replace("{in_force}", str(TODAY.replace(year=TODAY.year + 1)))
    text = text.replace("{expired}", str(TODAY.replace(year=TODAY.year - 1)))
    (org / "org.yaml").write_text(text.lstrip(), encoding="utf-8")
    return org


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("registers")
    out = base / "out"
    run_build(BuildOptions(org_dir=_bank(base), out_dir=out, today=TODAY, jobs=1,
                           only=frozenset({"audit", "raci"})))
    return out


def _audit_text(out: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    text = subprocess.run(["pdftotext", str(out / "audit.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    return " ".join(text.split())


def test_sod_findings_quote_the_wording_of_their_duties(built: Path) -> None:
    text = _audit_text(built)
    assert "credit.officer#2 loan.disburse" in text
    assert "负责贷款发放与放款核对" in text and "负责贷前调查与客户走访" in text


def test_the_waiver_register_lists_every_waiver_with_its_state(built: Path) -> None:
    text = _audit_text(built)
    register = text[text.index("豁免登记"):]
    for expected in ("审批人临时兼任信贷员", "主任逐笔复核", "信贷部主任",
                     str(TODAY.replace(year=TODAY.year + 1)), "剩余天数 365",
                     "县支行人员不足", "已过期", "未匹配任何问题", "自我审批，无效"):
        assert expected in register, expected
    # the in-force waiver names the finding it covers; the waived finding quotes it back
    assert "涵盖的问题 DM401 /" in register.split("县支行人员不足")[0]
    waived = text[text.index("已豁免（"):text.index("豁免登记")]
    assert "豁免理由：审批人临时兼任信贷员" in waived and "补偿性控制：主任逐笔复核" in waived


def test_people_and_ranking_sections(built: Path) -> None:
    text = _audit_text(built)
    people = text[text.index("人员兼岗冲突"):]
    assert "张三 E1" in people and "审批人" in people and "审贷分离 SOD-A" in people
    ranking = text[text.index("冲突排名"):text.index("人员兼岗冲突")]
    # E1 acts as the officer, whose SOD-B waiver expired: the person carries the post's
    # error (their own SOD-A conflict is waived and does not count); people rank first
    # among equals; the approver, with no active conflict, is not ranked
    person, post = "张三 E1 人员 1 贷放分控 SOD-B", "信贷员 credit.officer 岗位 1 贷放分控 SOD-B"
    assert ranking.index(person) < ranking.index(post)
    assert "credit.approver" not in ranking


def test_raci_workbook_has_the_sod_matrix_and_the_register(built: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.load_workbook(built / "raci.xlsx")
    assert {"不相容职责", "豁免登记"} <= set(workbook.sheetnames)
    sod = workbook["不相容职责"]
    header = [c.value for c in sod[1]]
    assert header[:4] == ["控制要求", "名称", "最多", "依据"]
    columns = {str(v).split("\n")[1]: i for i, v in enumerate(header) if v and "\n" in str(v)}
    assert set(columns) == {"岗位 credit.officer", "岗位 credit.approver", "人员 E1"}
    rows = {row[0].value: row for row in sod.iter_rows(min_row=2)}
    officer_b = rows["SOD-B"][columns["岗位 credit.officer"]]
    assert officer_b.value == "贷前调查、贷款发放"
    assert officer_b.fill.fgColor.rgb.endswith("FBEAEA")  # a conflict is highlighted
    approver_a = rows["SOD-A"][columns["岗位 credit.approver"]]
    assert approver_a.value == "贷款审批" and not approver_a.fill.fgColor.rgb.endswith("FBEAEA")
    assert rows["SOD-A"][columns["人员 E1"]].value == "贷前调查、贷款审批"
    register = [[c.value for c in row] for row in workbook["豁免登记"].iter_rows(min_row=2)]
    assert [(r[0], r[7]) for r in register] == [
        ("SOD-A", "生效"), ("SOD-B", "已过期，问题重新报告"), ("DM207", "未匹配任何问题"),
        ("SOD-A", "自我审批，无效")]
    assert register[0][2:5] == ["审批人临时兼任信贷员", "主任逐笔复核", "credit.head"]
    assert register[0][6] == 365 and register[1][6] == -365


def test_show_lists_the_waivers_on_a_subject(cli: Callable[..., Result], tmp_path: Path) -> None:
    org = _bank(tmp_path)
    shown = cli("show", "E1", "--org", str(org), "--format", "json", "--today", str(TODAY))
    [waiver] = json.loads(shown.stdout)["waivers"]
    assert waiver["status"] == "matched" and waiver["days_left"] == 365
    assert waiver["control"] == "主任逐笔复核" and waiver["covers"][0].startswith("DM401 ")
    text = cli("show", "credit.officer", "--org", str(org), "--today", str(TODAY),
               "--lang", "zh").stdout
    assert "【已过期】" in text and "月度抽查" in text
