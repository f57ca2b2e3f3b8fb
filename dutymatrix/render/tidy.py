"""Tidy layout of a tree whose nodes have different sizes, in linear time.

The extended Reingold–Tilford algorithm of A. J. van der Ploeg, "Drawing non-layered tidy
trees in linear time" (Software: Practice and Experience, 2014) — the algorithm behind
d3-flextree — with the correction found by the d3-flextree author (the first contour pair
always moves the subtree, so the separation is the maximum over all pairs even when it is
negative). Children of a node share one top edge, directly below their parent's box;
subtrees are packed as close as their contours allow, whatever their depth, and a parent
is centred over its first and last child.

Differences from the paper: walks are iterative (a 2,000-level chain does not hit the
recursion limit), and each node has an ``anchor`` — the x of its connector inside its box —
which is what gets centred over the children's anchors.

A node's ``width`` and ``height`` include the space it keeps from its neighbours; the
caller adds the gaps. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence


class TidyNode:
    __slots__ = (
        "anchor",
        "change",
        "children",
        "el",
        "er",
        "height",
        "mod",
        "msel",
        "mser",
        "prelim",
        "shift",
        "tl",
        "tr",
        "width",
        "x",
        "y",
    )

    def __init__(self, width: float, height: float, anchor: float,
                 children: Sequence[TidyNode] = ()) -> None:
        self.width, self.height, self.anchor = width, height, anchor
        self.children: list[TidyNode] = list(children)
        self.x = self.y = 0.0  # results: the box's top-left corner
        self.prelim = self.mod = self.shift = self.change = 0.0
        self.tl: TidyNode | None = None  # threads to the next node of a contour
        self.tr: TidyNode | None = None
        self.el: TidyNode = self  # extreme (deepest) nodes of the subtree
        self.er: TidyNode = self
        self.msel = self.mser = 0.0  # sums of modifiers at the extreme nodes

    @property
    def bottom(self) -> float:
        return self.y + self.height


class _Siblings:
    """A linked list of left siblings with the lowest y their contour still reaches."""

    __slots__ = ("index", "low_y", "next")

    def __init__(self, low_y: float, index: int, nxt: _Siblings | None) -> None:
        self.low_y, self.index, self.next = low_y, index, nxt


def _update(low_y: float, index: int, siblings: _Siblings | None) -> _Siblings:
    while siblings is not None and low_y >= siblings.low_y:
        siblings = siblings.next
    return _Siblings(low_y, index, siblings)


def _post_order(root: TidyNode) -> Iterator[TidyNode]:
    stack: list[tuple[TidyNode, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            yield node
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.children))


def layout(root: TidyNode) -> None:
    """Set ``x`` and ``y`` (top-left corners) of every node below ``root``; root at 0, 0."""
    pending = [root]
    root.y = 0.0
    while pending:  # y first: a child's top is its parent's bottom
        node = pending.pop()
        for child in node.children:
            child.y = node.bottom
            pending.append(child)
    for node in _post_order(root):
        _first_walk(node)
    _second_walk(root)


def _first_walk(node: TidyNode) -> None:
    kids = node.children
    if not kids:
        _set_extremes(node)
        return
    siblings = _update(kids[0].el.bottom, 0, None)
    for i in range(1, len(kids)):
        low_y = kids[i].er.bottom  # before separation rewires the extremes
        siblings = _separate(node, i, siblings)
        siblings = _update(low_y, i, siblings)
    first, last = kids[0], kids[-1]
    centre = (first.prelim + first.mod + first.anchor + last.prelim + last.mod + last.anchor) / 2
    node.prelim = centre - node.anchor
    _set_extremes(node)


def _set_extremes(node: TidyNode) -> None:
    if not node.children:
        node.el = node.er = node
        node.msel = node.mser = 0.0
    else:
        first, last = node.children[0], node.children[-1]
        node.el, node.msel = first.el, first.msel
        node.er, node.mser = last.er, last.mser


def _separate(node: TidyNode, i: int, siblings: _Siblings) -> _Siblings:
    kids = node.children
    sr: TidyNode | None = kids[i - 1]  # right contour of the left siblings
    mssr = kids[i - 1].mod
    cl: TidyNode | None = kids[i]  # left contour of the current subtree
    mscl = kids[i].mod
    first = True
    while sr is not None and cl is not None:
        if sr.bottom > siblings.low_y and siblings.next is not None:
            siblings = siblings.next
        dist = (mssr + sr.prelim + sr.width) - (mscl + cl.prelim)
        if dist > 0 or first:
            mscl += dist
            _move_subtree(node, i, siblings.index, dist)
        first = False
        sy, cy = sr.bottom, cl.bottom
        if sy <= cy:
            sr = sr.tr if not sr.children else sr.children[-1]
            if sr is not None:
                mssr += sr.mod
        if sy >= cy:
            cl = cl.tl if not cl.children else cl.children[0]
            if cl is not None:
                mscl += cl.mod
    if sr is None and cl is not None:
        _set_left_thread(node, i, cl, mscl)
    elif sr is not None and cl is None:
        _set_right_thread(node, i, sr, mssr)
    return siblings


def _move_subtree(node: TidyNode, i: int, si: int, dist: float) -> None:
    kid = node.children[i]
    kid.mod += dist
    kid.msel += dist
    kid.mser += dist
    if si != i - 1:  # spread the move over the smaller siblings in between
        share = dist / (i - si)
        node.children[si + 1].shift += share
        kid.shift -= share
        kid.change -= dist - share


def _set_left_thread(node: TidyNode, i: int, cl: TidyNode, modsum_cl: float) -> None:
    first = node.children[0]
    li = first.el
    li.tl = cl
    diff = (modsum_cl - cl.mod) - first.msel
    li.mod += diff
    li.prelim -= diff
    first.el, first.msel = node.children[i].el, node.children[i].msel


def _set_right_thread(node: TidyNode, i: int, sr: TidyNode, modsum_sr: float) -> None:
    kid = node.children[i]
    ri = kid.er
    ri.tr = sr
    diff = (modsum_sr - sr.mod) - kid.mser
    ri.mod += diff
    ri.prelim -= diff
    kid.er, kid.mser = node.children[i - 1].er, node.children[i - 1].mser


def _second_walk(root: TidyNode) -> None:
    stack = [(root, 0.0)]
    while stack:
        node, modsum = stack.pop()
        modsum += node.mod
        node.x = node.prelim + modsum
        shift = delta = 0.0
        for child in node.children:  # the spacing spread by _move_subtree
            shift += child.shift
            delta += shift + child.change
            child.mod += delta
        stack.extend((child, modsum) for child in node.children)
