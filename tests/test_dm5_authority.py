"""DM5xx authority: gaps and double cover in approval bands, owners, seniority."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from clock import TODAY

from dutymatrix.engine import run_check
from dutymatrix.findings import Finding

ORG = """\
org: {id: demo, name: 钱道坊小贷}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: approve, name: 贷款审批}
departments:
  - id: hq
    name: 总部
    roles:
      - id: hq.chair
        title: 董事长
        duties:
          - text: 负责超大额贷款审批
            raci: {loan.approve: A}
      - id: hq.gm
        title: 总经理
        reports_to: hq.chair
        duties:
          - text: 负责大额贷款审批
            raci: {loan.approve: A}
      - id: hq.risk
        title: 风控经理
        reports_to: hq.gm
        duties:
          - text: 负责小额贷款审批
            raci: {loan.approve: AR}
      - id: hq.clerk
        title: 综合岗
        reports_to: hq.gm
        duties:
          - 负责档案管理
committees:
  - id: loan-committee
    name: 审贷委员会
    members: [hq.gm, hq.risk]
    duties:
      - text: 审批贷款
        raci: {loan.approve: A}
rules:
  authority:
    - activity: loan.approve
      unit: CNY
      bands:
BANDS"""


@pytest.fixture
def check(write_org: Callable[..., Path]) -> Callable[[str], list[Finding]]:
    def run(bands: str) -> list[Finding]:
        text = ORG.replace("BANDS", bands)
        result = run_check(str(write_org({"org.yaml": text})), today=TODAY)
        assert not result.load_failed, [f.message for f in result.findings]
        return result.active_findings

    return run


def of(findings: list[Finding], prefix: str) -> list[Finding]:
    return [f for f in findings if f.rule.startswith(prefix)]


def band(by: str, over: int | None = None, up_to: int | None = None) -> str:
    parts = [f"by: {by}"]
    if over is not None:
        parts.append(f"over: {over}")
    if up_to is not None:
        parts.append(f"up_to: {up_to}")
    return "        - {" + ", ".join(parts) + "}\n"


def test_contiguous_bands_ordered_by_seniority_pass(check) -> None:
    findings = check(band("hq.risk", up_to=1_000_000)
                     + band("loan-committee", over=1_000_000, up_to=3_000_000)
                     + band("hq.chair", over=3_000_000))
    assert of(findings, "DM5") == []
    # Four A holders; hq.gm alone owns no band, so only it makes a second Accountable.
    [overlap] = of(findings, "DM301")
    assert "(hq.gm besides its band owners" in overlap.message


def test_gap_names_the_interval_with_its_inclusivity(check) -> None:
    findings = check(band("hq.risk", up_to=3_000_000) + band("hq.chair", over=5_000_000))
    [gap] = of(findings, "DM501")
    assert "(3000000, 5000000] CNY has no approver" in gap.message
    assert gap.subject == "loan.approve"


def test_gap_at_the_bottom_and_at_the_top(check) -> None:
    findings = check(band("hq.gm", over=100, up_to=1_000_000))
    messages = sorted(f.message for f in of(findings, "DM501"))
    assert any("(0, 100] CNY has no approver" in m for m in messages)
    assert any("(1000000, ∞) CNY has no approver" in m for m in messages)


def test_overlap_names_the_interval_covered_twice_and_both_owners(check) -> None:
    findings = check(band("hq.risk", up_to=5_000_000) + band("hq.gm", over=3_000_000))
    [twice] = of(findings, "DM502")
    assert "(3000000, 5000000] CNY" in twice.message
    assert set(twice.related) == {"hq.risk", "hq.gm"}
    assert of(findings, "DM501") == []


def test_bands_meeting_at_a_bound_are_neither_gap_nor_overlap(check) -> None:
    findings = check(band("hq.gm", over=1_000_000) + band("hq.risk", up_to=1_000_000))
    assert of(findings, "DM501") == [] and of(findings, "DM502") == []


def test_owner_without_the_activity_in_its_duties(check) -> None:
    findings = check(band("hq.clerk", up_to=1_000_000) + band("hq.gm", over=1_000_000))
    [owner] = of(findings, "DM503")
    assert owner.subject == "hq.clerk"
    assert "loan.approve" in owner.message


def test_higher_band_held_by_a_less_senior_post(check) -> None:
    findings = check(band("hq.gm", up_to=1_000_000) + band("hq.risk", over=1_000_000))
    [inverted] = of(findings, "DM504")
    assert inverted.subject == "hq.risk"
    assert "hq.gm" in inverted.related


def test_committee_counts_as_its_most_senior_member(check) -> None:
    # loan-committee's most senior member is hq.gm (depth 1): above hq.risk (depth 2)
    # and below hq.chair (depth 0).
    ok = check(band("hq.risk", up_to=1_000_000) + band("loan-committee", over=1_000_000))
    assert of(ok, "DM504") == []
    inverted = check(band("hq.chair", up_to=1_000_000) + band("loan-committee", over=1_000_000))
    assert [f.subject for f in of(inverted, "DM504")] == ["loan-committee"]


def test_gap_names_the_band_that_reaches_it_not_the_first_band(check) -> None:
    # Three bands with two gaps: the second gap lies between the second and third owners.
    findings = check(band("hq.risk", up_to=1_000_000)
                     + band("hq.gm", over=2_000_000, up_to=3_000_000)
                     + band("hq.chair", over=4_000_000))
    messages = sorted(f.message for f in of(findings, "DM501"))
    assert messages == [
        "loan.approve: (1000000, 2000000] CNY has no approver (between hq.risk and hq.gm)",
        "loan.approve: (3000000, 4000000] CNY has no approver (between hq.gm and hq.chair)",
    ]
    assert [f.related for f in sorted(of(findings, "DM501"), key=lambda f: f.message)] == [
        ("hq.risk", "hq.gm"), ("hq.gm", "hq.chair")]


def test_overlap_names_the_band_it_overlaps_not_the_first_band(check) -> None:
    findings = check(band("hq.risk", up_to=1_000_000)
                     + band("loan-committee", over=1_000_000, up_to=3_000_000)
                     + band("hq.chair", over=2_000_000))
    [twice] = of(findings, "DM502")
    assert twice.message == (
        "loan.approve: (2000000, 3000000] CNY is approved by both loan-committee "
        "(up to 3000000) and hq.chair (over 2000000)")
    assert twice.related == ("loan-committee", "hq.chair")


def test_highest_band_gap_names_the_band_that_ends_highest(check) -> None:
    # The band reaching furthest is not the last one in `over` order: a nested band.
    findings = check(band("hq.chair", up_to=5_000_000)
                     + band("loan-committee", over=1_000_000, up_to=2_000_000))
    [top] = [f for f in of(findings, "DM501") if "∞" in f.message]
    assert top.message.startswith("loan.approve: (5000000, ∞) CNY has no approver "
                                  "(the highest band, hq.chair, ends at 5000000)")


def test_nested_band_overlap_is_the_inner_band_only(check) -> None:
    findings = check(band("hq.chair", up_to=5_000_000)
                     + band("loan-committee", over=1_000_000, up_to=2_000_000)
                     + band("hq.gm", over=5_000_000))
    [twice] = of(findings, "DM502")
    assert "(1000000, 2000000] CNY is approved by both hq.chair" in twice.message
    assert of(findings, "DM501") == []


def test_equally_senior_owners_are_not_inverted(check) -> None:
    # loan-committee counts as hq.gm (depth 1): the same seniority either way round.
    assert of(check(band("hq.gm", up_to=1_000_000)
                    + band("loan-committee", over=1_000_000)), "DM504") == []
    assert of(check(band("loan-committee", up_to=1_000_000)
                    + band("hq.gm", over=1_000_000)), "DM504") == []
