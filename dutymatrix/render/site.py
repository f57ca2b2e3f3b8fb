"""The static site: ``index.html`` linking every page, and one page per department.

Only relative links, no scripts or fonts from anywhere else: it works from ``file://``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dutymatrix.model import Org

from .context import LABELS, DutyLine, PostRef


@dataclass(frozen=True)
class PostRow:
    id: str
    title: str
    code: str | None
    reports_to: str | None  # title of the post it reports to
    headcount: int | None


@dataclass(frozen=True)
class DepartmentNode:
    id: str
    name: str
    posts: tuple[PostRow, ...]
    children: tuple[DepartmentNode, ...]


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


def _post_rows(org: Org, department_id: str, lang: str) -> tuple[PostRow, ...]:
    department = org.departments_by_id[department_id]
    return tuple(
        PostRow(
            id=role.id,
            title=role.title.get(lang),
            code=role.code,
            reports_to=org.holder_name(role.reports_to, lang) if role.reports_to else None,
            headcount=role.headcount,
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
    placed: set[str] = set()

    def node(dept_id: str) -> DepartmentNode:
        placed.add(dept_id)
        return DepartmentNode(
            id=dept_id,
            name=org.departments_by_id[dept_id].name.get(lang),
            posts=_post_rows(org, dept_id, lang),
            children=tuple(node(c) for c in children.get(dept_id, []) if c not in placed),
        )

    roots = [node(d) for d in children.get(None, [])]
    # A cycle leaves departments unreachable from a root: list them at the top level.
    roots += [node(d.id) for d in org.departments if d.id not in placed]
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
    have = set(present)
    documents = [
        (href, labels[key])
        for href, key in (
            ("audit.html", "site_audit"),
            ("orgchart.svg", "site_orgchart"),
            ("raci.xlsx", "site_xlsx"),
            ("findings.json", "site_findings_json"),
        )
        if href in have
    ]
    return SiteContext(
        org_name=org.name.get(lang),
        lang=lang,
        has_jd=any(p.startswith("jd/") for p in have),
        documents=tuple(documents),
        processes=tuple((href, title) for href, title in raci_pages if href in have),
        tree=department_tree(org, lang),
        summary=tuple(summary.items()) if summary else (),
    )
