"""The sample organisations: they load, they say what the seed says, and `check` reports the
seed's real problems (and only true ones a user can point at)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from clock import TODAY

from dutymatrix.engine import check_org
from dutymatrix.findings import Finding, Severity
from dutymatrix.load import load_org
from dutymatrix.model import Org

REPO_ROOT = Path(__file__).resolve().parent.parent
BANK = REPO_ROOT / "org"
SMALL_LOAN = REPO_ROOT / "examples" / "small-loan"
CREDIT_DEPT = REPO_ROOT / "examples" / "credit-dept"
LICENSING = REPO_ROOT / "examples" / "licensing"
SAMPLE_ORGS = [BANK, *sorted(p for p in (REPO_ROOT / "examples").glob("*") if p.is_dir())]

# Duty counts as the seed gives them (department duties and post duties, by owner id).
SEED_DUTY_COUNTS: dict[Path, dict[str, int]] = {
    BANK: {
        "alm": 18, "alm.manager": 10,
        "credit-mgmt": 19, "credit-mgmt.manager": 10,
        "bill-center": 7, "bill-center.manager": 8,
        "customer-1": 14, "customer-1.manager": 6,
        "customer-2": 10, "customer-2.manager": 9,
        "customer-3": 0,  # the seed is cut off after the heading
        "customer-1.loan-officer-a": 8, "customer-1.loan-officer-b": 7,  # 信贷人员 一…七 (+ A 角)
        "card-center.collector-1": 3, "card-center.collector-2": 4,
        "card-center.collector-3": 8, "card-center.collector-4": 6,
        "card-center.collector-5": 4, "card-center.senior-collector": 2,
        "card-center.collection-cs": 2, "card-center.phone-collector": 6,
        "card-center.supervisor": 0, "card-center.approver": 0,
    },
    SMALL_LOAN: {
        "credit-business.manager": 9, "credit-business.account-manager": 6,
        "risk.director": 8, "risk.officer": 4, "risk-assets": 9,
    },
    CREDIT_DEPT: {
        "credit": 10, "credit.manager": 7, "credit.investigator": 6, "credit.reviewer": 6,
    },
    LICENSING: {
        "bureau.director": 2, "bureau.deputy": 2, "supervision.head": 2,
        "licensing.chief": 5,  # 4 numbered + the 复验 duty whose number the seed lost
        "licensing.staff": 5,
    },
}

# OCR slips of the seed that must not survive into the samples.
OCR_SLIPS = ("负贵", "监怪", "枪查", "监侧", "侧试", "价理", "持证上肉", "反债", "播求",
             "什划", "学_", "予替信号", "负资")

NUMERALS = "一二三四五六七八九十"
LEFTOVER_NUMBER = re.compile(rf"^\s*(\d+|[{NUMERALS}]+)[、.,]|^[((][{NUMERALS}]+[))]")


def _load(path: Path) -> Org:
    result = load_org(str(path))
    assert result.org is not None, "\n".join(str(f) for f in result.errors)
    return result.org


def _duty_counts(org: Org) -> dict[str, int]:
    counts: dict[str, int] = {}
    for dept in org.departments:
        counts[dept.id] = len(dept.duties)
        for role in dept.roles:
            counts[role.id] = len(role.duties)
    for committee in org.committees:
        counts[committee.id] = len(committee.duties)
    return counts


def _active(path: Path) -> list[Finding]:
    return check_org(_load(path), today=TODAY).active_findings


@pytest.mark.parametrize("path", SAMPLE_ORGS, ids=lambda p: p.name)
def test_sample_loads_without_structural_findings(path: Path) -> None:
    result = load_org(str(path))
    assert result.org is not None
    assert [str(f) for f in result.findings if f.rule.startswith("DM1")] == []


@pytest.mark.parametrize("path", SAMPLE_ORGS, ids=lambda p: p.name)
def test_every_sample_file_points_editors_at_the_schema(path: Path) -> None:
    schema = (REPO_ROOT / "schema" / "dutymatrix.schema.json").resolve()
    for file in sorted(path.rglob("*.yaml")):
        first = file.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{file}: first line must name the schema"
        assert (file.parent / match.group(1)).resolve() == schema, file


@pytest.mark.parametrize("path", list(SEED_DUTY_COUNTS), ids=lambda p: p.name)
def test_duty_counts_match_the_seed(path: Path) -> None:
    counts = _duty_counts(_load(path))
    expected = SEED_DUTY_COUNTS[path]
    assert {k: counts.get(k) for k in expected} == expected


@pytest.mark.parametrize("path", SAMPLE_ORGS, ids=lambda p: p.name)
def test_duty_texts_are_clean(path: Path) -> None:
    for duty in _load(path).all_duties():
        text = duty.text.get("zh")
        assert text.strip() == text and text, duty.ref
        assert not any(slip in text for slip in OCR_SLIPS), (duty.ref, text)
        # a chunk or list number left at the start ("2、", "(三)") is a transcription slip
        assert not LEFTOVER_NUMBER.match(text), (duty.ref, text)


def test_bank_duties_keep_the_seed_order_and_wording() -> None:
    org = _load(BANK)
    duties = {d.ref: d.text.get("zh") for d in org.all_duties()}
    assert duties["alm#1"] == "负责编制、下达全行的综合业务经营计划"
    assert duties["alm#9"] == "负责本外币信贷计划的实施、调整及对执行情况进行检查和监控"
    assert duties["credit-mgmt#12"] == (
        "负责信贷在线的监控,发现预警信号及时向前台部门及行长通报情况"
    )
    # a duty split by a chunk number in the seed ("对人民银行准备金\n6、存款…") is one duty
    assert duties["alm#6"] == "负责对人民银行准备金存款和全行头寸资金的管理"
    assert duties["credit-mgmt.manager#8"] == "负责组织对全行信贷人员的培训及持证上岗制度的落实工作"
    # every department's and post's list ends with its catch-all, as in the seed
    for owner in ("alm", "credit-mgmt", "bill-center", "customer-1", "customer-2"):
        dept = org.departments_by_id[owner]
        assert dept.duties[-1].text.get("zh") == "负责行领导交办的其他工作"
        assert org.roles[f"{owner}.manager"].duties[-1].text.get("zh") == "负责行领导交办的其他工作"


def test_bank_reporting_lines_reach_one_top() -> None:
    org = _load(BANK)
    tops = [r.id for r in org.roles.values() if r.reports_to is None]
    assert tops == ["branch.president"]
    for role in org.roles.values():
        if role.id.endswith(".manager"):
            assert role.reports_to is not None and role.reports_to.startswith("branch."), role.id
    assert [d.id for d in org.departments if d.parent is None] == ["branch"]


def test_card_posts_carry_location_and_salary_from_the_seed() -> None:
    roles = _load(BANK).roles
    expected = {
        "card-center.senior-collector": ("杭州", 8000, 9999),
        "card-center.collection-cs": ("杭州-下城区", 6000, 7999),
        "card-center.phone-collector": ("杭州", 5000, 10000),
    }
    for role_id, (place, low, high) in expected.items():
        role = roles[role_id]
        assert role.location is not None and role.location.get("zh") == place
        assert role.salary is not None
        assert (role.salary.min, role.salary.max) == (low, high)
        assert (role.salary.per, role.salary.currency) == ("month", "CNY")
        assert role.qualifications
    assert roles["card-center.supervisor"].qualifications


def test_bank_reports_the_seed_loan_officer_conflict() -> None:
    findings = _active(BANK)
    conflicts = {
        f.subject for f in findings
        if f.rule == "DM401" and "SOD-LOAN-3" in f.related and f.severity == Severity.ERROR
    }
    # 信贷人员 二: 双人负责贷款的调查、发放和收回 — both the A 角 and the B 角
    assert conflicts == {"customer-1.loan-officer-a", "customer-1.loan-officer-b"}


def test_bank_reports_the_cut_off_department() -> None:
    findings = _active(BANK)
    assert any(f.rule == "DM205" and f.subject == "customer-3" for f in findings)


def test_bank_waiver_covers_the_acting_post_only() -> None:
    result = check_org(_load(BANK), today=TODAY)
    waived = [f for f in result.findings if f.waived_by is not None]
    assert [(f.rule, f.subject) for f in waived] == [("DM401", "E1003")]
    assert "SOD-DISC-1" in waived[0].related
    assert all(f.rule[:3] != "DM6" for f in result.active_findings)


def test_bank_waiver_holds_through_its_expiry_day_and_lapses_the_day_after() -> None:
    org = _load(BANK)
    last_day = check_org(org, today=dt.date(2027, 5, 31))
    assert [f.subject for f in last_day.waived_findings] == ["E1003"]
    after = check_org(org, today=dt.date(2027, 6, 1))
    assert after.waived_findings == []
    [expired] = [f for f in after.active_findings if f.rule == "DM601"]
    assert "expired on 2027-05-31" in expired.message
    assert any(f.rule == "DM401" and f.subject == "E1003" for f in after.active_findings)


def test_bank_loan_activities_without_owner_are_reported() -> None:
    findings = _active(BANK)
    no_accountable = {f.subject for f in findings if f.rule == "DM201"}
    # 受理 is the 信贷管理部's (#4) but none of its posts; no bank text names 核销
    assert {"loan.intake", "loan.writeoff"} <= no_accountable
    # investigation, review, approval, disbursement and monitoring all have an owner
    assert not no_accountable & {
        "loan.investigate", "loan.review", "loan.approve", "loan.disburse", "loan.monitor"
    }


@pytest.mark.parametrize("path", SAMPLE_ORGS, ids=lambda p: p.name)
def test_samples_have_consistent_bands_and_no_stray_waivers(path: Path) -> None:
    findings = _active(path)
    assert [str(f.message) for f in findings if f.rule.startswith(("DM5", "DM6"))] == []


@pytest.mark.parametrize("path", SAMPLE_ORGS, ids=lambda p: p.name)
def test_every_finding_points_at_a_place(path: Path) -> None:
    for finding in check_org(_load(path), today=TODAY).findings:
        assert finding.loc is not None and finding.loc.line >= 1, finding


def test_small_loan_committee_limits_follow_the_seed() -> None:
    org = _load(SMALL_LOAN)
    bands = org.authority_by_activity["loan.approve"].bands

    def approver(amount: float) -> list[str]:
        return [b.by for b in bands
                if amount > b.over and (b.up_to is None or amount <= b.up_to)]

    assert approver(1_000_000) == ["loan-committee"]  # 100万含100万元以下
    assert approver(1_000_000.01) == ["risk-committee"]  # 100万元以上
    assert approver(1) == ["loan-committee"]


def test_small_loan_reports_the_credit_manager_conflict() -> None:
    findings = _active(SMALL_LOAN)
    assert any(
        f.rule == "DM401" and f.subject == "credit-business.manager" and "SOD-LOAN-3" in f.related
        for f in findings
    )


def test_credit_dept_reports_review_and_investigation_in_one_head() -> None:
    findings = _active(CREDIT_DEPT)
    subjects = {f.subject for f in findings if f.rule == "DM401" and "SOD-LOAN-1" in f.related}
    # 信贷部经理#3 考察贷款对象 … 审查贷款调查报告; 贷款审查岗 (二) 负责按贷款授权规定逐级审批
    assert subjects == {"credit.manager", "credit.reviewer"}


def test_licensing_reports_the_overlapping_signatures() -> None:
    findings = _active(LICENSING)
    overlaps = [f for f in findings if f.rule == "DM301" and f.subject == "permit.decide"]
    assert len(overlaps) == 1
    assert set(overlaps[0].related) == {"bureau.director", "bureau.deputy", "supervision.head"}
