"""``orgchart.pdf`` pages: the chart drawn for WeasyPrint, which is slow at two things.

It lays out SVG text a letter at a time, and it styles and draws every SVG element on its
own. A page is therefore the chart's frames and lines as an SVG image of a few paths (all
boxes of one kind are one path), and each line of text an HTML box of fixed width placed
over it: at 2,000 posts, 9,000 SVG elements and 4,000 SVG texts become 10 paths and 4,000
HTML lines. What the page shows is the same: the same boxes, lines, colours and text at
the same places (the SVG of the site is unchanged).
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Iterator
from html import escape

from .orgchart_layout import LINE_HEIGHT
from .svg import MARGIN, STYLE, ChartSvg, clean_text, dotted_lines, num, report_points

# The SVG puts a baseline 0.88 em below the top of the text (Noto CJK's typographic
# ascent); an HTML line box centres the font's hhea ascent and descent (1.16 and 0.288 em),
# which sits the baseline (1.16 - 0.288) / 2 - (0.88 - 0.12) / 2 = 0.056 em lower.
HTML_BASELINE_RAISE = 0.056
RADIUS = 3  # the corners of every box, as svg._rect draws them

# The text colours and weights of svg.STYLE, for the HTML text boxes.
TEXT_CSS = """
.t { position: absolute; white-space: pre; color: #1b1b1b; }
.t.title, .t.dept-label, .t.vacant-label { font-weight: bold; }
.t.back { color: #1f4f8a; }
.t.dept-label { color: #ffffff; }
.t.dept-note { color: #dbe4ef; }
.t.vacant-label { color: #8a5a00; }
.t.note { color: #5a5a5a; }
"""

# Painted in this order, as the SVG paints them: no two cards overlap, so layer by layer
# is the same picture as card by card.
_LAYERS = ("link", "card", "report")


def _rounded(x: float, y: float, w: float, h: float) -> str:
    r = min(RADIUS, w / 2, h / 2)
    return (f"M{num(x + r)} {num(y)}H{num(x + w - r)}A{r} {r} 0 0 1 {num(x + w)} {num(y + r)}"
            f"V{num(y + h - r)}A{r} {r} 0 0 1 {num(x + w - r)} {num(y + h)}H{num(x + r)}"
            f"A{r} {r} 0 0 1 {num(x)} {num(y + h - r)}V{num(y + r)}A{r} {r} 0 0 1 "
            f"{num(x + r)} {num(y)}Z")


def _polyline(points: list[tuple[float, float]] | tuple[tuple[float, float], ...],
              dx: float = 0, dy: float = 0) -> str:
    return "".join(f"{'M' if i == 0 else 'L'}{num(x + dx)} {num(y + dy)}"
                   for i, (x, y) in enumerate(points))


def _shapes(chart: ChartSvg) -> dict[str, list[str]]:
    """Path data by CSS class, in chart coordinates (below the title)."""
    shapes: dict[str, list[str]] = defaultdict(list)
    for edge in chart.layout.edges:
        shapes["link"].append(_polyline(edge.points))
    for placed in chart.layout.cards:
        card, dx, dy = placed.card, placed.x, placed.y
        shapes["card"].append(_rounded(dx, dy, card.width, card.height))
        for _role, points in report_points(card):
            shapes["report"].append(_polyline(points, dx, dy))
        for box in (card.header, *(post.box for post in card.posts)):
            shapes[box.css].append(_rounded(dx + box.x, dy + box.y, box.width, box.height))
    return shapes


def frames_svg(chart: ChartSvg, width: str, height: str) -> str:
    """The chart without its text, its boxes merged into one path per kind."""
    shapes = _shapes(chart)
    order = [*_LAYERS, *sorted(set(shapes) - set(_LAYERS))]
    w, h = num(chart.width), num(chart.height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dm-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {w} {h}" preserveAspectRatio="xMidYMin meet">',
        f"<style>{STYLE}</style>",
        f'<g transform="translate({MARGIN} {num(chart.chart_top)})">',
        *(f'<path class="{css}" d="{"".join(shapes[css])}"/>' for css in order if shapes[css]),
        *dotted_lines(chart.layout)[0],
        "</g></svg>",
    ]
    return "\n".join(parts)


def _text_boxes(chart: ChartSvg, scale: float, size_class: dict[float, str]) -> Iterator[str]:
    """Each line of text at its place (whole-chart coordinates, scaled to the page)."""
    for text in chart.texts:
        top = (text.top - text.line.size * HTML_BASELINE_RAISE) * scale
        yield (f'<div class="t {text.line.css} {size_class[text.line.size]}" '
               f'style="left: {text.x * scale:.2f}px; top: {top:.2f}px; '
               f'width: {text.width * scale:.2f}px">{clean_text(text.line.text)}</div>')


def pdf_page(chart: ChartSvg, scale: float, page: int) -> tuple[str, str]:
    """One page's HTML and its style. Font sizes are classes (a few per page), not inline
    styles: WeasyPrint parses each element's style attribute on its own."""
    width, height = f"{chart.width * scale:.1f}", f"{chart.height * scale:.1f}"
    data = base64.b64encode(frames_svg(chart, width, height).encode("utf-8")).decode("ascii")
    sizes = sorted({text.line.size for text in chart.texts})
    size_class = {size: f"p{page}s{n}" for n, size in enumerate(sizes)}
    style = "".join(f".{size_class[size]} {{ font-size: {size * scale:.2f}px; "
                    f"line-height: {size * scale * LINE_HEIGHT:.2f}px; }}\n" for size in sizes)
    body = (f'<div class="sheet" style="width: {width}px; height: {height}px">'
            f'<img alt="{escape(chart.title)}" style="width: {width}px; height: {height}px" '
            f'src="data:image/svg+xml;base64,{data}">'
            f'{"".join(_text_boxes(chart, scale, size_class))}</div>')
    return body, style
