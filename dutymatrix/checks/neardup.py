"""Near-duplicate texts without an all-pairs loop: prefix filtering on character n-grams.

Similarity is the Jaccard index of the sets of character n-grams (n = 3 by default) of the
folded texts. Two sets can only reach Jaccard ≥ t if they share one of the first
``|x| - ceil(t·|x|) + 1`` tokens of each, when every set lists its tokens in one global
order (rarest first, so the prefixes hold the rare, telling n-grams). Records are probed
in order of size, which also lets each posting list drop the records too small to
matter (size filter). Candidates are verified exactly; clusters are the connected
components of the verified pairs (union-find), so a pair already in one cluster is
not verified again.

This is the AllPairs / PPJoin family (Bayardo et al. 2007, Xiao et al. 2008); it is
exact — no pair above the threshold is missed — unlike MinHash/LSH, and it is fast in
pure Python because the per-record work happens in set operations written in C.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence


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
    gram_sets = [ngrams(t, n) for t in texts]
    frequency: Counter[str] = Counter()
    for grams in gram_sets:
        frequency.update(grams)
    # Global token order: rarest first, ties broken by the token so the order is stable.
    ordered = sorted(frequency.items(), key=lambda item: (item[1], item[0]))
    rank = {tok: i for i, (tok, _count) in enumerate(ordered)}

    order = sorted(range(len(texts)), key=lambda i: len(gram_sets[i]))
    union_find = _UnionFind(len(texts))
    postings: dict[int, list[int]] = {}
    starts: dict[int, int] = {}  # first posting still large enough (sizes only grow)
    index_share = 2 * threshold / (1 + threshold)
    for x in order:
        x_grams = gram_sets[x]
        size = len(x_grams)
        min_size = threshold * size
        tokens = sorted(rank[g] for g in x_grams)
        probe_len = size - math.ceil(threshold * size - 1e-9) + 1
        seen: set[int] = set()
        for tok in tokens[:probe_len]:
            posting = postings.get(tok)
            if not posting:
                continue
            start = starts[tok]
            while start < len(posting) and len(gram_sets[posting[start]]) < min_size:
                start += 1
            starts[tok] = start
            for y in posting[start:]:
                if y in seen:
                    continue
                seen.add(y)
                if union_find.find(x) == union_find.find(y):
                    continue
                if jaccard(x_grams, gram_sets[y]) >= threshold:
                    union_find.union(x, y)
        # Index only the shorter prefix: a later (larger) record y finds x through it.
        index_len = size - math.ceil(index_share * size - 1e-9) + 1
        for tok in tokens[:index_len]:
            if tok in postings:
                postings[tok].append(x)
            else:
                postings[tok] = [x]
                starts[tok] = 0

    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(union_find.find(i), []).append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
