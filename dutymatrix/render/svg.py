"""Org chart (orgchart.svg): the department tree, each department's posts and reporting lines.

Layout, in two passes: ``orgchart_layout`` measures (cards, stacks, subtrees, sizes
relative to their owners); this module places them on the page and draws them. Posts
inside a card are joined by elbow lines drawn in the indent gutter (so a line never
crosses a box); sub-departments hang from a bus below their parent's card, stacked
leaf departments from a spine.

No external resources: fonts are named by family only. Output is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from dutymatrix.model import Org
from dutymatrix.render.orgchart_layout import (
    LABELS,
    LEVEL_GAP,
    LINE_HEIGHT,
    PAD_X,
    PAD_Y,
    POST_INDENT,
    POST_LEFT,
    ROW_GAP,
    STACK_GAP,
    STACK_LEFT,
    Box,
    Card,
    Line,
    Tree,
    chart_tree,
)
from dutymatrix.render.textwidth import text_width

FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", sans-serif'
MARGIN = 24
TITLE_FONT = 20

STYLE = "\ntext { font-family: " + FONT_FAMILY + """; fill: #1b1b1b; }
.title { font-weight: bold; }
.card { fill: #f5f7fb; stroke: #b9c6d8; stroke-width: 1; }
.dept { fill: #1f3864; stroke: #1f3864; }
.dept-label { fill: #ffffff; font-weight: bold; }
.org { fill: #7f2704; stroke: #7f2704; }
.post { fill: #ffffff; stroke: #8ea9c8; stroke-width: 1; }
.post.key { stroke: #1f3864; stroke-width: 2; }
.note { fill: #5a5a5a; }
.link { fill: none; stroke: #7f8fa6; stroke-width: 1.2; }
.report { fill: none; stroke: #8ea9c8; stroke-width: 1; }
"""

# Characters XML 1.0 does not allow; a stray control character must not break the file.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- drawing ---------------------------------------------------------------------------


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _clean(text: str) -> str:
    return escape(_XML_INVALID.sub("", text))


class Canvas:
    """Collects SVG elements in layers: card backgrounds, then lines, then boxes and text."""

    def __init__(self) -> None:
        self.backgrounds: list[str] = []
        self.links: list[str] = []
        self.shapes: list[str] = []

    def path(self, points: list[tuple[float, float]], css: str) -> None:
        d = " ".join(
            f"{'M' if i == 0 else 'L'}{_num(x)} {_num(y)}" for i, (x, y) in enumerate(points)
        )
        self.links.append(f'<path class="{css}" d="{d}"/>')

    def rect(self, x: float, y: float, w: float, h: float, css: str) -> None:
        layer = self.backgrounds if css == "card" else self.shapes
        layer.append(
            f'<rect class="{css}" x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" '
            f'height="{_num(h)}" rx="3"/>'
        )

    def box(self, box: Box, x: float, y: float, tooltip: str = "") -> None:
        attrs = "".join(f" {k}={quoteattr(_XML_INVALID.sub('', v))}" for k, v in box.attrs.items())
        self.shapes.append(f"<g{attrs}>")
        if tooltip:
            self.shapes.append(f"<title>{_clean(tooltip)}</title>")
        self.rect(x, y, box.width, box.height, box.css)
        top = y + PAD_Y
        for line in box.lines:
            self.text(line, x + PAD_X, top)
            top += line.size * LINE_HEIGHT
        self.shapes.append("</g>")

    def text(self, line: Line, x: float, top: float) -> None:
        baseline = top + line.size * (LINE_HEIGHT - 1) / 2 + line.size * 0.88
        self.shapes.append(
            f'<text class="{line.css}" x="{_num(x)}" y="{_num(baseline)}" '
            f'font-size="{_num(line.size)}">{_clean(line.text)}</text>'
        )


def _draw_card(canvas: Canvas, card: Card, x: float, y: float) -> None:
    canvas.rect(x, y, card.width, card.height, "card")
    canvas.box(card.header, x, y, tooltip=card.id)
    by_id = {post.role.id: post for post in card.posts}
    for post in card.posts:
        bx, by = x + post.box.x, y + post.box.y
        mid = by + post.box.height / 2
        if post.parent is None:
            spine_x, top = x + POST_LEFT / 2, y + card.header.height
        else:
            boss = by_id[post.parent]
            spine_x = x + boss.box.x + POST_INDENT / 2
            top = y + boss.box.y + boss.box.height
        canvas.path([(spine_x, top), (spine_x, mid), (bx, mid)], "report")
        canvas.box(post.box, bx, by, tooltip=post.role.id)


def _place(canvas: Canvas, tree: Tree, x: float, y: float) -> None:
    card = tree.card
    card_left = x + tree.card_x
    _draw_card(canvas, card, card_left, y)
    if not tree.blocks:
        return
    centre = card_left + card.width / 2
    bus_y = y + card.height + LEVEL_GAP / 2
    row_top = y + card.height + LEVEL_GAP
    drops: list[float] = []
    left = x + tree.row_x
    for block in tree.blocks:
        if isinstance(block, Tree):
            _place(canvas, block, left, row_top)
            drop = left + block.card_x + block.card.width / 2
            canvas.path([(drop, bus_y), (drop, row_top)], "link")
            drops.append(drop)
        else:
            col_left = left
            for column in block.columns:
                spine = col_left + STACK_LEFT / 2
                top = row_top
                last_mid = row_top
                for stacked in column:
                    mid = top + stacked.header.height / 2
                    _draw_card(canvas, stacked, col_left + STACK_LEFT, top)
                    canvas.path([(spine, mid), (col_left + STACK_LEFT, mid)], "link")
                    last_mid = mid
                    top += stacked.height + STACK_GAP
                canvas.path([(spine, bus_y), (spine, last_mid)], "link")
                drops.append(spine)
                col_left += block.column_width(column) + ROW_GAP
        left += block.width + ROW_GAP
    canvas.path([(centre, y + card.height), (centre, bus_y)], "link")
    canvas.path([(min([*drops, centre]), bus_y), (max([*drops, centre]), bus_y)], "link")


def render_orgchart_svg(org: Org, lang: str) -> str:
    """The org chart as a self-contained SVG document."""
    labels = LABELS["en" if lang == "en" else "zh"]
    tree = chart_tree(org, lang)
    title = Line(f"{org.name.get(lang)} {labels['chart']}", TITLE_FONT, "title")
    title_height = TITLE_FONT * LINE_HEIGHT + 16

    canvas = Canvas()
    width = text_width(title.text, TITLE_FONT)
    height = 0.0
    if tree is not None:
        _place(canvas, tree, MARGIN, MARGIN + title_height)
        width = max(width, tree.width)
        height = tree.height
    canvas.text(title, MARGIN, MARGIN)
    total_w = width + 2 * MARGIN
    total_h = height + title_height + 2 * MARGIN
    return "\n".join(
        _document(canvas, total_w, total_h, f"{org.name.get(lang)} {labels['chart']}")
    ) + "\n"


def _document(canvas: Canvas, width: float, height: float, title: str) -> Iterator[str]:
    yield (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" '
        f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'font-family={quoteattr(FONT_FAMILY)}>'
    )
    yield f"<title>{_clean(title)}</title>"
    yield f"<style>{STYLE}</style>"
    yield (
        f'<rect class="background" x="0" y="0" width="{_num(width)}" '
        f'height="{_num(height)}" fill="#ffffff"/>'
    )
    yield from canvas.backgrounds
    yield '<g class="links">'
    yield from canvas.links
    yield "</g>"
    yield from canvas.shapes
    yield "</svg>"
