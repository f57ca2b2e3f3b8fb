"""The site's search index and folded department index (the browser tests drive them)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from clock import TODAY
from render_sample import sample_org
from synth_orgs import synth_org

from dutymatrix.load import load_org
from dutymatrix.model import Department, Org, Role, Text
from dutymatrix.render.build import BuildOptions, build_org
from dutymatrix.render.site_search import VARIABLE, search_index_js

REPO = Path(__file__).resolve().parent.parent


def _index(text: str) -> dict:
    prefix = f"window.{VARIABLE} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix):-2])


def _build(org: Org, out: Path, *kinds: str) -> None:
    options = BuildOptions(org_dir=Path("."), today=TODAY, out_dir=out, jobs=1)
    build_org(org, [], options, kinds=kinds)


@pytest.mark.slow  # builds the site
def test_the_index_finds_posts_people_departments_activities_and_duties(tmp_path: Path) -> None:
    org = load_org(str(REPO / "org")).org
    assert org is not None
    _build(org, tmp_path, "raci", "site")
    data = _index((tmp_path / "search-index.js").read_text(encoding="utf-8"))
    items = data["items"]
    kinds = {item[0] for item in items}
    assert kinds == {"d", "p", "h", "r", "a", "u"}
    assert data["kinds"]["p"] == "岗位"
    posts = {item[1]: item for item in items if item[0] == "p"}
    assert len(posts) == len(set(r.title.get("zh") for r in org.roles.values()))
    # No job descriptions built: a post is found in the site index page.
    assert posts["信贷管理部经理"][3] == "index.html#dm-find=post%3Acredit-mgmt.manager"
    assert "王磊" in posts["信贷管理部经理"][4]  # holders' names find the post
    people = {item[1]: item for item in items if item[0] == "h"}
    assert people["王磊"][2] == "信贷管理部经理、票据中心经理"
    activities = {item[4]: item for item in items if item[0] == "a"}
    assert activities["loan.approve"][3] == "raci/loan.html#dm-find=act%3Aloan.approve"
    duties = [item for item in items if item[0] == "u"]
    assert duties and all(item[3].startswith("dept/") for item in duties)
    for item in items:  # every link points at a file of the site
        target = (tmp_path / unquote(item[3].split("#")[0]))
        assert target.is_file(), item


def test_with_job_descriptions_posts_and_their_duties_link_to_them() -> None:
    org = sample_org()
    present = ["index.html", *(f"jd/{r}.html" for r in org.roles),
               *(f"dept/{d.id}.html" for d in org.departments)]
    items = _index(search_index_js(org, "zh", present))["items"]
    post = next(i for i in items if i[0] == "p" and i[4].startswith("credit-mgmt.manager"))
    assert post[3] == "jd/credit-mgmt.manager.html"
    duty = next(i for i in items if i[0] == "u" and i[1] == "负责贷时审查工作的组织")
    assert duty[3].startswith("jd/credit-mgmt.manager.html#dm-find=text%3A")
    assert duty[2] == "信贷管理部经理 #2"
    assert not [i for i in items if i[0] in "ra"]  # no RACI pages, no process entries


def test_names_cannot_break_out_of_the_script(tmp_path: Path) -> None:
    evil = '</script><script>alert("x")</script>\u2028'
    org = Org(id="o", name=Text("机构"), departments=(
        Department("d", Text(evil), roles=(Role("d.p", Text(evil), "d"),)),))
    _build(org, tmp_path, "site")
    script = (tmp_path / "search-index.js").read_text(encoding="utf-8")
    assert "</script" not in script and "\u2028" not in script
    assert _index(script)["items"][0][1] == evil
    page = (tmp_path / "chart.html").read_text(encoding="utf-8")
    data = page.split('<script type="application/json" id="chart-data">', 1)[1]
    assert "</script><script>" not in data.split("</script>", 1)[0]
    assert json.loads(data.split("</script>", 1)[0])["find"][0][2] == evil


def test_a_big_index_opens_folded_with_counts(tmp_path: Path) -> None:
    org = synth_org(20, 10)  # 200 posts
    _build(org, tmp_path, "site")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert page.count("<details open>") == 1  # the top department only
    assert page.count("<details") == 20
    assert "共 20 个部门、200 个岗位" in page
    assert "含下级共 20 个部门、200 个岗位" in page  # the top department's subtree
    assert "含下级共 6 个部门、60 个岗位" in page  # 第1部 with its five sub-departments
    assert len(re.findall(r'<li data-role="', page)) == 200


def test_a_small_index_opens_whole_and_marks_vacancies(tmp_path: Path) -> None:
    org = load_org(str(REPO / "org")).org
    assert org is not None
    _build(org, tmp_path, "site")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert page.count("<details open>") == page.count("<details") == len(org.departments)
    held = {p for person in org.people for p in (*person.holds, *person.acting)}
    items = [chunk.split("</li>", 1)[0] for chunk in page.split('<li data-role="')[1:]]
    vacant = [item.split('"', 1)[0] for item in items if '<span class="vacant">' in item]
    assert sorted(vacant) == sorted(r for r in org.roles if r not in held)
    assert '<span class="holders">王磊</span>' in page


@pytest.mark.slow  # builds the site
def test_pages_rebuilt_without_the_site_keep_the_search_box(tmp_path: Path) -> None:
    _build(sample_org(), tmp_path, "raci", "site")
    page = tmp_path / "raci" / "_all.html"
    assert 'id="dm-search"' in page.read_text(encoding="utf-8")
    _build(sample_org(manager_duty="负责全行信贷管理"), tmp_path, "raci")
    assert 'id="dm-search"' in page.read_text(encoding="utf-8")
    other = tmp_path.parent / "raci-only"
    _build(sample_org(), other, "raci")  # no site: no box that would search nothing
    assert 'id="dm-search"' not in (other / "raci" / "_all.html").read_text(encoding="utf-8")
