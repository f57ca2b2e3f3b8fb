"""`dutymatrix show ID`: what a post carries, who carries an activity, what a person holds."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

ORG = {
    "org.yaml": """
        org: {id: demo-bank, name: 示例银行}
        processes:
          - id: loan
            name: 贷款业务
            activities:
              - {id: investigate, name: 贷前调查}
              - {id: review,      name: 贷时审查}
              - {id: approve,     name: 贷款审批}
        rules:
          sod:
            - id: SOD-LOAN-1
              name: 审贷分离
              activities: [loan.investigate, loan.review, loan.approve]
              at_most: 1
          authority:
            - activity: loan.approve
              unit: CNY
              bands:
                - {by: credit.manager, up_to: 1000000}
                - {by: loan-committee, over: 1000000}
        """,
    "credit.yaml": """
        departments:
          - id: credit
            name: {zh: 信贷管理部, en: Credit Department}
            roles:
              - id: credit.manager
                title: {zh: 信贷管理部经理, en: Credit Manager}
                key: true
                backup: credit.deputy
                duties:
                  - text: 负责审批100万元(含)以下贷款
                    raci: {loan.approve: A}
                  - text: 负责组织贷款审查
                    raci: {loan.review: C}
              - id: credit.deputy
                title: 信贷管理部副经理
                reports_to: credit.manager
                duties:
                  - text: 负责贷款审查
                    raci: {loan.review: AR}
              - id: credit.officer
                title: 客户经理
                reports_to: credit.manager
                duties:
                  - text: 负责贷前调查
                    raci: {loan.investigate: AR}
        committees:
          - id: loan-committee
            name: 审贷委员会
            members: [credit.manager]
            duties:
              - text: 审批100万元以上贷款
                raci: {loan.approve: AR}
        people:
          - id: E1
            name: 张三
            holds: [credit.officer]
            acting: [credit.deputy]
        """,
}


@pytest.fixture
def org(write_org: Callable[..., Path]) -> Path:
    return write_org(ORG)


def show_json(cli: Callable[..., Result], org: Path, item: str) -> dict[str, Any]:
    result = cli("show", item, "--org", str(org), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_show_a_post(cli: Callable[..., Result], org: Path) -> None:
    data = show_json(cli, org, "credit.manager")
    assert data["kind"] == "role"
    assert [d["n"] for d in data["duties"]] == [1, 2]
    assert {c["activity"]: c["letters"] for c in data["carries"]} == {
        "loan.approve": "A", "loan.review": "C"}
    assert [(b["activity"], b["up_to"]) for b in data["bands"]] == [("loan.approve", 1000000)]
    # It carries loan.approve (A); with at_most 1 the other two must stay elsewhere.
    [sod] = data["incompatible"]
    assert sod["must_not_also_hold"] == ["loan.investigate", "loan.review"]
    assert data["committees"] == ["loan-committee"]
    assert data["backup"] == "credit.deputy"
    assert data["direct_reports"] == ["credit.deputy", "credit.officer"]


def test_show_a_backup_and_who_holds_it(cli: Callable[..., Result], org: Path) -> None:
    data = show_json(cli, org, "credit.deputy")
    assert data["backup_for"] == ["credit.manager"]
    assert data["held_by"] == [{"person": "E1", "name": "张三", "as": "acting"}]


def test_show_an_activity(cli: Callable[..., Result], org: Path) -> None:
    data = show_json(cli, org, "loan.approve")
    assert {h["holder"]: h["letters"] for h in data["holders"]} == {
        "credit.manager": "A", "loan-committee": "RA"}
    assert [b["by"] for b in data["bands"]] == ["credit.manager", "loan-committee"]
    assert [r["rule"] for r in data["sod_rules"]] == ["SOD-LOAN-1"]


def test_show_a_person_with_an_acting_post(cli: Callable[..., Result], org: Path) -> None:
    data = show_json(cli, org, "E1")
    assert [(p["role"], p["as"]) for p in data["posts"]] == [
        ("credit.officer", "holds"), ("credit.deputy", "acting")]
    assert {(c["activity"], c["via"]) for c in data["carries"]} == {
        ("loan.investigate", "credit.officer"), ("loan.review", "credit.deputy")}
    [sod] = data["incompatible"]
    assert sod["over_limit"] is True


def test_text_output_and_language(cli: Callable[..., Result], org: Path) -> None:
    # This org gives no `locale:`: the language is --lang's, else the environment's.
    zh = cli("show", "credit.manager", "--org", str(org), env={"LANG": "zh_CN.UTF-8"})
    assert zh.exit_code == 0, zh.output
    assert "信贷管理部经理" in zh.stdout and "岗位职责" in zh.stdout
    assert "1. 负责审批100万元(含)以下贷款" in zh.stdout
    # Names first, the id after; a Chinese page punctuates in full width.
    assert zh.stdout.startswith("岗位 信贷管理部经理（credit.manager）\n")
    assert "\n直接下级：\n  信贷管理部副经理（credit.deputy）\n" in zh.stdout
    assert "  A   贷款审批（loan.approve）\n" in zh.stdout
    assert "  审贷分离（SOD-LOAN-1）：贷前调查（loan.investigate）、贷时审查（loan.review）\n" \
        in zh.stdout
    en = cli("show", "credit.manager", "--org", str(org), "--lang", "en")
    assert "Credit Manager" in en.stdout and "Must never also hold" in en.stdout
    assert en.stdout.startswith("Post Credit Manager (credit.manager)\n")
    assert "\nDirect reports:\n" in en.stdout and "：" not in en.stdout
    by_name = cli("show", "贷款审批", "--org", str(org))
    assert by_name.exit_code == 0 and "loan.approve" in by_name.stdout


def test_unknown_id_suggests_the_closest(cli: Callable[..., Result], org: Path) -> None:
    result = cli("show", "credit.manger", "--org", str(org))
    assert result.exit_code == 2
    assert "did you mean 'credit.manager'" in result.stderr
