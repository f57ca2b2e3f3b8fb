"""diff: which duty edits are the same duty, a rewording, or a removal and an addition.

Each test here pins one part of duty matching that a one-line change to
``dutymatrix/diff/duties.py`` used to break unnoticed (see docs/mutation.md).
"""

from __future__ import annotations

import dataclasses

from dutymatrix.diff.compare import compare_orgs
from dutymatrix.diff.duties import REWORD_THRESHOLD, align_duties, normalise, similarity
from dutymatrix.matrix import build_matrix
from dutymatrix.model import Activity, Committee, Department, Duty, Org, Process, Role, Text


def texts(*items: str | Text) -> tuple[Duty, ...]:
    return tuple(
        Duty(owner="credit.manager", n=n, text=item if isinstance(item, Text) else Text(plain=item))
        for n, item in enumerate(items, start=1)
    )


def org_with(duties: tuple[Duty, ...]) -> Org:
    role = Role(id="credit.manager", title=Text(zh="信贷部经理", en="Credit manager"),
                department="credit", duties=duties)
    return Org(id="bank", name=Text(plain="示例银行"),
               departments=(Department(id="credit", name=Text(plain="信贷部"), roles=(role,)),))


def changes(old: tuple[Duty, ...], new: tuple[Duty, ...],
            lang: str = "zh") -> list[tuple[str, str]]:
    old_org, new_org = org_with(old), org_with(new)
    found = compare_orgs(old_org, build_matrix(old_org), new_org, build_matrix(new_org), lang)
    return [(c.kind, c.summary) for c in found]


def aligned(old: tuple[Duty, ...], new: tuple[Duty, ...]) -> tuple[list, list, list]:
    """(reworded as (old n, new n), removed n, added n)."""
    reworded, removed, added = align_duties(old, new)
    return ([(a.n, b.n) for a, b in reworded], [d.n for d in removed], [d.n for d in added])


# --- what counts as the same text -------------------------------------------------------

def test_a_duty_that_only_gains_a_full_stop_is_unchanged() -> None:
    assert changes(texts("负责贷款审批"), texts("负责贷款审批。")) == []
    assert changes(texts("负责贷款审批;"), texts("负责贷款审批")) == []


def test_trailing_punctuation_before_trailing_space_is_ignored_too() -> None:
    assert changes(texts("负责贷款审批"), texts("负责贷款审批。 ")) == []


def test_each_language_of_a_bilingual_duty_drops_its_own_trailing_punctuation() -> None:
    before = Text(zh="负责贷款审批", en="Approve loans")
    after = Text(zh="负责贷款审批。", en="Approve loans.")
    assert changes(texts(before), texts(after)) == []


def test_a_single_language_duty_and_the_same_text_written_plain_are_one_duty() -> None:
    assert changes(texts(Text(zh="负责贷款审批")), texts("负责贷款审批。")) == []


def test_case_and_width_are_not_changes() -> None:
    assert changes(texts("负责KYC审核"), texts("负责kyc审核")) == []
    # Full-width letters and brackets (a common IME slip) are the same text (NFKC).
    assert changes(texts("负责ＫＹＣ审核(反洗钱)"), texts("负责KYC审核(反洗钱)")) == []


def test_punctuation_inside_the_text_is_a_change() -> None:
    [(kind, _)] = changes(texts("负责贷款审批、放款"), texts("负责贷款审批放款"))
    assert kind == "duty-reworded"


def test_normalise_as_documented() -> None:
    assert normalise(" 负责 ＫＹＣ 审核。;\n") == "负责kyc审核"
    assert normalise("Approve Loans.") == "approveloans"


# --- English-only edits ----------------------------------------------------------------

def test_an_english_only_rewording_is_seen() -> None:
    before = Text(zh="负责贷款审批", en="Approve loans")
    after = Text(zh="负责贷款审批", en="Approve loans within delegated limits")
    [(kind, summary)] = changes(texts(before), texts(after), lang="en")
    assert kind == "duty-reworded"
    assert "“Approve loans within delegated limits” (was “Approve loans”)" in summary


# --- rewording or removal and addition -------------------------------------------------

def test_unrelated_texts_are_a_removal_and_an_addition_not_a_rewording() -> None:
    old, new = "负责贷款档案的收集整理", "负责贷款合同的审批"  # ratio 0.5
    assert aligned(texts(old), texts(new)) == ([], [1], [1])


def test_a_rewording_exactly_at_the_threshold_is_a_rewording() -> None:
    old, new = "负责催收款", "负责核销款"  # 3 of 5 characters kept: ratio 0.6
    assert similarity(old, new) == 0.6 == REWORD_THRESHOLD
    assert aligned(texts(old), texts(new)) == ([(1, 1)], [], [])


def test_the_most_similar_pair_wins_whatever_order_the_duties_come_in() -> None:
    old = texts("负责审批贷款合同", "负责审批贷款合同及担保文件")
    new = texts("负责审批贷款合同及担保文件材料")
    # Both removed duties are similar enough; the second is the closer one.
    assert aligned(old, new) == ([(2, 1)], [1], [])


def test_one_removed_duty_is_paired_with_one_addition_only() -> None:
    old = texts("负责审批贷款合同")
    new = texts("负责审批贷款合同及担保文件", "负责审批贷款合同及担保文件材料")
    assert aligned(old, new) == ([(1, 1)], [], [2])


def test_rewordings_are_listed_in_the_new_order() -> None:
    old = texts("负责组织全行信贷检查", "负责客户关系维护")
    new = texts("负责维护客户关系", "负责组织全行的信贷检查工作")
    assert aligned(old, new) == ([(2, 1), (1, 2)], [], [])


# --- the changes a reviewer reads, whole ------------------------------------------------

def _duties(owner: str, items: list[str | tuple[str, dict[str, str]]]) -> tuple[Duty, ...]:
    return tuple(
        Duty(owner=owner, n=n, text=Text(plain=item if isinstance(item, str) else item[0]),
             raci={} if isinstance(item, str) else item[1])
        for n, item in enumerate(items, start=1))


def _bank(manager: list, officer: list, department: list) -> Org:
    roles = (
        Role(id="credit.manager", title=Text(zh="信贷部经理", en="Credit manager"),
             department="credit", duties=_duties("credit.manager", manager)),
        Role(id="credit.officer", title=Text(zh="客户经理", en="Account officer"),
             department="credit", duties=_duties("credit.officer", officer)),
    )
    activities = (
        Activity(id="loan.approve", process="loan", name=Text(zh="贷款审批", en="Loan approval")),
        Activity(id="loan.investigate", process="loan",
                 name=Text(zh="贷前调查", en="Investigation")),
    )
    return Org(id="bank", name=Text(plain="示例银行"),
               processes=(Process(id="loan", name=Text(plain="贷款"), activities=activities),),
               departments=(Department(id="credit", name=Text(zh="信贷部", en="Credit"),
                                       roles=roles, duties=_duties("credit", department)),))


OLD = _bank(["负责组织全行信贷检查", ("负责审批权限内的贷款", {"loan.approve": "A"}),
             "负责行领导交办的其他工作"],
            ["负责客户关系维护"], [("负责贷前调查", {"loan.investigate": "R"})])
NEW = _bank(["负责组织全行的信贷检查工作", "负责制定信贷政策"],
            ["负责客户关系维护", ("负责审批权限内的贷款", {"loan.approve": "AR"})],
            [("负责贷前调查", {"loan.investigate": "RA"})])


def _compare(old: Org, new: Org, lang: str) -> list[tuple[str, str, str]]:
    return [(c.kind, c.subject, c.summary)
            for c in compare_orgs(old, build_matrix(old), new, build_matrix(new), lang)]


def test_every_kind_of_duty_change_in_chinese() -> None:
    assert _compare(OLD, NEW, "zh") == [
        ("duty-reworded", "credit.manager",
         "信贷部经理：职责 1 改为「负责组织全行的信贷检查工作」（原为「负责组织全行信贷检查」）"),
        ("duty-added", "credit.manager", "信贷部经理：新增职责 2「负责制定信贷政策」"),
        ("duty-removed", "credit.manager", "信贷部经理：删除职责 3「负责行领导交办的其他工作」"),
        ("duty-moved", "credit.officer",
         "客户经理：职责「负责审批权限内的贷款」由 信贷部经理（credit.manager#2） 移到第 2 条"),
        ("raci-changed", "loan.approve", "贷款审批：信贷部经理 失去 A"),
        ("raci-changed", "loan.approve", "贷款审批：客户经理 获得 RA"),
        ("raci-changed", "loan.investigate", "贷前调查：信贷部 获得 A"),
    ]


def test_every_kind_of_duty_change_in_english() -> None:
    assert [summary for _, _, summary in _compare(OLD, NEW, "en")] == [
        "Credit manager: duty 1 reworded to “负责组织全行的信贷检查工作” "
        "(was “负责组织全行信贷检查”)",
        "Credit manager: duty 2 added: “负责制定信贷政策”",
        "Credit manager: duty 3 removed: “负责行领导交办的其他工作”",
        "Account officer: duty “负责审批权限内的贷款” moved from Credit manager "
        "(credit.manager#2); it is now duty 2",
        "Loan approval: Credit manager loses A",
        "Loan approval: Account officer gains RA",
        "Investigation: Credit gains A",
    ]


def test_change_details_carry_refs_numbers_and_letters() -> None:
    found = compare_orgs(OLD, build_matrix(OLD), NEW, build_matrix(NEW), "en")
    details = {(c.kind, c.details.get("ref") or c.details.get("holder")): c.details
               for c in found}
    assert details[("duty-reworded", "credit.manager#1")] == {
        "ref": "credit.manager#1", "n": 1, "old_n": 1, "old_text": "负责组织全行信贷检查",
        "text": "负责组织全行的信贷检查工作"}
    assert details[("duty-removed", "credit.manager#3")] == {
        "ref": "credit.manager#3", "n": 3, "text": "负责行领导交办的其他工作"}
    assert details[("duty-added", "credit.manager#2")] == {
        "ref": "credit.manager#2", "n": 2, "text": "负责制定信贷政策"}
    assert details[("duty-moved", "credit.officer#2")] == {
        "ref": "credit.officer#2", "n": 2, "old_ref": "credit.manager#2",
        "from": "credit.manager", "text": "负责审批权限内的贷款"}
    assert details[("raci-changed", "credit")] == {
        "activity": "loan.investigate", "activity_name": "Investigation", "holder": "credit",
        "holder_name": "Credit", "holder_kind": "department", "old": "R", "new": "RA",
        "gained": "A", "lost": ""}
    assert details[("raci-changed", "credit.manager")]["lost"] == "A"
    assert details[("raci-changed", "credit.officer")]["gained"] == "RA"


def test_a_duty_moved_within_its_post_names_both_positions() -> None:
    old = _bank(["负责组织全行信贷检查", "负责制定信贷政策"], [], [])
    new = _bank(["负责制定信贷政策", "负责组织全行信贷检查"], [], [])
    # Two duties swapped: one stays aligned, the other is the one that moved.
    assert [s for _, _, s in _compare(old, new, "zh")] == [
        "信贷部经理：职责「负责制定信贷政策」由 2 移到第 1 条"]
    assert [s for _, _, s in _compare(old, new, "en")] == [
        "Credit manager: duty “负责制定信贷政策” moved from 2; it is now duty 1"]


def test_a_letter_lost_with_its_post_is_named_from_the_old_org() -> None:
    old = _bank([("负责审批权限内的贷款", {"loan.approve": "A"})], [], [])
    department = old.departments[0]
    new = dataclasses.replace(old, departments=(dataclasses.replace(
        department, roles=department.roles[1:]),))
    raci = [s for kind, _, s in _compare(old, new, "en") if kind == "raci-changed"]
    assert raci == ["Loan approval: Credit manager loses A"]


def test_letters_that_only_change_order_are_no_change() -> None:
    old = _bank([("负责审批权限内的贷款", {"loan.approve": "AR"})], [], [])
    new = _bank([("负责审批权限内的贷款", {"loan.approve": "RA"})], [], [])
    assert _compare(old, new, "en") == []


def test_a_long_duty_with_one_word_changed_is_a_rewording() -> None:
    # Past 200 characters difflib's "autojunk" would drop every frequent character and
    # call two near-identical long texts unrelated.
    long_text = "负责贷款的调查审查审批发放与贷后管理," * 12
    reworded = long_text.replace("发放", "放款", 1)
    assert len(reworded) > 200
    assert aligned(texts(long_text), texts(reworded)) == ([(1, 1)], [], [])


def test_pairing_goes_on_past_a_pair_whose_duty_is_taken() -> None:
    old = texts("负责审批贷款合同", "负责审批贷款合同及担保文件")
    new = texts("负责审批贷款合同及担保文件材料", "负责贷款合同文本的起草")
    # Best: old 2 → new 1 (0.93); old 1 → new 1 (0.70) is taken; old 1 → new 2 (0.63) pairs.
    assert aligned(old, new) == ([(2, 1), (1, 2)], [], [])


def test_a_long_list_with_repeated_duties_aligns_them_as_duties() -> None:
    # Past 200 duties difflib's autojunk would treat a text repeated often as noise.
    base = [f"负责第{i}项业务的管理" for i in range(220)] + ["负责行领导交办的其他工作"] * 5
    old, new = texts(*base), texts("负责制定全行信贷政策", *base)
    assert aligned(old, new) == ([], [], [1])


def test_a_text_repeated_often_still_aligns_between_two_changed_duties() -> None:
    # 负责行领导交办的其他工作 is in more than 1% of 225 duties: difflib's autojunk would
    # never anchor on it, so between two changed duties it would be "removed" and "added"
    # again (a move of a duty that did not move) instead of staying aligned.
    other = "负责行领导交办的其他工作"
    unique = [f"负责第{i}项业务的管理" for i in range(220)]
    old = texts(*unique[:100], "负责柜面现金的日终核对", other, "负责印章的保管",
                *unique[100:], *[other] * 4)
    new = texts(*unique[:100], "审查客户的征信报告", other, "组织年度员工培训",
                *unique[100:], *[other] * 4)
    assert aligned(old, new) == ([], [101, 103], [101, 103])


def _bilingual(owner: str, *items: tuple[str, str]) -> tuple[Duty, ...]:
    return tuple(Duty(owner=owner, n=n, text=Text(zh=zh, en=en))
                 for n, (zh, en) in enumerate(items, start=1))


def test_english_report_quotes_the_english_text_of_each_duty() -> None:
    approve = ("负责审批权限内的贷款", "Approve loans within the limits")
    check = ("负责组织全行信贷检查", "Organise credit inspections")
    policy = ("负责制定信贷政策", "Draft the credit policy")
    keep = ("负责客户关系维护", "Maintain client relations")
    old = org_with(_bilingual("credit.manager", approve, check, keep))
    new = org_with(_bilingual("credit.manager", keep, policy, approve))
    summaries = [s for _, _, s in _compare(old, new, "en")]
    assert "Credit manager: duty 2 removed: “Organise credit inspections”" in summaries
    assert "Credit manager: duty 2 added: “Draft the credit policy”" in summaries
    assert ("Credit manager: duty “Maintain client relations” moved from 3; it is now duty 1"
            in summaries)


def test_a_removal_and_an_addition_at_the_same_number_keep_their_order() -> None:
    old = texts("负责客户关系维护", "负责组织全行信贷检查")
    new = texts("负责客户关系维护", "负责制定年度营销计划")
    assert changes(old, new, "en") == [
        ("duty-removed", "Credit manager: duty 2 removed: “负责组织全行信贷检查”"),
        ("duty-added", "Credit manager: duty 2 added: “负责制定年度营销计划”"),
    ]


def _org(roles: list[tuple[str, str, list]], activities: list[tuple[str, str]],
         committees: tuple[Committee, ...] = (), department: list | None = None) -> Org:
    return Org(
        id="bank", name=Text(plain="示例银行"),
        processes=(Process(id="loan", name=Text(plain="贷款"), activities=tuple(
            Activity(id=a, process="loan", name=Text(zh=name, en=a)) for a, name in activities)),),
        departments=(Department(
            id="credit", name=Text(zh="信贷部", en="Credit"),
            duties=_duties("credit", department or []),
            roles=tuple(Role(id=rid, title=Text(zh=title, en=rid), department="credit",
                             duties=_duties(rid, items)) for rid, title, items in roles)),),
        committees=committees,
    )


def test_raci_changes_follow_the_models_order_of_activities_and_holders() -> None:
    # Model order: investigate before approve, officer before manager, then the committee.
    acts = [("loan.investigate", "贷前调查"), ("loan.approve", "贷款审批")]
    old = _org([("z.officer", "客户经理", []), ("a.manager", "部门经理", [])], acts)
    committee = Committee(id="a-committee", name=Text(plain="审贷会"),
                          duties=_duties("a-committee", [("审批", {"loan.approve": "A"})]))
    new = _org([("z.officer", "客户经理", [("调查", {"loan.investigate": "R"}),
                                          ("审批", {"loan.approve": "R"})]),
                ("a.manager", "部门经理", [("审批", {"loan.approve": "C"})])], acts,
               committees=(committee,))
    found = compare_orgs(old, build_matrix(old), new, build_matrix(new), "zh")
    assert [(c.subject, c.details["holder"], c.details["holder_kind"]) for c in found
            if c.kind == "raci-changed"] == [
        ("loan.investigate", "z.officer", "role"),
        ("loan.approve", "z.officer", "role"),
        ("loan.approve", "a.manager", "role"),
        ("loan.approve", "a-committee", "committee"),
    ]


def test_gaining_and_losing_at_once_reads_as_one_change() -> None:
    acts = [("loan.approve", "贷款审批")]
    old = _org([("credit.officer", "客户经理", [("审批", {"loan.approve": "RA"})])], acts)
    new = _org([("credit.officer", "客户经理", [("审批", {"loan.approve": "C"})])], acts)
    assert [s for _, _, s in _compare(old, new, "zh")] == ["贷款审批：客户经理 获得 C，失去 RA"]
    assert [s for _, _, s in _compare(old, new, "en")] == [
        "loan.approve: credit.officer gains C, loses RA"]


def test_a_department_carrying_an_activity_in_two_duties_keeps_both_letters() -> None:
    acts = [("loan.investigate", "贷前调查")]
    two = [("调查", {"loan.investigate": "R"}), ("调查复核", {"loan.investigate": "A"})]
    old = _org([], acts, department=two)
    new = _org([], acts, department=two[:1])
    [change] = [c for c in compare_orgs(old, build_matrix(old), new, build_matrix(new), "zh")
                if c.kind == "raci-changed"]
    assert (change.details["old"], change.details["new"], change.details["lost"]) == (
        "RA", "R", "A")
    assert change.details["holder_kind"] == "department"


def test_letters_of_a_removed_activity_and_post_are_named_from_the_old_org() -> None:
    old = _org([("credit.officer", "客户经理", [("审批", {"loan.approve": "A"})])],
               [("loan.approve", "贷款审批")])
    new = _org([], [])
    [change] = [c for c in compare_orgs(old, build_matrix(old), new, build_matrix(new), "zh")
                if c.kind == "raci-changed"]
    assert change.summary == "贷款审批：客户经理 失去 A"
    assert change.details["holder_kind"] == "role"


def test_a_renamed_post_is_named_by_its_new_title() -> None:
    acts = [("loan.approve", "贷款审批")]
    old = _org([("credit.officer", "客户经理", [("审批", {"loan.approve": "R"})])], acts)
    new = _org([("credit.officer", "信贷客户经理", [("审批", {"loan.approve": "RA"})])], acts)
    raci = [c.summary for c in compare_orgs(old, build_matrix(old), new, build_matrix(new),
                                            "zh") if c.kind == "raci-changed"]
    assert raci == ["贷款审批：信贷客户经理 获得 A"]


def test_a_bilingual_duty_changed_in_both_languages_below_the_threshold_is_replaced() -> None:
    # Ratio 0.55 over both languages: a removal and an addition, not a rewording.
    before = Text(zh="负责贷款审批", en="Approve loans")
    after = Text(zh="负责审批贷款", en="Check loan files")
    assert aligned(texts(before), texts(after)) == ([], [1], [1])
