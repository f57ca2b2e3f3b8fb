"""The org chart documents: orgchart.svg, sub-charts for big orgs, orgchart.pdf."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from clock import TODAY
from orgchart_geometry import SVG, read_chart
from synth_orgs import synth_org

from dutymatrix.load import load_org
from dutymatrix.model import Org
from dutymatrix.render.build import BuildOptions, BuildSummary, build_org

REPO = Path(__file__).resolve().parent.parent
WIDE = (60, 3, 8, True)  # 180 posts under eight top-level departments, real-length names
pytestmark = [
    pytest.mark.slow,  # prints org charts to PDF
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


def _build(org: Org, out: Path) -> BuildSummary:
    return build_org(org, [], BuildOptions(org_dir=Path("."), today=TODAY, out_dir=out, jobs=2),
                     kinds=("orgchart",))


def _pdf_text(path: Path) -> list[str]:
    """The text of each page in drawing order, white space removed (titles wrap)."""
    pages = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True,
                           capture_output=True, text=True, timeout=120).stdout.split("\f")
    return [re.sub(r"\s+", "", page) for page in pages if page.strip()]


def _pages(path: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", "-l", "999", str(path)], check=True, capture_output=True,
                          text=True, timeout=60).stdout
    return re.findall(r"Page\s+\d+ size:\s+([\d.]+ x [\d.]+)", info)


def _names(org: Org) -> list[str]:
    return [d.name.get("zh") for d in org.departments] + [r.title.get("zh")
                                                           for r in org.roles.values()]


def test_the_sample_bank_prints_on_one_page_with_every_name(tmp_path: Path) -> None:
    org = load_org(str(REPO / "org")).org
    assert org is not None
    _build(org, tmp_path)
    (page,) = _pdf_text(tmp_path / "orgchart.pdf")
    for name in _names(org):
        assert re.sub(r"\s+", "", name) in page, name
    assert _pages(tmp_path / "orgchart.pdf") == ["1190.55 x 841.89"]  # A3 landscape
    assert not (tmp_path / "orgchart").exists()  # small: no sub-charts
    assert "href" not in (tmp_path / "orgchart.svg").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wide")
    _build(synth_org(*WIDE), out)
    return out


def _top_level(org: Org) -> tuple[str, list[str], list[str]]:
    """(root id, top-level departments with sub-departments, those without)."""
    (root,) = [d.id for d in org.departments if not d.parent]
    tops = [d.id for d in org.departments if d.parent == root]
    parents = {d.parent for d in org.departments}
    return root, [t for t in tops if t in parents], [t for t in tops if t not in parents]


def test_a_wide_chart_links_to_one_sub_chart_per_top_level_department(wide: Path) -> None:
    org = synth_org(*WIDE)
    _, with_children, leaves = _top_level(org)
    assert sorted(p.name for p in (wide / "orgchart").iterdir()) == sorted(
        f"{d}.svg" for d in with_children)
    main = read_chart((wide / "orgchart.svg").read_text(encoding="utf-8"))
    links = {g.get("data-department"): g.find(f"{SVG}a").get("href")
             for g in main.root.iter(f"{SVG}g")
             if g.get("data-department") and g.find(f"{SVG}a") is not None}
    assert links == {d: f"orgchart/{d}.svg" for d in with_children}
    below: dict[str, set[str]] = {}
    for dept in org.departments:
        below.setdefault(dept.parent or "", set()).add(dept.id)

    def subtree(dept: str) -> set[str]:
        found = {dept}
        for kid in below.get(dept, ()):
            found |= subtree(kid)
        return found

    for dept in with_children:
        sub = read_chart((wide / "orgchart" / f"{dept}.svg").read_text(encoding="utf-8"))
        assert {c.label for c in sub.cards} == subtree(dept)
        backs = [a.get("href") for a in sub.root.iter(f"{SVG}a")]
        assert backs == ["../orgchart.svg"]
    assert leaves  # the case of the leaf page below


def test_a_wide_chart_prints_an_overview_and_a_page_per_department(wide: Path) -> None:
    org = synth_org(*WIDE)
    root, with_children, leaves = _top_level(org)
    pages = _pdf_text(wide / "orgchart.pdf")
    assert len(pages) == 1 + len(with_children) + (1 if leaves else 0)
    assert set(_pages(wide / "orgchart.pdf")) <= {"1190.55 x 841.89", "841.89 x 1190.55"}
    everything = "".join(pages)
    for name in _names(org):
        assert re.sub(r"\s+", "", name) in everything, name
    overview = pages[0]
    for role in org.departments_by_id[root].roles:  # the top department in full
        assert role.title.get("zh") in overview
    for dept, page in zip(with_children, pages[1:], strict=False):
        assert org.departments_by_id[dept].name.get("zh") in page
        for role in org.departments_by_id[dept].roles:
            assert re.sub(r"\s+", "", role.title.get("zh")) in page
    for dept in leaves:
        assert org.departments_by_id[dept].name.get("zh") in pages[-1]


def test_sub_charts_of_a_removed_department_are_deleted(wide: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(wide, out)
    org = load_org(str(REPO / "org")).org
    assert org is not None
    summary = _build(org, out)
    assert not (out / "orgchart").exists()
    assert sorted(r for r in summary.removed if r.startswith("orgchart/")) == sorted(
        f"orgchart/{p.name}" for p in (wide / "orgchart").iterdir())


def test_the_main_chart_of_a_wide_org_shrinks_to_fit_its_sub_charts_do_not(wide: Path) -> None:
    main = read_chart((wide / "orgchart.svg").read_text(encoding="utf-8"))
    assert "min-width" not in main.root.get("style")  # an overview: whole in the window
    (sub,) = list((wide / "orgchart").iterdir())[:1]
    assert "min-width" in read_chart(sub.read_text(encoding="utf-8")).root.get("style")
