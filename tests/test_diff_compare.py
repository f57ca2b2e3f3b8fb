"""diff on resolved models: duty alignment, RACI moves, renames, bands, rules, findings."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dutymatrix.diff import DiffResult
from dutymatrix.diff.compare import compare_orgs
from dutymatrix.diff.duties import align_duties
from dutymatrix.diff.findings import compare_findings
from dutymatrix.diff.render import render_diff_json, render_diff_markdown, render_diff_text
from dutymatrix.findings import Finding, Severity
from dutymatrix.matrix import build_matrix
from dutymatrix.model import (
    Activity,
    AuthorityRule,
    Band,
    Committee,
    Department,
    Duty,
    Loc,
    Org,
    Person,
    Process,
    Role,
    SodRule,
    Text,
    Waiver,
)

DutySpec = tuple[str, dict[str, str]]


def duties(owner: str, specs: list[DutySpec | str]) -> tuple[Duty, ...]:
    out = []
    for n, spec in enumerate(specs, start=1):
        text, raci = (spec, {}) if isinstance(spec, str) else spec
        out.append(Duty(owner=owner, n=n, text=Text(plain=text), raci=raci))
    return tuple(out)


def make_org(
    roles: dict[str, tuple[str, list[DutySpec | str]]],
    *,
    dept_name: str = "信贷管理部",
    committee_duties: list[DutySpec | str] | None = None,
    reports_to: dict[str, str] | None = None,
    bands: tuple[Band, ...] = (Band(by="credit.manager"),),
    sod_at_most: int = 1,
    people: tuple[Person, ...] = (),
    waivers: tuple[Waiver, ...] = (),
) -> Org:
    reports_to = reports_to or {}
    role_objs = tuple(
        Role(id=rid, title=Text(plain=title), department="credit",
             reports_to=reports_to.get(rid), duties=duties(rid, specs))
        for rid, (title, specs) in roles.items()
    )
    committees = ()
    if committee_duties is not None:
        committees = (Committee(id="loan-committee", name=Text(plain="审贷委员会"),
                                members=("credit.manager",),
                                duties=duties("loan-committee", committee_duties)),)
    return Org(
        id="bank",
        name=Text(plain="示例银行"),
        processes=(Process(id="loan", name=Text(plain="贷款业务"), activities=(
            Activity(id="loan.investigate", process="loan", name=Text(plain="贷前调查")),
            Activity(id="loan.review", process="loan", name=Text(plain="贷时审查")),
            Activity(id="loan.approve", process="loan", name=Text(plain="贷款审批")),
        )),),
        departments=(Department(id="credit", name=Text(plain=dept_name), roles=role_objs),),
        committees=committees,
        people=people,
        sod_rules=(SodRule(id="SOD-1", name=Text(plain="审贷分离"),
                           activities=("loan.investigate", "loan.approve"),
                           at_most=sod_at_most),),
        authority=(AuthorityRule(activity="loan.approve", bands=bands),),
        waivers=waivers,
    )


BASE_ROLES: dict[str, tuple[str, list[DutySpec | str]]] = {
    "credit.manager": ("信贷管理部经理", [
        ("负责审批权限内的贷款", {"loan.approve": "A"}),
        "负责组织全行信贷检查",
        "负责行领导交办的其他工作",
    ]),
    "credit.officer": ("客户经理", [
        ("负责贷前调查并撰写调查报告", {"loan.investigate": "AR"}),
        "负责客户关系维护",
    ]),
    "credit.reviewer": ("审查岗", [("负责贷款审查", {"loan.review": "AR"})]),
}


def diff(old: Org, new: Org, lang: str = "en") -> list[Any]:
    return compare_orgs(old, build_matrix(old), new, build_matrix(new), lang)


def kinds(changes: list[Any]) -> list[tuple[str, str]]:
    return [(c.kind, c.subject) for c in changes]


def test_an_org_compared_with_itself_has_no_changes() -> None:
    org = make_org(BASE_ROLES)
    assert diff(org, org) == []


def test_duty_inserted_at_the_top_is_one_addition_not_a_renumbering() -> None:
    old = make_org(BASE_ROLES)
    roles = dict(BASE_ROLES)
    title, specs = roles["credit.manager"]
    roles["credit.manager"] = (title, ["负责制定全行信贷政策", *specs])
    changes = diff(old, make_org(roles))
    assert kinds(changes) == [("duty-added", "credit.manager")]
    assert changes[0].details["n"] == 1
    assert "负责制定全行信贷政策" in changes[0].summary


def test_reworded_and_removed_duties_are_told_apart() -> None:
    old = make_org(BASE_ROLES)
    roles = dict(BASE_ROLES)
    roles["credit.manager"] = ("信贷管理部经理", [
        ("负责审批权限内的贷款", {"loan.approve": "A"}),
        "负责组织全行的信贷检查工作",   # reworded
        # the catch-all duty is removed
    ])
    changes = diff(old, make_org(roles))
    assert sorted(kinds(changes)) == [("duty-removed", "credit.manager"),
                                      ("duty-reworded", "credit.manager")]
    reworded = next(c for c in changes if c.kind == "duty-reworded")
    assert reworded.details["old_text"] == "负责组织全行信贷检查"
    assert reworded.details["text"] == "负责组织全行的信贷检查工作"
    removed = next(c for c in changes if c.kind == "duty-removed")
    assert removed.details["n"] == 3


def test_reordered_duties_are_moves_not_rewordings() -> None:
    old = make_org(BASE_ROLES)
    roles = dict(BASE_ROLES)
    title, specs = roles["credit.manager"]
    roles["credit.manager"] = (title, [specs[1], specs[0], specs[2]])
    changes = diff(old, make_org(roles))
    assert {c.kind for c in changes} == {"duty-moved"}
    assert {(c.details["old_ref"], c.details["ref"]) for c in changes} <= {
        ("credit.manager#1", "credit.manager#2"), ("credit.manager#2", "credit.manager#1")}


def test_a_duty_handed_to_another_post_is_one_move_with_its_letters() -> None:
    old = make_org(BASE_ROLES)
    roles = dict(BASE_ROLES)
    handed = ("负责审批权限内的贷款", {"loan.approve": "A"})
    roles["credit.manager"] = ("信贷管理部经理",
                               ["负责组织全行信贷检查", "负责行领导交办的其他工作"])
    roles["credit.reviewer"] = ("审查岗", [*BASE_ROLES["credit.reviewer"][1], handed])
    changes = diff(old, make_org(roles))
    assert kinds(changes) == [("duty-moved", "credit.reviewer"), ("raci-changed", "loan.approve"),
                              ("raci-changed", "loan.approve")]
    assert changes[0].details["old_ref"] == "credit.manager#1"
    assert changes[0].details["ref"] == "credit.reviewer#2"


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="贷款审批调查检查放款催收核销档案合同", min_size=3,
                           max_size=12), min_size=0, max_size=8, unique=True),
    data=st.data(),
)
def test_inserting_a_duty_anywhere_adds_exactly_that_duty(texts: list[str],
                                                          data: st.DataObject) -> None:
    new_text = data.draw(st.text(alphabet="ABCDEFGHIJ", min_size=4, max_size=10))
    position = data.draw(st.integers(min_value=0, max_value=len(texts)))
    old = duties("r", list(texts))
    new = duties("r", [*texts[:position], new_text, *texts[position:]])
    reworded, removed, added = align_duties(old, new)
    assert reworded == [] and removed == []
    assert [(d.n, d.text.plain) for d in added] == [(position + 1, new_text)]


def test_an_accountable_moved_to_a_committee_reads_as_a_move() -> None:
    old = make_org(BASE_ROLES, committee_duties=["负责审议重大信贷事项"])
    roles = dict(BASE_ROLES)
    roles["credit.manager"] = ("信贷管理部经理", [
        "负责审批权限内的贷款", "负责组织全行信贷检查", "负责行领导交办的其他工作"])
    new = make_org(roles, committee_duties=[("负责审议重大信贷事项", {"loan.approve": "A"})])
    changes = diff(old, new)
    raci = [c for c in changes if c.kind == "raci-changed"]
    assert [(c.details["holder"], c.details["old"], c.details["new"]) for c in raci] == [
        ("credit.manager", "A", ""), ("loan-committee", "", "A")]
    # Only RACI letters changed: no duty was added, removed or reworded.
    assert {c.kind for c in changes} == {"raci-changed"}
    result = DiffResult("old", "new", "en", changes)
    assert "贷款审批: A moves from 信贷管理部经理 to 审贷委员会" in render_diff_text(result)
    zh = DiffResult("old", "new", "zh", diff(old, new, "zh"))
    assert "贷款审批：A 由 信贷管理部经理 转到 审贷委员会" in render_diff_text(zh)


def test_post_renamed_and_moved_department_renamed() -> None:
    old = make_org(BASE_ROLES)
    roles = dict(BASE_ROLES)
    roles["credit.reviewer"] = ("贷款审查岗", BASE_ROLES["credit.reviewer"][1])
    new = make_org(roles, dept_name="信贷审批部", reports_to={"credit.reviewer": "credit.manager"})
    changes = diff(old, new)
    assert kinds(changes) == [
        ("department-renamed", "credit"),
        ("role-renamed", "credit.reviewer"),
        ("role-moved", "credit.reviewer"),
    ]
    renamed = changes[1]
    assert (renamed.details["old"], renamed.details["new"]) == ("审查岗", "贷款审查岗")
    moved = changes[2]
    assert moved.details == {"field": "reports_to", "old": None, "new": "credit.manager"}


def test_bands_sod_rules_waivers_and_people() -> None:
    old = make_org(BASE_ROLES, bands=(Band(by="credit.manager"),))
    waiver = Waiver(rule="SOD-1", subject="credit.officer", reason=Text(plain="人手不足"))
    person = Person(id="E1", name=Text(plain="张三"), holds=("credit.officer",))
    new = make_org(
        BASE_ROLES,
        bands=(Band(by="credit.manager", up_to=1_000_000), Band(by="credit.reviewer",
                                                                over=1_000_000)),
        sod_at_most=0,
        people=(person,),
        waivers=(waiver,),
    )
    changes = diff(old, new)
    assert kinds(changes) == [
        ("person-added", "E1"),
        ("band-changed", "loan.approve"),
        ("band-added", "loan.approve"),
        ("sod-rule-changed", "SOD-1"),
        ("waiver-added", "credit.officer"),
    ]
    band = changes[1].details
    assert band["old"] == {"by": "credit.manager", "over": 0, "up_to": None}
    assert band["new"] == {"by": "credit.manager", "over": 0, "up_to": 1_000_000}
    assert changes[3].details == {"field": "at_most", "old": 1, "new": 0}


def test_person_gains_an_acting_post() -> None:
    before = Person(id="E1", name=Text(plain="张三"), holds=("credit.officer",))
    after = dataclasses.replace(before, acting=("credit.manager",))
    changes = diff(make_org(BASE_ROLES, people=(before,)), make_org(BASE_ROLES, people=(after,)))
    assert kinds(changes) == [("person-post-added", "E1")]
    assert changes[0].details == {"field": "acting", "item": "credit.manager"}


def finding(rule: str, subject: str, message: str, line: int,
            related: tuple[str, ...] = (), severity: Severity = Severity.ERROR) -> Finding:
    return Finding(rule=rule, name="x", severity=severity, message=message,
                   loc=Loc("org/a.yaml", line, 3), subject=subject, related=related)


def test_findings_are_matched_by_content_not_position() -> None:
    old = [
        finding("DM401", "credit.officer", "carries credit.officer#1 and #2", 10,
                related=("credit.officer#1",)),
        finding("DM201", "loan.review", "no A (org/a.yaml:12:3)", 12),
    ]
    new = [
        # the same finding after a duty was inserted above: other line, other duty number
        finding("DM401", "credit.officer", "carries credit.officer#2 and #3", 14,
                related=("credit.officer#2",)),
        finding("DM401", "E1", "person E1 carries two", 30),
    ]
    appeared, resolved = compare_findings(old, new)
    assert [f.subject for f in appeared] == ["E1"]
    assert [f.subject for f in resolved] == ["loan.review"]


def test_a_finding_repeated_counts_once_per_extra_copy() -> None:
    one = finding("DM301", "loan.approve", "two A", 3)
    appeared, resolved = compare_findings([one], [one, dataclasses.replace(one)])
    assert len(appeared) == 1 and resolved == []


def test_rendered_formats_carry_the_same_changes() -> None:
    old = make_org(BASE_ROLES)
    roles = dict(BASE_ROLES)
    roles["credit.auditor"] = ("稽核岗 <b>|</b>", ["负责稽核"])
    new = make_org(roles)
    new_finding = finding("DM203", "credit.auditor", "post has | no RACI", 5,
                          severity=Severity.WARNING)
    result = DiffResult("old", "new", "en", diff(old, new), [new_finding], [])
    data = json.loads(render_diff_json(result))
    assert [(c["kind"], c["subject"]) for c in data["changes"]] == [
        ("role-added", "credit.auditor")]
    assert data["findings"]["new"][0]["rule"] == "DM203"
    assert data["findings"]["resolved"] == []
    assert data["summary"]["new"] == {"error": 0, "warning": 1, "info": 0}
    markdown = render_diff_markdown(result)
    assert markdown.startswith("<!-- dutymatrix-diff -->")
    # user text cannot break the table or inject HTML into a PR comment
    assert "<b>" not in markdown and "&lt;b&gt;" in markdown
    assert "post has \\| no RACI" in markdown
    assert result.has_new_findings("warning") and not result.has_new_findings("error")
