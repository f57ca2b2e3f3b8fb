"""`dutymatrix import` on texts written in each numbering style and layout it must read."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dutymatrix.importer import ImportOptions, import_files


def run(tmp_path: Path, text: str, name: str = "duties.txt", department: str | None = None,
        encoding: str = "utf-8") -> dict:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    result = import_files(ImportOptions(files=(path,), department=department,
                                        suggest_raci=False))
    return yaml.safe_load(result.yaml)


def owners(model: dict) -> dict[str, list[str]]:
    """Department name or post title → its duties, in order."""
    found: dict[str, list[str]] = {}
    for dept in model["departments"]:
        if dept.get("duties"):
            found[dept["name"]] = dept["duties"]
        for role in dept.get("roles", []):
            found[role["title"]] = role.get("duties", [])
    return found


THREE = ["负责信贷政策的组织实施", "负责信用等级的审查", "负责行领导交办的其他工作"]
A, B, C = THREE

NUMBERING_STYLES = {
    "arabic 、": f"1、{A};\n2、{B};\n3、{C}。",
    "arabic dot": f"1. {A}\n2. {B}\n3. {C}",
    "arabic paren": f"1){A}\n2){B}\n3){C}",
    "parenthesised": f"(1){A}(2){B}(3){C}",
    "full-width parens": f"（1）{A}；（2）{B}；（3）{C}。",
    "circled": f"①{A};②{B};③{C}。",
    "chinese 、": f"一、{A}。二、{B}。三、{C}。",
    "chinese parens": f"(一){A};\n(二){B};\n(三){C}。",
    "article": f"第一条 {A}。\n第二条 {B}。\n第三条 {C}。",
    "full-width digits": f"１、{A}；２、{B}；３、{C}。",
    "bullets •": f"• {A}\n• {B}\n• {C}",
    "bullets ◆●": f"◆{A}\n◆{B}\n●{C}",
    "bullets - *": f"- {A}\n- {B}\n* {C}",
    "glued numbers": f"1、{A}2. {B}3、{C}",  # "指标2. 组织"
    "lost numbers": f"1、{A};、{B}; 、{C}。",
    "lost first number": f"、{A};2、{B};、{C}。",
    "run-on ；": f"{A}；{B}；{C}。",
    "run-on ;": f"{A}; {B}; {C}",
}


@pytest.mark.parametrize("style", sorted(NUMBERING_STYLES))
def test_each_numbering_style_gives_the_duties_in_order(tmp_path: Path, style: str) -> None:
    text = "信贷管理部工作职责\n" + NUMBERING_STYLES[style] + "\n"
    assert owners(run(tmp_path, text)) == {"信贷管理部": THREE}


@pytest.mark.parametrize("style", ["arabic 、", "chinese 、", "bullets •", "run-on ；"])
def test_heading_glued_to_the_list_on_one_line(tmp_path: Path, style: str) -> None:
    text = "信贷管理部工作职责" + NUMBERING_STYLES[style].replace("\n", "")
    assert owners(run(tmp_path, text)) == {"信贷管理部": THREE}


def test_stray_page_number_inside_a_sentence_is_dropped(tmp_path: Path) -> None:
    text = ("资产负债管理部工作职责\n"
            "1、负责编制实施全行资金营运计划,并对执行情况进行监测分析和监督\n"
            "12\n"
            "检查;2、负责结售汇业务中人民币资金的\n"
            "7、清算;3、负责行领导交办的其他工作。\n")
    assert owners(run(tmp_path, text))["资产负债管理部"] == [
        "负责编制实施全行资金营运计划,并对执行情况进行监测分析和监督检查",
        "负责结售汇业务中人民币资金的清算",
        "负责行领导交办的其他工作",
    ]


def test_chunk_numbered_lines_are_joined(tmp_path: Path) -> None:
    text = ("1、票据中心工作职责1、负责全行票据贴现业务管理工作;2、负责票据贴现业务的市场\n"
            "2、营销;3、负责票据贴现资金、规模的调剂;4、负责行领导交办的其他工作。票据中心经理\n"
            "3、岗位职责1、负责票据中心管理工作;2、负责行领导交办的其他工作。\n")
    found = owners(run(tmp_path, text))
    assert found["票据中心"] == ["负责全行票据贴现业务管理工作", "负责票据贴现业务的市场营销",
                                 "负责票据贴现资金、规模的调剂", "负责行领导交办的其他工作"]
    assert found["票据中心经理"] == ["负责票据中心管理工作", "负责行领导交办的其他工作"]


def test_department_and_post_headings_in_several_forms(tmp_path: Path) -> None:
    text = """\
一、信贷管理部
1、负责信贷政策的组织实施;
2、负责信用等级的审查。
信贷管理部经理岗位职责
1、负责全行信贷政策和制度的组织实施;
2、负责行领导交办的其他工作。
二、票据中心职责
1、负责全行票据贴现业务管理工作。
岗位名称:票据业务员
岗位职责:
1、负责票据贴现业务的办理;
2、负责票据档案的保管。
"""
    model = run(tmp_path, text)
    departments = {d["name"]: d for d in model["departments"]}
    # two departments: they hang under one root named after the file, so the model loads
    assert list(departments) == ["duties", "信贷管理部", "票据中心"]
    root_id = departments["duties"]["id"]
    assert departments["信贷管理部"]["parent"] == departments["票据中心"]["parent"] == root_id
    assert [r["title"] for r in departments["信贷管理部"]["roles"]] == ["信贷管理部经理"]
    assert [r["title"] for r in departments["票据中心"]["roles"]] == ["票据业务员"]
    assert len(departments["票据中心"]["roles"][0]["duties"]) == 2


def test_qualification_sections(tmp_path: Path) -> None:
    text = """\
信贷管理部
客户经理岗位职责
1、负责客户营销和维护;
2、负责贷前调查。
任职资格:
1、全日制本科及以上学历;
2、3年以上银行信贷工作经验;
3、熟悉信贷政策与法规,沟通能力强。
风险经理岗位职责
1、负责风险识别。
任职要求
(1)金融相关专业;(2)持有相关资格证书者优先。
"""
    model = run(tmp_path, text)
    roles = {r["title"]: r for d in model["departments"] for r in d.get("roles", [])}
    customer = roles["客户经理"]
    assert customer["duties"] == ["负责客户营销和维护", "负责贷前调查"]
    qual = customer["qualifications"]
    assert qual["education"] == "全日制本科及以上学历"
    assert qual["experience"] == "3年以上银行信贷工作经验"
    assert qual["other"] == ["熟悉信贷政策与法规,沟通能力强"]
    risk = roles["风险经理"]
    assert risk["duties"] == ["负责风险识别"]
    assert risk["qualifications"]["other"] == ["金融相关专业", "持有相关资格证书者优先"]


def test_preface_and_essay_are_left_out(tmp_path: Path) -> None:
    text = """\
欢迎访问范文网,本站收集各类岗位职责范本。
信贷管理部工作职责
1、负责信贷政策的组织实施;
2、负责信用等级的审查。
关于做好信贷工作的几点思考
近年来,随着经济形势的变化,信贷工作面临新的挑战,我们必须认真总结经验。
"""
    model = run(tmp_path, text)
    assert owners(model) == {"信贷管理部": THREE[:2]}
    raw = import_files(ImportOptions((tmp_path / "duties.txt",), None, False)).yaml
    left_out = raw.split("# Left out", 1)[1]
    assert "欢迎访问范文网" in left_out and "近年来" in left_out


def test_posts_without_department_use_the_option(tmp_path: Path) -> None:
    text = "客户经理岗位职责\n1、负责客户营销;\n2、负责贷前调查。\n"
    model = run(tmp_path, text, department="公司业务部")
    assert [d["name"] for d in model["departments"]] == ["公司业务部"]
    assert model["departments"][0]["roles"][0]["title"] == "客户经理"


def test_posts_without_any_department_get_the_fallback(tmp_path: Path) -> None:
    model = run(tmp_path, "客户经理岗位职责\n1、负责客户营销;\n2、负责贷前调查。\n")
    assert [d["name"] for d in model["departments"]] == ["未分配部门"]


def test_traditional_chinese_in_gb18030(tmp_path: Path) -> None:
    text = ("信貸管理部工作職責\n１、負責信貸政策的組織實施；\n２、負責信用等級的審查。\n"
            "信貸管理部經理崗位職責\n一、負責全行信貸管理工作。\n二、協助行長審批貸款。\n")
    model = run(tmp_path, text, encoding="gb18030")
    found = owners(model)
    assert found["信貸管理部"] == ["負責信貸政策的組織實施", "負責信用等級的審查"]
    assert found["信貸管理部經理"] == ["負責全行信貸管理工作", "協助行長審批貸款"]
    ids = [r["id"] for d in model["departments"] for r in d.get("roles", [])]
    assert ids == ["xin-dai-guan-li-bu.jing-li"]


def test_utf8_with_bom(tmp_path: Path) -> None:
    text = "\ufeff信贷管理部工作职责\n1、负责信贷政策的组织实施。\n"
    assert owners(run(tmp_path, text)) == {"信贷管理部": THREE[:1]}


def test_english_posts_and_requirements(tmp_path: Path) -> None:
    text = """\
Credit Department

Job Title: Credit Officer
Responsibilities:
1. Conduct pre-loan investigations of borrowers.
2. Prepare credit reports for the loan committee.
3) Assist the manager with loan reviews.
Requirements:
- Bachelor's degree in finance or economics
- 3 years of banking experience

Loan Review Manager
Key Responsibilities
• Approve loans within the delegated limit.
• Participate in the credit committee.
"""
    model = run(tmp_path, text)
    assert [d["name"] for d in model["departments"]] == ["Credit Department"]
    roles = {r["title"]: r for r in model["departments"][0]["roles"]}
    officer = roles["Credit Officer"]
    assert officer["id"] == "credit-department.credit-officer"
    assert officer["duties"] == ["Conduct pre-loan investigations of borrowers",
                                 "Prepare credit reports for the loan committee",
                                 "Assist the manager with loan reviews"]
    assert officer["qualifications"] == {
        "education": "Bachelor's degree in finance or economics",
        "experience": "3 years of banking experience",
    }
    assert roles["Loan Review Manager"]["duties"] == [
        "Approve loans within the delegated limit", "Participate in the credit committee"]


def test_a_bare_list_is_the_named_departments(tmp_path: Path) -> None:
    text = "1、负责信贷政策的组织实施;\n2、负责信用等级的审查。\n"
    assert owners(run(tmp_path, text, department="信贷管理部")) == {"信贷管理部": THREE[:2]}


def test_a_bare_list_is_one_post_named_after_the_file_said_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "信贷员.txt"
    path.write_text("1、负责信贷政策的组织实施;\n2、负责信用等级的审查。\n", encoding="utf-8")
    result = import_files(ImportOptions((path,), None, False))
    assert any("imported as the post `信贷员` (named by the file name)" in w
               and "--post NAME" in w for w in result.warnings)
    assert owners(yaml.safe_load(result.yaml))["信贷员"] == ["负责信贷政策的组织实施",
                                                          "负责信用等级的审查"]
    named = import_files(ImportOptions((path,), None, False, post="综合柜员"))
    assert owners(yaml.safe_load(named.yaml))["综合柜员"] == ["负责信贷政策的组织实施",
                                                           "负责信用等级的审查"]
