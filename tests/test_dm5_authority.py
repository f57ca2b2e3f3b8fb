"""DM5xx authority: gaps and double cover in approval bands, owners, seniority."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from clock import TODAY

from dutymatrix.engine import check_org, run_check
from dutymatrix.findings import Finding
from dutymatrix.load import load_org
from dutymatrix.model import AuthorityRule, Band

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
    assert "(总经理 (hq.gm) besides its band owners" in overlap.message


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
        "贷款审批 (loan.approve): (1000000, 2000000] CNY has no approver (between 风控经理 "
        "(hq.risk) and 总经理 (hq.gm))",
        "贷款审批 (loan.approve): (3000000, 4000000] CNY has no approver (between 总经理 (hq.gm) "
        "and 董事长 (hq.chair))",
    ]
    assert [f.related for f in sorted(of(findings, "DM501"), key=lambda f: f.message)] == [
        ("hq.risk", "hq.gm"), ("hq.gm", "hq.chair")]


def test_overlap_names_the_band_it_overlaps_not_the_first_band(check) -> None:
    findings = check(band("hq.risk", up_to=1_000_000)
                     + band("loan-committee", over=1_000_000, up_to=3_000_000)
                     + band("hq.chair", over=2_000_000))
    [twice] = of(findings, "DM502")
    assert twice.message == (
        "贷款审批 (loan.approve): (2000000, 3000000] CNY is approved by both 审贷委员会 "
        "(loan-committee) "
        "(up to 3000000) and 董事长 (hq.chair) (over 2000000)")
    assert twice.related == ("loan-committee", "hq.chair")


def test_highest_band_gap_names_the_band_that_ends_highest(check) -> None:
    # The band reaching furthest is not the last one in `over` order: a nested band.
    findings = check(band("hq.chair", up_to=5_000_000)
                     + band("loan-committee", over=1_000_000, up_to=2_000_000))
    [top] = [f for f in of(findings, "DM501") if "∞" in f.message]
    assert top.message.startswith("贷款审批 (loan.approve): (5000000, ∞) CNY has no approver "
                                  "(the highest band, 董事长 (hq.chair), ends at 5000000)")


def test_nested_band_overlap_is_the_inner_band_only(check) -> None:
    findings = check(band("hq.chair", up_to=5_000_000)
                     + band("loan-committee", over=1_000_000, up_to=2_000_000)
                     + band("hq.gm", over=5_000_000))
    [twice] = of(findings, "DM502")
    assert "(1000000, 2000000] CNY is approved by both 董事长 (hq.chair)" in twice.message
    assert of(findings, "DM501") == []


def test_equally_senior_owners_are_not_inverted(check) -> None:
    # loan-committee counts as hq.gm (depth 1): the same seniority either way round.
    assert of(check(band("hq.gm", up_to=1_000_000)
                    + band("loan-committee", over=1_000_000)), "DM504") == []
    assert of(check(band("loan-committee", up_to=1_000_000)
                    + band("hq.gm", over=1_000_000)), "DM504") == []


# --- each finding whole: message, where it points, hint (what a user reads and clicks) ---

def located(findings: list[Finding], rule: str) -> list[tuple[str, int, int, str, str]]:
    """(message, line, column, hint, severity) of each finding of ``rule``, by message."""
    return sorted((f.message, f.loc.line if f.loc else 0, f.loc.col if f.loc else 0, f.hint,
                   str(f.severity)) for f in findings if f.rule == rule)


def value_at(bands: str, index: int, key: str) -> tuple[int, int]:
    """Line and column of ``key``'s value in band ``index`` of ``bands`` within ORG."""
    first = ORG.splitlines().index("BANDS") + 1
    line = bands.splitlines()[index]
    return first + index, line.index(f"{key}: ") + len(key) + 3


def test_gap_findings_point_at_the_bound_to_move(check) -> None:
    bands = band("hq.risk", over=100, up_to=3_000_000) + band("hq.chair", over=5_000_000,
                                                                up_to=9_000_000)
    gap_hint = "lower this band's `over` or raise the previous band's `up_to` so they meet"
    top_hint = ("add a band `over` the highest `up_to` (a committee or the board), or drop "
                "that band's `up_to`")
    assert located(check(bands), "DM501") == sorted([
        ("贷款审批 (loan.approve): (0, 100] CNY has no approver (the lowest band, 风控经理 "
         "(hq.risk), starts over "
         "100)", *value_at(bands, 0, "over"), gap_hint, "error"),
        ("贷款审批 (loan.approve): (3000000, 5000000] CNY has no approver (between 风控经理 "
         "(hq.risk) and "
         "董事长 (hq.chair))", *value_at(bands, 1, "over"), gap_hint, "error"),
        ("贷款审批 (loan.approve): (9000000, ∞) CNY has no approver (the highest band, 董事长 "
         "(hq.chair), ends "
         "at 9000000)", *value_at(bands, 1, "up_to"), top_hint, "error"),
    ])


def test_overlap_finding_points_at_the_later_bands_over(check) -> None:
    bands = band("hq.risk", up_to=5_000_000) + band("hq.gm", over=3_000_000)
    assert located(check(bands), "DM502") == [(
        "贷款审批 (loan.approve): (3000000, 5000000] CNY is approved by both 风控经理 (hq.risk) "
        "(up to 5000000) "
        "and 总经理 (hq.gm) (over 3000000)", *value_at(bands, 1, "over"),
        "make each band's `over` equal the previous band's `up_to`", "error")]


def test_owner_without_the_duty_points_at_by_and_says_what_letters_it_has(
        write_org: Callable[..., Path]) -> None:
    bands = band("hq.clerk", up_to=1_000_000) + band("hq.gm", over=1_000_000)
    # The clerk is consulted (C) on approvals, which is not approving them.
    text = ORG.replace("          - 负责档案管理\n",
                       "          - text: 负责档案管理\n            raci: {loan.approve: C}\n")
    result = run_check(str(write_org({"org.yaml": text.replace("BANDS", bands)})), today=TODAY)
    [owner] = [f for f in result.active_findings if f.rule == "DM503"]
    assert owner.message == ("综合岗 (hq.clerk) approves 贷款审批 (loan.approve) in (0, 1000000] "
                             "CNY, but none of "
                             "its duties carries it with A or R (it has only C)")
    first = text.splitlines().index("BANDS") + 1
    assert (owner.loc.line, owner.loc.col) == (first, bands.index("hq.clerk") + 1)
    assert owner.hint == "add the approval to hq.clerk's duties with raci: {loan.approve: A}"
    assert owner.related == ("loan.approve",)


def test_owner_with_no_letter_at_all_is_told_so_plainly(check) -> None:
    [owner] = of(check(band("hq.clerk", up_to=1_000_000) + band("hq.gm", over=1_000_000)),
                 "DM503")
    assert owner.message.endswith("carries it with A or R")


def test_seniority_finding_names_both_bands_and_points_at_the_higher_owner(check) -> None:
    bands = band("hq.gm", up_to=1_000_000) + band("hq.risk", over=1_000_000)
    assert located(check(bands), "DM504") == [(
        "贷款审批 (loan.approve): the higher band (1000000, ∞) is held by 风控经理 (hq.risk) "
        "(reporting depth 2), "
        "less senior than 总经理 (hq.gm) (depth 1) who holds the lower band (0, 1000000]",
        *value_at(bands, 1, "by"), "give larger amounts to the more senior post or committee",
        "warning")]
    [inverted] = of(check(bands), "DM504")
    assert inverted.related == ("loan.approve", "hq.gm")


def test_seniority_names_the_most_senior_of_several_lower_owners(check) -> None:
    findings = check(band("hq.gm", up_to=1_000_000)
                     + band("hq.chair", over=1_000_000, up_to=2_000_000)
                     + band("hq.risk", over=2_000_000))
    by_subject = {f.subject: f for f in of(findings, "DM504")}
    assert set(by_subject) == {"hq.risk"}  # hq.chair above hq.gm is the right way round
    assert by_subject["hq.risk"].related == ("loan.approve", "hq.chair")
    assert "less senior than 董事长 (hq.chair) (depth 0)" in by_subject["hq.risk"].message


def test_bands_starting_at_the_same_amount_are_an_overlap_not_an_inversion(check) -> None:
    # hq.chair and hq.risk both start at 0: DM502 says so; neither band is "higher".
    findings = check(band("hq.chair", up_to=1_000_000) + band("hq.risk", up_to=2_000_000)
                     + band("hq.gm", over=2_000_000))
    assert [f.related for f in of(findings, "DM502")] == [("hq.chair", "hq.risk")]
    assert [f.subject for f in of(findings, "DM504")] == ["hq.gm"]


def test_a_rule_per_activity_is_checked_each(write_org: Callable[..., Path]) -> None:
    text = ORG.replace("      - {id: approve, name: 贷款审批}\n",
                       "      - {id: approve, name: 贷款审批}\n"
                       "      - {id: extend, name: 贷款展期}\n")
    text = text.replace("raci: {loan.approve: A}\n      - id: hq.gm",
                        "raci: {loan.approve: A, loan.extend: A}\n      - id: hq.gm")
    bands = (band("hq.chair", up_to=1_000_000)
             + "    - activity: loan.extend\n      bands:\n"
             + band("hq.chair", over=500))
    result = run_check(str(write_org({"org.yaml": text.replace("BANDS", bands)})), today=TODAY)
    gaps = sorted(f.message for f in result.active_findings if f.rule == "DM501")
    assert gaps == [
        "贷款审批 (loan.approve): (1000000, ∞) CNY has no approver (the highest band, 董事长 "
        "(hq.chair), ends "
        "at 1000000)",
        "贷款展期 (loan.extend): (0, 500] CNY has no approver (the lowest band, 董事长 (hq.chair), "
        "starts over "
        "500)",
    ]


def test_gap_and_overlap_findings_are_about_the_activity_and_name_the_owners(check) -> None:
    findings = check(band("hq.risk", over=100, up_to=3_000_000)
                     + band("hq.gm", over=2_000_000, up_to=4_000_000))
    assert sorted((f.rule, f.subject, f.related) for f in findings
                  if f.rule in ("DM501", "DM502")) == [
        ("DM501", "loan.approve", ("hq.gm",)),                 # (4000000, ∞)
        ("DM501", "loan.approve", ("hq.risk",)),               # (0, 100]
        ("DM502", "loan.approve", ("hq.risk", "hq.gm")),
    ]


def test_a_band_ending_where_the_cover_ends_does_not_take_over_as_the_neighbour(check) -> None:
    # hq.gm's band ends where hq.risk's does: the gap after it is still next to hq.risk.
    findings = check(band("hq.risk", up_to=2_000_000)
                     + band("loan-committee", over=1_000_000, up_to=2_000_000)
                     + band("hq.chair", over=3_000_000))
    [gap] = of(findings, "DM501")
    assert gap.message.endswith("has no approver (between 风控经理 (hq.risk) and 董事长 "
                                "(hq.chair))")


def test_a_committee_owner_without_the_duty_is_reported(write_org: Callable[..., Path]) -> None:
    text = ORG.replace("      - text: 审批贷款\n        raci: {loan.approve: A}\n",
                       "      - 审议贷款\n")
    bands = band("hq.risk", up_to=1_000_000) + band("loan-committee", over=1_000_000)
    result = run_check(str(write_org({"org.yaml": text.replace("BANDS", bands)})), today=TODAY)
    assert [f.subject for f in result.active_findings if f.rule == "DM503"] == [
        "loan-committee"]


def test_every_band_owner_is_checked_not_only_up_to_the_first_good_one(check) -> None:
    findings = check(band("hq.risk", up_to=1_000_000) + band("hq.clerk", over=1_000_000))
    assert [f.subject for f in of(findings, "DM503")] == ["hq.clerk"]


def test_lower_owners_of_equal_rank_name_the_first(check) -> None:
    # hq.gm and loan-committee (as hq.gm) are both depth 1, above hq.risk at depth 2.
    findings = check(band("hq.gm", up_to=1_000_000)
                     + band("loan-committee", over=1_000_000, up_to=2_000_000)
                     + band("hq.risk", over=2_000_000))
    [inverted] = of(findings, "DM504")
    assert inverted.related == ("loan.approve", "hq.gm")


# --- an org built in code (the engine's API): what the loader would have refused ---------

def _with_bands(write_org: Callable[..., Path], *rules: AuthorityRule,
                committee_members: tuple[str, ...] | None = None) -> list[Finding]:
    loaded = load_org(str(write_org({"org.yaml": ORG.replace("BANDS", band("hq.gm"))})))
    assert loaded.org is not None
    org = dataclasses.replace(loaded.org, authority=rules)
    if committee_members is not None:
        committee = dataclasses.replace(org.committees[0], members=committee_members)
        org = dataclasses.replace(org, committees=(committee,))
    return check_org(org, today=TODAY).active_findings


def test_an_empty_band_covers_nothing_and_overlaps_nothing(write_org) -> None:
    rule = AuthorityRule("loan.approve", (Band("hq.risk", up_to=1_000_000),
                                          Band("hq.gm", over=5_000_000, up_to=5_000_000),
                                          Band("hq.chair", over=1_000_000)))
    findings = _with_bands(write_org, rule)
    assert of(findings, "DM501") == [] and of(findings, "DM502") == []


def test_a_rule_with_only_empty_bands_does_not_stop_the_next_rule(write_org) -> None:
    empty = AuthorityRule("loan.approve", (Band("hq.gm", over=5, up_to=5),))
    gapped = AuthorityRule("loan.approve", (Band("hq.chair", over=100),))
    assert [f.message.split(" has")[0] for f in of(_with_bands(write_org, empty, gapped),
                                                   "DM501")] == ["贷款审批 (loan.approve): (0, "
                                                                 "100] CNY"]


def test_unknown_owners_are_left_to_the_loader_and_do_not_stop_the_check(write_org) -> None:
    rule = AuthorityRule("loan.approve", (Band("hq.nobody", up_to=1_000_000),
                                          Band("hq.clerk", over=1_000_000)))
    findings = _with_bands(write_org, rule)
    assert [f.subject for f in of(findings, "DM503")] == ["hq.clerk"]
    assert [f.subject for f in of(findings, "DM504")] == []


def test_a_committee_without_members_has_no_rank_and_stops_nothing(write_org) -> None:
    rule = AuthorityRule("loan.approve", (Band("hq.gm", up_to=1_000_000),
                                          Band("loan-committee", over=1_000_000,
                                               up_to=2_000_000),
                                          Band("hq.risk", over=2_000_000)))
    findings = _with_bands(write_org, rule, committee_members=())
    assert [f.subject for f in of(findings, "DM504")] == ["hq.risk"]
