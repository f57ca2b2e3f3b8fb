"""Org chart (orgchart.svg): the department tree, each department's posts and reporting lines.

Layout, in two passes (measure, then place):

- a department is a *card*: a header with its name, then its posts as an indented list,
  one level of indent per reporting level inside the department, joined by elbow lines
  drawn in the indent gutter (so a line never crosses a box). A post whose superior sits
  in another department carries a note "→ 分行行长" instead of a line across the chart;
- a department's sub-departments hang below it. Sub-departments that have children of
  their own are laid out side by side as subtrees; leaf departments are *stacked*
  vertically on a spine, and a long stack is split into several columns of about
  ``STACK_TARGET`` pixels, so 50 departments do not make one endless row;
- several root departments hang below a box with the organisation's name.

All text is measured with ``textwidth`` (a CJK character is 1 em), so boxes fit labels.
No external resources: fonts are named by family only. Output is deterministic.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from dutymatrix.model import Department, Org, Role
from dutymatrix.render.textwidth import text_width, wrap_text

FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", sans-serif'

TITLE_FONT = 20
DEPT_FONT = 14
POST_FONT = 12
NOTE_FONT = 10
LINE_HEIGHT = 1.35  # line box height per font size
ASCENT = 1.0  # baseline offset from a line's top, in em (Noto CJK ascent is 0.88)

MARGIN = 24
PAD_X = 10  # inside a box, left and right of the text
PAD_Y = 5  # inside a box, above and below the text
CARD_PAD = 8  # inside a card, around its posts
POST_LEFT = 20  # a card's first-level posts sit this far right of the card's edge
POST_INDENT = 22  # one reporting level
POST_GAP = 6  # between two posts of a card
STACK_LEFT = 20  # a stacked card sits this far right of its spine column's edge
STACK_GAP = 16  # between two stacked cards
ROW_GAP = 28  # between two blocks side by side
LEVEL_GAP = 40  # between a card and the row of its sub-departments
STACK_TARGET = 800  # a stack of leaf departments wraps into a new column past this height
DEPT_WRAP_EM = 18
POST_WRAP_EM = 16

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

LABELS = {
    "zh": {"chart": "组织架构图", "reports_to": "→ {title}"},
    "en": {"chart": "Organisation chart", "reports_to": "→ {title}"},
}

# Characters XML 1.0 does not allow; a stray control character must not break the file.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- measured pieces -------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    text: str
    size: float
    css: str


@dataclass
class Box:
    """A rectangle with lines of text; ``x``/``y`` are relative to its owner until placed."""

    lines: list[Line]
    css: str
    min_width: float = 0
    x: float = 0
    y: float = 0
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def width(self) -> float:
        widest = max((text_width(ln.text, ln.size) for ln in self.lines), default=0)
        return max(self.min_width, widest + 2 * PAD_X)

    @property
    def height(self) -> float:
        return sum(ln.size * LINE_HEIGHT for ln in self.lines) + 2 * PAD_Y


@dataclass
class PostNode:
    role: Role
    box: Box
    depth: int
    parent: str | None  # superior inside the same department


@dataclass
class Card:
    """A department (or the organisation) with its posts, laid out from its top-left."""

    id: str
    header: Box
    posts: list[PostNode]
    width: float = 0
    height: float = 0

    def measure(self) -> None:
        y = self.header.height + CARD_PAD
        right = self.header.width
        for post in self.posts:
            post.box.x = POST_LEFT + post.depth * POST_INDENT
            post.box.y = y
            y += post.box.height + POST_GAP
            right = max(right, post.box.x + post.box.width + CARD_PAD)
        self.width = right
        self.header.min_width = right
        self.height = y - POST_GAP + CARD_PAD if self.posts else self.header.height


@dataclass
class Tree:
    card: Card
    children: list[Tree]
    width: float = 0
    height: float = 0
    card_x: float = 0  # the card's left edge within the subtree
    row_x: float = 0  # the children row's left edge within the subtree
    blocks: list[Tree | Stack] = field(default_factory=list)


@dataclass
class Stack:
    """Leaf departments stacked on a spine, wrapped into columns."""

    columns: list[list[Card]]
    width: float = 0
    height: float = 0

    def column_width(self, column: list[Card]) -> float:
        return STACK_LEFT + max(card.width for card in column)


# --- building the tree -----------------------------------------------------------------


def _wrap(text: str, size: float, css: str, max_em: float) -> list[Line]:
    return [Line(part, size, css) for part in wrap_text(text, max_em)]


def _post_nodes(org: Org, dept: Department, lang: str) -> list[PostNode]:
    """The department's posts in reporting order: each superior followed by its reports."""
    labels = LABELS["en" if lang == "en" else "zh"]
    inside = {role.id for role in dept.roles}
    reports: dict[str, list[Role]] = {}
    roots: list[Role] = []
    for role in dept.roles:
        boss = role.reports_to
        if boss in inside and boss != role.id:
            reports.setdefault(boss, []).append(role)
        else:
            roots.append(role)
    nodes: list[PostNode] = []
    seen: set[str] = set()

    def visit(start: Role) -> None:
        pending: list[tuple[Role, int, str | None]] = [(start, 0, None)]
        while pending:
            role, depth, parent = pending.pop()
            if role.id in seen:
                continue
            seen.add(role.id)
            lines = _wrap(role.title.get(lang), POST_FONT, "post-label", POST_WRAP_EM)
            boss = role.reports_to
            if boss and boss not in inside and boss in org.roles:
                note = labels["reports_to"].format(title=org.roles[boss].title.get(lang))
                lines += _wrap(note, NOTE_FONT, "note", POST_WRAP_EM * POST_FONT / NOTE_FONT)
            css = "post key" if role.key else "post"
            box = Box(lines, css, attrs={"data-role": role.id})
            nodes.append(PostNode(role, box, depth, parent))
            children = reports.get(role.id, [])
            pending.extend((child, depth + 1, role.id) for child in reversed(children))

    for role in roots:
        visit(role)
    # A reporting cycle inside the department leaves posts unreached: show them as roots.
    for role in dept.roles:
        if role.id not in seen:
            visit(role)
    return nodes


def _department_card(org: Org, dept: Department, lang: str) -> Card:
    header = Box(
        _wrap(dept.name.get(lang), DEPT_FONT, "dept-label", DEPT_WRAP_EM),
        "dept",
        attrs={"data-department": dept.id},
    )
    card = Card(dept.id, header, _post_nodes(org, dept, lang))
    card.measure()
    return card


def _department_trees(org: Org, lang: str) -> list[Tree]:
    """Root subtrees in model order; a parent cycle is broken where it is first met."""
    known = org.departments_by_id
    children: dict[str, list[Department]] = {}
    roots: list[Department] = []
    for dept in org.departments:
        if dept.parent in known and dept.parent != dept.id:
            children.setdefault(dept.parent, []).append(dept)
        else:
            roots.append(dept)
    placed: set[str] = set()

    def grow(dept: Department) -> Tree:
        placed.add(dept.id)
        kids = [grow(kid) for kid in children.get(dept.id, []) if kid.id not in placed]
        return Tree(_department_card(org, dept, lang), kids)

    trees = [grow(dept) for dept in roots]
    for dept in org.departments:
        if dept.id not in placed:
            trees.append(grow(dept))
    return trees


# --- measuring -------------------------------------------------------------------------


def _stack(cards: list[Card]) -> Stack:
    # As many columns as the target height needs, then balanced: the same share each.
    total = sum(card.height for card in cards) + STACK_GAP * (len(cards) - 1)
    count = max(1, math.ceil(total / max([STACK_TARGET, *(card.height for card in cards)])))
    share = total / count
    columns: list[list[Card]] = [[]]
    height = 0.0
    for card in cards:
        extra = card.height + (STACK_GAP if columns[-1] else 0)
        if columns[-1] and height + extra / 2 > share and len(columns) < count:
            columns.append([])
            height, extra = 0.0, card.height
        columns[-1].append(card)
        height += extra
    stack = Stack(columns)
    stack.width = sum(stack.column_width(c) for c in columns) + ROW_GAP * (len(columns) - 1)
    stack.height = max(
        sum(card.height for card in c) + STACK_GAP * (len(c) - 1) for c in columns
    )
    return stack


def _measure(tree: Tree) -> None:
    card = tree.card
    if not tree.children:
        tree.width, tree.height = card.width, card.height
        return
    blocks: list[Tree | Stack] = []
    leaves: list[Card] = []
    for child in tree.children:
        if child.children:
            if leaves:
                blocks.append(_stack(leaves))
                leaves = []
            _measure(child)
            blocks.append(child)
        else:
            leaves.append(child.card)
    if leaves:
        blocks.append(_stack(leaves))
    tree.blocks = blocks
    row_width = sum(b.width for b in blocks) + ROW_GAP * (len(blocks) - 1)
    tree.width = max(card.width, row_width)
    tree.height = card.height + LEVEL_GAP + max(b.height for b in blocks)
    tree.card_x = (tree.width - card.width) / 2
    tree.row_x = (tree.width - row_width) / 2


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
    trees = _department_trees(org, lang)
    if len(trees) > 1:
        header = Box(_wrap(org.name.get(lang), DEPT_FONT, "dept-label", DEPT_WRAP_EM), "org")
        root_card = Card(org.id, header, [])
        root_card.measure()
        trees = [Tree(root_card, trees)]
    title = Line(f"{org.name.get(lang)} {labels['chart']}", TITLE_FONT, "title")
    title_height = TITLE_FONT * LINE_HEIGHT + 16

    canvas = Canvas()
    width = text_width(title.text, TITLE_FONT)
    height = 0.0
    if trees:
        _measure(trees[0])
        _place(canvas, trees[0], MARGIN, MARGIN + title_height)
        width = max(width, trees[0].width)
        height = trees[0].height
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
