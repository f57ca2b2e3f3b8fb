"""The site's search box and the interactive org chart in headless Chromium, from file://:
a typed name is found, highlighted and scrolled into view; the chart centres and
highlights what is searched, lights up a chain of command, collapses departments; the
script lays the chart out exactly as the build does; no console errors; links resolve."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from clock import TODAY
from orgchart_geometry import connector_problems, pairwise_overlaps, read_chart
from synth_orgs import synth_org
from test_site_browser import CHROMIUM, Browser, local_target

from dutymatrix.load import load_org
from dutymatrix.model import Org
from dutymatrix.render.build import BuildOptions, build_org
from dutymatrix.render.orgchart_layout import chart_root
from dutymatrix.render.orgchart_place import place_chart

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]
REPO = Path(__file__).resolve().parent.parent


def _site(org: Org, out: Path, *kinds: str) -> Path:
    options = BuildOptions(org_dir=Path("."), today=TODAY, out_dir=out, jobs=2)
    build_org(org, [], options, kinds=kinds)
    return out


@pytest.fixture(scope="module")
def bank() -> Org:
    org = load_org(str(REPO / "org")).org
    assert org is not None
    return org


@pytest.fixture(scope="module")
def bank_site(bank: Org, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(bank, tmp_path_factory.mktemp("bank"), "raci", "orgchart", "site")


@pytest.fixture(scope="module")
def synth_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(synth_org(20, 10), tmp_path_factory.mktemp("s200"), "site")


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(synth_org(100, 20, 20, True), tmp_path_factory.mktemp("s2000"), "site")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chrome = Browser(tmp_path_factory.mktemp("profile"))
    try:
        chrome.open_page()
        chrome.send("Emulation.setDeviceMetricsOverride",
                    {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        yield chrome
    finally:
        chrome.close()


def wait_for(browser: Browser, expression: str, timeout: float = 15.0) -> Any:
    """Evaluate ``expression`` until it is truthy (the page may be navigating meanwhile)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = browser.evaluate(expression)
        except RuntimeError:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"never true: {expression}")
        time.sleep(0.05)


def type_into(browser: Browser, element_id: str, text: str) -> None:
    browser.evaluate(
        f"(() => {{ const box = document.getElementById({json.dumps(element_id)});"
        f" box.focus(); box.value = {json.dumps(text)};"
        " box.dispatchEvent(new Event('input', {bubbles: true})); })()"
    )


def in_view(browser: Browser, selector: str) -> bool:
    return browser.evaluate(
        f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
        ".getBoundingClientRect(); return r.width > 0 && r.top >= 0 && "
        "r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth; })()"
    )


# --- the search box ------------------------------------------------------------------------


def search_and_go(browser: Browser, text: str) -> list[str]:
    """Type ``text`` into the site search box; the results shown; then press Enter."""
    type_into(browser, "dm-search", text)
    wait_for(browser, "!document.getElementById('dm-search-results').hidden")
    results = browser.evaluate(
        "Array.from(document.querySelectorAll('#dm-search-results li[role=option]'),"
        " li => li.textContent)")
    browser.evaluate("document.querySelector('form.dm-search')"
                     ".dispatchEvent(new Event('submit', {cancelable: true}))")
    return results


def test_typing_a_post_finds_it_highlighted_and_scrolled_into_view(
        synth_site: Path, browser: Browser) -> None:
    browser.goto((synth_site / "index.html").as_uri())
    title = "第19部客户经理"  # the last department: folded away, far down the page
    assert not browser.evaluate(
        "document.querySelector('[data-role=\"d0019.r10\"]').closest('details').open")
    results = search_and_go(browser, "19部客户")
    assert results[0].startswith("岗位" + title)
    marked = browser.evaluate("document.querySelector('#dm-search-results li.active mark')"
                              ".textContent")
    assert marked == "19部客户"
    wait_for(browser, "!!document.querySelector('.dm-found')")
    assert browser.evaluate("document.querySelector('.dm-found').dataset.role") == "d0019.r10"
    assert in_view(browser, ".dm-found")
    assert browser.evaluate("window.scrollY") > 0
    assert browser.errors() == []


def test_activities_duties_and_people_open_their_page_at_the_right_place(
        bank_site: Path, bank: Org, browser: Browser) -> None:
    browser.goto((bank_site / "index.html").as_uri())
    results = search_and_go(browser, "贷款审批")
    assert results[0].startswith("活动贷款审批")
    wait_for(browser, "location.pathname.endsWith('/raci/loan.html') &&"
                      " !!document.querySelector('.dm-found')")
    assert browser.evaluate("document.querySelector('.dm-found').dataset.activity") \
        == "loan.approve"
    assert in_view(browser, ".dm-found")
    dept = next(d for d in bank.departments if d.duties)
    duty = dept.duties[-1].text.get("zh")
    results = search_and_go(browser, duty[:12])
    assert any(r.startswith("职责" + duty[:12]) for r in results)
    wait_for(browser, f"location.pathname.endsWith('/dept/{dept.id}.html') &&"
                      " !!document.querySelector('.dm-found')")
    assert duty in browser.evaluate("document.querySelector('.dm-found').textContent")
    search_and_go(browser, "王磊")  # a person: the post they hold
    wait_for(browser, "location.pathname.endsWith('/index.html') &&"
                      " !!document.querySelector('.dm-found')")
    assert browser.evaluate("document.querySelector('.dm-found').dataset.role") \
        == "credit-mgmt.manager"
    assert browser.errors() == []


def test_every_page_has_the_search_box_and_every_link_resolves(
        bank_site: Path, browser: Browser) -> None:
    queue, seen = [(bank_site / "index.html").as_uri()], set()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        browser.goto(url)
        assert browser.evaluate("!!document.getElementById('dm-search')"), url
        browser.evaluate("document.getElementById('dm-search').focus()")  # loads the index
        wait_for(browser, "!!window.DM_SEARCH_INDEX")
        assert browser.errors() == [], url
        for href in browser.evaluate(
                "Array.from(document.querySelectorAll('a[href]'), a => a.href)"):
            target = local_target(href.split("#")[0])
            assert target is not None and target.is_file(), f"{url}: {href}"
            if target.suffix == ".html":
                queue.append(target.as_uri())
    assert {local_target(u) for u in seen} >= set(bank_site.rglob("*.html"))


# --- the chart page ------------------------------------------------------------------------


def card_positions(browser: Browser) -> dict[str, tuple[float, float]]:
    return dict(browser.evaluate(
        "Array.from(document.querySelectorAll('#chart-view g.dept-card'))"
        ".filter(g => g.style.display !== 'none')"
        ".map(g => [g.dataset.card, g.getAttribute('transform')"
        ".match(/[-\\d.]+/g).slice(0, 2).map(Number)])"))


def visible_chart(browser: Browser) -> str:
    """The chart as shown: hidden cards, edges and the toggles left out."""
    return browser.evaluate(
        "(() => { const svg = document.querySelector('#chart-view svg').cloneNode(true);"
        " svg.querySelectorAll('[style*=\"display: none\"], .dm-toggle')"
        ".forEach(e => e.remove());"
        " svg.setAttribute('viewBox', '0 0 1 1'); return svg.outerHTML; })()")


@pytest.mark.parametrize("which", ["synth_site", "big_site"])
def test_the_script_lays_the_chart_out_as_the_build_does(
        which: str, request: pytest.FixtureRequest, browser: Browser) -> None:
    site: Path = request.getfixturevalue(which)
    org = synth_org(20, 10) if which == "synth_site" else synth_org(100, 20, 20, True)
    browser.goto((site / "chart.html").as_uri())
    browser.evaluate("window.dmChart.setAll(false, 0)")  # everything expanded
    shown = card_positions(browser)
    root = chart_root(org, "zh")
    assert root is not None
    built = place_chart(root)
    assert len(shown) == len(built.cards) == len(org.departments)
    for placed in built.cards:
        x, y = shown[placed.card.id]
        assert abs(x - placed.x) < 0.01 and abs(y - placed.y) < 0.01, placed.card.id
    assert browser.errors() == []


def test_collapsing_departments_lays_the_rest_out_again_cleanly(
        big_site: Path, browser: Browser) -> None:
    browser.goto((big_site / "chart.html").as_uri())
    # A 2,000-post chart opens at two levels: the top department and its children.
    shown = card_positions(browser)
    org = synth_org(100, 20, 20, True)
    top = {d.id for d in org.departments if not d.parent or d.parent == "d0000"}
    assert set(shown) == top
    browser.evaluate("window.dmChart.setAll(false, 0)")
    toggles = browser.evaluate(
        "Array.from(document.querySelectorAll('.dm-toggle'), t => t.dataset.toggle)")
    for dept in toggles[1:3]:  # collapse two departments by clicking their toggles
        browser.evaluate(
            f"document.querySelector('.dm-toggle[data-toggle=\"{dept}\"] circle')"
            ".dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    shown = card_positions(browser)
    hidden = {d.id for d in org.departments if d.parent in toggles[1:3]}
    assert hidden and not hidden & set(shown)
    assert len(shown) == len(org.departments) - len(hidden)
    chart = read_chart(visible_chart(browser))
    assert not pairwise_overlaps(chart.cards)
    assert not pairwise_overlaps(chart.boxes)
    assert connector_problems(chart) == []
    assert {e.child for e in chart.edges} == set(shown) - {"d0000"}
    assert browser.errors() == []


def view_centre_offset(browser: Browser, selector: str) -> float:
    return browser.evaluate(
        f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
        ".getBoundingClientRect(); const v = document.getElementById('chart-view')"
        ".getBoundingClientRect(); return Math.hypot(r.left + r.width / 2 - v.left -"
        " v.width / 2, r.top + r.height / 2 - v.top - v.height / 2); })()")


def test_chart_search_centres_and_highlights_a_post_even_when_folded_away(
        big_site: Path, browser: Browser) -> None:
    browser.goto((big_site / "chart.html").as_uri())
    org = synth_org(100, 20, 20, True)
    role = org.roles["d0055.r07"]  # under a second-level department, folded at start
    person = next(p for p in org.people if role.id in p.holds)
    type_into(browser, "chart-find", person.name.get("zh"))
    options = browser.evaluate(
        "Array.from(document.querySelectorAll('#chart-find-results li'), li => li.textContent)")
    assert any(role.title.get("zh") in o for o in options)
    index = next(i for i, o in enumerate(options) if role.title.get("zh") in o)
    for _ in range(index):
        browser.evaluate("document.getElementById('chart-find').dispatchEvent("
                         "new KeyboardEvent('keydown', {key: 'ArrowDown', bubbles: true}))")
    browser.evaluate("document.getElementById('chart-find').dispatchEvent("
                     "new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}))")
    hit = f'g.dm-hit[data-role="{role.id}"]'
    assert browser.evaluate(f"!!document.querySelector({json.dumps(hit)})")
    assert view_centre_offset(browser, hit + " > rect") < 2
    assert browser.evaluate("window.dmChart.camera.s") >= 1  # readable, not a speck
    assert browser.errors() == []


def chain_of(org: Org, role_id: str) -> tuple[list[str], list[str]]:
    """(posts up the reporting line, departments up to the top) from the model."""
    posts, seen = [], set()
    current: str | None = role_id
    while current and current in org.roles and current not in seen:
        seen.add(current)
        posts.append(current)
        current = org.roles[current].reports_to
    depts = []
    dept: str | None = org.roles[role_id].department
    while dept:
        depts.append(dept)
        dept = org.departments_by_id[dept].parent
    return posts, depts


def test_clicking_a_post_lights_its_chain_of_command_to_the_top(
        synth_site: Path, browser: Browser) -> None:
    org = synth_org(20, 10)
    browser.goto((synth_site / "chart.html").as_uri())
    role = "d0017.r05"  # 第17部 → 第3部 → 第0部
    browser.evaluate(f"document.querySelector('g[data-role=\"{role}\"] rect')"
                     ".dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    posts, depts = chain_of(org, role)
    assert posts == [role, "d0017.r01", "d0003.r01", "d0000.r01"]
    lit = browser.evaluate(
        "Array.from(document.querySelectorAll('.dm-path'), e => e.getAttribute('data-role')"
        " || e.getAttribute('data-department') || 'link:' + e.getAttribute('data-child'))")
    assert {x for x in lit if not x.startswith("link:")} >= set(posts) | set(depts)
    assert {x[5:] for x in lit if x.startswith("link:")} == set(depts) - {"d0000"}
    other = browser.evaluate("!!document.querySelector('g[data-role=\"d0004.r01\"].dm-path')")
    assert not other
    browser.evaluate("document.querySelector('[data-chart=clear]').click()")
    assert browser.evaluate("document.querySelectorAll('.dm-path').length") == 0
    assert browser.errors() == []


def test_the_chart_page_pans_and_zooms(synth_site: Path, browser: Browser) -> None:
    browser.goto((synth_site / "chart.html").as_uri())
    before = browser.evaluate("Object.assign({}, window.dmChart.camera)")
    browser.evaluate("document.querySelector('[data-chart=\"zoom-in\"]').click()")
    zoomed = browser.evaluate("Object.assign({}, window.dmChart.camera)")
    assert zoomed["s"] == pytest.approx(before["s"] * 1.25)
    browser.send("Input.dispatchMouseEvent", {"type": "mousePressed", "x": 700, "y": 500,
                                               "button": "left", "clickCount": 1})
    browser.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": 600, "y": 450,
                                               "button": "left"})
    browser.send("Input.dispatchMouseEvent", {"type": "mouseReleased", "x": 600, "y": 450,
                                               "button": "left", "clickCount": 1})
    moved = browser.evaluate("Object.assign({}, window.dmChart.camera)")
    assert moved["x"] == pytest.approx(zoomed["x"] + 100 / zoomed["s"], abs=0.5)
    assert moved["y"] == pytest.approx(zoomed["y"] + 50 / zoomed["s"], abs=0.5)
    browser.send("Input.dispatchMouseEvent", {"type": "mouseWheel", "x": 700, "y": 500,
                                               "deltaX": 0, "deltaY": -300})
    wait_for(browser, f"window.dmChart.camera.s > {moved['s'] * 1.2}")
    assert browser.errors() == []


def test_the_index_opens_a_department_in_the_chart(big_site: Path, browser: Browser) -> None:
    browser.goto((big_site / "index.html").as_uri())
    href = browser.evaluate(
        "document.querySelector('[data-department=\"d0061\"] a.in-chart').href")
    browser.goto(href)  # 第61部 sits under 第3部, folded at start
    hit = 'g.dm-hit[data-department="d0061"]'
    wait_for(browser, f"!!document.querySelector({json.dumps(hit)})")
    assert view_centre_offset(browser, hit + " > rect") < 2
    assert browser.evaluate("document.querySelectorAll('.dm-found').length") == 0
    assert browser.errors() == []
