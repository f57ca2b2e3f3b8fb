"""Documents in zh-CN, zh-TW and en: labels from the catalogues, traditional model text
for display only, and audit data that reads as sentences for people."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from render_sample import sample_org

from dutymatrix.findings import Finding, Severity
from dutymatrix.load import load_org
from dutymatrix.matrix import build_matrix
from dutymatrix.model import Band, Loc, Salary, Text
from dutymatrix.render import hant
from dutymatrix.render.amounts import format_band, format_salary
from dutymatrix.render.audit_context import audit_context
from dutymatrix.render.context import jd_context
from dutymatrix.render.csvout import LABELS as CSV_LABELS
from dutymatrix.render.labels import (
    FAMILY_NAMES,
    LABELS,
    SEVERITY_NAMES,
    SEVERITY_WORDS,
    doc_lang,
)
from dutymatrix.render.orgchart_layout import LABELS as CHART_LABELS
from dutymatrix.render.site_labels import SITE_LABELS
from dutymatrix.render.xlsx_findings import FINDINGS_LABELS

REGISTRIES = {
    "document": LABELS, "severity": SEVERITY_NAMES, "severity word": SEVERITY_WORDS,
    "family": FAMILY_NAMES, "site": SITE_LABELS, "chart": CHART_LABELS, "csv": CSV_LABELS,
    "findings sheet": FINDINGS_LABELS,
}
HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize("registry", REGISTRIES, ids=str)
def test_english_labels_have_no_chinese_and_chinese_labels_are_chinese(registry: str) -> None:
    labels = REGISTRIES[registry]
    english = {k: v for k, v in labels["en"].items() if HAN.search(v)}
    assert not english, english
    for lang in ("zh-CN", "zh-TW"):
        # Labels made only of letters, digits and symbols (RACI letters, "100%") aside.
        untranslated = [k for k, v in labels[lang].items()
                        if re.search(r"[a-z]{3}", re.sub(r"\{\w+\}", "", v))
                        and not HAN.search(v)]
        assert not untranslated, (lang, untranslated)


@pytest.mark.parametrize("registry", REGISTRIES, ids=str)
def test_traditional_labels_are_already_traditional(registry: str) -> None:
    """OpenCC would change no character of a zh-TW label: none is simplified."""
    simplified = {k: v for k, v in REGISTRIES[registry]["zh-TW"].items()
                  if hant.to_traditional(v) != v}
    assert not simplified, simplified


def test_document_titles_in_each_language() -> None:
    assert LABELS["zh-CN"]["jd"] == "岗位说明书" and LABELS["zh-TW"]["jd"] == "崗位說明書"
    assert LABELS["zh-TW"]["raci"] == "RACI 責任矩陣"
    assert LABELS["en"]["jd"] == "Job Description"
    assert SEVERITY_WORDS["zh-CN"]["error"] == "错误"
    assert SEVERITY_WORDS["zh-TW"]["error"] == "錯誤"
    assert SEVERITY_WORDS["en"]["error"] == "error"
    # The old two-letter codes still read: "zh" is zh-CN.
    assert LABELS["zh"] == LABELS["zh-CN"]


def test_one_english_word_reads_differently_by_place() -> None:
    """"Location" is 工作地点 on a job description, 位置 in the audit report."""
    assert LABELS["zh-CN"]["location"] == "工作地点"
    assert LABELS["zh-CN"]["audit_location"] == "位置"
    assert LABELS["en"]["location"] == LABELS["en"]["audit_location"] == "Location"


@pytest.mark.parametrize(("lang", "first", "middle", "last"), [
    ("zh-CN", "第 ", " 页 / 共 ", " 页"),
    ("zh-TW", "第 ", " 頁 / 共 ", " 頁"),
    ("en", "Page ", " of ", ""),
])
def test_page_footer_pieces_come_from_one_message(lang: str, first: str, middle: str,
                                                  last: str) -> None:
    labels = LABELS[lang]
    assert (labels["page_n"], labels["page_of"], labels["page_end"]) == (first, middle, last)


def test_document_language_is_asked_for_else_the_orgs() -> None:
    org = sample_org()
    assert doc_lang(org, "zh") == "zh-CN"
    assert doc_lang(org, "zh-TW") == "zh-TW"
    assert doc_lang(replace(org, locale="zh-HK"), None) == "zh-TW"
    assert doc_lang(replace(org, locale="en-GB"), None) == "en"
    assert doc_lang(replace(org, locale="zh-CN"), None) == "zh-CN"
    assert doc_lang(replace(org, locale="fr-FR"), None) == "en"


def test_amounts_and_salaries_in_each_language() -> None:
    band = Band(by="x", over=1_000_000, up_to=100_000_000)
    assert format_band(band, "CNY", "zh-CN") == "100万元以上至1亿元（含）"
    assert format_band(band, "CNY", "zh-TW") == "100萬元以上至1億元（含）"
    assert format_band(band, "CNY", "en") == \
        "over CNY 1,000,000, up to and including CNY 100,000,000"
    assert format_band(Band(by="x"), "CNY", "zh-TW") == "不限金額"
    salary = Salary(min=8000, max=9999, per="hour", currency="CNY")
    assert format_salary(salary, "zh-CN") == "8,000–9,999 元/小时"
    assert format_salary(salary, "zh-TW") == "8,000–9,999 元/小時"
    assert format_salary(salary, "en") == "CNY 8,000–9,999 per hour"


def test_text_field_reads_its_zh_tw_side(write_org) -> None:
    folder = write_org({"org.yaml": """
org: {id: t, name: {zh: 示例银行, zh-TW: 範例銀行, en: Sample Bank}, locale: zh-TW}
processes:
  - {id: p, name: 贷款, activities: [{id: a, name: 审批}]}
"""})
    org = load_org(str(folder)).org
    assert org is not None
    assert org.name.get("zh-TW") == "範例銀行"
    assert org.name.get("zh-CN") == "示例银行"
    assert org.name.get("en") == "Sample Bank"
    assert org.name.to_json() == {"zh": "示例银行", "en": "Sample Bank", "zh-TW": "範例銀行"}
    assert Text(zh_tw="只有繁體").get("zh-CN") == "只有繁體"  # falls back to what is written


def test_zh_tw_display_converts_simplified_text_and_never_the_model() -> None:
    org = sample_org()
    role = org.roles["credit-mgmt.manager"]
    own = replace(org, name=Text(zh="示例银行", zh_tw="範例銀行(自訂)"))
    shown = hant.display_model(own, "zh-TW")
    shown_role = shown.roles["credit-mgmt.manager"]
    assert shown.name.get("zh-TW") == "範例銀行(自訂)"  # its own zh-TW side, as written
    assert shown_role.title.get("zh-TW") == hant.to_traditional(role.title.get("zh"))
    assert shown_role.duties[0].text.get("zh-TW") == "負責全行信貸政策和制度的組織實施及信貸檢查"
    # The model itself is untouched, and other languages get it as it is.
    assert org.roles["credit-mgmt.manager"].duties[0].text.get("zh-TW") == \
        "负责全行信贷政策和制度的组织实施及信贷检查"
    assert hant.display_model(org, "zh-CN") is org
    assert hant.display_model(org, "en") is org
    # s2tw: Taiwan character forms, the words left as written.
    assert hant.to_traditional("为了启动软件里的信息") == "為了啟動軟件裡的信息"
    assert hant.to_traditional("Loan approval") == "Loan approval"


def test_the_converter_is_loaded_once() -> None:
    from dutymatrix import messages

    hant.to_traditional("贷款")
    assert messages._converter() is messages._converter()
    assert messages._converter.cache_info().currsize == 1
    assert hant.to_traditional is messages.to_traditional  # one converter for both


def test_jd_context_in_traditional() -> None:
    org = hant.display_model(sample_org(), "zh-TW")
    jd = jd_context(org, build_matrix(org), "credit-mgmt.manager", "zh-TW")
    assert jd.labels["jd"] == "崗位說明書"
    assert jd.title == "信貸管理部經理"
    assert all(hant.to_traditional(d.text) == d.text for d in jd.duties)


def _sod_finding(org) -> Finding:
    duty = org.roles["customer-1.officer"].duties[0]
    return Finding(rule="DM401", name="sod-conflict", severity=Severity.ERROR,
                   message="岗位 customer-1.officer 同时承担贷前调查与贷款审批",
                   loc=Loc("org/departments/customer.yaml", 12, 7),
                   subject="customer-1.officer", related=(duty.ref, "loan.approve"),
                   hint="把其中一条职责移给另一岗位")


@pytest.mark.parametrize(("lang", "word", "owner"), [
    ("zh-CN", "错误", "第 1 条职责"), ("zh-TW", "錯誤", "第 1 條職責"), ("en", "error", "duty 1"),
])
def test_audit_finding_names_things_for_people(lang: str, word: str, owner: str) -> None:
    org = hant.display_model(sample_org(), lang)
    audit = audit_context(org, [_sod_finding(org)], lang)
    finding = audit.groups[0].findings[0]
    assert finding.severity == "error" and finding.severity_word == word
    assert finding.subject_name == org.roles["customer-1.officer"].title.get(lang)
    assert finding.location == "org/departments/customer.yaml:12:7"
    assert "org/" not in finding.message
    duty = finding.duties[0]
    assert duty.owner.endswith(owner) and duty.ref == "customer-1.officer#1"
    assert [r.id for r in finding.related] == ["loan.approve"]
    if lang == "zh-TW":  # a message built from simplified names reads traditional too
        assert finding.message == "崗位 customer-1.officer 同時承擔貸前調查與貸款審批"
        assert finding.hint == "把其中一條職責移給另一崗位"


def test_english_sample_org_loads() -> None:
    folder = Path(__file__).parent / "data" / "en-org"
    result = load_org(str(folder))
    assert result.org is not None and result.org.locale == "en"
