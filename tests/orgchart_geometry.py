"""Reading an org chart SVG back as geometry: cards, boxes, labels and edges in page
coordinates (every ``translate`` of the enclosing groups applied), for the layout tests."""

from __future__ import annotations

import itertools
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG = "{http://www.w3.org/2000/svg}"
_TRANSLATE = re.compile(r"translate\(\s*([-\d.]+)[ ,]+([-\d.]+)\s*\)")
_POINT = re.compile(r"[ML]\s*([-\d.]+)\s+([-\d.]+)")
EPS = 0.15  # coordinates are written with one decimal


@dataclass(frozen=True)
class BBox:
    x0: float
    y0: float
    x1: float
    y1: float
    kind: str
    label: str  # the text of a label; the department id of a card

    def overlaps(self, other: BBox) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and (
            other.y0 < self.y1
        )

    def inside(self, other: BBox) -> bool:
        return (
            self.x0 >= other.x0 - EPS
            and self.x1 <= other.x1 + EPS
            and self.y0 >= other.y0 - EPS
            and self.y1 <= other.y1 + EPS
        )

    def on_border(self, x: float, y: float) -> bool:
        inside_x = self.x0 - EPS <= x <= self.x1 + EPS
        inside_y = self.y0 - EPS <= y <= self.y1 + EPS
        on_x = abs(x - self.x0) < EPS or abs(x - self.x1) < EPS
        on_y = abs(y - self.y0) < EPS or abs(y - self.y1) < EPS
        return inside_x and inside_y and (on_x or on_y)

    def meets_segment(self, a: tuple[float, float], b: tuple[float, float]) -> bool:
        """True when the axis-parallel segment a–b touches this box (border included)."""
        lo_x, hi_x = sorted((a[0], b[0]))
        lo_y, hi_y = sorted((a[1], b[1]))
        return lo_x <= self.x1 + EPS and hi_x >= self.x0 - EPS and (
            lo_y <= self.y1 + EPS and hi_y >= self.y0 - EPS
        )


@dataclass(frozen=True)
class EdgeLine:
    parent: str
    child: str
    points: tuple[tuple[float, float], ...]


@dataclass
class Chart:
    cards: list[BBox]
    boxes: list[BBox]
    texts: list[BBox]
    edges: list[EdgeLine]
    width: float
    height: float
    root: ET.Element


def em(text: str) -> float:
    """An independent width estimate: full-width 1 em, anything else 0.55 em."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def _offset(element: ET.Element, dx: float, dy: float) -> tuple[float, float]:
    match = _TRANSLATE.search(element.get("transform", ""))
    if match:
        return dx + float(match.group(1)), dy + float(match.group(2))
    return dx, dy


def read_chart(svg: str) -> Chart:
    root = ET.fromstring(svg)
    chart = Chart([], [], [], [], 0, 0, root)
    _, _, chart.width, chart.height = (float(v) for v in root.get("viewBox", "").split())

    def visit(element: ET.Element, dx: float, dy: float, card: str) -> None:
        dx, dy = _offset(element, dx, dy)
        card = element.get("data-card", card)
        tag = element.tag.removeprefix(SVG)
        if tag == "rect" and element.get("class") != "background":
            x, y = float(element.get("x", 0)) + dx, float(element.get("y", 0)) + dy
            w, h = float(element.get("width", 0)), float(element.get("height", 0))
            css = element.get("class", "")
            box = BBox(x, y, x + w, y + h, css, card)
            (chart.cards if css == "card" else chart.boxes).append(box)
        elif tag == "text":
            assert element.get("text-anchor", "start") == "start"
            size = float(element.get("font-size", 0))
            x, y = float(element.get("x", 0)) + dx, float(element.get("y", 0)) + dy
            label = element.text or ""
            # Noto Sans CJK: ascent 0.88 em, descent 0.12 em.
            chart.texts.append(BBox(x, y - 0.88 * size, x + em(label) * size, y + 0.12 * size,
                                    "text", label))
        elif tag == "path" and "link" in element.get("class", "").split():
            points = tuple((float(px) + dx, float(py) + dy)
                           for px, py in _POINT.findall(element.get("d", "")))
            chart.edges.append(EdgeLine(element.get("data-parent", ""),
                                        element.get("data-child", ""), points))
        for child in element:
            visit(child, dx, dy, card)

    visit(root, 0.0, 0.0, "")
    return chart


def pairwise_overlaps(items: list[BBox]) -> list[tuple[BBox, BBox]]:
    """Sweep along x: compare only boxes whose x ranges meet."""
    ordered = sorted(items, key=lambda b: b.x0)
    found: list[tuple[BBox, BBox]] = []
    active: list[BBox] = []
    for box in ordered:
        active = [a for a in active if a.x1 > box.x0]
        found.extend((a, box) for a in active if a.overlaps(box))
        active.append(box)
    return found


def connector_problems(chart: Chart, stacked_gap: float = 44) -> list[str]:
    """Every way the department edges could mislead a reader, as messages:

    - a department without exactly one edge, or an edge that does not start on its
      parent's card and end on its own card's border;
    - an edge segment that runs through or along any other card;
    - a card directly under another department's card (overlapping in x, nothing in
      between) that is not its parent, reached by a line coming down into its top from
      the gap under that card.
    """
    problems: list[str] = []
    cards = {c.label: c for c in chart.cards}
    by_child: dict[str, list[EdgeLine]] = {}
    for edge in chart.edges:
        by_child.setdefault(edge.child, []).append(edge)
    ordered = sorted(chart.cards, key=lambda b: b.x0)
    for edge in chart.edges:
        parent, child = cards.get(edge.parent), cards.get(edge.child)
        if parent is None or child is None:
            problems.append(f"edge {edge.parent}->{edge.child} names a missing card")
            continue
        first, last = edge.points[0], edge.points[-1]
        if not (abs(first[1] - parent.y1) < EPS and parent.x0 <= first[0] <= parent.x1):
            problems.append(f"edge to {edge.child} does not start at the bottom of {edge.parent}")
        if not child.on_border(*last):
            problems.append(f"edge to {edge.child} does not end on its card")
        for a, b in itertools.pairwise(edge.points):
            if a[0] != b[0] and a[1] != b[1]:
                problems.append(f"edge to {edge.child} has a slanted segment")
            for other in _near(ordered, min(a[0], b[0]), max(a[0], b[0])):
                if other.label in (edge.parent, edge.child):
                    continue
                if other.meets_segment(a, b):
                    problems.append(f"edge {edge.parent}->{edge.child} touches {other.label}")
    return problems + _under_problems(chart, by_child, stacked_gap)


def _near(ordered: list[BBox], lo: float, hi: float) -> list[BBox]:
    return [c for c in ordered if c.x0 <= hi + EPS and c.x1 >= lo - EPS]


def _under_problems(chart: Chart, by_child: dict[str, list[EdgeLine]],
                   stacked_gap: float) -> list[str]:
    """Cards stacked under a card that is not their parent (a gap smaller than
    ``stacked_gap``) must be reached from the side, by a stub from a trunk that runs
    outside the card above — never by a line that comes down from under that card."""
    problems = []
    parent_of = {e.child: e.parent for e in chart.edges}
    for card in chart.cards:
        edges = by_child.get(card.label, [])
        if card.label in parent_of and len(edges) != 1:
            problems.append(f"{card.label} has {len(edges)} edges")
        above = [c for c in chart.cards
                 if c is not card and c.x0 < card.x1 and card.x0 < c.x1 and c.y1 <= card.y0]
        if not above or not edges:
            continue
        nearest = max(above, key=lambda c: c.y1)
        if nearest.label == parent_of.get(card.label):
            continue
        points = edges[0].points
        a, b = points[-2], points[-1]
        if b[1] - a[1] > EPS and abs(b[1] - card.y0) < EPS:  # comes down into the top
            # Strictly under it: a line down the very edge of the card above runs beside
            # it, from a bus that ends there (a child centred on that edge).
            if nearest.x0 + EPS < b[0] < nearest.x1 - EPS and \
                    card.y0 - nearest.y1 < stacked_gap:
                problems.append(f"{card.label} hangs under {nearest.label}, not its parent")
            continue
        trunks = [(p, q) for p, q in itertools.pairwise(points) if p[0] == q[0]]
        if not trunks:
            continue
        top = min(trunks[-1][0][1], trunks[-1][1][1])
        x = trunks[-1][0][0]
        if nearest.x0 + EPS < x < nearest.x1 - EPS and top < nearest.y1 + stacked_gap:
            problems.append(f"{card.label}'s trunk comes down from under {nearest.label}")
    return problems
