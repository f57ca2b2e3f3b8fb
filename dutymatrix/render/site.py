"""The static site: ``index.html`` linking every page, and one page per department.

Only relative links, no scripts or fonts from anywhere else: it works from ``file://``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dutymatrix.model import Org

from .context import LABELS, DutyLine, PostRef
from .site_labels import site_labels


@dataclass(frozen=True)
class PostRow:
    id: str
    title: str
    code: str | None
    reports_to: str | None  # title of the post it reports to
    headcount: int | None
    holders: tuple[str, ...] = ()  # names of the people holding or acting in it
    vacant: bool = False  # the org lists people and nobody holds or acts in this post


@dataclass(frozen=True)
class DepartmentNode:
    id: str
    name: str
    posts: tuple[PostRow, ...]
    children: tuple[DepartmentNode, ...]
    depth: int = 0
    total_posts: int = 0  # in this department and every one below it
    total_departments: int = 1  # this one and every one below it


@dataclass(frozen=True)
class DepartmentPage:
    id: str
    name: str
    parent: PostRef | None
    children: tuple[PostRef, ...]
    duties: tuple[DutyLine, ...]
    posts: tuple[PostRow, ...]


@dataclass(frozen=True)
class SiteContext:
    org_name: str
    lang: str
    has_jd: bool
    documents: tuple[tuple[str, str], ...]  # (href, text)
    processes: tuple[tuple[str, str], ...]
    tree: tuple[DepartmentNode, ...]
    summary: tuple[tuple[str, int], ...]  # (severity, count) when an audit was run
    open_depth: int = 99  # departments above this depth start unfolded in the index
    total_posts: int = 0
    total_departments: int = 0
    has_search: bool = False
    has_chart_page: bool = False


# An index longer than this opens only its top departments; the rest stay folded.
INDEX_OPEN_POSTS = 150


def _holders(org: Org, lang: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for person in org.people:
        for post in dict.fromkeys((*person.holds, *person.acting)):
            found.setdefault(post, []).append(person.name.get(lang))
    return {post: tuple(names) for post, names in found.items()}


def _post_rows(org: Org, department_id: str, lang: str,
               holders: dict[str, tuple[str, ...]] | None = None) -> tuple[PostRow, ...]:
    department = org.departments_by_id[department_id]
    holders = _holders(org, lang) if holders is None else holders
    return tuple(
        PostRow(
            id=role.id,
            title=role.title.get(lang),
            code=role.code,
            reports_to=org.holder_name(role.reports_to, lang) if role.reports_to else None,
            headcount=role.headcount,
            holders=holders.get(role.id, ()),
            vacant=bool(org.people) and role.id not in holders,
        )
        for role in department.roles
    )


def _children(org: Org) -> dict[str | None, list[str]]:
    """Department tree edges; a parent that does not exist (or a cycle) makes a root."""
    known = set(org.departments_by_id)
    children: dict[str | None, list[str]] = {}
    for dept in org.departments:
        parent = dept.parent if dept.parent in known and dept.parent != dept.id else None
        children.setdefault(parent, []).append(dept.id)
    return children


def department_tree(org: Org, lang: str) -> tuple[DepartmentNode, ...]:
    children = _children(org)
    holders = _holders(org, lang)
    placed: set[str] = set()

    def node(dept_id: str, depth: int) -> DepartmentNode:
        placed.add(dept_id)
        kids = tuple(node(c, depth + 1) for c in children.get(dept_id, []) if c not in placed)
        posts = _post_rows(org, dept_id, lang, holders)
        return DepartmentNode(
            id=dept_id,
            name=org.departments_by_id[dept_id].name.get(lang),
            posts=posts,
            children=kids,
            depth=depth,
            total_posts=len(posts) + sum(k.total_posts for k in kids),
            total_departments=1 + sum(k.total_departments for k in kids),
        )

    roots = [node(d, 0) for d in children.get(None, [])]
    # A cycle leaves departments unreachable from a root: list them at the top level.
    roots += [node(d.id, 0) for d in org.departments if d.id not in placed]
    return tuple(roots)


def department_pages(org: Org, lang: str) -> list[DepartmentPage]:
    children = _children(org)
    pages = []
    for dept in org.departments:
        parent = org.departments_by_id.get(dept.parent) if dept.parent else None
        pages.append(
            DepartmentPage(
                id=dept.id,
                name=dept.name.get(lang),
                parent=PostRef(parent.id, parent.name.get(lang)) if parent else None,
                children=tuple(
                    PostRef(c, org.departments_by_id[c].name.get(lang))
                    for c in children.get(dept.id, [])
                ),
                duties=tuple(DutyLine(d.n, d.text.get(lang)) for d in dept.duties),
                posts=_post_rows(org, dept.id, lang),
            )
        )
    return pages


def site_context(
    org: Org,
    lang: str,
    *,
    present: Sequence[str],
    raci_pages: Sequence[tuple[str, str]],
    summary: Mapping[str, int] | None,
) -> SiteContext:
    """``present``: output files that exist after this build (relative paths)."""
    labels = LABELS[lang]
    extra = site_labels(lang)
    have = set(present)
    candidates = (
        ("chart.html", extra["chart_page"]),
        ("audit.html", labels["site_audit"]),
        ("orgchart.svg", labels["site_orgchart"] + " (SVG)"),
        ("orgchart.pdf", labels["site_orgchart"] + " (PDF)"),
        ("raci.xlsx", labels["site_xlsx"]),
        ("findings.json", labels["site_findings_json"]),
    )
    documents = [(href, text) for href, text in candidates if href in have]
    tree = department_tree(org, lang)
    total_posts = sum(n.total_posts for n in tree)
    return SiteContext(
        org_name=org.name.get(lang),
        lang=lang,
        has_jd=any(p.startswith("jd/") for p in have),
        documents=tuple(documents),
        processes=tuple((href, title) for href, title in raci_pages if href in have),
        tree=tree,
        summary=tuple(summary.items()) if summary else (),
        open_depth=1 if total_posts > INDEX_OPEN_POSTS else 99,
        total_posts=total_posts,
        total_departments=sum(n.total_departments for n in tree),
        has_search="search-index.js" in have,
        has_chart_page="chart.html" in have,
    )
