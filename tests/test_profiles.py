"""Job profiles (标准岗位): instantiation, placeholders, overrides, omit, located errors and
the overlap checks' silence across instances of one profile duty."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from clock import TODAY

from dutymatrix.engine import run_check
from dutymatrix.findings import Finding
from dutymatrix.load import load_org

HEAD = """\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: investigate, name: 贷前调查}
      - {id: monitor, name: 贷后检查}
profiles:
  - id: loan-officer
    title: 信贷员
    key: true
    headcount: 2
    purpose: 做好{department}个人贷款业务
    duties:
      - text: 负责{department}辖内个人贷款的贷前调查
        raci: {loan.investigate: R}
      - text: 负责{org}{post}的贷后检查
        raci: {loan.monitor: R}
      - 负责客户档案的收集与整理
    qualifications:
      education: 本科及以上学历
      skills: ["熟悉{department}辖内客户"]
departments:
  - id: branch
    name: 分行
"""


def _branch(dept: str, name: str, post: str) -> str:
    return (f"  - id: {dept}\n    name: {name}\n    parent: branch\n    roles:\n"
            f"      - id: {dept}.loan-officer\n{post}")


@pytest.fixture
def check_profiles(write_org: Callable[..., Path]) -> Callable[[str], list[Finding]]:
    def run(body: str) -> list[Finding]:
        result = run_check(str(write_org({"org.yaml": HEAD + body})), today=TODAY)
        assert not result.load_failed, [f.message for f in result.findings]
        return result.active_findings

    return run


def _load(write_org: Callable[..., Path], body: str):
    return load_org(str(write_org({"org.yaml": HEAD + body})))


def test_positions_get_the_profile_filled_in(write_org: Callable[..., Path]) -> None:
    result = _load(write_org, _branch("b001", "城东支行", "        profile: loan-officer\n"))
    assert not result.errors, [f.message for f in result.errors]
    role = result.org.roles["b001.loan-officer"]
    assert str(role.title) == "信贷员" and role.key and role.headcount == 2
    assert str(role.purpose) == "做好城东支行个人贷款业务"
    assert [str(d.text) for d in role.duties] == [
        "负责城东支行辖内个人贷款的贷前调查", "负责示例银行信贷员的贷后检查",
        "负责客户档案的收集与整理"]
    assert [d.ref for d in role.duties] == [f"b001.loan-officer#{n}" for n in (1, 2, 3)]
    assert role.duties[0].raci == {"loan.investigate": "R"}
    assert [str(s) for s in role.qualifications.skills] == ["熟悉城东支行辖内客户"]


def test_own_fields_override_and_own_duties_follow(write_org: Callable[..., Path]) -> None:
    post = ("        profile: loan-officer\n        title: 高级信贷员\n        key: false\n"
            "        omit: [3]\n        duties:\n          - 负责小微企业贷款的营销\n")
    role = _load(write_org, _branch("b002", "城西支行", post)).org.roles["b002.loan-officer"]
    assert str(role.title) == "高级信贷员" and role.key is False
    assert [str(d.text) for d in role.duties] == [
        "负责城西支行辖内个人贷款的贷前调查", "负责示例银行高级信贷员的贷后检查",
        "负责小微企业贷款的营销"]
    assert [d.n for d in role.duties] == [1, 2, 3]
    assert [d.profile_n for d in role.duties] == [1, 2, 0]


def test_a_profile_duty_is_located_at_the_profile(write_org: Callable[..., Path]) -> None:
    text = HEAD.replace("{loan.monitor: R}", "{loan.monitr: R}") + _branch(
        "b001", "城东支行", "        profile: loan-officer\n") + _branch(
        "b002", "城西支行", "        profile: loan-officer\n")
    result = load_org(str(write_org({"org.yaml": text})))
    [unknown] = [f for f in result.errors if f.rule == "DM111"]  # once, not once per post
    assert (unknown.loc.line, unknown.loc.col) == (text.splitlines().index(
        "        raci: {loan.monitr: R}") + 1, 16)
    assert unknown.subject == "loan-officer#2"


def test_finding_on_an_instance_names_the_profile_line_and_the_post(
        write_org: Callable[..., Path]) -> None:
    text = HEAD.replace("{loan.monitor: R}", "{loan.monitor: A}") + _branch(
        "b001", "城东支行", "        profile: loan-officer\n") + _branch(
        "b002", "城西支行", "        profile: loan-officer\n")
    findings = run_check(str(write_org({"org.yaml": text})), today=TODAY).active_findings
    [two_a] = [f for f in findings if f.rule == "DM301"]
    profile_line = text.splitlines().index("        raci: {loan.monitor: A}") + 1
    assert two_a.loc.line == profile_line
    assert set(two_a.related) == {"b001.loan-officer", "b002.loan-officer"}
    assert [label for label, _ in two_a.places] == ["b001.loan-officer#2", "b002.loan-officer#2"]
    assert {loc.line for _, loc in two_a.places} == {profile_line}


def test_unknown_profile_and_omit_out_of_range_are_located(
        write_org: Callable[..., Path]) -> None:
    body = (_branch("b001", "城东支行", "        profile: loan-oficer\n")
            + _branch("b002", "城西支行", "        profile: loan-officer\n        omit: [4]\n"))
    result = _load(write_org, body)
    lines = (HEAD + body).splitlines()
    by_rule = {f.rule: f for f in result.errors}
    assert "did you mean `loan-officer`" in by_rule["DM111"].message
    assert by_rule["DM111"].loc.line == lines.index("        profile: loan-oficer") + 1
    assert by_rule["DM124"].loc.line == lines.index("        omit: [4]") + 1
    assert "has 3 duties" in by_rule["DM124"].message


def test_unknown_placeholder_is_reported_once_with_exit_2(
        write_org: Callable[..., Path], cli) -> None:
    text = HEAD.replace("负责客户档案", "负责{branch}客户档案") + _branch(
        "b001", "城东支行", "        profile: loan-officer\n") + _branch(
        "b002", "城西支行", "        profile: loan-officer\n")
    root = write_org({"org.yaml": text})
    result = cli("check", str(root), "--format", "json")
    assert result.exit_code == 2
    [placeholder] = [f for f in json.loads(result.output)["findings"] if f["rule"] == "DM127"]
    line = text.splitlines().index("      - 负责{branch}客户档案的收集与整理") + 1
    assert placeholder["line"] == line
    assert "`branch` in braces" in placeholder["message"]


def test_a_post_without_title_or_profile_is_missing_a_field(
        write_org: Callable[..., Path]) -> None:
    result = _load(write_org, _branch("b001", "城东支行", "        headcount: 1\n"))
    assert [f.rule for f in result.errors] == ["DM121"]


def test_instances_of_one_profile_duty_are_not_overlaps(check_profiles) -> None:
    findings = check_profiles(
        _branch("b001", "城东支行", "        profile: loan-officer\n")
        + _branch("b002", "城西支行", "        profile: loan-officer\n")
        + _branch("b003", "城南支行", "        profile: loan-officer\n"))
    assert [f for f in findings if f.rule in ("DM302", "DM303")] == []


def test_an_own_duty_that_copies_the_profile_is_reported(check_profiles) -> None:
    own = ("        profile: loan-officer\n        duties:\n"
           "          - 负责城东支行辖内个人贷款的贷前调查工作\n")
    findings = check_profiles(_branch("b001", "城东支行", own)
                              + _branch("b002", "城西支行", "        profile: loan-officer\n"))
    [near] = [f for f in findings if f.rule == "DM303"]
    assert "b001.loan-officer" in [near.subject, *near.related]
    assert any("b001.loan-officer#4" in label for label, _ in near.places)


def test_a_copy_outside_the_profile_is_still_reported(check_profiles) -> None:
    other = ("  - id: b009\n    name: 城北支行\n    parent: branch\n    roles:\n"
             "      - id: b009.clerk\n        title: 综合员\n        duties:\n"
             "          - 负责城北支行辖内个人贷款的贷前调查\n")
    findings = check_profiles(_branch("b001", "城东支行", "        profile: loan-officer\n")
                              + _branch("b002", "城西支行", "        profile: loan-officer\n")
                              + other)
    [near] = [f for f in findings if f.rule == "DM303"]
    assert {near.subject, *near.related} == {"b001.loan-officer", "b002.loan-officer",
                                             "b009.clerk"}


def _diff(write_org: Callable[..., Path], cli, old: str, new: str) -> dict:
    before = write_org({"org.yaml": old}, name="old")
    after = write_org({"org.yaml": new}, name="new")
    result = cli("diff", str(before), str(after), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_diff_reports_a_profile_change_once_with_the_posts(
        write_org: Callable[..., Path], cli) -> None:
    branches = "".join(_branch(f"b{i:03d}", f"支行{i}", "        profile: loan-officer\n")
                       for i in range(1, 6))
    old = HEAD + branches
    new = HEAD.replace("      - 负责客户档案的收集与整理\n",
                       "      - 负责客户档案的收集与整理\n      - 负责{department}的贷款营销\n"
                       ).replace("本科及以上学历", "硕士") + branches
    changes = _diff(write_org, cli, old, new)["changes"]
    kinds = [c["kind"] for c in changes]
    assert "duty-added" not in kinds and "role-changed" not in kinds
    [added] = [c for c in changes if c["kind"] == "profile-duty-added"]
    assert added["subject"] == "loan-officer" and added["n"] == 4
    assert added["affects"] == [f"b{i:03d}.loan-officer" for i in range(1, 6)]
    assert added["summary"].endswith("影响 5 个岗位")
    [qualification] = [c for c in changes if c["kind"] == "profile-changed"]
    assert qualification["field"] == "qualifications"


def test_diff_reports_a_post_that_starts_omitting_a_profile_duty(
        write_org: Callable[..., Path], cli) -> None:
    old = HEAD + _branch("b001", "城东支行", "        profile: loan-officer\n")
    new = HEAD + _branch("b001", "城东支行", "        profile: loan-officer\n        omit: [3]\n")
    changes = _diff(write_org, cli, old, new)["changes"]
    removed = [c for c in changes if c["kind"] == "duty-removed"]
    assert [(c["subject"], c["text"]) for c in removed] == [
        ("b001.loan-officer", "负责客户档案的收集与整理")]
    assert any(c["kind"] == "role-changed" and c["field"] == "omit" for c in changes)


def test_the_job_description_of_a_post_has_its_filled_in_duties(
        write_org: Callable[..., Path]) -> None:
    from dutymatrix.matrix import build_matrix
    from dutymatrix.render.context import jd_context
    from dutymatrix.render.markdown import render_jd_markdown

    org = _load(write_org, _branch("b001", "城东支行", "        profile: loan-officer\n"
                                   "        omit: [3]\n")).org
    markdown = render_jd_markdown(jd_context(org, build_matrix(org), "b001.loan-officer", "zh"))
    assert "负责城东支行辖内个人贷款的贷前调查" in markdown
    assert "{department}" not in markdown and "客户档案" not in markdown
