"""Org chart layout at real size: the tidy tree, leaf blocks that cannot be misread, no
overlap and one clear connector per department at 20, 200 and 2,000 posts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from orgchart_geometry import Chart, connector_problems, pairwise_overlaps, read_chart
from synth_orgs import synth_org

from dutymatrix.model import Department, Org, Person, Role, Text
from dutymatrix.render.orgchart_layout import chart_root
from dutymatrix.render.orgchart_place import LEVEL_GAP, place_chart
from dutymatrix.render.svg import render_orgchart_svg
from dutymatrix.render.tidy import TidyNode, layout

# --- the tidy tree on its own ------------------------------------------------------------


@st.composite
def trees(draw: st.DrawFn) -> list[TidyNode]:
    sizes = st.floats(min_value=5, max_value=300, allow_nan=False)
    count = draw(st.integers(min_value=1, max_value=60))
    nodes: list[TidyNode] = []
    for i in range(count):
        width = draw(sizes)
        node = TidyNode(width, draw(sizes), draw(st.floats(0, 1)) * width)
        if i:
            draw(st.sampled_from(nodes)).children.append(node)
        nodes.append(node)
    return nodes


@pytest.mark.slow  # lays out orgs of hundreds of posts
@settings(max_examples=200, deadline=None)
@given(trees())
def test_tidy_layout_never_overlaps_and_centres_each_parent(nodes: list[TidyNode]) -> None:
    layout(nodes[0])
    boxes = sorted(nodes, key=lambda n: n.x)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if b.x >= a.x + a.width - 1e-6:
                break
            assert a.bottom <= b.y + 1e-6 or b.bottom <= a.y + 1e-6, "two nodes overlap"
    for node in nodes:
        for child in node.children:
            assert child.y == pytest.approx(node.bottom)
        if node.children:
            first, last = node.children[0], node.children[-1]
            middle = (first.x + first.anchor + last.x + last.anchor) / 2
            assert node.x + node.anchor == pytest.approx(middle)


def test_tidy_layout_packs_siblings_and_lets_short_subtrees_slide_under() -> None:
    leaves = [TidyNode(10, 10, 5) for _ in range(3)]
    root = TidyNode(10, 10, 5, leaves)
    layout(root)
    assert [leaf.x for leaf in leaves] == pytest.approx([0, 10, 20])
    assert root.x == pytest.approx(10)
    # Non-layered: a short second child sits right beside the first, above the wide node
    # hanging below the first; a taller one must clear that node.
    for height, expected in ((10, 10.0), (15, None)):
        deep = TidyNode(100, 10, 50)
        first = TidyNode(10, 10, 5, [deep])
        second = TidyNode(10, height, 5)
        layout(TidyNode(10, 10, 5, [first, second]))
        if expected is not None:
            assert second.x - first.x == pytest.approx(expected)
        else:
            assert second.x == pytest.approx(deep.x + deep.width)


def test_a_two_thousand_level_chain_does_not_hit_the_recursion_limit() -> None:
    nodes = [TidyNode(10, 10, 5)]
    for _ in range(2000):
        nodes.append(TidyNode(10, 10, 5))
        nodes[-2].children.append(nodes[-1])
    layout(nodes[0])
    assert nodes[-1].y == pytest.approx(20000)


# --- whole charts ------------------------------------------------------------------------


def _readable(chart: Chart) -> None:
    assert not pairwise_overlaps(chart.cards), "department cards overlap"
    assert not pairwise_overlaps(chart.boxes), "boxes overlap"
    assert not pairwise_overlaps(chart.texts), "labels overlap"
    assert connector_problems(chart) == []


SIZES = [  # (departments, posts each, fan-out, long titles)
    (2, 10, 5, False),  # 20 posts
    (20, 10, 5, False),  # 200 posts
    (20, 10, 20, True),  # 200 posts, wide and shallow, real-length names
    (200, 10, 5, False),  # 2,000 posts
    (100, 20, 20, True),  # 2,000 posts, wide and shallow, real-length names
]


@pytest.mark.slow  # lays out orgs of hundreds of posts
@pytest.mark.parametrize(("departments", "posts", "fanout", "long"), SIZES)
def test_synthetic_orgs_have_no_overlap_and_one_clear_connector_each(
        departments: int, posts: int, fanout: int, long: bool) -> None:
    org = synth_org(departments, posts, fanout, long)
    chart = read_chart(render_orgchart_svg(org, "zh"))
    _readable(chart)
    assert sorted(c.label for c in chart.cards) == sorted(d.id for d in org.departments)
    assert len(chart.boxes) == len(org.departments) + len(org.roles)
    assert {e.child for e in chart.edges} == {d.id for d in org.departments if d.parent}


@pytest.mark.slow  # lays out orgs of hundreds of posts
@pytest.mark.parametrize(("departments", "posts", "fanout", "long", "ratio"), [
    (20, 10, 5, False, 3), (20, 10, 20, True, 3), (100, 20, 20, True, 3),
    (200, 10, 5, False, 5),  # five levels: 25 third-level departments side by side
])
def test_wide_orgs_are_compacted(departments: int, posts: int, fanout: int, long: bool,
                                 ratio: float) -> None:
    """Leaf blocks make a wide org much narrower than its plain tidy tree, and keep it
    close to the shape of a screen, not one endless row."""
    root = chart_root(synth_org(departments, posts, fanout, long), "zh")
    assert root is not None
    plain, compact = place_chart(root, compact=False), place_chart(root)
    assert compact.compact
    assert compact.width <= 0.6 * plain.width
    assert compact.width < ratio * compact.height


@pytest.mark.slow  # lays out orgs of hundreds of posts
def test_department_5_of_the_200_post_org_hangs_from_department_0() -> None:
    """The case of the issue: 第5部, a child of 第0部, read as a child of 第4部."""
    chart = read_chart(render_orgchart_svg(synth_org(20, 10), "zh"))
    cards = {c.label: c for c in chart.cards}
    (edge,) = [e for e in chart.edges if e.child == "d0005"]
    assert edge.parent == "d0000"
    start = edge.points[0]
    assert start[1] == pytest.approx(cards["d0000"].y1)
    five, four = cards["d0005"], cards["d0004"]
    assert not (five.x0 < four.x1 and four.x0 < five.x1 and four.y1 <= five.y0), \
        "第5部 sits under 第4部"


@pytest.mark.parametrize(("departments", "posts", "fanout", "long"), [
    pytest.param(*size, marks=pytest.mark.slow) if size[0] >= 100 else size  # hundreds of posts
    for size in SIZES[2:]])
def test_stacked_leaves_sit_between_their_parent_and_its_other_children(
        departments: int, posts: int, fanout: int, long: bool) -> None:
    """A leaf block hangs from its parent's trunk, above the row of the parent's other
    children, so no stacked leaf is at the level where another department's children are."""
    org = synth_org(departments, posts, fanout, long)
    chart = place_chart(chart_root(org, "zh"))  # type: ignore[arg-type]
    assert chart.compact
    where = {c.card.id: c for c in chart.cards}
    kids: dict[str, list[str]] = {}
    for dept in org.departments:
        if dept.parent:
            kids.setdefault(dept.parent, []).append(dept.id)
    stacked = 0
    for edge in chart.edges:
        last, before = edge.points[-1], edge.points[-2]
        if before[1] != last[1]:
            continue  # comes down into the card's top: a row child
        stacked += 1
        leaf, parent = where[edge.child], where[edge.parent]
        assert leaf.y > parent.y + parent.card.height
        row = [where[k] for k in kids[edge.parent] if kids.get(k)]
        for other in row:
            assert leaf.y + leaf.card.height + LEVEL_GAP <= other.y + 1e-6
    assert stacked > 0


def _people_org(with_people: bool) -> Org:
    roles = (Role("d.boss", Text("部门经理"), "d"),
             Role("d.a", Text("审查岗"), "d", reports_to="d.boss"),
             Role("d.b", Text("复核岗"), "d", reports_to="d.boss"))
    people = (Person("E1", Text("张三"), holds=("d.boss",)),
              Person("E2", Text("李四"), acting=("d.a",)))
    return Org(id="o", name=Text("机构"),
               departments=(Department("d", Text("部门"), roles=roles),),
               people=people if with_people else ())


def test_vacant_posts_are_marked_when_the_org_lists_people() -> None:
    chart = read_chart(render_orgchart_svg(_people_org(True), "zh"))
    vacant = [b for b in chart.boxes if "vacant" in b.kind.split()]
    assert len(vacant) == 1  # d.b: nobody holds or acts in it
    (label,) = [t for t in chart.texts if t.label == "空缺"]
    assert label.inside(vacant[0])
    svg = render_orgchart_svg(_people_org(True), "zh")
    assert "在岗：张三" in svg and "兼岗：李四" in svg  # tooltips name the people
    without = read_chart(render_orgchart_svg(_people_org(False), "zh"))
    assert not [b for b in without.boxes if "vacant" in b.kind.split()]
    assert "空缺" not in [t.label for t in without.texts]


def test_the_chart_scales_to_its_container() -> None:
    chart = read_chart(render_orgchart_svg(synth_org(20, 10), "zh"))
    assert chart.root.get("width") == "100%"
    assert chart.root.get("height") is None
    assert chart.width > 1400  # the natural size is kept in the viewBox …
    style = chart.root.get("style")
    assert f"max-width: {chart.root.get('viewBox').split()[2]}px" in style  # … never exceeded
    least = re.search(r"min-width: ([\d.]+)px", style)
    assert least and float(least.group(1)) == pytest.approx(chart.width / 2, abs=0.1)


def _svg(cards: dict[str, tuple[float, float, float, float]], edges: list[tuple[str, str, str]]
         ) -> str:
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000">']
    for name, (x, y, w, h) in cards.items():
        parts.append(f'<g data-card="{name}" transform="translate({x} {y})">'
                     f'<rect class="card" x="0" y="0" width="{w}" height="{h}"/></g>')
    parts += [f'<path class="link" data-parent="{p}" data-child="{c}" d="{d}"/>'
              for p, c, d in edges]
    return "".join(parts) + "</svg>"


def test_the_connector_check_catches_what_misleads() -> None:
    """The checker the layout tests rely on fails on each misleading drawing."""
    cards = {"top": (100, 0, 100, 50), "a": (0, 100, 100, 50), "b": (0, 170, 100, 50)}
    good = [("top", "a", "M150 50 L150 75 L50 75 L50 100"),
            ("top", "b", "M150 50 L150 75 L120 75 L120 195 L100 195")]
    assert connector_problems(read_chart(_svg(cards, good))) == []
    under = [good[0], ("top", "b", "M150 50 L150 75 L120 75 L120 160 L50 160 L50 170")]
    assert connector_problems(read_chart(_svg(cards, under))) == ["b hangs under a, not its parent"]
    through = [good[0], ("top", "b", "M150 50 L150 75 L60 75 L60 195 L100 195")]
    assert "edge top->b touches a" in connector_problems(read_chart(_svg(cards, through)))
    loose = [good[0], ("top", "b", "M150 40 L150 75 L120 75 L120 195 L100 195")]
    assert "edge to b does not start at the bottom of top" in connector_problems(
        read_chart(_svg(cards, loose)))
