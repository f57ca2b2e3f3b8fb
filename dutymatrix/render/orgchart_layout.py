"""Org chart layout, the measuring pass: the department tree as cards, stacks and subtrees.

- a department is a *card*: a header with its name, then its posts as an indented list,
  one level of indent per reporting level inside the department. A post whose superior
  sits in another department carries a note "→ 分行行长" instead of a line across the chart;
- a department's sub-departments hang below it. Sub-departments that have children of
  their own are laid out side by side as subtrees; leaf departments are *stacked*
  vertically on a spine, and a long stack is split into several columns of about
  ``STACK_TARGET`` pixels, so 50 departments do not make one endless row;
- several root departments hang below a box with the organisation's name.

All text is measured with ``textwidth`` (a CJK character is 1 em), so boxes fit labels.
Sizes and offsets are relative to each owner; ``svg.py`` places and draws them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from dutymatrix.model import Department, Org, Role
from dutymatrix.render.textwidth import text_width, wrap_text

DEPT_FONT = 14
POST_FONT = 12
NOTE_FONT = 10
LINE_HEIGHT = 1.35  # line box height per font size
ASCENT = 1.0  # baseline offset from a line's top, in em (Noto CJK ascent is 0.88)

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

LABELS = {
    "zh": {"chart": "组织架构图", "reports_to": "→ {title}"},
    "en": {"chart": "Organisation chart", "reports_to": "→ {title}"},
}


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


def chart_tree(org: Org, lang: str) -> Tree | None:
    """The whole chart measured: one tree (under an organisation card when the org has
    several root departments), or None for an org without departments."""
    trees = _department_trees(org, lang)
    if len(trees) > 1:
        header = Box(_wrap(org.name.get(lang), DEPT_FONT, "dept-label", DEPT_WRAP_EM), "org")
        root_card = Card(org.id, header, [])
        root_card.measure()
        trees = [Tree(root_card, trees)]
    if not trees:
        return None
    _measure(trees[0])
    return trees[0]
