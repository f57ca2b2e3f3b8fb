"""DM303's text pipeline: folding, masking and n-gram cutting give the same results on
their fast paths (clean text, texts without digits, short texts cut by one itemgetter)
as the plain regular expressions and slices they stand for, on awkward Unicode."""

from __future__ import annotations

import gc
import re
import unicodedata
from itertools import combinations
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from dutymatrix.checks import neardup
from dutymatrix.checks._common import fold_text
from dutymatrix.checks.neardup import jaccard, similar_clusters, template_text

# Full-width letters and digits, Arabic-Indic and Devanagari digits, superscripts and
# circled numbers (NFKC makes them ASCII digits), Chinese numerals (letters, not digits),
# ligatures, the Kelvin sign, combining marks, underscores, ideographic and no-break
# spaces, CJK and Latin punctuation, Greek and Cyrillic, a character outside the BMP.
_AWKWARD = (
    "负责贷款审批工作的和及ＡＢＣａｂｃ０１２３４５６７８９٣٤५²³①⑩一二三十百万"
    "ﬁﬀKÅé\u0301\u0308_＿\u3000\u00a0 ,，。、；：（）()·-—!?%％ΣσςДд𠀀"
)
_texts = st.text(st.sampled_from(_AWKWARD), max_size=30)


def _fold_by_regex(text: str) -> str:
    """What fold_text stands for: NFKC, case folding, every run of \\W or _ removed."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


@settings(max_examples=400, deadline=None)
@given(text=_texts)
def test_folding_equals_the_regular_expression_on_awkward_unicode(text: str) -> None:
    fold_text.cache_clear()
    assert fold_text(text) == _fold_by_regex(text)


def test_folding_reads_full_width_and_compatibility_forms_as_plain_ones() -> None:
    assert fold_text("负责ＡＢ角　复核，单笔５０万元") == fold_text("负责ab角复核单笔50万元")
    assert fold_text("第①条_审批") == "第1条审批"
    assert fold_text("Straße ﬁle") == "strassefile"


@settings(max_examples=400, deadline=None)
@given(text=_texts, name=st.sampled_from(["", "城东支行", "ａｂ"]))
def test_masking_equals_the_regular_expression(text: str, name: str) -> None:
    folded = fold_text(text + name + text)
    names = (fold_text(name),) if fold_text(name) else ()
    expected = folded
    for each in names:
        expected = expected.replace(each, neardup.NAME_MASK)
    expected = re.sub(r"\d+", neardup.NUMBER_MASK, expected)
    assert template_text(folded, names) == expected


def test_masking_masks_digits_of_every_script_but_not_chinese_numerals() -> None:
    assert template_text(fold_text("单笔５０万元"), ()) == "单笔#万元"
    assert template_text("单笔٣٤万元", ()) == "单笔#万元"  # Arabic-Indic digits are \d
    assert template_text("单笔五十万元", ()) == "单笔五十万元"  # 五十 are letters


def _all_pairs(texts: list[str], threshold: float, n: int) -> list[list[int]]:
    def grams(text: str) -> frozenset[str]:
        return neardup.ngrams(text, n)

    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    sets = [grams(t) for t in texts]
    for i, j in combinations(range(len(texts)), 2):
        if jaccard(sets[i], sets[j]) >= threshold:
            parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(find(i), []).append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


@settings(max_examples=120, deadline=None)
@given(
    base=st.lists(st.text("负责信贷审批档案管理工作的和及12", min_size=1, max_size=14),
                  min_size=1, max_size=6),
    suffixes=st.lists(st.tuples(st.integers(0, 5), st.text("工作的及", max_size=3)),
                      max_size=12),
    n=st.sampled_from([1, 2, 3, 4]),
    threshold=st.sampled_from([0.5, 0.8, 1.0]),
    getter_up_to=st.sampled_from([1, 6, 256]),
)
def test_search_matches_all_pairs_for_every_n_and_both_ways_of_cutting(
    base: list[str], suffixes: list[tuple[int, str]], n: int, threshold: float,
    getter_up_to: int,
) -> None:
    # Texts up to _CUT_BY_GETTER long are cut by one itemgetter per length, longer ones
    # by slices; with the switch lowered, these texts straddle it (and n, so some texts
    # are shorter than one n-gram and are their own only "n-gram").
    texts = list(base)
    for index, suffix in suffixes:
        texts.append(texts[index % len(texts)] + suffix)
    texts = list(dict.fromkeys(texts))
    with mock.patch.object(neardup, "_CUT_BY_GETTER", getter_up_to):
        assert similar_clusters(texts, threshold, n=n) == _all_pairs(texts, threshold, n)


def test_search_leaves_no_cyclic_garbage() -> None:
    # The CLI runs the search with the collector paused and then freezes what survived
    # (dutymatrix.runtime): a cycle left behind would keep every n-gram string alive.
    texts = ["负责贷款审批工作", "负责贷款审批工作的", "负责票据贴现管理"]
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        assert similar_clusters(texts, 0.8) == [[0, 1]]
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()
