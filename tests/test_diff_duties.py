"""diff: which duty edits are the same duty, a rewording, or a removal and an addition.

Each test here pins one part of duty matching that a one-line change to
``dutymatrix/diff/duties.py`` used to break unnoticed (see docs/mutation.md).
"""

from __future__ import annotations

from dutymatrix.diff.compare import compare_orgs
from dutymatrix.diff.duties import REWORD_THRESHOLD, align_duties, normalise, similarity
from dutymatrix.matrix import build_matrix
from dutymatrix.model import Department, Duty, Org, Role, Text


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
