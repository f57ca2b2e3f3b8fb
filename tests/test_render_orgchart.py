"""Org chart SVG: nothing overlaps, labels fit their boxes, big orgs stay readable."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from orgchart_geometry import SVG, BBox, connector_problems, pairwise_overlaps, read_chart

from dutymatrix.model import Department, Org, Role, Text
from dutymatrix.render.svg import render_orgchart_svg

# --- orgs ------------------------------------------------------------------------------


def _role(dept: str, n: int, title: str, reports_to: str | None = None, key: bool = False):
    return Role(
        id=f"{dept}.p{n}", title=Text(title), department=dept, reports_to=reports_to, key=key
    )


def bank() -> Org:
    branch = Department(
        "branch",
        Text(zh="示例银行市分行", en="City Branch"),
        roles=(
            _role("branch", 1, "分行行长", key=True),
            _role("branch", 2, "分管信贷副行长", "branch.p1"),
        ),
    )
    credit = Department(
        "credit",
        Text(zh="信贷管理部", en="Credit Management"),
        parent="branch",
        roles=(
            _role("credit", 1, "信贷管理部经理", "branch.p2"),
            _role("credit", 2, "信贷审查岗", "credit.p1"),
            _role("credit", 3, "贷后管理岗", "credit.p1"),
            _role("credit", 4, "Senior Credit Risk Analyst (SME)", "credit.p2"),
        ),
    )
    bills = Department(
        "bills", Text("票据中心"), parent="credit", roles=(_role("bills", 1, "票据业务岗"),)
    )
    customers = [
        Department(
            f"customer-{i}",
            Text(f"客户{'一二三'[i - 1]}部"),
            parent="branch",
            roles=(
                _role(f"customer-{i}", 1, "客户经理", "branch.p1"),
                _role(f"customer-{i}", 2, "客户经理助理", f"customer-{i}.p1"),
            ),
        )
        for i in (1, 2, 3)
    ]
    return Org(
        id="demo",
        name=Text(zh="示例银行", en="Demo Bank"),
        departments=(branch, credit, bills, *customers),
    )


def big_org(departments: int = 50, big_posts: int = 40) -> Org:
    """50 departments under a head office, in two levels; one department has 40 posts."""
    depts = [Department("hq", Text("总行"), roles=(_role("hq", 1, "行长"),))]
    for i in range(1, departments):
        parent = "hq" if i <= 8 else f"d{(i % 8) + 1}"
        count = big_posts if i == 3 else 1 + i % 4
        roles = tuple(
            _role(
                f"d{i}",
                n,
                f"第{i}部门岗位{n}号" if n % 3 else f"Officer {n} of Department {i}",
                reports_to=f"d{i}.p{(n - 1) // 3 + 1}" if n > 1 else "hq.p1",
            )
            for n in range(1, count + 1)
        )
        depts.append(Department(f"d{i}", Text(f"第{i}业务管理部"), parent=parent, roles=roles))
    return Org(id="big", name=Text("大型银行"), departments=tuple(depts))


def flat_org(departments: int = 50) -> Org:
    """50 root departments and no common parent."""
    return Org(
        id="flat",
        name=Text("扁平机构"),
        departments=tuple(
            Department(f"d{i}", Text(f"部门{i}"), roles=(_role(f"d{i}", 1, f"岗位{i}"),))
            for i in range(departments)
        ),
    )


# --- reading the SVG back ---------------------------------------------------------------


def boxes(svg: str) -> tuple[list[BBox], list[BBox], list[BBox]]:
    """(cards, boxes, texts) — every rect and text of the chart, in page coordinates."""
    chart = read_chart(svg)
    return chart.cards, chart.boxes, chart.texts


def assert_readable(svg: str) -> tuple[list[BBox], list[BBox], list[BBox]]:
    chart = read_chart(svg)
    cards, rects, texts = chart.cards, chart.boxes, chart.texts
    assert not pairwise_overlaps(cards), "department cards overlap"
    assert not pairwise_overlaps(rects), "boxes overlap"
    assert not pairwise_overlaps(texts), "labels overlap"
    for rect in rects:
        assert sum(rect.inside(card) for card in cards) == 1, f"{rect} is in no single card"
    for text in texts:
        holders = [r for r in rects if text.inside(r)]
        touching = [r for r in rects if text.overlaps(r)]
        # A label sits wholly inside its box, or (the chart title) clear of every box.
        assert len(holders) == len(touching) <= 1, f"label {text.label!r} spills out of a box"
    for item in (*cards, *rects, *texts):
        assert 0 <= item.x0 and item.x1 <= chart.width and 0 <= item.y0
        assert item.y1 <= chart.height
    assert connector_problems(chart) == []
    return cards, rects, texts


# --- tests -----------------------------------------------------------------------------


def test_every_department_and_post_is_shown_once_inside_its_card() -> None:
    svg = render_orgchart_svg(bank(), "zh")
    cards, _, texts = assert_readable(svg)
    root = ET.fromstring(svg)
    departments = [g.get("data-department") for g in root.iter(f"{SVG}g")
                   if g.get("data-department")]
    posts = [g.get("data-role") for g in root.iter(f"{SVG}g") if g.get("data-role")]
    assert sorted(departments) == sorted(d.id for d in bank().departments)
    assert sorted(posts) == sorted(bank().roles)
    assert len(cards) == len(departments)
    labels = [t.label for t in texts]
    assert "信贷管理部" in labels and "贷后管理岗" in labels


def test_reports_within_a_department_are_indented_under_their_superior() -> None:
    root = ET.fromstring(render_orgchart_svg(bank(), "zh"))
    x_of = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("data-role"):
            x_of[g.get("data-role")] = float(g.find(f"{SVG}rect").get("x"))
    assert x_of["credit.p2"] > x_of["credit.p1"]
    assert x_of["credit.p2"] == x_of["credit.p3"]
    assert x_of["credit.p4"] > x_of["credit.p2"]


def test_a_superior_in_another_department_is_named_on_the_post() -> None:
    _, _, texts = boxes(render_orgchart_svg(bank(), "zh"))
    labels = [t.label for t in texts]
    assert "→ 分管信贷副行长" in labels  # credit manager reports to the branch VP
    assert labels.count("→ 分行行长") == 3  # each customer department head


def test_english_chart_uses_english_names() -> None:
    _, _, texts = boxes(render_orgchart_svg(bank(), "en"))
    labels = [t.label for t in texts]
    assert "City Branch" in labels and "Demo Bank Organisation chart" in labels


def test_fifty_departments_and_a_forty_post_department_stay_readable() -> None:
    svg = render_orgchart_svg(big_org(), "zh")
    cards, rects, _ = assert_readable(svg)
    assert len(cards) == 50
    assert len(rects) == 50 + sum(len(d.roles) for d in big_org().departments)
    chart = read_chart(svg)
    width, height = chart.width, chart.height
    # Stacked, not one endless row: the chart is not much wider than it is tall.
    assert width < 3 * height
    assert width < 6000


def test_fifty_root_departments_wrap_into_columns_under_the_organisation() -> None:
    svg = render_orgchart_svg(flat_org(), "zh")
    cards, _, texts = assert_readable(svg)
    assert len(cards) == 51  # the organisation's own box holds the 50 roots
    columns = {c.x0 for c in cards}
    assert 1 < len(columns) < 50
    assert "扁平机构" in [t.label for t in texts]


def test_long_titles_wrap_inside_their_box() -> None:
    long_title = "负责全行信贷政策和制度的组织实施及信贷检查的高级专员" * 2
    org = Org(
        id="o",
        name=Text("机构"),
        departments=(
            Department("d", Text("部门" * 20), roles=(_role("d", 1, long_title),)),
            Department("e", Text("Department of " + "Very " * 12), parent="d"),
        ),
    )
    _, rects, texts = assert_readable(render_orgchart_svg(org, "zh"))
    assert max(r.x1 - r.x0 for r in rects) < 400
    lines = [t.label for t in texts]
    assert len(lines) > 4  # wrapped, not one long line
    assert long_title in "".join(lines)


def test_text_is_escaped_and_control_characters_dropped() -> None:
    org = Org(
        id="o",
        name=Text("<b>&"),
        departments=(
            Department("d", Text('A&B <script>alert("x")</script>\x07'),
                       roles=(_role("d", 1, "岗位 ]]> \"'"),)),
        ),
    )
    svg = render_orgchart_svg(org, "zh")
    assert "<script>" not in svg
    _, _, texts = boxes(svg)  # parses: nothing broke the XML
    assert any("<script>" in t.label for t in texts)


def test_reporting_cycles_do_not_hang_or_lose_posts() -> None:
    org = Org(
        id="o",
        name=Text("机构"),
        departments=(
            Department("a", Text("甲"), parent="b",
                       roles=(_role("a", 1, "甲一", "a.p2"), _role("a", 2, "甲二", "a.p1"))),
            Department("b", Text("乙"), parent="a"),
        ),
    )
    cards, rects, _ = assert_readable(render_orgchart_svg(org, "zh"))
    assert len(cards) == 2 and len(rects) == 4


def test_self_contained_and_deterministic() -> None:
    svg = render_orgchart_svg(big_org(), "zh")
    assert svg == render_orgchart_svg(big_org(), "zh")
    assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "href" not in svg and "@import" not in svg and "url(" not in svg
    assert '"Noto Sans CJK SC"' in svg


def _real_font() -> Path | None:
    for path in ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",):
        if Path(path).exists():
            return Path(path)
    return None


@pytest.mark.slow  # measures every label with the real font
@pytest.mark.skipif(_real_font() is None, reason="Noto Sans CJK is not installed")
def test_labels_fit_their_boxes_with_real_font_metrics() -> None:
    """Measure every label with the bold Noto Sans CJK SC glyph advances (the widest)."""
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(_real_font()))
    font = next(f for f in collection.fonts if "SC" in f["name"].getDebugName(1))
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    units = font["head"].unitsPerEm

    def real_width(text: str, size: float) -> float:
        return sum(hmtx[cmap.get(ord(c), ".notdef")][0] for c in text) / units * size

    svg = render_orgchart_svg(big_org(), "zh") + render_orgchart_svg(bank(), "en")
    for chart in svg.split("</svg>\n")[:-1]:
        root = ET.fromstring(chart + "</svg>")
        for group in root.iter(f"{SVG}g"):
            rect = group.find(f"{SVG}rect")
            if rect is None:
                continue
            right = float(rect.get("x")) + float(rect.get("width"))
            for text in group.iter(f"{SVG}text"):
                size = float(text.get("font-size"))
                assert float(text.get("x")) + real_width(text.text, size) <= right


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parents=st.lists(st.integers(min_value=-1, max_value=30), min_size=1, max_size=30),
    posts=st.lists(st.tuples(st.integers(0, 29), st.integers(-1, 40), st.text(
        alphabet=st.sampled_from("信贷管理部经理岗AbcW .-"), min_size=1, max_size=30)),
        max_size=60),
)
# Found by Hypothesis: d6's line drops from its parent's bus at the left edge of d4.
@example(parents=[0, 0, 3, 0, 0, -1, 3], posts=[(1, 0, "AAWW信信"), (2, 0, "A")])
# d5, a child of d0, sat right under d0's leaf sibling d1 (its line dropping below d1).
@example(parents=[2, 2, 0, 0, 0, 0, -1], posts=[])
def test_no_overlaps_for_any_tree(parents: list[int], posts: list[tuple[int, int, str]]) -> None:
    n = len(parents)
    roles: dict[int, list[Role]] = {i: [] for i in range(n)}
    for k, (dept, boss, title) in enumerate(posts):
        dept %= n
        reports_to = f"r{boss}" if 0 <= boss < len(posts) else None
        roles[dept].append(Role(id=f"r{k}", title=Text(title), department=f"d{dept}",
                                reports_to=reports_to))
    # The loader refuses department cycles (DM1xx), so the chart only ever sees trees:
    # a parent link that would close a cycle becomes a root, as a fixed model would be.
    parent_of: dict[int, int] = {}
    for i, p in enumerate(parents):
        seen, up = {i}, p
        while 0 <= up < n and up not in seen:
            seen.add(up)
            up = parent_of.get(up, -1)
        if 0 <= p < n and up not in seen:
            parent_of[i] = p
    org = Org(
        id="o",
        name=Text("机构"),
        departments=tuple(
            Department(f"d{i}", Text(f"部门{i}"),
                       parent=f"d{parent_of[i]}" if i in parent_of else None,
                       roles=tuple(roles[i]))
            for i in range(n)
        ),
    )
    cards, rects, _ = assert_readable(render_orgchart_svg(org, "zh"))
    assert len(cards) == n + (0 if len(cards) == n else 1)
    assert len(rects) == len(cards) + len(posts)


def test_the_sample_bank_is_readable() -> None:
    """The org/ folder shipped with the project, through the loader."""
    from dutymatrix.load import load_org

    result = load_org(str(Path(__file__).resolve().parent.parent / "org"))
    if result.org is None:
        pytest.skip("the sample org does not load yet")
    org = result.org
    for lang in ("zh", "en"):
        cards, rects, _ = assert_readable(render_orgchart_svg(org, lang))
        assert len(cards) == len(org.departments)
        assert len(rects) == len(org.departments) + len(org.roles)
