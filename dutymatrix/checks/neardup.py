"""Near-duplicate texts without an all-pairs loop: prefix filtering on character n-grams.

Similarity is the Jaccard index of the sets of character n-grams (n = 3 by default) of
the folded texts. The search is exact — every pair at or above the threshold is found —
and avoids comparing all pairs with the ℓ-prefix scheme (Bayardo et al. 2007; Wang, Li
and Feng 2012):

* every set lists its n-grams in one order, rarest first; n-grams become integer ranks
  once, so the search hashes small ints, not strings;
* two sets that must share α n-grams share their ``c`` rarest common n-grams among the
  first ``|x| - α + c`` n-grams of each, so every ``c``-combination of those first
  n-grams is a key, and only records with a common key are compared (c = 3: texts cut
  from one template share many single rare n-grams, but rarely three; tiny sets use
  c = 1);
* n-grams that occur in one text only can never be shared, so they are skipped, which
  shortens the prefixes; records are visited by size and the size filter drops
  impossible partners.

Templated texts defeat a global order: 400 branches filling one template share every
rare n-gram of the template, so each key holds all 400 and every pair is verified,
although the pairs differ only in the filled-in words (branch name, amount), whose
n-grams are common across templates. So a key that grows past ``DENSE_POSTING`` records
stops collecting candidates; the records it joins form a block, and each block is
searched again on its own: n-grams every member has (the template) are counted once as a
shared core and dropped, the rest are ranked by how rare they are *in the block* — now
the filled-in words come first and the keys tell the copies apart. Pairs that share a
dense key all lie in one block, so nothing is lost; pairs that share another key are
still verified at this level.

Candidates are verified exactly; clusters are connected components of the similar
pairs (union-find), and a pair already in one cluster is not verified again.
"""

from __future__ import annotations

import gc
import math
from bisect import bisect_left
from collections import Counter, defaultdict, deque
from collections.abc import Container, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, combinations, count, filterfalse, repeat

KEY_TOKENS = 3
# Sets this large (long duties) probe with single n-gram keys: their prefixes are long,
# and every c-combination of a long prefix would be millions of keys. Their partners are
# at least threshold × this large, and those index single keys too.
SINGLE_KEY_PROBE_SIZE = 200
# A key shared by more records than this stops collecting candidates: its records are
# searched again as a block (see the module docstring).
DENSE_POSTING = 32


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


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while the search builds its containers.

    The search allocates some 10⁶ tuples, lists and sets, none in a cycle; with the
    collector on, its repeated passes over them took a fifth of the time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _ranked_grams(texts: Sequence[str], n: int) -> tuple[list[list[int]], int]:
    """Each text's distinct n-grams as ascending ranks (rarest first), and how many
    ranks belong to n-grams that occur once in all the texts (those come first)."""
    longest = max(map(len, texts), default=0)
    # Slice objects made once, so cutting a text into n-grams is one C-level map over a
    # prefix of this list (memory linear in the longest text, not quadratic).
    all_cuts = [slice(i, i + n) for i in range(max(longest - n + 1, 0))]
    whole = [slice(None)]

    def cuts(text: str) -> list[slice]:
        return all_cuts[: len(text) - n + 1] if len(text) > n else whole

    # Give every distinct n-gram an int id on first sight (setdefault keeps the first
    # id; count() supplies a fresh candidate each call), so strings are hashed once.
    ids: dict[str, int] = {}
    intern, fresh_id = ids.setdefault, count()
    id_sets = [set(map(intern, map(text.__getitem__, cuts(text)), fresh_id)) for text in texts]
    # Texts, not occurrences, are counted: an n-gram counted once is in one text only and
    # can be skipped below (a long text repeats n-grams of its own). Ties are ordered by
    # id (first sight), so the order is the same on every run.
    frequency = Counter(chain.from_iterable(id_sets))
    rank = {
        tok: r for r, tok in enumerate(sorted(frequency, key=lambda tok: (frequency[tok], tok)))
    }
    to_rank = rank.__getitem__
    ranked = [sorted(map(to_rank, id_set)) for id_set in id_sets]
    return ranked, list(frequency.values()).count(1)


def similar_clusters(texts: Sequence[str], threshold: float = 0.8, n: int = 3) -> list[list[int]]:
    """Groups (indexes into ``texts``, ascending) of texts with n-gram Jaccard ≥ threshold.

    Texts should be distinct (fold and deduplicate first); a group is a connected
    component of the "similar" relation, so every member is similar to at least one
    other. Only groups of two or more are returned, ordered by their first index.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    with _gc_paused():
        # _search's containers are freed when it returns, before the collector resumes.
        return _search(texts, threshold, n)


def _search(texts: Sequence[str], threshold: float, n: int) -> list[list[int]]:
    ranked, unique_below = _ranked_grams(texts, n)
    sizes = list(map(len, ranked))
    # N-grams no other text has sort first (ranks below unique_below); drop them.
    shareable = {i: grams[bisect_left(grams, unique_below):] for i, grams in enumerate(ranked)}
    del ranked
    union_find = _UnionFind(len(texts))
    _Join(threshold, sizes, union_find).run(list(range(len(texts))), shareable, 0)
    return union_find.groups()


class _Bounds:
    """How many shareable n-grams a record must have in common with a partner, and so
    which keys it probes (for smaller partners) and indexes (for larger ones)."""

    def __init__(self, threshold: float, core: int, smallest: int) -> None:
        self.threshold, self.core, self.smallest = threshold, core, smallest
        self._plans: dict[int, tuple[int, bool, int, bool, bool]] = {}

    def _overlap(self, size: int, partner: int) -> int:
        """Shareable n-grams two records of these sizes need in common (the core aside)."""
        t = self.threshold
        return math.ceil(t * (size + partner) / (1 + t) - 1e-9) - self.core

    def _probe_need(self, size: int) -> int:
        partner = max(self.smallest, math.ceil(self.threshold * size - 1e-9))
        return self._overlap(size, partner)

    def _probes_combinations(self, size: int) -> bool:
        return self._probe_need(size) >= KEY_TOKENS and size < SINGLE_KEY_PROBE_SIZE

    def plan(self, size: int) -> tuple[int, bool, int, bool, bool]:
        """For a record of this size: the overlap to probe with and whether by
        combinations; the overlap to index with, and whether combinations, singles."""
        plan = self._plans.get(size)
        if plan is None:
            largest = math.floor(size / self.threshold + 1e-9)
            # A later partner probes combinations or single n-grams: the largest short
            # partner is the likeliest to use combinations, the smallest or a long one
            # single n-grams; index what any partner in range may probe.
            plan = self._plans[size] = (
                self._probe_need(size),
                self._probes_combinations(size),
                self._overlap(size, size),
                size < SINGLE_KEY_PROBE_SIZE
                and self._probes_combinations(min(largest, SINGLE_KEY_PROBE_SIZE - 1)),
                not self._probes_combinations(size) or largest >= SINGLE_KEY_PROBE_SIZE,
            )
        return plan


def _prefix_keys(grams: list[int], need: int, by_combinations: bool) -> list[tuple[int, ...]]:
    keep = len(grams) - need
    if keep < 0:
        return []  # too few shareable n-grams to reach the threshold
    if by_combinations:
        return list(combinations(grams[: keep + KEY_TOKENS], KEY_TOKENS))
    return list(zip(grams[: keep + 1]))


class _Join:
    """The prefix-filtering join of one block of records, and of the blocks inside it."""

    def __init__(self, threshold: float, sizes: list[int], union_find: _UnionFind) -> None:
        self.threshold = threshold
        self.sizes = sizes
        self.union_find = union_find

    def run(self, members: list[int], grams: dict[int, list[int]], core: int) -> None:
        """Join ``members``: ``grams[x]`` lists x's n-grams other members may share, rarest
        first; every member also has ``core`` n-grams in common with every other."""
        sizes = self.sizes
        order = sorted(members, key=sizes.__getitem__)
        if len(order) < 2:
            return
        bounds = _Bounds(self.threshold, core, sizes[order[0]])
        postings: defaultdict[tuple[int, ...], list[int]] = defaultdict(list)
        get_posting, posting_of = postings.get, postings.__getitem__
        # A dense key -> 1 + the position in `order` of its first record (never 0, so
        # filter(None, …) keeps them all).
        dense_first: dict[tuple[int, ...], int] = {}
        is_dense, get_dense = dense_first.__contains__, dense_first.get
        blocks = _UnionFind(len(order))  # records joined by dense keys, by position
        everyone_before: list[int] = []  # records any later, larger one may partner
        position_of = {x: i for i, x in enumerate(order)}
        for position, x in enumerate(order):
            x_grams = grams[x]
            probe_need, probe_combos, index_need, index_combos, index_singles = bounds.plan(
                sizes[x]
            )
            if probe_need <= 0:  # the core alone may reach the threshold: try every one
                self._verify(x, set(order[:position]), grams, core)
            else:
                probe = _prefix_keys(x_grams, probe_need, probe_combos)
                candidates = set(everyone_before)
                # Most keys miss; map/filter keep the lookups out of the interpreter loop.
                candidates.update(*filter(None, map(get_posting, probe)))
                for first in set(filter(None, map(get_dense, probe))):
                    blocks.union(first - 1, position)
                if candidates:
                    self._verify(x, candidates, grams, core)
            if index_need <= 0:
                everyone_before.append(x)
                continue
            index = _prefix_keys(x_grams, index_need, True) if index_combos else []
            if index_singles:
                index += _prefix_keys(x_grams, index_need, False)
            for first in set(filter(None, map(get_dense, index))):
                blocks.union(first - 1, position)
            index = list(filterfalse(is_dense, index))
            lists = list(map(posting_of, index))
            deque(map(list.append, lists, repeat(x)), maxlen=0)
            if lists and max(map(len, lists)) > DENSE_POSTING:
                # Keys now shared by too many records stop collecting candidates; their
                # records become one block, searched on its own.
                for key, posting in zip(index, lists, strict=True):
                    if len(posting) > DENSE_POSTING:
                        del postings[key]
                        first = position_of[posting[0]]
                        dense_first[key] = first + 1
                        for y in posting:
                            blocks.union(first, position_of[y])
        if dense_first:
            self._search_blocks(order, grams, core, blocks, dense_first)

    def _verify(
        self, x: int, candidates: set[int], grams: dict[int, list[int]], core: int
    ) -> None:
        sizes, find, t = self.sizes, self.union_find.find, self.threshold
        size = sizes[x]
        x_grams = frozenset(grams[x])
        min_size = t * size - 1e-9
        max_size = size / t + 1e-9
        root = find(x)
        for y in candidates:
            # Size filter, then skip pairs already joined, then verify exactly.
            if min_size <= sizes[y] <= max_size and find(y) != root:
                inter = core + len(x_grams.intersection(grams[y]))
                if inter >= t * (size + sizes[y] - inter):
                    self.union_find.union(x, y)
                    root = find(x)

    def _search_blocks(
        self,
        order: list[int],
        grams: dict[int, list[int]],
        core: int,
        blocks: _UnionFind,
        dense_keys: Container[tuple[int, ...]],
    ) -> None:
        by_root: dict[int, list[int]] = defaultdict(list)
        for position, x in enumerate(order):
            by_root[blocks.find(position)].append(x)
        big: list[int] = []
        for block in by_root.values():
            if len(block) > 0.9 * len(order):
                big.extend(block)  # would not shrink the problem: split it by key
            elif len(block) > 1:
                block_grams, block_core = _localise(block, grams)
                self.run(block, block_grams, core + block_core)
        if not big:
            return
        # Each dense key's records share the key's n-grams, so their core is larger and
        # their join smaller; a pair that shares only dense keys is joined in one of them.
        bounds = _Bounds(self.threshold, core, self.sizes[order[0]])
        groups: defaultdict[tuple[int, ...], set[int]] = defaultdict(set)
        for x in big:
            probe_need, probe_combos, index_need, index_combos, index_singles = bounds.plan(
                self.sizes[x]
            )
            keys = _prefix_keys(grams[x], probe_need, probe_combos)
            keys += _prefix_keys(grams[x], index_need, True) if index_combos else []
            keys += _prefix_keys(grams[x], index_need, False) if index_singles else []
            for key in filter(dense_keys.__contains__, keys):
                groups[key].add(x)
        for group in dict.fromkeys(map(frozenset, groups.values())):
            if len(group) > 1:
                block = sorted(group)
                block_grams, block_core = _localise(block, grams)
                self.run(block, block_grams, core + block_core)


def _localise(block: list[int], grams: dict[int, list[int]]) -> tuple[dict[int, list[int]], int]:
    """The block's n-grams re-ranked by their frequency in the block, without those every
    member has (returned as a count) or only one member has (nobody to share them with)."""
    frequency = Counter(chain.from_iterable(map(grams.__getitem__, block)))
    everyone = len(block)
    core = sum(1 for f in frequency.values() if f == everyone)
    order = sorted((g for g, f in frequency.items() if 1 < f < everyone),
                   key=lambda g: (frequency[g], g))
    rank = {g: r for r, g in enumerate(order)}
    return {x: sorted(rank[g] for g in grams[x] if g in rank) for x in block}, core
