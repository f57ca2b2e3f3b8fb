"""The page orgchart.pdf prints: the same boxes, lines and text as the chart's SVG, drawn
the way WeasyPrint does fast (frames merged into paths, text as HTML boxes)."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

from synth_orgs import synth_org

from dutymatrix.load import load_org
from dutymatrix.render.orgchart_print import frames_svg, pdf_page
from dutymatrix.render.svg import render_chart

REPO = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


def _charts() -> list:
    org = load_org(str(REPO / "org")).org
    assert org is not None
    return [render_chart(org, "zh"), render_chart(synth_org(60, 3, 8, True), "zh")]


def _svg_texts(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_every_text_of_the_svg_is_printed_once_over_the_frames() -> None:
    for chart in _charts():
        body, _style = pdf_page(chart, 0.5, 0)
        printed = [re.sub("&amp;", "&", t) for t in re.findall(r'<div class="t [^>]*>([^<]*)</div>',
                                                                 body)]
        assert sorted(printed) == sorted(_svg_texts(chart.svg))
        assert "<text" not in frames_svg(chart, "10", "10")


def test_every_box_of_the_svg_is_a_rounded_shape_of_its_own_class() -> None:
    for chart in _charts():
        root = ElementTree.fromstring(chart.svg)
        rects: dict[str, int] = {}
        for rect in root.iter(f"{SVG}rect"):
            if rect.get("class") != "background":
                rects[rect.get("class") or ""] = rects.get(rect.get("class") or "", 0) + 1
        frames = ElementTree.fromstring(frames_svg(chart, "10", "10"))
        paths = {p.get("class"): p.get("d") or "" for p in frames.iter(f"{SVG}path")
                 if p.get("class") not in ("link", "report", "dotted")}
        assert {css: d.count("Z") for css, d in paths.items()} == rects


def test_text_sits_where_the_svg_puts_it() -> None:
    # The SVG baseline is 0.88 em below a line's top; the HTML box is raised by the
    # difference of the fonts' metrics, never moved sideways.
    chart = _charts()[0]
    root = ElementTree.fromstring(chart.svg)
    title = next(root.iter(f"{SVG}text"))
    first = chart.texts[0]
    assert first.line.text == title.text
    assert float(title.get("x") or 0) == first.x
    baseline = float(title.get("y") or 0)
    size = first.line.size
    assert abs(baseline - (first.top + size * 0.175 + size * 0.88)) < 0.1
