"""Org chart, the measuring pass: every department as a *card* of fixed size.

- a card is a header with the department's name, then its posts as an indented list, one
  level of indent per reporting level inside the department; a long list wraps into
  columns of ``POSTS_PER_COLUMN``. A post whose superior sits in another department
  carries a note "→ 分行行长" instead of a line across the chart;
- when the org lists people, a post nobody holds or acts in is marked vacant (空缺);
- the department tree (``DeptTree``) keeps model order; a parent cycle or a missing parent
  makes a root. ``orgchart_place`` arranges the cards; ``svg`` draws them.

All text is measured with ``textwidth`` (a CJK character is 1 em), so boxes fit labels.
Positions inside a card are relative to the card's top-left corner.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from dutymatrix.i18n import N_
from dutymatrix.model import Department, Org, Role
from dutymatrix.render.labels import Labels
from dutymatrix.render.textwidth import text_width, wrap_text

DEPT_FONT = 14
POST_FONT = 12
NOTE_FONT = 10
LINE_HEIGHT = 1.35  # line box height per font size

PAD_X = 10  # inside a box, left and right of the text
PAD_Y = 5  # inside a box, above and below the text
CARD_PAD = 8  # inside a card, around its posts
POST_LEFT = 20  # a card's first-level posts sit this far right of the column's edge
POST_INDENT = 22  # one reporting level
POST_GAP = 6  # between two posts of a card
COLUMN_GAP = 12  # between two columns of posts in one card
POSTS_PER_COLUMN = 24  # a department with more posts wraps them into columns
DEPT_WRAP_EM = 18
POST_WRAP_EM = 16

LABELS = Labels({
    "chart": N_("Organisation chart"),
    "reports_to": N_("→ {title}"),
    "vacant": N_("Vacant"),
    "posts": N_("{n} posts"),
    "posts_1": N_("1 post"),
    "below": N_("{n} departments below (own page)"),
    "below_1": N_("1 department below (own page)"),
    "back": N_("← Back to the whole chart"),
    "holders": N_("Held by {names}"),
    "acting": N_("Acting: {names}"),
    "direct": N_("departments directly under {name}"),
})


def chart_labels(lang: str) -> Mapping[str, str]:
    return LABELS[lang]


@dataclass(frozen=True)
class Line:
    text: str
    size: float
    css: str


@dataclass
class Box:
    """A rectangle with lines of text; ``x``/``y`` are relative to its card."""

    lines: list[Line]
    css: str
    min_width: float = 0
    x: float = 0
    y: float = 0
    attrs: dict[str, str] = field(default_factory=dict)
    tooltip: str = ""

    # Measured once: the lines are complete when the box is made.
    @cached_property
    def widest(self) -> float:
        return max((text_width(ln.text, ln.size) for ln in self.lines), default=0)

    @property
    def width(self) -> float:
        return max(self.min_width, self.widest + 2 * PAD_X)

    @cached_property
    def height(self) -> float:
        return sum(ln.size * LINE_HEIGHT for ln in self.lines) + 2 * PAD_Y


@dataclass
class PostNode:
    role: Role
    box: Box
    depth: int
    parent: str | None  # superior inside the same department
    column: int = 0
    column_x: float = 0  # the left edge of its column inside the card


@dataclass
class Card:
    """A department (or the organisation) with its posts, laid out from its top-left."""

    id: str
    header: Box
    posts: list[PostNode]
    is_org: bool = False
    width: float = 0
    height: float = 0

    def measure(self) -> None:
        count = len(self.posts)
        columns = max(1, math.ceil(count / POSTS_PER_COLUMN))
        per_column = math.ceil(count / columns) if count else 0
        column_x, right = 0.0, self.header.width
        bottom = self.header.height
        for start in range(0, count, per_column or 1):
            y = self.header.height + CARD_PAD
            column_right = column_x
            for post in self.posts[start:start + per_column]:
                post.column, post.column_x = start // per_column, column_x
                post.box.x = column_x + POST_LEFT + post.depth * POST_INDENT
                post.box.y = y
                y += post.box.height + POST_GAP
                column_right = max(column_right, post.box.x + post.box.width + CARD_PAD)
            bottom = max(bottom, y - POST_GAP + CARD_PAD)
            right = max(right, column_right)
            column_x = column_right + COLUMN_GAP - CARD_PAD
        self.width = right
        self.header.min_width = right
        self.height = bottom


@dataclass
class DeptTree:
    card: Card
    children: list[DeptTree]
    parent: DeptTree | None = None

    def walk(self) -> list[DeptTree]:
        """This tree and every subtree below it, parents before children."""
        found, pending = [], [self]
        while pending:
            tree = pending.pop()
            found.append(tree)
            pending.extend(reversed(tree.children))
        return found


def _wrap(text: str, size: float, css: str, max_em: float) -> list[Line]:
    return [Line(part, size, css) for part in wrap_text(text, max_em)]


def occupants(org: Org, lang: str) -> dict[str, tuple[list[str], list[str]]]:
    """Post id → (names of the people holding it, names of people acting in it)."""
    found: dict[str, tuple[list[str], list[str]]] = {}
    for person in org.people:
        for post in person.holds:
            found.setdefault(post, ([], []))[0].append(person.name.get(lang))
        for post in person.acting:
            found.setdefault(post, ([], []))[1].append(person.name.get(lang))
    return found


class CardMaker:
    """Builds the cards of one org in one language."""

    def __init__(self, org: Org, lang: str, with_posts: bool = True) -> None:
        self.org, self.lang, self.with_posts = org, lang, with_posts
        self.labels = chart_labels(lang)
        self.people = occupants(org, lang) if org.people else None

    def post_box(self, role: Role, inside: set[str]) -> Box:
        labels, lang = self.labels, self.lang
        lines = _wrap(role.title.get(lang), POST_FONT, "post-label", POST_WRAP_EM)
        boss = role.reports_to
        if boss and boss not in inside and boss in self.org.roles:
            note = labels["reports_to"].format(title=self.org.roles[boss].title.get(lang))
            lines += _wrap(note, NOTE_FONT, "note", POST_WRAP_EM * POST_FONT / NOTE_FONT)
        css = "post key" if role.key else "post"
        tooltip = [role.id]
        if self.people is not None:
            holders, acting = self.people.get(role.id, ([], []))
            if not holders and not acting:
                css += " vacant"
                lines.append(Line(labels["vacant"], NOTE_FONT, "vacant-label"))
            sep = "、" if lang != "en" else ", "
            if holders:
                tooltip.append(labels["holders"].format(names=sep.join(holders)))
            if acting:
                tooltip.append(labels["acting"].format(names=sep.join(acting)))
        attrs = {"data-role": role.id}
        if boss and boss in self.org.roles and boss != role.id:
            attrs["data-boss"] = boss
        return Box(lines, css, attrs=attrs, tooltip=" · ".join(tooltip))

    def post_nodes(self, dept: Department) -> list[PostNode]:
        """The department's posts in reporting order: each superior followed by its reports."""
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
        # A reporting cycle inside the department leaves posts unreached: they start anew.
        for start in [*roots, *dept.roles]:
            pending: list[tuple[Role, int, str | None]] = [(start, 0, None)]
            while pending:
                role, depth, parent = pending.pop()
                if role.id in seen:
                    continue
                seen.add(role.id)
                nodes.append(PostNode(role, self.post_box(role, inside), depth, parent))
                kids = reports.get(role.id, [])
                pending.extend((kid, depth + 1, role.id) for kid in reversed(kids))
        return nodes

    def department_card(self, dept: Department, below: int = 0) -> Card:
        """``below``: departments under this one that the chart leaves out."""
        lines = _wrap(dept.name.get(self.lang), DEPT_FONT, "dept-label", DEPT_WRAP_EM)
        if not self.with_posts and dept.roles:
            count = len(dept.roles)
            text = self.labels["posts_1"] if count == 1 else self.labels["posts"].format(n=count)
            lines.append(Line(text, NOTE_FONT, "dept-note"))
        if below:
            text = self.labels["below_1"] if below == 1 else self.labels["below"].format(n=below)
            lines.append(Line(text, NOTE_FONT, "dept-note"))
        attrs = {"data-department": dept.id}
        header = Box(lines, "dept", attrs=attrs, tooltip=dept.id)
        posts = self.post_nodes(dept) if self.with_posts else []
        card = Card(dept.id, header, posts)
        card.measure()
        return card

    def org_card(self) -> Card:
        header = Box(_wrap(self.org.name.get(self.lang), DEPT_FONT, "dept-label",
                           DEPT_WRAP_EM), "org", attrs={"data-org": self.org.id})
        card = Card(self.org.id, header, [], is_org=True)
        card.measure()
        return card


def department_forest(org: Org, lang: str, with_posts: bool = True) -> list[DeptTree]:
    """Root subtrees in model order; a parent cycle is broken where it is first met."""
    maker = CardMaker(org, lang, with_posts)
    known = org.departments_by_id
    children: dict[str, list[Department]] = {}
    roots: list[Department] = []
    for dept in org.departments:
        if dept.parent in known and dept.parent != dept.id:
            children.setdefault(dept.parent, []).append(dept)
        else:
            roots.append(dept)
    trees: list[DeptTree] = []
    placed: set[str] = set()
    for start in [*roots, *org.departments]:
        if start.id in placed:
            continue
        placed.add(start.id)
        top = DeptTree(maker.department_card(start), [])
        trees.append(top)
        pending = [(top, start)]
        while pending:
            tree, dept = pending.pop()
            for kid in children.get(dept.id, []):
                if kid.id not in placed:
                    placed.add(kid.id)
                    sub = DeptTree(maker.department_card(kid), [], tree)
                    tree.children.append(sub)
                    pending.append((sub, kid))
    return trees


def chart_root(org: Org, lang: str, with_posts: bool = True) -> DeptTree | None:
    """The whole chart as one tree (under an organisation card when the org has several
    root departments), or None for an org without departments."""
    trees = department_forest(org, lang, with_posts)
    if len(trees) <= 1:
        return trees[0] if trees else None
    root = DeptTree(CardMaker(org, lang).org_card(), trees)
    for tree in trees:
        tree.parent = root
    return root


def top_level(root: DeptTree) -> list[DeptTree]:
    """The departments a sub-chart is made for: the children of the top box."""
    return list(root.children)
