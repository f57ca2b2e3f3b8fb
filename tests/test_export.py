"""export --format json: the resolved model in the shape other tools parse
(docs/architecture.md, "Machine-readable shapes")."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dutymatrix.export import export_model
from dutymatrix.load import load_org

ORG = """\
org: {id: demo, name: {zh: 示例银行, en: Demo Bank}}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: review, name: 贷时审查}
      - {id: approve, name: {zh: 贷款审批, en: Loan approval}}
departments:
  - id: branch
    name: 分行
    duties:
      - 负责全行工作
      - text: 负责贷款审批
        raci: {loan.approve: A}
    roles:
      - id: branch.manager
        title: 行长
        duties:
          - 负责全面工作
          - text: 负责贷款审批
            raci: {loan.approve: A, loan.review: C}
committees:
  - {id: lc, name: 审贷会, members: [branch.manager]}
people:
  - {id: E1, name: 张三, holds: [branch.manager]}
rules:
  sod: [{id: S1, name: 审贷分离, activities: [loan.review, loan.approve]}]
  authority: [{activity: loan.approve, bands: [{by: lc, up_to: 1000000}]}]
waivers:
  - {rule: S1, subject: branch.manager, reason: 试点, expires: 2027-06-30}
"""


@pytest.fixture
def exported(write_org: Callable[..., Path]) -> dict[str, Any]:
    result = load_org(str(write_org({"org.yaml": ORG})))
    assert result.org is not None, result.findings
    return export_model(result.org)


def test_texts_keep_their_shape(exported: dict[str, Any]) -> None:
    assert exported["org"]["name"] == {"zh": "示例银行", "en": "Demo Bank"}
    activities = exported["processes"][0]["activities"]
    assert activities[0]["name"] == "贷时审查"
    assert activities[1]["name"] == {"zh": "贷款审批", "en": "Loan approval"}


def test_activity_ids_are_full(exported: dict[str, Any]) -> None:
    assert [a["id"] for a in exported["processes"][0]["activities"]] == [
        "loan.review", "loan.approve"]


def test_duties_numbered_with_raci(exported: dict[str, Any]) -> None:
    dept = exported["departments"][0]
    assert [(d["n"], d["text"], d["raci"]) for d in dept["duties"]] == [
        (1, "负责全行工作", {}), (2, "负责贷款审批", {"loan.approve": "A"})]
    role = dept["roles"][0]
    assert role["id"] == "branch.manager" and role["reports_to"] is None
    assert role["duties"][1]["n"] == 2
    assert role["duties"][1]["raci"] == {"loan.approve": "A", "loan.review": "C"}
    assert dept["parent"] is None


def test_rules_waivers_people(exported: dict[str, Any]) -> None:
    assert exported["rules"]["sod"][0]["activities"] == ["loan.review", "loan.approve"]
    assert exported["rules"]["authority"][0]["bands"] == [
        {"by": "lc", "over": 0, "up_to": 1000000}]
    assert exported["waivers"][0]["expires"] == "2027-06-30"
    assert exported["people"][0]["holds"] == ["branch.manager"]
    assert exported["committees"][0]["members"] == ["branch.manager"]


def test_cli_export_prints_json(cli: Callable[..., Any], write_org: Callable[..., Path]) -> None:
    result = cli("export", str(write_org({"org.yaml": ORG})), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["departments"][0]["roles"][0]["duties"][1]["raci"]["loan.approve"] == "A"


def test_cli_export_of_a_broken_model_exits_2(cli: Callable[..., Any],
                                              write_org: Callable[..., Path]) -> None:
    result = cli("export", str(write_org({"org.yaml": ORG.replace("parent", "x") +
                                          "departmets: []\n"})))
    assert result.exit_code == 2
    assert "DM105" in result.stderr and "Traceback" not in result.stderr


SAMPLES = [p for p in [Path(__file__).resolve().parent.parent / "org",
                       *sorted((Path(__file__).resolve().parent.parent / "examples").glob("*"))]
           if p.is_dir()]


@pytest.mark.skipif(not SAMPLES, reason="no sample orgs yet")
@pytest.mark.parametrize("folder", SAMPLES, ids=lambda p: p.name)
def test_every_sample_exports_every_duty(folder: Path) -> None:
    result = load_org(str(folder))
    assert result.errors == []
    assert result.org is not None
    data = json.loads(json.dumps(export_model(result.org), ensure_ascii=False))
    exported_duties = sum(len(d["duties"]) + sum(len(r["duties"]) for r in d["roles"])
                          for d in data["departments"])
    exported_duties += sum(len(c["duties"]) for c in data["committees"])
    assert exported_duties == len(list(result.org.all_duties()))
