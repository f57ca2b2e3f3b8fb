"""Near-duplicate texts without an all-pairs loop: prefix filtering on character n-grams.

Similarity is the Jaccard index of the sets of character n-grams (n = 3 by default) of
the folded texts. The search is exact — every pair at or above the threshold is found —
and avoids comparing all pairs with the ℓ-prefix scheme (Bayardo et al. 2007; Wang, Li
and Feng 2012):

* every set lists its n-grams in one global order, rarest first; n-grams become integer
  ranks once, so the search hashes small ints, not strings;
* two sets that must share α n-grams share at least ``c`` of them among the first
  ``|x| - α + c`` n-grams of each, so every ``c``-combination of those first n-grams is
  a key, and only records with a common key are compared (c = 3: texts cut from one
  template share many single rare n-grams, but rarely three; tiny sets use c = 1);
* n-grams that occur in one text only can never be shared, so they are skipped, which
  shortens the prefixes;
* records are visited by size, so a record only needs to index the shorter prefix a
  larger partner requires (PPJoin), and the size filter drops impossible partners.

Candidates are verified exactly; clusters are connected components of the similar
pairs (union-find), and a pair already in one cluster is not verified again.

Where the time goes (``benchmarks/bench_neardup.py``, 60,000 mostly different duties):
folding and masking about a seventh, cutting and ranking the half-million n-grams about
two fifths, the search the rest — some 700,000 key lookups and posts. Each is a few
C-level operations per n-gram or key: one ``itemgetter`` call cuts a text, n-gram ids
are dense so ranks are list lookups, and the search is one loop without a method call
per record.

Branches copy a standard post and write their own name and limits into it ("负责城东支行
辖内…单笔50万元以下"). Such copies are all different texts, each with hundreds of near
copies, which is the worst case for prefix filtering (every key is shared by every copy)
and splits one copied duty into many clusters. ``template_text`` masks what a copy
changes — the owner's own names and every number — so the copies of one duty become one
text before the search: deduplication folds them together, and the search only sees
the templates and their drifted wordings.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, combinations, repeat
from operator import itemgetter

KEY_TOKENS = 3
# Sets this large (long duties) probe with single n-gram keys: their prefixes are long,
# and every c-combination of a long prefix would be millions of keys. Their partners are
# at least threshold × this large, and those index single keys too.
SINGLE_KEY_PROBE_SIZE = 200


NAME_MASK = "@"  # fold_text drops punctuation, so neither mask occurs in a folded text
NUMBER_MASK = "#"
_NUMBER = re.compile(r"\d+")


def template_text(folded: str, names: Sequence[str]) -> str:
    """``folded`` with each of ``names`` (folded, longest first) and every run of digits
    masked: "负责城东支行辖内贷款单笔50万元以下" with names ["城东支行"] becomes
    "负责@辖内贷款单笔#万元以下"."""
    # No decimal digit (\d) is a letter: an all-letter text has no number to mask (nor
    # gets one from masking a name), and isalpha() costs a fraction of the substitution.
    has_numbers = not folded.isalpha()
    for name in names:
        if name in folded:
            folded = folded.replace(name, NAME_MASK)
    return _NUMBER.sub(NUMBER_MASK, folded) if has_numbers else folded


def ngrams(text: str, n: int = 3) -> frozenset[str]:
    """The set of character n-grams of ``text`` (the text itself when shorter than n)."""
    if len(text) <= n:
        return frozenset((text,))
    return frozenset(text[i : i + n] for i in range(len(text) - n + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter) if inter else 0.0


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        """Components of two or more members, each ascending, ordered by first member."""
        # union() hangs the larger root under the smaller and find() only shortens paths,
        # so a parent is never above its child: one ascending pass resolves every root.
        parent = self.parent
        groups: dict[int, list[int]] = {}
        for i, up in enumerate(parent):
            if up != i:
                root = parent[i] = parent[up]
                groups.setdefault(root, [root]).append(i)
        return [groups[root] for root in sorted(groups)]


# Texts up to this long are cut by one itemgetter per length (every slice in one C call);
# longer ones map over the shared slices, so memory stays linear in the longest text.
_CUT_BY_GETTER = 256


def _cutter(texts: Sequence[str], n: int) -> Callable[[str], Iterable[str]]:
    """A function that cuts a text of ``texts`` into its n-grams, with repeats (the text
    itself when it is not longer than n)."""
    longest = max(map(len, texts), default=0)
    # Slice objects made once and shared by every text.
    all_cuts = [slice(i, i + n) for i in range(max(longest - n + 1, 0))]
    getters = [itemgetter(*all_cuts[: length - n + 1])  # ≥ 2 slices: a tuple back
               for length in range(n + 1, min(longest, _CUT_BY_GETTER) + 1)]

    def cut(text: str) -> Iterable[str]:
        length = len(text)
        if length <= n:
            return (text,)
        if length <= _CUT_BY_GETTER:
            return getters[length - n - 1](text)
        return map(text.__getitem__, all_cuts[: length - n + 1])

    return cut


def _ranked_grams(texts: Sequence[str], n: int) -> tuple[list[list[int]], int]:
    """Each text's distinct n-grams as ascending ranks (rarest first), and how many
    ranks belong to n-grams that occur once in all the texts (those come first)."""
    cut = _cutter(texts, n)
    # Every distinct n-gram gets the next int id on first sight (a missing key is given
    # the dict's size), so strings are hashed once and ids index lists below.
    ids: defaultdict[str, int] = defaultdict()
    ids.default_factory = ids.__len__
    id_of = ids.__getitem__
    id_sets = [set(map(id_of, cut(text))) for text in texts]
    ids.default_factory = None  # the factory is the dict's own method: break the cycle
    # Texts, not occurrences, are counted: an n-gram counted once is in one text only and
    # can be skipped below (a long text repeats n-grams of its own).
    counted = Counter(chain.from_iterable(id_sets))
    frequency = list(map(counted.__getitem__, range(len(ids))))
    # Rarest first; the sort is stable, so ties are in id order (first sight) and the
    # order is the same on every run. Sorting that permutation inverts it: id → rank.
    by_rarity = sorted(range(len(ids)), key=frequency.__getitem__)
    rank = sorted(range(len(ids)), key=by_rarity.__getitem__)
    ranked = list(map(sorted, map(map, repeat(rank.__getitem__), id_sets)))
    return ranked, frequency.count(1)


def similar_clusters(texts: Sequence[str], threshold: float = 0.8, n: int = 3) -> list[list[int]]:
    """Groups (indexes into ``texts``, ascending) of texts with n-gram Jaccard ≥ threshold.

    Texts should be distinct (fold and deduplicate first); a group is a connected
    component of the "similar" relation, so every member is similar to at least one
    other. Only groups of two or more are returned, ordered by their first index.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    # The search allocates some 10⁶ tuples, lists and sets, none in a cycle: the CLI runs
    # it with the collector paused (dutymatrix.runtime), which saves a fifth of the time.
    return _search(texts, threshold, n)


def _search(texts: Sequence[str], threshold: float, n: int) -> list[list[int]]:
    ranked, unique_below = _ranked_grams(texts, n)
    sizes = list(map(len, ranked))
    plan, c = _key_plan(threshold, max(sizes, default=0)), KEY_TOKENS
    clusters = _Clusters(ranked, sizes, threshold)
    postings: dict[tuple[int, ...], list[int]] = {}
    get_posting, posting = postings.get, postings.setdefault
    for x in sorted(range(len(texts)), key=sizes.__getitem__):
        grams = ranked[x]
        # N-grams no other text has sort first (ranks below unique_below); skip them. A
        # prefix that starts past its end has no keys: the record can reach nobody.
        start = bisect_left(grams, unique_below)
        probe_singles, probe_combos, index_singles, index_combos = plan[sizes[x]]
        # Most keys miss; map/filter keep the lookups out of the interpreter loop.
        found = set().union(*filter(None, map(
            get_posting, combinations(grams[start:probe_combos], c))))
        if probe_singles:
            found.update(*filter(None, map(get_posting, zip(grams[start:probe_singles]))))
        if found:
            clusters.join(x, found)
        # Post x under the keys a later, larger partner will probe.
        for key in combinations(grams[start:index_combos], c):
            posting(key, []).append(x)
        if index_singles:
            for key in zip(grams[start:index_singles]):
                posting(key, []).append(x)
    return clusters.union_find.groups()


def _key_plan(threshold: float, longest: int) -> list[tuple[int, int, int, int]]:
    """Per set size, where the prefixes end (0: no such keys): single n-gram keys and
    c-combinations probed, then the same two posted."""
    c, single_probe = KEY_TOKENS, SINGLE_KEY_PROBE_SIZE
    # Pairs whose smaller set has fewer than `small` n-grams may share fewer than c of
    # them; those pairs use single n-gram keys (c = 1) on both sides.
    small = math.floor((c - 1) / threshold) + 1  # least s with t·s > c - 1
    # Sets from `single_probe` n-grams (long duties) probe single keys: their prefixes are
    # long, and every c-combination of a long prefix would be millions of keys. Their
    # partners are at least threshold × that large, and those post single keys too.
    single_index = math.floor(threshold * single_probe)
    # A partner y visited before x (|y| ≤ |x|) shares ≥ t·|x| n-grams with x; a partner
    # visited after shares ≥ 2t/(1+t)·|x|. With the n-grams x can share starting at
    # `start`, the first c common ones lie before `keep + c`, keep = |x| - overlap.
    index_share = 2 * threshold / (1 + threshold)
    plan = []
    for size in range(longest + 1):
        probe_keep = size - math.ceil(threshold * size - 1e-9)
        index_keep = size - math.ceil(index_share * size - 1e-9)
        combos = small <= size < single_probe
        plan.append((
            probe_keep + 1 if threshold * size < small or size >= single_probe else 0,
            probe_keep + c if combos else 0,
            index_keep + 1 if not combos or size >= single_index else 0,
            index_keep + c if combos else 0,
        ))
    return plan


class _Clusters:
    """The similar pairs found so far, as clusters (union-find over the texts)."""

    def __init__(self, ranked: list[list[int]], sizes: list[int], threshold: float) -> None:
        self.ranked, self.sizes, self.threshold = ranked, sizes, threshold
        self.union_find = _UnionFind(len(ranked))

    def join(self, x: int, candidates: set[int]) -> None:
        """Verify each candidate exactly and join the similar ones to ``x``'s cluster."""
        ranked, sizes, threshold = self.ranked, self.sizes, self.threshold
        find, union = self.union_find.find, self.union_find.union
        x_grams = frozenset(ranked[x])
        size = sizes[x]
        min_size = threshold * size
        root = find(x)
        for y in candidates:
            # Size filter, then skip pairs already joined, then verify exactly.
            if sizes[y] >= min_size and find(y) != root:
                inter = len(x_grams.intersection(ranked[y]))
                if inter >= threshold * (size + sizes[y] - inter):
                    union(x, y)
                    root = find(x)
