"""Near-duplicate texts without an all-pairs loop: prefix filtering on character n-grams.

Similarity is the Jaccard index of the sets of character n-grams (n = 3 by default) of
the folded texts. The search is exact — every pair at or above the threshold is found —
and avoids comparing all pairs with the ℓ-prefix scheme (Bayardo et al. 2007; Wang, Li
and Feng 2012):

* every set lists its n-grams in one global order, rarest first;
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
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from itertools import chain, combinations

KEY_TOKENS = 3


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


def similar_clusters(texts: Sequence[str], threshold: float = 0.8, n: int = 3) -> list[list[int]]:
    """Groups (indexes into ``texts``, ascending) of texts with n-gram Jaccard ≥ threshold.

    Texts should be distinct (fold and deduplicate first); a group is a connected
    component of the "similar" relation, so every member is similar to at least one
    other. Only groups of two or more are returned, ordered by their first index.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    gram_sets = [
        frozenset([t[i : i + n] for i in range(len(t) - n + 1)]) if len(t) > n else frozenset((t,))
        for t in texts
    ]  # ngrams(), inlined: this runs once per distinct duty text
    frequency = Counter(chain.from_iterable(gram_sets))
    # Global order: rarest first. Counter keeps first-seen order and sorted() is stable,
    # so the order (and every result) is the same on every run.
    rank = {tok: i for i, tok in enumerate(sorted(frequency, key=frequency.__getitem__))}
    unique_below = sum(1 for count in frequency.values() if count == 1)
    sizes = [len(g) for g in gram_sets]

    union_find = _UnionFind(len(texts))
    find = union_find.find
    postings: dict[tuple[int, ...], list[int]] = {}
    get_posting = postings.get
    index_share = 2 * threshold / (1 + threshold)
    c = KEY_TOKENS
    # Pairs whose smaller set has fewer than `small` n-grams may share fewer than c of
    # them; those pairs use single n-gram keys (c = 1) on both sides.
    small = math.floor((c - 1) / threshold) + 1  # least s with t·s > c - 1
    for x in sorted(range(len(texts)), key=sizes.__getitem__):
        size = sizes[x]
        shared = sorted(map(rank.__getitem__, gram_sets[x]))
        # N-grams no other text has sort first (ranks below unique_below); drop them.
        if shared[0] < unique_below:
            shared = [tok for tok in shared if tok >= unique_below]
        # Any partner y (|y| ≤ |x|, visited earlier) must share ≥ t·|x| n-grams with x:
        # the first c common ones lie within the first len(shared) - overlap + c.
        overlap = math.ceil(threshold * size - 1e-9)
        spare = len(shared) - overlap
        if spare < 0:
            continue  # too few shareable n-grams to reach the threshold with anybody
        candidates: set[int] = set()
        if threshold * size < small:  # partners below `small` index single n-grams
            for tok in shared[: spare + 1]:
                posting = get_posting((tok,))
                if posting is not None:
                    candidates.update(posting)
        if size >= small:
            for key in combinations(shared[: spare + c], c):
                posting = get_posting(key)
                if posting is not None:
                    candidates.update(posting)
        if candidates:
            x_grams = gram_sets[x]
            min_size = threshold * size
            root = find(x)
            for y in candidates:
                # Size filter, then skip pairs already joined, then verify exactly.
                if sizes[y] >= min_size and find(y) != root:
                    inter = len(x_grams & gram_sets[y])
                    if inter >= threshold * (size + sizes[y] - inter):
                        union_find.union(x, y)
                        root = find(x)
        # A later partner y (|y| ≥ |x|) must share ≥ 2t/(1+t)·|x| n-grams with x.
        spare = len(shared) - math.ceil(index_share * size - 1e-9)
        if spare < 0:
            continue
        keys = (
            [(tok,) for tok in shared[: spare + 1]]
            if size < small
            else combinations(shared[: spare + c], c)
        )
        for key in keys:
            posting = get_posting(key)
            if posting is None:
                postings[key] = [x]
            else:
                posting.append(x)

    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(union_find.find(i), []).append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
