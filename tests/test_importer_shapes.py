"""`import` on the shapes of duty text published outside the seed: the duty texts that
come out, where a heading's sub-titles and lead-ins go, and what is left out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from dutymatrix.importer import ImportOptions, import_files
from dutymatrix.importer.shapes import split_before_verbs


def run(tmp_path: Path, text: str, name: str = "duties.txt", post: str | None = None
        ) -> tuple[str, list[str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = import_files(ImportOptions(files=(path,), post=post))
    return result.yaml, result.warnings


def duties(yaml_text: str) -> dict[str, list[str]]:
    model = yaml.safe_load(yaml_text)
    found: dict[str, list[str]] = {}
    for dept in model["departments"]:
        if dept.get("duties"):
            found[dept["name"]] = dept["duties"]
        for role in dept.get("roles", []):
            found[role["title"]] = role.get("duties", [])
    return found


def test_sub_headings_inside_a_list_are_comments_where_they_stood(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "Finance Department\n1. Prepare the budget.\n◆ Accounting\n"
                           "2. Close the ledger.\n3. Prepare the statements.\n")
    assert duties(out) == {"Finance Department": [
        "Prepare the budget", "Close the ledger", "Prepare the statements"]}
    lines = out.splitlines()
    at = lines.index("      # Accounting")
    assert lines[at + 1] == '      - "Close the ledger"'


def test_a_bullet_after_a_colon_is_a_sub_item_not_a_heading(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "审计部职责\n1、负责开展以下审计:\n• 常规审计\n• 专项审计\n"
                           "2、负责审计整改的跟踪。\n")
    assert duties(out)["审计部"] == ["负责开展以下审计; 常规审计; 专项审计",
                                     "负责审计整改的跟踪"]


def test_colon_led_lead_phrases_stay_with_their_sentence(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "岗位职责:\n1. 联系借款人:定期沟通还款情况;\n"
                           "2. 贷前调查:核实借款人资产;\n", post="客户经理")
    assert duties(out)["客户经理"] == ["联系借款人:定期沟通还款情况", "贷前调查:核实借款人资产"]


def test_the_sentence_introducing_a_run_on_list_is_a_comment(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "審批人職責\n"
                           "審批人應審查以下內容:主體資格是否合法;擔保是否有效;金額是否合理。\n")
    assert duties(out)["審批人"] == ["主體資格是否合法", "擔保是否有效", "金額是否合理"]
    assert "          # 審批人應審查以下內容:" in out.splitlines()


@pytest.mark.parametrize(("text", "parts"), [
    ("制定信贷政策,审批信贷业务,监测资产质量", ["制定信贷政策", "审批信贷业务", "监测资产质量"]),
    ("负责客户营销,完成业务指标", ["负责客户营销", "完成业务指标"]),
    ("組織系統開發,維護資料中心", ["組織系統開發", "維護資料中心"]),
    # prose: it does not open with a verb, so its commas are no list
    ("本部门是全行的管理部门,负责信贷", ["本部门是全行的管理部门,负责信贷"]),
    # a comma before a word that is no verb does not split
    ("负责贷款的审查,包括抵押和担保", ["负责贷款的审查,包括抵押和担保"]),
])
def test_run_on_paragraphs_split_at_a_comma_only_before_an_action_verb(
        text: str, parts: list[str]) -> None:
    assert split_before_verbs(text) == parts


def test_a_megabyte_run_on_paragraph_is_split_reading_a_window_per_comma(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Each comma's verb was read from a copy of the rest of the paragraph: quadratic, a
    # paragraph of a few megabytes ran for minutes. Now each reads a short window (grown
    # only while a first word fills it), so the work per comma is bounded.
    from dutymatrix.importer import shapes

    read: list[int] = []
    verdict = shapes._action_verdict
    monkeypatch.setattr(shapes, "_action_verdict",
                        lambda text, complete: read.append(len(text)) or verdict(text, complete))
    pieces = ["负责信贷工作", *(f"{verb}第{n}笔{'资金' * (n % 7)}头寸"
                             for n, verb in zip(range(60_000), ["审核", "管理", "协助"] * 20_000,
                                                strict=True))]
    # a first word longer than the window: "sss…" is no verb, "approvesss" is (approve)
    text = ",".join(pieces) + "," + "s" * 5000 + ",approvesss the limit"
    parts = split_before_verbs(text)
    assert parts == [*pieces[:-1], pieces[-1] + "," + "s" * 5000, "approvesss the limit"]
    assert len(text) > 900_000
    assert read[0] == len(text)  # whether the paragraph opens with a verb, read once
    assert max(read[1:]) <= 8192 and sum(read[1:]) < 100 * len(pieces)


def test_ordinal_words_number_only_at_a_sentence_boundary(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "合规经理岗位职责\n首先,组织合规风险评估,其次要及时报告;\n"
                           "其次,负责合规审查;\n最后,负责合规培训。\n")
    assert duties(out)["合规经理"] == ["组织合规风险评估,其次要及时报告", "负责合规审查",
                                       "负责合规培训"]


def test_english_ordinals_give_capitalised_duties(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "Duties of the Compliance Officer\nFirst, review new products.\n"
                           "Second, train staff.\nFinally, report to management.\n")
    assert duties(out) == {"Compliance Officer": ["Review new products", "Train staff",
                                                  "Report to management"]}


def test_page_chrome_and_posting_boilerplate_are_left_out(tmp_path: Path) -> None:
    text = ("当前位置:首页 > 招聘 > 岗位职责\n大堂经理岗位职责\n"
            "发布时间:2023-05-12 作者:人力资源部 阅读:88次\n2023-05-12 10:21\n"
            "1、负责客户引导;\n2、负责维护秩序。\n版权说明:转载请注明出处\n"
            "联系方式:hr@example.com\n")
    out, _ = run(tmp_path, text)
    assert duties(out) == {"大堂经理": ["负责客户引导", "负责维护秩序"]}
    left_out = out.split("# Left out", 1)[1]
    for chrome in ("当前位置", "作者:人力资源部", "版权说明", "联系方式", "2023-05-12 10:21"):
        assert chrome in left_out


@pytest.mark.parametrize(("heading", "title"), [
    ("第四章 稽核员岗位职责", "稽核员"),
    ("第二節 櫃員職責", "櫃員"),
    ("**银行***支行综合柜员岗位职责", "综合柜员"),
    ("Responsibilities of the Branch Manager", "Branch Manager"),
    ("Relationship Manager - SME Banking", "Relationship Manager"),
    ("Credit Analyst Job Description", "Credit Analyst"),
    ("风险合规专员 Job Description", "风险合规专员"),
    ("出纳职责", "出纳"),
])
def test_post_titles_in_every_heading_form(tmp_path: Path, heading: str, title: str) -> None:
    out, warnings = run(tmp_path, f"{heading}\n1、负责甲工作;\n2、负责乙工作。\n")
    assert duties(out) == {title: ["负责甲工作", "负责乙工作"]}
    assert not any("no heading names a post" in w for w in warnings)


def test_post_falls_back_to_post_option_then_title_then_file_name(tmp_path: Path) -> None:
    listing = "岗位职责:\n1、负责甲工作;\n2、负责乙工作。\n"
    out, warnings = run(tmp_path, listing, name="05-信贷员.txt", post="个贷客户经理")
    assert list(duties(out)) == ["个贷客户经理"]
    assert any("(named by --post)" in w for w in warnings)
    out, warnings = run(tmp_path, "贷后管理\n" + listing, name="05-信贷员.txt")
    assert list(duties(out)) == ["贷后管理"]
    assert any("(named by the document's title)" in w for w in warnings)
    out, warnings = run(tmp_path, listing, name="05-信贷员.txt")
    assert list(duties(out)) == ["信贷员"]
    assert any("05-信贷员.txt:1:1: no heading names a post" in w and "(named by the file name)"
               in w and "--post NAME" in w for w in warnings)


def test_post_option_does_not_rename_posts_the_text_names(tmp_path: Path) -> None:
    out, warnings = run(tmp_path, "柜员岗位职责\n1、负责甲工作。\n", post="别的岗位")
    assert list(duties(out)) == ["柜员"]
    assert not any("no heading names a post" in w for w in warnings)


def test_a_list_under_headings_that_name_no_owner_still_comes_out(tmp_path: Path) -> None:
    out, warnings = run(tmp_path, "柜面业务操作规程\n第一章 总则\n第一条 负责办理柜面业务。\n"
                                  "第二条 负责现金安全。\n")
    assert duties(out) == {"柜面业务操作规程": ["负责办理柜面业务", "负责现金安全"]}
    assert any("named by the document's title" in w for w in warnings)


def test_a_job_description_field_block_names_post_and_department(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "岗位名称:授信审批岗\n所属部门:授信审批部\n岗位职责:\n1、负责审批;\n"
                           "2、负责档案。\n")
    model = yaml.safe_load(out)
    dept = next(d for d in model["departments"] if d["name"] == "授信审批部")
    assert [r["title"] for r in dept["roles"]] == ["授信审批岗"]


def test_an_empty_post_option_is_a_usage_error(tmp_path: Path,
                                               cli: Callable[..., Result]) -> None:
    path = tmp_path / "a.txt"
    path.write_text("1、负责甲。\n", encoding="utf-8")
    result = cli("import", str(path), "--post", " ")
    assert result.exit_code == 2
    assert "--post: give a post title" in result.stderr


def test_an_article_announcing_the_duties_is_a_comment_over_them(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "第二章 会计主管岗位职责\n"
                           "第三条 会计主管对核算质量负责,主要职责如下:\n"
                           "(一)审核重要凭证;\n(二)保管印章;\n"
                           "第四条 负责组织业务培训,包括:\n(一)新员工培训;\n(二)岗位轮训。\n"
                           "第五条 负责账务核对。\n")
    assert duties(out)["会计主管"] == ["审核重要凭证", "保管印章",
                                       "负责组织业务培训,包括; 新员工培训; 岗位轮训",
                                       "负责账务核对"]
    assert "# 会计主管对核算质量负责,主要职责如下" in out


def test_a_sub_heading_bullet_before_the_first_numbered_duty(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "Treasury Department\nMain responsibilities:\n◆ Liquidity\n"
                           "1. Monitor the liquidity position.\n2. Manage the reserve account.\n"
                           "◆ Investment\n3. Manage the bond portfolio.\n")
    assert duties(out) == {"Treasury Department": [
        "Monitor the liquidity position", "Manage the reserve account",
        "Manage the bond portfolio"]}
    lines = out.splitlines()
    assert lines[lines.index("      # Liquidity") + 1] == '      - "Monitor the liquidity position"'


def test_a_bullet_list_of_short_phrases_stays_a_list(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "运营管理部职责\n◆ 现金管理\n◆ 凭证管理\n◆ 印章管理\n")
    assert duties(out) == {"运营管理部": ["现金管理", "凭证管理", "印章管理"]}


def test_the_heading_quoted_in_a_notice_title_and_its_announcing_sentence(
        tmp_path: Path) -> None:
    out, _ = run(tmp_path, "关于印发《合规部职责》的通知\n各部门:\n"
                           "根据改革方案,现将合规部主要职责明确如下。\n"
                           "合规部主要职责:一是拟定合规政策;二是开展合规审查。\n特此通知。\n")
    assert duties(out) == {"合规部": ["拟定合规政策", "开展合规审查"]}


@pytest.mark.parametrize("heading, title", [
    ("对公客户经理岗位职责", "对公客户经理"),
    ("对私客户经理职责", "对私客户经理"),
    ("**银行**分行个人客户经理招聘", "个人客户经理"),
    ("诚聘理财经理", "理财经理"),
    ("大堂经理(急聘)", "大堂经理"),
])
def test_post_titles_that_open_like_a_verb_or_sit_in_a_posting_heading(
        tmp_path: Path, heading: str, title: str) -> None:
    out, warnings = run(tmp_path, f"{heading}\n1、负责客户营销;\n2、维护客户关系。\n")
    assert duties(out) == {title: ["负责客户营销", "维护客户关系"]}
    assert not any("no heading names a post" in str(w) for w in warnings)


def test_a_duty_that_opens_with_dui_is_still_a_duty(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "柜员岗位职责\n1、对公客户开户资料进行审核;\n2、办理现金业务。\n")
    assert duties(out) == {"柜员": ["对公客户开户资料进行审核", "办理现金业务"]}


@pytest.mark.parametrize("written, salary", [
    ("8-12K", {"min": 8000, "max": 12000, "per": "month", "currency": "CNY"}),
    ("1.5-2万/月", {"min": 15000, "max": 20000, "per": "month", "currency": "CNY"}),
    ("15-25万/年", {"min": 150000, "max": 250000, "per": "year", "currency": "CNY"}),
    ("$5,000 - $7,000 per month", {"min": 5000, "max": 7000, "per": "month",
                                   "currency": "USD"}),
])
def test_a_posting_salary_as_people_write_it(tmp_path: Path, written: str,
                                             salary: dict[str, object]) -> None:
    out, _ = run(tmp_path, f"岗位职责:\n1. 负责客户营销;\n2. 负责贷后管理。\n薪资:{written}\n",
                 post="客户经理")
    role = yaml.safe_load(out)["departments"][0]["roles"][0]
    assert role["salary"] == salary


def test_a_salary_with_no_figure_is_left_out_where_the_reader_sees_it(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "岗位职责:\n1. 负责客户营销;\n2. 负责贷后管理。\n薪资:面议\n",
                 post="客户经理")
    assert "salary" not in yaml.safe_load(out)["departments"][0]["roles"][0]
    assert "薪资: 面议" in out


def test_responsibilities_of_a_head_of_something(tmp_path: Path) -> None:
    out, warnings = run(tmp_path, "Responsibilities of the Head of Treasury\n"
                                  "First, set the funding strategy. Second, approve placements.\n")
    assert duties(out) == {"Head of Treasury": ["Set the funding strategy",
                                                "Approve placements"]}
    assert not any("no heading names a post" in str(w) for w in warnings)


def test_a_rules_title_opening_with_a_verb_is_the_title_not_a_duty(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "稽核規程\n\n第三章 稽核主管職責\n第十條 擬訂年度稽核計畫。\n"
                           "第十一條 審核稽核報告。\n")
    assert duties(out) == {"稽核主管": ["擬訂年度稽核計畫", "審核稽核報告"]}
    # a title that names a document is no department: the post waits for one
    assert yaml.safe_load(out)["departments"][0]["name"] == "未分配部门"


def test_related_article_titles_after_a_chrome_heading_are_left_out(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "<h1>柜员岗位职责</h1><p>1、办理现金业务;</p><p>2、保管尾箱。</p>"
                           "<h3>相关文章</h3><ul><li>理财经理岗位职责</li>"
                           "<li>大堂经理岗位职责</li></ul>", name="page.html")
    assert duties(out) == {"柜员": ["办理现金业务", "保管尾箱"]}
    assert "# Headings with nothing under them" not in out
    assert "理财经理" in out.split("# Left out:", 1)[1]  # listed with the text left out


@pytest.mark.parametrize("text, duty, education", [
    ("岗位职责:1、审核资料;2、录入系统。任职要求:大专以上学历\n", "录入系统", "大专以上学历"),
    ("Responsibilities:\n1. Review files.\n2. Approve loans. Requirements: degree in finance\n",
     "Approve loans", "degree in finance"),
])
def test_requirements_after_the_last_duty_on_its_line_are_qualifications(
        tmp_path: Path, text: str, duty: str, education: str) -> None:
    out, _ = run(tmp_path, text, post="专员")
    role = yaml.safe_load(out)["departments"][0]["roles"][0]
    assert role["duties"][-1] == duty
    assert role["qualifications"]["education"] == education


@pytest.mark.parametrize("first, second", [
    ("a) ", "b) "), ("(a) ", "(b) "), ("A. ", "B. "), ("A、", "B、"), ("Ⅰ. ", "Ⅱ. "),
    ("I. ", "II. "), ("⑴", "⑵"), ("⒈", "⒉"), ("❶ ", "❷ "), ("➊ ", "➋ "),
    ("1\ufe0f\u20e3 ", "2\ufe0f\u20e3 "), ("— ", "— "), ("一．", "二．"), ("一.", "二."),
])
def test_every_numbering_style_gives_a_list_not_an_empty_result(
        tmp_path: Path, first: str, second: str) -> None:
    out, _ = run(tmp_path, f"柜员岗位职责\n{first}办理现金业务;\n{second}负责尾箱保管。\n")
    assert duties(out) == {"柜员": ["办理现金业务", "负责尾箱保管"]}


def test_a_letter_opening_one_line_is_no_numbering(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "Teller Responsibilities\n1. Handle cash.\n"
                           "A. Smith reviews the vault each day.\n2. Keep the vault.\n")
    assert "A. Smith" in out  # the line is kept whole (not cut as item "Smith …")


def test_sections_of_a_duties_chapter_name_their_posts(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "第五章 岗位职责\n第一节 柜员\n第二十条 办理现金收付业务。\n"
                           "第二十一条 负责柜面凭证的审核。\n第二节 大堂经理\n"
                           "第二十二条 引导客户分流。\n")
    assert duties(out) == {"柜员": ["办理现金收付业务", "负责柜面凭证的审核"],
                           "大堂经理": ["引导客户分流"]}


def test_an_english_posting_with_a_comma_title_and_about_the_role(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "Senior Relationship Manager, Private Banking\n\nAbout the role\n"
                           "We are a leading regional bank.\n\nWhat you'll do:\n"
                           "• Manage a portfolio of clients\n• Deliver lending solutions\n")
    assert duties(out) == {"Senior Relationship Manager": [
        "Manage a portfolio of clients", "Deliver lending solutions"]}


def test_a_quoted_post_name(tmp_path: Path) -> None:
    out, _ = run(tmp_path, "「櫃員」職責\n一、辦理存款業務。\n二、執行每日軋帳作業。\n")
    assert duties(out) == {"櫃員": ["辦理存款業務", "執行每日軋帳作業"]}
