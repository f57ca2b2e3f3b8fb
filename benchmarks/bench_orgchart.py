"""Time the org chart at 200, 2,000 and 20,000 posts, and check the layout is linear.

    .venv/bin/python benchmarks/bench_orgchart.py [--repeat 3] [--pdf]

Writes wide, shallow synthetic orgs with benchmarks/synth.py (20 posts per department,
fan-out 20, real-length names) and times, in this process, best of ``--repeat``:

- cards:  measuring every department's card (text widths, post columns);
- layout: placing the cards (tidy tree, leaf blocks, edges), compact at every size;
- svg:    drawing the SVG document;
- pdf (with ``--pdf``, 200 and 2,000 posts only): orgchart.pdf through WeasyPrint.

Then the layout alone on 1,000 → 8,000 departments (one post each, fan-out 20), doubling:
time(2n) / time(n) ≈ 2 is linear growth, ≈ 4 would be a quadratic pass. (Between the
first three sizes the tree's shape changes too, so their ratios say less.)
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import write_synthetic_org  # noqa: E402

from dutymatrix.load import load_org  # noqa: E402
from dutymatrix.render.orgchart_layout import chart_root  # noqa: E402
from dutymatrix.render.orgchart_place import place_chart  # noqa: E402
from dutymatrix.render.svg import chart_title, draw_chart  # noqa: E402

SIZES = (10, 100, 1000)  # departments of 20 posts: 200, 2,000, 20,000 posts
DOUBLING = (1000, 2000, 4000, 8000)  # departments of one post, for the growth of the layout


def _best(step: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = step()
        best = min(best, time.perf_counter() - start)
    return best, result


def _pdf_seconds(org: Any) -> float:
    from dutymatrix.render import pdf
    from dutymatrix.render.documents import PDF_STYLESHEETS
    from dutymatrix.render.fonts import pdf_face
    from dutymatrix.render.html import template_roots
    from dutymatrix.render.orgchart_docs import orgchart_documents

    # As a build's worker prints it; the warm-up makes the worker's small faces.
    roots = [str(r) for r in template_roots(None)]
    faces = (pdf_face("zh", "sans"),)
    pdf.render_pdf("<p>warm up</p>", roots, PDF_STYLESHEETS, faces)
    html = orgchart_documents(org, "zh").pdf_html
    start, cpu = time.perf_counter(), time.process_time()
    pdf.render_pdf(html, roots, PDF_STYLESHEETS, faces)
    print(f"    (orgchart.pdf: {time.process_time() - cpu:.2f} s of CPU)")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for departments in SIZES:
            folder = write_synthetic_org(Path(tmp) / f"o{departments}", departments, 20, 2,
                                         fanout=20, long_titles=True)
            org = load_org(str(folder)).org
            assert org is not None
            row: dict[str, float] = {}
            row["cards"], root = _best(lambda org=org: chart_root(org, "zh"), args.repeat)
            # Leaf blocks at every size: the same algorithm, one pass, at each size.
            row["layout"], layout = _best(lambda root=root: place_chart(root, compact=True),
                                          args.repeat)
            title = chart_title(org, "zh")
            row["svg"], _ = _best(lambda layout=layout, title=title: draw_chart(layout, title)
                                  .svg, args.repeat)
            if args.pdf and departments <= 100:
                row["pdf"] = _pdf_seconds(org)
            posts = departments * 20
            shown = "  ".join(f"{k} {v * 1000:8.1f} ms" for k, v in row.items())
            print(f"{posts:>6} posts: {shown}")
        growth = []
        for departments in DOUBLING:
            folder = write_synthetic_org(Path(tmp) / f"d{departments}", departments, 1, 1,
                                         fanout=20)
            org = load_org(str(folder)).org
            assert org is not None
            root = chart_root(org, "zh")
            seconds, _ = _best(lambda root=root: place_chart(root, compact=True), args.repeat)
            growth.append(seconds)
            print(f"layout, {departments:>5} departments: {seconds * 1000:7.1f} ms "
                  f"({seconds * 1e6 / departments:.0f} µs a department)")
    for (small, big), (t_small, t_big) in zip(itertools.pairwise(DOUBLING),
                                              itertools.pairwise(growth), strict=True):
        print(f"layout {big} / {small} departments: {t_big / t_small:.2f}× (2 = linear)")


if __name__ == "__main__":
    main()
