"""DM3xx overlap: double Accountables, duplicated and near-duplicated duties, catch-alls."""

from __future__ import annotations

import random
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from unittest import mock

import pytest
from clock import TODAY
from hypothesis import given, settings
from hypothesis import strategies as st

from dutymatrix.checks import neardup
from dutymatrix.checks._common import fold_text
from dutymatrix.checks.neardup import jaccard, ngrams, similar_clusters
from dutymatrix.engine import run_check
from dutymatrix.findings import Finding

HEAD = """\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: approve, name: 贷款审批}
"""


@pytest.fixture
def check(write_org: Callable[..., Path]) -> Callable[[str], list[Finding]]:
    def run(body: str) -> list[Finding]:
        result = run_check(str(write_org({"org.yaml": HEAD + body})), today=TODAY)
        assert not result.load_failed, [f.message for f in result.findings]
        return result.active_findings

    return run


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def _post(dept: str, role: str, duties: list[str], parent: str | None = "branch") -> str:
    lines = [f"  - id: {dept}", f"    name: {dept}部"]
    if parent:
        lines.append(f"    parent: {parent}")
    lines += ["    roles:", f"      - id: {dept}.{role}", f"        title: {role}岗",
              "        duties:"]
    lines += [f"          - {d}" for d in duties]
    return "\n".join(lines) + "\n"


def _departments(*posts: str) -> str:
    return "departments:\n  - id: branch\n    name: 分行\n" + "".join(posts)


def test_two_accountables_are_all_named(check) -> None:
    findings = check("""\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.manager
        title: 经理
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
      - id: credit.deputy
        title: 副经理
        duties:
          - text: 负责审批贷款
            raci: {loan.approve: A}
committees:
  - id: loan-committee
    name: 审贷会
    members: [credit.manager]
    duties:
      - text: 审批贷款
        raci: {loan.approve: A}
""")
    [overlap] = of(findings, "DM301")
    assert overlap.subject == "loan.approve"
    assert set(overlap.related) == {"credit.manager", "credit.deputy", "loan-committee"}
    assert {label for label, _ in overlap.places} == {
        "credit.manager#1", "credit.deputy#1", "loan-committee#1"}


AUTHORITY_ORG = """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.manager
        title: 经理
        duties:
          - text: 负责100万元以下贷款审批
            raci: {loan.approve: AR}
      - id: credit.deputy
        title: 副经理
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: A}
committees:
  - id: loan-committee
    name: 审贷会
    members: [credit.manager]
    duties:
      - text: 审批100万元以上贷款
        raci: {loan.approve: A}
rules:
  authority:
    - activity: loan.approve
      bands:
        - {by: credit.manager, up_to: 1000000}
        - {by: loan-committee, over: 1000000}
"""


def test_band_owners_are_one_accountable_per_band(check) -> None:
    findings = check(AUTHORITY_ORG.replace(
        "          - text: 负责贷款审批\n            raci: {loan.approve: A}",
        "          - text: 协助审批贷款\n            raci: {loan.approve: C}"))
    assert of(findings, "DM301") == []


def test_an_accountable_outside_the_bands_is_an_overlap(check) -> None:
    [overlap] = of(check(AUTHORITY_ORG), "DM301")
    assert "credit.deputy" in overlap.message
    deputy_line = (HEAD + AUTHORITY_ORG).splitlines().index("            raci: {loan.approve: A}")
    assert overlap.loc is not None and overlap.loc.line == deputy_line + 1


def test_same_duty_text_in_two_departments_is_one_finding_naming_all_posts(check) -> None:
    findings = check(_departments(
        _post("a", "x", ["负责客户信用等级的评定", "负责行领导交办的其他工作"]),
        _post("b", "y", ["负责客户信用等级的评定。", "负责行领导交办的其他工作"]),
        _post("c", "z", ["负责 客户信用等级的评定", "负责行领导交办的其他工作"]),
    ))
    [same] = of(findings, "DM302")
    assert same.subject == "a.x"
    assert set(same.related) == {"b.y", "c.z"}
    # Catch-all duties are everywhere by design; they are not reported as duplicates.
    assert all("交办" not in f.message for f in of(findings, "DM302"))


def test_same_text_within_one_department_is_not_reported(check) -> None:
    findings = check(
        "departments:\n  - id: a\n    name: A部\n    roles:\n"
        "      - id: a.x\n        title: X\n        duties:\n          - 负责客户信用等级的评定\n"
        "      - id: a.y\n        title: Y\n        duties:\n          - 负责客户信用等级的评定\n"
    )
    assert of(findings, "DM302") == []


def test_near_duplicates_across_branches_are_one_cluster(check) -> None:
    base = "负责客户信用等级的评定和授信额度的核定"
    findings = check(_departments(
        _post("b1", "officer", [base]),
        _post("b2", "officer", [base + "工作"]),
        _post("b3", "officer", [base + "工作"]),
        _post("b4", "officer", ["负责客户信用等级的评定和授信额度的核定等"]),
        _post("b5", "officer", ["负责票据的保管和查验"]),
    ))
    [cluster] = of(findings, "DM303")
    assert cluster.subject == "b1.officer"
    assert set(cluster.related) == {"b2.officer", "b3.officer", "b4.officer"}
    assert len(cluster.places) == 4


def test_near_duplicate_threshold_is_configurable(check) -> None:
    texts = ["负责客户信用等级的评定和授信额度的核定", "负责客户信用等级的评定和授信额度的核定工作"]
    strict = check(_departments(_post("b1", "o", texts[:1]), _post("b2", "o", texts[1:]))
                   + "checks:\n  options:\n    DM303: {threshold: 0.95}\n")
    assert of(strict, "DM303") == []


def test_catch_all_twice_or_not_last(check) -> None:
    findings = check(_departments(
        _post("a", "x", ["负责行领导交办的其他工作", "负责客户接待"]),
        _post("b", "y", ["负责客户接待", "完成领导交办的其它工作", "负责行领导交办的其他工作"]),
        _post("c", "z", ["Handle customer requests", "Other duties as assigned"]),
    ))
    catch_all = of(findings, "DM304")
    assert sorted(f.subject for f in catch_all) == ["a.x", "b.y"]
    assert "not the last" in next(f for f in catch_all if f.subject == "a.x").message
    assert "2 catch-all" in next(f for f in catch_all if f.subject == "b.y").message


# --- the near-duplicate search itself -----------------------------------------------------


def _brute_force_clusters(texts: list[str], threshold: float) -> list[list[int]]:
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    grams = [ngrams(t) for t in texts]
    for i, j in combinations(range(len(texts)), 2):
        if jaccard(grams[i], grams[j]) >= threshold:
            parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(find(i), []).append(i)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])


_ALPHABET = "负责信贷审批调查档案管理工作的和及"


@settings(max_examples=150, deadline=None)
@given(
    base=st.lists(st.text(_ALPHABET, min_size=3, max_size=18), min_size=1, max_size=8),
    edits=st.lists(st.tuples(st.integers(0, 7), st.text(_ALPHABET, max_size=3)), max_size=20),
    threshold=st.sampled_from([0.5, 0.7, 0.8, 0.9, 1.0]),
)
@pytest.mark.slow
def test_prefix_filtering_finds_exactly_the_all_pairs_clusters(
    base: list[str], edits: list[tuple[int, str]], threshold: float
) -> None:
    texts = list(base)
    for index, suffix in edits:  # drifted copies: the shape the search is for
        texts.append(texts[index % len(texts)] + suffix)
    texts = list(dict.fromkeys(texts))
    assert similar_clusters(texts, threshold) == _brute_force_clusters(texts, threshold)


_WIDE_ALPHABET = (
    "负责信贷审批调查档案管理工作的和及客户风险资产贷后检查催收核销票据贴现资金计划利率定价统计报表"
)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    threshold=st.sampled_from([0.5, 0.8, 0.9]),
    switch=st.sampled_from([8, 14, 24]),
)
def test_single_key_path_for_long_duties_matches_all_pairs(
    seed: int, threshold: float, switch: int
) -> None:
    # Long duties probe and index single n-gram keys (SINGLE_KEY_PROBE_SIZE and above);
    # with the switch lowered, these drifted texts straddle it, so pairs across the
    # boundary (one side on each path) must still be found.
    rng = random.Random(seed)
    texts = ["".join(rng.choices(_WIDE_ALPHABET, k=rng.randint(6, 40))) for _ in range(6)]
    for _ in range(18):
        source = list(rng.choice(texts))
        for _ in range(rng.randint(0, 4)):  # drift: replace, insert or delete a character
            at = rng.randrange(len(source))
            action = rng.random()
            if action < 0.3:
                source[at] = rng.choice(_WIDE_ALPHABET)
            elif action < 0.8:
                source.insert(at, rng.choice(_WIDE_ALPHABET))
            elif len(source) > 3:
                del source[at]
        texts.append("".join(source))
    texts = list(dict.fromkeys(texts))
    with mock.patch.object(neardup, "SINGLE_KEY_PROBE_SIZE", switch):
        assert similar_clusters(texts, threshold) == _brute_force_clusters(texts, threshold)


@pytest.mark.slow
def test_one_very_long_duty_is_cheap() -> None:
    # 300,000 characters: cutting must stay linear in the text (it once built a table
    # quadratic in the longest text and ran out of memory).
    text = "".join(random.Random(7).choices(_WIDE_ALPHABET, k=300_000))
    assert similar_clusters([text, text[:-1000], "负责贷款审批工作"], 0.8) == [[0, 1]]


def test_folding_ignores_case_spaces_punctuation_and_width() -> None:
    assert fold_text("负责 客户,信用。") == fold_text("负责客户,信用")
    assert fold_text("Review LOANS.") == fold_text("review loans")
