"""Acceptance for `dutymatrix diff`: an org change with scripted edits, read as a reviewer
and as CI reads it (two folders, and the old version from git)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

ORG_YAML = """
org:
  id: demo-bank
  name: 示例银行
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: investigate, name: 贷前调查}
      - {id: review,      name: 贷时审查}
      - {id: approve,     name: 贷款审批}
      - {id: disburse,    name: 贷款发放}
departments:
  - id: branch
    name: 市分行
    roles:
      - id: branch.president
        title: 行长
        duties:
          - text: 负责全行经营管理
            raci: {loan.disburse: I}
rules:
  sod:
    - id: SOD-LOAN-1
      name: 审贷分离
      activities: [loan.investigate, loan.approve]
      at_most: 1
"""

CREDIT_YAML = """
departments:
  - id: credit-mgmt
    name: 信贷管理部
    parent: branch
    roles:
      - id: credit-mgmt.manager
        title: 信贷管理部经理
        reports_to: branch.president
        duties:
          - text: 负责审批权限内的贷款
            raci: {{loan.approve: A}}
          - text: 负责组织全行贷款审查工作
            raci: {review_manager}
      - id: credit-mgmt.reviewer
        title: 审查岗
        reports_to: credit-mgmt.manager
        duties:
          - text: 负责贷款审查
            raci: {{loan.review: {review_reviewer}}}
          - text: 负责整理贷款审批意见
            raci: {{loan.approve: R}}
"""

CUSTOMER_YAML = """
departments:
  - id: customer-1
    name: 客户一部
    parent: branch
    roles:
      - id: customer-1.manager
        title: 客户一部经理
        reports_to: branch.president
        duties:{first_duty}
          - text: 负责组织贷前调查
            raci: {{loan.investigate: A}}
          - text: 负责审核贷款发放
            raci: {{loan.disburse: A}}
      - id: customer-1.officer
        title: {officer_title}
        reports_to: customer-1.manager
        duties:
          - text: 负责贷前调查
            raci: {{loan.investigate: R}}
          - text: 负责办理贷款发放手续
            raci: {{loan.disburse: R}}
"""

PEOPLE_YAML = """
people:
  - id: E0001
    name: 赵一
    holds: [credit-mgmt.manager]
  - id: E0002
    name: 钱二
    holds: [customer-1.manager]
  - id: E1001
    name: 张三
    holds: [credit-mgmt.reviewer]
  - id: E1002
    name: 李四
    holds: [customer-1.officer]
"""

NEW_PERSON = """
  - id: E1003
    name: 王五
    holds: [customer-1.officer]
    acting: [credit-mgmt.reviewer]
"""


def org_files(new: bool) -> dict[str, str]:
    """The sample org before (new=False) or after the scripted edits."""
    credit = CREDIT_YAML.format(
        # an A moved from one post to another: loan.review A leaves the manager
        review_manager="{}" if new else "{loan.review: A}",
        review_reviewer="AR" if new else "R",
    )
    customer = CUSTOMER_YAML.format(
        # a duty inserted at the top of a post
        first_duty="\n          - 负责制定客户营销计划" if new else "",
        # a post renamed
        officer_title="公司客户经理" if new else "客户经理",
    )
    # a person added who acts in a conflicting post
    people = PEOPLE_YAML + (NEW_PERSON if new else "")
    return {"org.yaml": ORG_YAML, "departments/credit.yaml": credit,
            "departments/customer.yaml": customer, "people.yaml": people}


EXPECTED_CHANGES = [
    ("role-renamed", "customer-1.officer"),
    ("duty-added", "customer-1.manager"),
    ("raci-changed", "loan.review"),
    ("raci-changed", "loan.review"),
    ("person-added", "E1003"),
]


@pytest.fixture
def pair(write_org: Callable[..., Path]) -> tuple[Path, Path]:
    return write_org(org_files(False), "old"), write_org(org_files(True), "new")


def diff_json(cli: Callable[..., Result], *args: str) -> dict[str, Any]:
    result = cli("diff", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_sample_orgs_load_and_the_old_one_is_clean(
    cli: Callable[..., Result], pair: tuple[Path, Path]
) -> None:
    old, _ = pair
    result = cli("check", str(old), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["error"] == 0


def test_diff_lists_exactly_the_scripted_edits(
    cli: Callable[..., Result], pair: tuple[Path, Path]
) -> None:
    old, new = pair
    data = diff_json(cli, str(old), str(new))
    assert [(c["kind"], c["subject"]) for c in data["changes"]] == EXPECTED_CHANGES
    by_kind = {c["kind"]: c for c in data["changes"]}
    assert by_kind["role-renamed"]["old"] == "客户经理"
    assert by_kind["role-renamed"]["new"] == "公司客户经理"
    assert by_kind["duty-added"]["n"] == 1
    assert by_kind["duty-added"]["text"] == "负责制定客户营销计划"
    raci = {c["holder"]: (c["old"], c["new"]) for c in data["changes"]
            if c["kind"] == "raci-changed"}
    assert raci == {"credit-mgmt.manager": ("A", ""), "credit-mgmt.reviewer": ("R", "RA")}
    # Nothing about the posts nobody touched.
    touched = {"customer-1.officer", "customer-1.manager", "loan.review", "E1003"}
    assert {c["subject"] for c in data["changes"]} == touched


def test_the_new_sod_conflict_is_a_new_finding(
    cli: Callable[..., Result], pair: tuple[Path, Path]
) -> None:
    old, new = pair
    data = diff_json(cli, str(old), str(new))
    sod = [f for f in data["findings"]["new"]
           if f["rule"].startswith("DM4") and f["subject"] == "E1003"]
    assert len(sod) == 1 and sod[0]["severity"] == "error"
    assert sod[0]["file"].startswith(str(new))
    # The renumbered duties of customer-1.manager bring no "new" findings of their own.
    assert all(f["subject"] != "customer-1.manager" for f in data["findings"]["new"])
    assert data["findings"]["resolved"] == []


def test_fail_on_new_error(cli: Callable[..., Result], pair: tuple[Path, Path]) -> None:
    old, new = pair
    assert cli("diff", str(old), str(new), "--fail-on-new", "error").exit_code == 1
    same = cli("diff", str(new), str(new), "--fail-on-new", "error", "--format", "json")
    assert same.exit_code == 0, same.output
    assert json.loads(same.stdout)["changes"] == []
    assert json.loads(same.stdout)["findings"] == {"new": [], "resolved": []}
    # Going back removes the conflict: it is resolved, and nothing is new.
    back = cli("diff", str(new), str(old), "--fail-on-new", "warning", "--format", "json")
    assert back.exit_code == 0, back.output
    assert any(f["subject"] == "E1003" for f in json.loads(back.stdout)["findings"]["resolved"])


def test_text_and_markdown_say_it_in_plain_words(
    cli: Callable[..., Result], pair: tuple[Path, Path]
) -> None:
    old, new = pair
    text = cli("diff", str(old), str(new), "--lang", "en")
    assert text.exit_code == 0, text.output
    assert "贷时审查: A moves from 信贷管理部经理 to 审查岗" in text.stdout
    assert "customer-1.officer: renamed from “客户经理” to “公司客户经理”" in text.stdout
    assert "person added: 王五 (E1003)" in text.stdout
    zh = cli("diff", str(old), str(new), "--format", "markdown")
    assert zh.exit_code == 0, zh.output
    assert "贷时审查：A 由 信贷管理部经理 转到 审查岗" in zh.stdout
    assert "E1003" in zh.stdout.split("#### 新增问题")[1]


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo,
        check=True, capture_output=True,
    )


def test_diff_against_a_git_revision(
    cli: Callable[..., Result], write_org: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    org = write_org(org_files(False), "repo/org")
    repo = org.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "old org")
    for rel, text in org_files(True).items():
        (org / rel).write_text(text.lstrip("\n"), encoding="utf-8")
    monkeypatch.chdir(repo)
    data = diff_json(cli, "--git", "HEAD")
    assert [(c["kind"], c["subject"]) for c in data["changes"]] == EXPECTED_CHANGES
    sod = [f for f in data["findings"]["new"] if f["subject"] == "E1003"]
    assert sod and sod[0]["file"] == "org/people.yaml"
    back = diff_json(cli, "--git", "HEAD", "org")
    assert back["old"] == "HEAD:org"


def test_user_errors_exit_2_with_a_message(
    cli: Callable[..., Result], pair: tuple[Path, Path], write_org: Callable[..., Path],
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    old, new = pair
    missing = cli("diff", str(old), str(tmp_path / "nope"))
    assert missing.exit_code == 2 and "nope: no such folder" in missing.stderr
    one = cli("diff", str(old))
    assert one.exit_code == 2 and "two org folders" in one.stderr
    broken = write_org({"org.yaml": "org: {id: x, name: y, bogus: 1}\n"}, "broken")
    bad = cli("diff", str(broken), str(new), "--lang", "en")
    assert bad.exit_code == 2 and "[old version]" in bad.stderr
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    nogit = cli("diff", "--git", "main", str(new))
    assert nogit.exit_code == 2 and "not inside a git repository" in nogit.stderr


UNAPPROVED = """\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: approve, name: 贷款审批}
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: R}
      - id: credit.head
        title: 部门负责人
        duties:
          - 负责部门管理
"""
WAIVER = """\
waivers:
  - rule: DM201
    subject: loan.approve
    reason: 审批岗调整中
    control: 部门负责人逐笔复核
    approved_by: credit.head
    expires: 2026-12-31
"""


@pytest.mark.parametrize(("today", "resolved", "new"), [
    ("2026-12-31", ["DM201"], []),          # the new waiver holds: DM201 is gone
    ("2027-01-01", [], ["DM601"]),          # it has lapsed: DM201 stays, DM601 is new
])
def test_diff_judges_both_sides_on_the_given_day(cli: Callable[..., Result], tmp_path: Path,
                                                 today: str, resolved: list[str],
                                                 new: list[str]) -> None:
    old, changed = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    changed.mkdir()
    (old / "org.yaml").write_text(UNAPPROVED, encoding="utf-8")
    (changed / "org.yaml").write_text(UNAPPROVED + WAIVER, encoding="utf-8")
    result = cli("diff", str(old), str(changed), "--format", "json", "--today", today)
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    assert [f["rule"] for f in findings["resolved"]] == resolved
    assert [f["rule"] for f in findings["new"]] == new
