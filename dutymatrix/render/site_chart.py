"""The site's interactive org chart page (``chart.html``): the chart SVG inline, and the
data ``assets/orgchart.js`` needs to search it, highlight chains of command and lay it
out again when a department is collapsed (the tree, each card's size, the gaps).

``assets/orgchart-layout.js`` repeats the placing pass of ``orgchart_place`` on the
visible cards; with every department expanded it puts each card where the SVG has it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from dutymatrix.model import Org

from . import orgchart_place as place
from .orgchart_layout import DeptTree, chart_root, occupants
from .svg import MARGIN, chart_title, draw_tree

# A chart with more departments opens collapsed below its top two levels.
OPEN_ALL_DEPARTMENTS = 40


@dataclass(frozen=True)
class ChartPage:
    title: str
    svg: Markup
    data: Markup  # JSON for a <script type="application/json">
    has_people: bool


def _json(value: Any) -> Markup:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>: nothing may close the element.
    return Markup(text.replace("</", "<\\/").replace("<!--", "<\\!--"))


def _nodes(root: DeptTree) -> list[list[Any]]:
    """[id, parent id, width, height, header height, [child ids]] per card."""
    return [
        [t.card.id, t.parent.card.id if t.parent else None, t.card.width, t.card.height,
         t.card.header.height, [k.card.id for k in t.children]]
        for t in root.walk()
    ]


def _find_entries(org: Org, lang: str, root: DeptTree) -> list[list[str]]:
    """[kind, target id, label, context, keys]: departments, posts, people."""
    people = occupants(org, lang)
    entries: list[list[str]] = []
    shown = {t.card.id for t in root.walk()}
    for dept in org.departments:
        if dept.id not in shown:
            continue
        entries.append(["d", dept.id, dept.name.get(lang), "", dept.id])
        for role in dept.roles:
            holders, acting = people.get(role.id, ([], []))
            keys = " ".join([role.id, role.code or "", *holders, *acting])
            entries.append(["p", role.id, role.title.get(lang), dept.name.get(lang), keys])
    for person in org.people:
        for post in dict.fromkeys((*person.holds, *person.acting)):
            if post in org.roles:
                entries.append(["h", post, person.name.get(lang),
                                org.roles[post].title.get(lang), person.id])
    return entries


def chart_page(org: Org, lang: str) -> ChartPage:
    title = chart_title(org, lang)
    root = chart_root(org, lang)
    chart = draw_tree(root, title)
    svg = chart.document('width="100%" height="100%" preserveAspectRatio="xMinYMin meet"')
    data: dict[str, Any] = {"nodes": [], "find": []}
    if root is not None:
        layout = chart.layout
        data = {
            "nodes": _nodes(root),
            "find": _find_entries(org, lang, root),
            "compact": layout.compact,
            "open_depth": 99 if len(org.departments) <= OPEN_ALL_DEPARTMENTS else 1,
            "size": [chart.width, chart.height],
            "origin": [MARGIN, chart.height - layout.height - MARGIN],
            "gaps": {
                "row": place.ROW_GAP, "level": place.LEVEL_GAP, "block": place.BLOCK_GAP,
                "trunk": place.TRUNK_GAP, "stub": place.STUB_GAP,
                "min_stack": place.MIN_STACK, "block_aspect": place.BLOCK_ASPECT,
            },
        }
    return ChartPage(title, Markup(svg), _json(data), bool(org.people))
