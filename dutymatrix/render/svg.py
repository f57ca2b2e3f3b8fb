"""Org chart SVG: the department tree, each department's posts and reporting lines.

Three passes: ``orgchart_layout`` measures every card, ``orgchart_place`` places the cards
and routes the lines between departments, this module draws. Each card is one group
(``<g class="dept-card" transform="translate(x y)">``) holding its background, its
posts and the elbow lines between them (drawn in the indent gutter, so a line never
crosses a box); each department edge is one ``<path class="link">`` naming its parent
and child, so the site can highlight a chain of command and move cards when a
department is collapsed.

The SVG scales to its container (``width="100%"`` and a ``viewBox``) and never grows past
its natural size. No external resources: fonts are named by family only; the only links
are the relative ones between the main chart and its sub-charts. Output is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from dutymatrix.model import Org
from dutymatrix.render.orgchart_layout import (
    LINE_HEIGHT,
    PAD_X,
    PAD_Y,
    POST_INDENT,
    POST_LEFT,
    Box,
    Card,
    DeptTree,
    Line,
    chart_labels,
    chart_root,
)
from dutymatrix.render.orgchart_place import ChartLayout, place_chart
from dutymatrix.render.textwidth import text_width

FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", sans-serif'
MARGIN = 24
TITLE_FONT = 20
MIN_SCALE = 0.5  # the standalone SVG shrinks to fit its window down to this scale
BACK_FONT = 12

_RULES = (
    "text { font-family: " + FONT_FAMILY + "; fill: #1b1b1b; }",
    ".title { font-weight: bold; }",
    ".back { fill: #1f4f8a; }",
    ".card { fill: #f5f7fb; stroke: #b9c6d8; stroke-width: 1; }",
    ".dept { fill: #1f3864; stroke: #1f3864; }",
    ".dept-label { fill: #ffffff; font-weight: bold; }",
    ".dept-note { fill: #dbe4ef; }",
    ".org { fill: #7f2704; stroke: #7f2704; }",
    ".post { fill: #ffffff; stroke: #8ea9c8; stroke-width: 1; }",
    ".post.key { stroke: #1f3864; stroke-width: 2; }",
    ".post.vacant { fill: #fff8e6; stroke: #c48a00; stroke-dasharray: 4 2; }",
    ".vacant-label { fill: #8a5a00; font-weight: bold; }",
    ".note { fill: #5a5a5a; }",
    ".link { fill: none; stroke: #7f8fa6; stroke-width: 1.2; }",
    ".report { fill: none; stroke: #8ea9c8; stroke-width: 1; }",
    ".dotted { fill: none; stroke: #c0504d; stroke-width: 1.2; stroke-dasharray: 5 3; }",
)
DOTTED_BULGE = 28  # how far right of the boxes a dotted line swings
# Scoped to the chart's own class: inline in a page, the rules touch nothing else.
STYLE = "\n" + "\n".join(f"svg.dm-chart {rule}" for rule in _RULES) + "\n"

# Characters XML 1.0 does not allow; a stray control character must not break the file.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def num(value: float) -> str:
    """A coordinate as the SVG writes it: one decimal at most."""
    text = f"{value:.1f}"
    if text == "-0.0":
        return "0"
    return text[:-2] if text.endswith(".0") else text


def _clean(text: str) -> str:
    return escape(_XML_INVALID.sub("", text))


def clean_text(text: str) -> str:
    """``text`` escaped for XML or HTML, without the characters XML does not allow."""
    return _clean(text)


def _attr(value: str) -> str:
    return quoteattr(_XML_INVALID.sub("", value))


def _path(points: tuple[tuple[float, float], ...] | list[tuple[float, float]]) -> str:
    return " ".join(
        f"{'M' if i == 0 else 'L'}{num(x)} {num(y)}" for i, (x, y) in enumerate(points)
    )


def _rect(x: float, y: float, w: float, h: float, css: str) -> str:
    return (f'<rect class="{css}" x="{num(x)}" y="{num(y)}" width="{num(w)}" '
            f'height="{num(h)}" rx="3"/>')


def _text(line: Line, x: float, top: float) -> str:
    baseline = top + line.size * (LINE_HEIGHT - 1) / 2 + line.size * 0.88
    return (f'<text class="{line.css}" x="{num(x)}" y="{num(baseline)}" '
            f'font-size="{num(line.size)}">{_clean(line.text)}</text>')


def _box_texts(box: Box, left: float, top: float) -> Iterator[PlacedText]:
    """Each line of ``box`` where it is in the chart; ``left``/``top``: its card's place."""
    y = top + box.y + PAD_Y
    for line in box.lines:
        yield PlacedText(left + box.x + PAD_X, y, box.width - 2 * PAD_X, line)
        y += line.size * LINE_HEIGHT


def _box(box: Box, href: str | None = None) -> Iterator[str]:
    attrs = "".join(f" {k}={_attr(v)}" for k, v in box.attrs.items())
    yield f"<g{attrs}>"
    if box.tooltip:
        yield f"<title>{_clean(box.tooltip)}</title>"
    if href:
        yield f"<a href={_attr(href)}>"
    yield _rect(box.x, box.y, box.width, box.height, box.css)
    top = box.y + PAD_Y
    for line in box.lines:
        yield _text(line, box.x + PAD_X, top)
        top += line.size * LINE_HEIGHT
    if href:
        yield "</a>"
    yield "</g>"


def _report_lines(card: Card) -> Iterator[str]:
    """Elbows from each post's superior (or the header) to the post, in the gutter."""
    for role_id, points in report_points(card):
        yield f'<path class="report" data-role={_attr(role_id)} d="{_path(points)}"/>'


def report_points(card: Card) -> Iterator[tuple[str, list[tuple[float, float]]]]:
    """(post id, the elbow's points in its card) for every post of ``card``."""
    by_id = {post.role.id: post for post in card.posts}
    for post in card.posts:
        box = post.box
        mid = box.y + box.height / 2
        boss = by_id.get(post.parent) if post.parent else None
        if boss is None:
            spine, top = post.column_x + POST_LEFT / 2, card.header.height
        elif boss.column != post.column:  # the superior is in an earlier column
            spine = post.column_x + POST_LEFT + boss.depth * POST_INDENT + POST_INDENT / 2
            top = card.header.height
        else:
            spine = boss.box.x + POST_INDENT / 2
            top = boss.box.y + boss.box.height
        yield post.role.id, [(spine, top), (spine, mid), (box.x, mid)]


def _card(card: Card, x: float, y: float, parent: str | None,
          href: str | None = None) -> Iterator[str]:
    parent_attr = f" data-parent={_attr(parent)}" if parent else ""
    yield (f'<g class="dept-card" data-card={_attr(card.id)}{parent_attr} '
           f'transform="translate({num(x)} {num(y)})">')
    yield _rect(0, 0, card.width, card.height, "card")
    yield from _report_lines(card)
    yield from _box(card.header, href)
    for post in card.posts:
        yield from _box(post.box)
    yield "</g>"


@dataclass(frozen=True)
class PlacedText:
    """A line of text in chart coordinates: its line box's left, top and width."""

    x: float
    top: float
    width: float
    line: Line


@dataclass(frozen=True)
class ChartSvg:
    """A drawn chart and the layout it came from (the site and the PDF reuse it)."""

    body: tuple[str, ...]
    title: str
    layout: ChartLayout
    width: float
    height: float

    linked: bool = False  # its headers link to sub-charts
    fonts: str = FONT_FAMILY  # the CSS font list (TC faces first for zh-TW)
    # Every line of text with its place in the chart: the PDF prints them as HTML boxes
    # over the SVG of frames and lines (fast to lay out).
    texts: tuple[PlacedText, ...] = ()
    chart_top: float = MARGIN  # where the cards' coordinates start, below the title

    @property
    def svg(self) -> str:
        """The chart as a document that scales to its container: never past its natural
        size, and never below half of it (6 px post titles; a wider chart scrolls) —
        except a chart whose sub-charts carry the detail: it shrinks to fit, whole."""
        w, least = num(self.width), num(self.width * MIN_SCALE)
        floor = "" if self.linked else f" min-width: {least}px;"
        return self.document(f'width="100%" style="max-width: {w}px;{floor} height: auto"')

    def document(self, size: str, text: bool = True) -> str:
        """The SVG document with ``size`` as its sizing attributes; without its text
        elements when not ``text`` (the PDF draws the text over it)."""
        lines = _document(self, size)
        if not text:
            lines = (_TEXT_ELEMENT.sub("", line) for line in lines)
        return "\n".join(lines) + "\n"


_TEXT_ELEMENT = re.compile(r"<text\b[^>]*>[^<]*</text>")  # its text is escaped: no "<"


def draw_chart(layout: ChartLayout, title: str, *, back: tuple[str, str] | None = None,
               links: dict[str, str] | None = None) -> ChartSvg:
    """The SVG document of ``layout``. ``back``: (href, text) of a link above the chart;
    ``links``: department id → href of its sub-chart, put on its header."""
    links = links or {}
    title_line = Line(title, TITLE_FONT, "title")
    head = TITLE_FONT * LINE_HEIGHT + 16
    body: list[str] = [_text(title_line, MARGIN, MARGIN)]
    width = text_width(title, TITLE_FONT)
    texts = [PlacedText(MARGIN, MARGIN, width, title_line)]
    if back is not None:
        back_line = Line(back[1], BACK_FONT, "back")
        body.append(f'<a href={_attr(back[0])}>{_text(back_line, MARGIN, MARGIN + head)}</a>')
        texts.append(PlacedText(MARGIN, MARGIN + head, text_width(back[1], BACK_FONT),
                                back_line))
        width = max(width, text_width(back[1], BACK_FONT))
        head += BACK_FONT * LINE_HEIGHT + 12
    body.append(f'<g class="chart" transform="translate({MARGIN} {num(MARGIN + head)})">')
    body.append('<g class="links">')
    for edge in layout.edges:
        body.append(f'<path class="link" data-parent={_attr(edge.parent)} '
                    f'data-child={_attr(edge.child)} d="{_path(edge.points)}"/>')
    body.append("</g>")
    body.append('<g class="cards">')
    for placed in layout.cards:
        body.extend(_card(placed.card, placed.x, placed.y, placed.parent,
                          links.get(placed.card.id)))
        left, top = MARGIN + placed.x, MARGIN + head + placed.y
        for box in (placed.card.header, *(post.box for post in placed.card.posts)):
            texts.extend(_box_texts(box, left, top))
    body.append("</g>")
    # Dotted lines (业务指导) are drawn over the placed cards: they never move a box.
    dotted, dotted_right = dotted_lines(layout)
    if dotted:
        body.append('<g class="dotted-lines">')
        body.extend(dotted)
        body.append("</g>")
    body.append("</g>")
    total_w = max(width, layout.width, dotted_right) + 2 * MARGIN
    total_h = layout.height + head + 2 * MARGIN
    return ChartSvg(tuple(body), title, layout, total_w, total_h, bool(links),
                    texts=tuple(texts), chart_top=MARGIN + head)


def dotted_lines(layout: ChartLayout) -> tuple[list[str], float]:
    """A dashed curve from each dotted-line superior to the post, both on this chart:
    between the facing sides of the two boxes, or swinging out right of them when one is
    above the other; and the rightmost x a curve reaches."""
    where: dict[str, tuple[float, float, float]] = {}  # role → (left, right, middle y)
    posts = []
    for placed in layout.cards:
        for post in placed.card.posts:
            box = post.box
            left = placed.x + box.x
            where[post.role.id] = (left, left + box.width, placed.y + box.y + box.height / 2)
            posts.append(post.role)
    paths, right_most = [], 0.0
    for role in posts:
        for boss in role.dotted_to:
            if boss not in where or boss == role.id:
                continue
            paths.append(_dotted_path(boss, role.id, where[boss], where[role.id]))
            right_most = max(right_most, where[boss][1] + DOTTED_BULGE,
                             where[role.id][1] + DOTTED_BULGE)
    return paths, right_most


def _dotted_path(boss: str, post: str, start_box: tuple[float, float, float],
                 end_box: tuple[float, float, float]) -> str:
    (b_left, b_right, b_mid), (p_left, p_right, p_mid) = start_box, end_box
    if p_left > b_right:  # the post is right of its superior
        start, end = (b_right, b_mid), (p_left, p_mid)
        c1 = c2 = (start[0] + end[0]) / 2
    elif p_right < b_left:  # left of it
        start, end = (b_left, b_mid), (p_right, p_mid)
        c1 = c2 = (start[0] + end[0]) / 2
    else:  # one above the other
        start, end = (b_right, b_mid), (p_right, p_mid)
        c1 = c2 = max(b_right, p_right) + DOTTED_BULGE
    d = (f"M{num(start[0])},{num(start[1])} C{num(c1)},{num(start[1])} "
         f"{num(c2)},{num(end[1])} {num(end[0])},{num(end[1])}")
    return f'<path class="dotted" data-from={_attr(boss)} data-to={_attr(post)} d="{d}"/>'


def _document(chart: ChartSvg, size: str) -> Iterator[str]:
    w, h = num(chart.width), num(chart.height)
    yield (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dm-chart" {size} viewBox="0 0 {w} {h}" '
        f'preserveAspectRatio="xMidYMin meet" font-family={_attr(chart.fonts)}>'
    )
    yield f"<title>{_clean(chart.title)}</title>"
    yield f"<style>{STYLE.replace(FONT_FAMILY, chart.fonts)}</style>"
    yield f'<rect class="background" x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>'
    yield from chart.body
    yield "</svg>"


def chart_title(org: Org, lang: str, part: str | None = None) -> str:
    title = f"{org.name.get(lang)} {chart_labels(lang)['chart']}"
    return f"{title} · {part}" if part else title


def render_orgchart_svg(org: Org, lang: str, links: dict[str, str] | None = None) -> str:
    """The whole org chart as a self-contained SVG document."""
    return render_chart(org, lang, links=links).svg


def render_chart(org: Org, lang: str, *, with_posts: bool = True,
                 links: dict[str, str] | None = None) -> ChartSvg:
    root = chart_root(org, lang, with_posts)
    return draw_tree(root, chart_title(org, lang), links=links)


def draw_tree(root: DeptTree | None, title: str, *, back: tuple[str, str] | None = None,
              links: dict[str, str] | None = None) -> ChartSvg:
    if root is None:
        empty = ChartLayout([], [], 0, 0, False)
        return draw_chart(empty, title, back=back)
    return draw_chart(place_chart(root), title, back=back, links=links)
