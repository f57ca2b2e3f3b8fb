"""The org chart documents: ``orgchart.svg``, sub-charts for big orgs, ``orgchart.pdf``.

- A chart wider than ``SUBCHART_MIN_WIDTH`` gets one sub-chart per top-level department
  (``orgchart/<id>.svg``, with a link back); the department's header in the main chart
  links to it.
- The PDF is one A3 page when the whole chart fits at a legible scale
  (``MIN_PRINT_SCALE``); otherwise an overview page (the top department with its posts,
  every other department as a header with its number of posts), then one page per
  top-level department. Each page takes the orientation that fits its chart best, and
  is drawn by ``orgchart_print`` (frames as one SVG image, text as HTML boxes over it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape

from dutymatrix.model import Org

from .fonts import pdf_face, sans_stack
from .orgchart_layout import CardMaker, DeptTree, chart_labels, chart_root, top_level
from .orgchart_place import place_chart
from .orgchart_print import TEXT_CSS, pdf_page
from .outfiles import id_filename
from .pdffonts import FACES
from .svg import ChartSvg, chart_title, draw_chart, draw_tree

SUBCHART_MIN_WIDTH = 3000  # px; the main chart of a wider org links to sub-charts
MIN_PRINT_SCALE = 0.5  # 12 px post titles print at 4.5 pt and no smaller on one page
PAGE_MARGIN_MM = 10
A3_MM = (420, 297)
PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class OrgchartDocs:
    main: ChartSvg
    subcharts: tuple[tuple[str, ChartSvg], ...]  # (output path, chart)
    pdf_html: str


def subchart_path(department_id: str) -> str:
    return "orgchart/" + id_filename(department_id, ".svg")


def _subcharts(org: Org, lang: str, root: DeptTree,
               back: bool = True) -> list[tuple[str, str, ChartSvg]]:
    """(department id, path, chart) per top-level department that has departments below
    it (one without is shown whole in the main chart)."""
    link = ("../orgchart.svg", chart_labels(lang)["back"]) if back else None
    found = []
    for tree in top_level(root):
        if tree.children:
            title = chart_title(org, lang, org.holder_name(tree.card.id, lang))
            chart = draw_chart(place_chart(tree), title, back=link)
            found.append((tree.card.id, subchart_path(tree.card.id), chart))
    return found


def _leaf_page(org: Org, lang: str, root: DeptTree) -> ChartSvg | None:
    """The top-level departments with nothing below them, together on one page under the
    top box (shown there as a header only)."""
    leaves = [tree for tree in top_level(root) if not tree.children]
    if not leaves:
        return None
    if root.card.is_org:
        top = DeptTree(CardMaker(org, lang).org_card(), [])
    else:
        dept = org.departments_by_id[root.card.id]
        top = DeptTree(CardMaker(org, lang, with_posts=False).department_card(dept), [])
    top.children = [DeptTree(tree.card, [], top) for tree in leaves]
    name = org.holder_name(root.card.id, lang) if not root.card.is_org else org.name.get(lang)
    title = chart_title(org, lang, chart_labels(lang)["direct"].format(name=name))
    return draw_tree(top, title)


def orgchart_documents(org: Org, lang: str) -> OrgchartDocs:
    root = chart_root(org, lang)
    title = chart_title(org, lang)
    main = draw_tree(root, title)
    subcharts: list[tuple[str, str, ChartSvg]] = []
    if root is not None and main.width > SUBCHART_MIN_WIDTH:
        subcharts = _subcharts(org, lang, root)
        links = {dept_id: path for dept_id, path, _ in subcharts}
        main = draw_tree(root, title, links=links)
    pages = [main]
    if root is not None and root.children and _print_scale(main) < MIN_PRINT_SCALE:
        leaf_page = _leaf_page(org, lang, root)
        pages = [_overview(org, lang)]
        pages += [chart for _, _, chart in _subcharts(org, lang, root, back=False)]
        pages += [leaf_page] if leaf_page is not None else []
    fonts = sans_stack(lang)
    paths = tuple((path, replace(chart, fonts=fonts)) for _, path, chart in subcharts)
    pages = [replace(chart, fonts=fonts) for chart in pages]
    return OrgchartDocs(replace(main, fonts=fonts), paths, _pdf_html(pages, lang, title))


def _overview(org: Org, lang: str) -> ChartSvg:
    """The top of the tree on one page: the top department with its posts, the others as
    headers with their number of posts, as many levels deep as fit legibly."""
    maker = CardMaker(org, lang, with_posts=False)
    chart = None
    for depth in (3, 2, 1):
        root = chart_root(org, lang, with_posts=False)
        assert root is not None
        if not root.card.is_org:
            root.card = CardMaker(org, lang).department_card(org.departments_by_id[root.card.id])
        levels = {id(root): 0}
        for tree in root.walk():  # parents come before their children
            level = levels[id(tree.parent)] + 1 if tree.parent is not None else 0
            levels[id(tree)] = level
            if level == depth and tree.children:
                hidden = len(tree.walk()) - 1
                tree.children = []
                tree.card = maker.department_card(org.departments_by_id[tree.card.id], hidden)
        chart = draw_tree(root, chart_title(org, lang))
        if _print_scale(chart) >= MIN_PRINT_SCALE:
            break
    assert chart is not None
    return chart


def _page_px(landscape: bool) -> tuple[float, float]:
    long, short = (side - 2 * PAGE_MARGIN_MM for side in A3_MM)
    w, h = (long, short) if landscape else (short, long)
    return w * PX_PER_MM, h * PX_PER_MM


def _fit(chart: ChartSvg) -> tuple[bool, float]:
    """(landscape, scale) that shows the chart largest on a page, never above 1."""
    best = max(
        (min(_page_px(land)[0] / chart.width, _page_px(land)[1] / chart.height), land)
        for land in (True, False)
    )
    return best[1], min(1.0, best[0])


def _print_scale(chart: ChartSvg) -> float:
    return _fit(chart)[1]


def _pdf_html(pages: list[ChartSvg], lang: str, title: str) -> str:
    sections, styles = [], []
    for number, chart in enumerate(pages):
        landscape, scale = _fit(chart)
        css = "land" if landscape else "port"
        body, style = pdf_page(chart, scale, number)
        sections.append(f'<section class="{css}">{body}</section>')
        styles.append(style)
    margin = f"{PAGE_MARGIN_MM}mm"
    private = FACES[pdf_face(lang, "sans")][0]  # the workers' small face first (pdffonts)
    fonts = f'"{private}", {sans_stack(lang)}'
    return f"""<!DOCTYPE html>
<html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
@page land {{ size: A3 landscape; margin: {margin}; }}
@page port {{ size: A3 portrait; margin: {margin}; }}
html, body {{ margin: 0; font-family: {fonts}; }}
section.land {{ page: land; }}
section.port {{ page: port; }}
section + section {{ break-before: page; }}
.sheet {{ position: relative; overflow: hidden; }}
.sheet img {{ display: block; position: absolute; left: 0; top: 0; }}
{TEXT_CSS}{"".join(styles)}</style></head>
<body>
{chr(10).join(sections)}
</body></html>
"""
