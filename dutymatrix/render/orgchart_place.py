"""Org chart, the placing pass: cards on the page and the lines between them.

The department tree is laid out with the tidy algorithm of ``tidy`` (subtrees packed as
their contours allow; a parent centred over its children, which hang from a bus).

Wide trees are made compact by *leaf blocks*: when the plain layout is wider than
``PLAIN_MAX_WIDTH``, the childless sub-departments of a department (at least
``MIN_STACK`` of them) hang from trunks that come straight down from their parent's
card, one card on each side of a trunk, each joined to it by its own stub — the way
org charts draw staff departments. A leaf in a block sits between its parent's card and
the row of its parent's other children, so it can never be read as the child of the box
above it; a long block gets several trunks (an odd number, so the middle trunk carries
the line on to the children's bus).

Every department has one edge: a polyline from the bottom of its parent's card to its
own card, drawn inside its parent's part of the page, so lines never cross a box.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from dutymatrix.render.orgchart_layout import Card, DeptTree
from dutymatrix.render.tidy import TidyNode, layout

ROW_GAP = 28  # between two subtrees side by side
LEVEL_GAP = 44  # between a card (or its leaf block) and the row of its children
BLOCK_GAP = 28  # between a card and its leaf block
TRUNK_GAP = 32  # between a trunk's left and right column
STUB_GAP = 14  # between two rows of a leaf block
MIN_STACK = 3  # fewer childless children stay in the row
BLOCK_ASPECT = 1.0  # a leaf block gets as many trunks as keep it about this wide per tall
PLAIN_MAX_WIDTH = 2000  # a wider plain layout is redone with leaf blocks

Point = tuple[float, float]


@dataclass
class Unit:
    """One trunk of a leaf block: rows of (left card, right card or None)."""

    rows: list[tuple[DeptTree, DeptTree | None]]
    column: float = 0  # width of each side
    height: float = 0
    left: float = 0  # relative to the block's left edge

    def measure(self) -> None:
        cards = [t.card for row in self.rows for t in row if t is not None]
        self.column = max(c.width for c in cards)
        self.height = sum(self.row_height(row) for row in self.rows)
        self.height += STUB_GAP * (len(self.rows) - 1)

    @staticmethod
    def row_height(row: tuple[DeptTree, DeptTree | None]) -> float:
        return max(t.card.height for t in row if t is not None)

    @property
    def width(self) -> float:
        return 2 * self.column + TRUNK_GAP

    @property
    def trunk(self) -> float:
        return self.left + self.column + TRUNK_GAP / 2


@dataclass
class Block:
    units: list[Unit]
    width: float = 0
    height: float = 0

    @property
    def anchor(self) -> float:
        return self.units[len(self.units) // 2].trunk


@dataclass
class Composite:
    """A department's card with its leaf block, measured from its anchor (x = 0)."""

    tree: DeptTree
    block: Block | None
    row: list[DeptTree]  # children laid out in the row below
    left: float = 0
    right: float = 0
    height: float = 0
    node: TidyNode = field(default_factory=lambda: TidyNode(0, 0, 0))


@dataclass(frozen=True)
class PlacedCard:
    card: Card
    x: float
    y: float
    parent: str | None  # the parent's card id (the org card's id for a root department)


@dataclass(frozen=True)
class Edge:
    parent: str
    child: str
    points: tuple[Point, ...]


@dataclass
class ChartLayout:
    cards: list[PlacedCard]
    edges: list[Edge]
    width: float
    height: float
    compact: bool


def _rows(leaves: list[DeptTree]) -> list[tuple[DeptTree, DeptTree | None]]:
    return [(leaves[i], leaves[i + 1] if i + 1 < len(leaves) else None)
            for i in range(0, len(leaves), 2)]


def _block(leaves: list[DeptTree]) -> Block:
    """Rows of two on an odd number of trunks (the middle one carries the line on), as
    many as keep the block about ``BLOCK_ASPECT`` times as wide as it is tall."""
    rows = _rows(leaves)
    heights = [Unit.row_height(r) + STUB_GAP for r in rows]
    total = sum(heights) - STUB_GAP
    unit = 2 * max(t.card.width for t in leaves) + TRUNK_GAP
    ideal = math.sqrt(BLOCK_ASPECT * total / unit)  # n trunks: n * unit wide, total / n tall
    count = 2 * math.floor((ideal - 1) / 2 + 0.5) + 1  # the nearest odd number, as JS rounds
    count = max(1, min(count, len(rows) if len(rows) % 2 else len(rows) - 1))
    share = total / count
    units: list[Unit] = [Unit([])]
    height = 0.0
    for row, row_height in zip(rows, heights, strict=True):
        if units[-1].rows and height + row_height / 2 > share and len(units) < count:
            units.append(Unit([]))
            height = 0.0
        units[-1].rows.append(row)
        height += row_height
    left = 0.0
    for unit in units:
        unit.measure()
        unit.left = left
        left += unit.width + ROW_GAP
    return Block(units, left - ROW_GAP, max(u.height for u in units))


def _composite(tree: DeptTree, compact: bool) -> Composite:
    leaves = [kid for kid in tree.children if not kid.children]
    block = None
    row = tree.children
    if compact and len(leaves) >= MIN_STACK:
        block = _block(leaves)
        row = [kid for kid in tree.children if kid.children]
    card = tree.card
    comp = Composite(tree, block, row, -card.width / 2, card.width / 2, card.height)
    if block is not None:
        comp.left = min(comp.left, -block.anchor)
        comp.right = max(comp.right, block.width - block.anchor)
        comp.height += BLOCK_GAP + block.height
    # Nothing hangs in the row below this card: keep the top of that row clear under it,
    # or a cousin placed there would read as its child.
    reserve = 0 if comp.row else LEVEL_GAP + 1
    comp.node = TidyNode(comp.right - comp.left + ROW_GAP, LEVEL_GAP + comp.height + reserve,
                         -comp.left + ROW_GAP / 2)
    return comp


def _simplify(points: Iterable[Point]) -> tuple[Point, ...]:
    """Drop repeated points and the middle one of three in a straight line."""
    kept: list[Point] = []
    for p in points:
        if kept and kept[-1] == p:
            continue
        if len(kept) >= 2:
            (ax, ay), (bx, by) = kept[-2], kept[-1]
            if (ax == bx == p[0]) or (ay == by == p[1]):
                kept[-1] = p
                continue
        kept.append(p)
    return tuple(kept)


class _Placer:
    def __init__(self, root: DeptTree, compact: bool) -> None:
        self.compact = compact
        self.comps: dict[int, Composite] = {}
        for tree in root.walk():
            comp = _composite(tree, compact)
            self.comps[id(tree)] = comp
        for comp in self.comps.values():
            comp.node.children = [self.comps[id(kid)].node for kid in comp.row]
        self.root = root
        self.cards: list[PlacedCard] = []
        self.edges: list[Edge] = []

    def run(self) -> ChartLayout:
        layout(self.comps[id(self.root)].node)
        for tree in self.root.walk():
            if not self._in_block(tree):
                self._place(self.comps[id(tree)])
        return self._normalised()

    def _in_block(self, tree: DeptTree) -> bool:
        parent = tree.parent
        if tree is self.root or parent is None:
            return False
        return self.comps[id(parent)].block is not None and not tree.children

    def _place(self, comp: Composite) -> None:
        """Place the card of a row node, its leaf block and the edges down from it."""
        node = comp.node
        anchor = node.x + node.anchor
        top = node.y + LEVEL_GAP
        card = comp.tree.card
        parent = comp.tree.parent
        parent_id = None if parent is None or comp.tree is self.root else parent.card.id
        self.cards.append(PlacedCard(card, anchor - card.width / 2, top, parent_id))
        card_bottom = top + card.height
        if comp.block is not None:
            self._place_block(comp, anchor, card_bottom)
        bus = node.y + node.height + LEVEL_GAP / 2
        for kid in comp.row:
            kid_node = self.comps[id(kid)].node
            kid_anchor, kid_top = kid_node.x + kid_node.anchor, kid_node.y + LEVEL_GAP
            points = [(anchor, card_bottom), (anchor, bus), (kid_anchor, bus),
                      (kid_anchor, kid_top)]
            self.edges.append(Edge(card.id, kid.card.id, _simplify(points)))

    def _place_block(self, comp: Composite, anchor: float, card_bottom: float) -> None:
        block = comp.block
        assert block is not None
        left = anchor - block.anchor
        bar = card_bottom + BLOCK_GAP / 2
        parent = comp.tree.card
        for unit in block.units:
            trunk = left + unit.trunk
            y = card_bottom + BLOCK_GAP
            for row in unit.rows:
                for side, tree in enumerate(row):
                    if tree is None:
                        continue
                    card = tree.card
                    x = trunk - TRUNK_GAP / 2 - card.width if side == 0 else trunk + TRUNK_GAP / 2
                    self.cards.append(PlacedCard(card, x, y, parent.id))
                    stub_y = y + card.header.height / 2
                    edge_x = trunk - TRUNK_GAP / 2 if side == 0 else trunk + TRUNK_GAP / 2
                    points = [(anchor, card_bottom), (anchor, bar), (trunk, bar),
                              (trunk, stub_y), (edge_x, stub_y)]
                    self.edges.append(Edge(parent.id, card.id, _simplify(points)))
                y += Unit.row_height(row) + STUB_GAP

    def _normalised(self) -> ChartLayout:
        """Shift everything so the leftmost and topmost card sit at 0."""
        x0 = min(c.x for c in self.cards)
        y0 = min(c.y for c in self.cards)
        cards = [PlacedCard(c.card, c.x - x0, c.y - y0, c.parent) for c in self.cards]
        edges = [Edge(e.parent, e.child, tuple((x - x0, y - y0) for x, y in e.points))
                 for e in self.edges]
        width = max(c.x + c.card.width for c in cards)
        height = max(c.y + c.card.height for c in cards)
        return ChartLayout(cards, edges, width, height, self.compact)


def place_chart(root: DeptTree, compact: bool | None = None) -> ChartLayout:
    """Cards and edges of the chart below ``root``. ``compact`` None: leaf blocks only
    when the plain layout is wider than ``PLAIN_MAX_WIDTH``."""
    if compact is not None:
        return _Placer(root, compact).run()
    plain = _Placer(root, False).run()
    if plain.width <= PLAIN_MAX_WIDTH:
        return plain
    return _Placer(root, True).run()
