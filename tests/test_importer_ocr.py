"""OCR slips: a duty word with one character misread as a look-alike, on text that is not
the seed (the seed's own slips are in test_importer_seed.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dutymatrix.importer.hints import find_slips
from dutymatrix.importer.text import fold
from dutymatrix.load import load_org

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ORGS = [REPO_ROOT / "org", *sorted(p for p in (REPO_ROOT / "examples").glob("*")
                                         if p.is_dir())]


def slips(text: str) -> list[tuple[str, str]]:
    folded = fold(text)
    return [(text[start:end], meant) for start, end, meant in find_slips(folded)]


@pytest.mark.parametrize(("text", "expected"), [
    ("负责客户投诉的处锂与反馈", [("处锂", "处理")]),
    ("怪促各支行按期整改", [("怪促", "督促")]),
    ("负责推逬不良资产处置", [("推逬", "推进")]),
    ("制走年度营销计划", [("制走", "制定")]),
    ("负责全行中间业勢的发展", [("业勢", "业务")]),
    ("负贵个人贷款的贷后管理", [("负贵", "负责")]),
    ("负责贷款的贷后枪查", [("枪查", "检查")]),
    ("负责风脸分类", [("风脸", "风险")]),
    ("负责审枇权限内的授信", [("审枇", "审批")]),
    ("负責處锂客户投訴", [("處锂", "处理")]),  # traditional text is folded first
    ("负贵档桉管理,监怪资金流向", [("负贵", "负责"), ("档桉", "档案"), ("监怪", "监控")]),
])
def test_a_misread_duty_word_is_reported_with_the_word_meant(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert slips(text) == expected


@pytest.mark.parametrize("text", [
    "负责控制客户负债率",          # 负债 is a word, not 负责 misread
    "企业负资本过高时及时预警",    # 资产/资本 follow: a word
    "必须测试应急预案",            # 须测 is inside 必须
    "给予测评结果反馈",            # 予测 is inside 给予
    "核对发货后的货款",            # 货后 follows 发货
    "不会什么都不做",              # 会什 is inside 什么
    "负责贷后检查、预警和催收",
])
def test_real_words_next_to_a_look_alike_are_not_slips(text: str) -> None:
    assert slips(text) == []


def test_at_the_start_of_a_duty_a_slip_is_reported_even_before_a_word() -> None:
    # Duties start with their verb: 负资 opening a duty is 负责, though 资本 follows.
    assert slips("3、负资本行权限内的审批") == [("负资", "负责")]
    assert slips("负债结构;负资本部门预算") == [("负资", "负责")]


@pytest.mark.parametrize("org_dir", SAMPLE_ORGS, ids=lambda p: p.name)
def test_clean_duty_texts_raise_no_slip(org_dir: Path) -> None:
    org = load_org(str(org_dir)).org
    assert org is not None
    flagged = {duty.ref: slips(duty.text.get("zh")) for duty in org.all_duties()}
    assert {ref: found for ref, found in flagged.items() if found} == {}


def test_import_warns_of_each_slip_where_it_is(cli, tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_text("个人金融部岗位职责\n1、负责零售业勢的营销;\n2、怪促网点落实制度。\n",
                    encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0
    assert f"{path}:2:7: 业勢 looks like an OCR slip for 业务" in result.stderr
    assert f"{path}:3:3: 怪促 looks like an OCR slip for 督促" in result.stderr
    assert "零售业勢的营销" in result.stdout  # kept as written
