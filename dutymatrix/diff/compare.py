"""Structural changes between two orgs: departments, posts, committees, people and
processes, then the whole diff in report order (``compare_orgs``).

Items are matched by id: the same id with a new name is a rename, with a new parent or
``reports_to`` a move. Duties and RACI letters are compared in ``duties.py``; bands, SoD
rules and waivers in ``rules.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

from dutymatrix.diff.change import Change
from dutymatrix.diff.duties import duty_changes, inherited_on_both, raci_changes
from dutymatrix.diff.profiles import profile_changes
from dutymatrix.diff.rules import authority_changes, org_changes, sod_changes, waiver_changes
from dutymatrix.diff.values import (
    added_removed,
    field_changes,
    member_changes,
    moved,
    named,
    renamed,
)
from dutymatrix.matrix import Matrix
from dutymatrix.model import Org


def department_changes(old: Org, new: Org, lang: str) -> Iterator[Change]:
    olds, news = old.departments_by_id, new.departments_by_id
    yield from added_removed(
        "department", olds, news, ("部门", "department"), lambda d: d.name.get(lang), lang,
        lambda d: {"parent": d.parent, "roles": [r.id for r in d.roles]},
    )
    for dept_id, after in news.items():
        before = olds.get(dept_id)
        if before is None:
            continue
        yield from renamed("department", dept_id, before.name, after.name, lang)
        yield from moved("department", dept_id, named(after.name.get(lang), dept_id, lang),
                         "parent", before.parent, after.parent, new, old, lang)


ROLE_FIELDS = ("code", "headcount", "key", "backup", "purpose", "qualifications", "location",
               "salary", "profile", "omit", "dotted_to")


def role_changes(old: Org, new: Org, lang: str) -> Iterator[Change]:
    olds, news = old.roles, new.roles
    yield from added_removed(
        "role", olds, news, ("岗位", "post"), lambda r: r.title.get(lang), lang,
        lambda r: {"department": r.department, "reports_to": r.reports_to,
                   "duties": len(r.duties)},
    )
    for role_id, after in news.items():
        before = olds.get(role_id)
        if before is None:
            continue
        what = named(after.title.get(lang), role_id, lang)
        inherited = inherited_on_both(before, after)  # the profile's change says those
        if "title" not in inherited:
            yield from renamed("role", role_id, before.title, after.title, lang)
        yield from moved("role", role_id, what, "department", before.department,
                         after.department, new, old, lang)
        yield from moved("role", role_id, what, "reports_to", before.reports_to,
                         after.reports_to, new, old, lang)
        yield from field_changes("role-changed", role_id, what, before, after,
                                 [f for f in ROLE_FIELDS if f not in inherited], lang)


def committee_changes(old: Org, new: Org, lang: str) -> Iterator[Change]:
    olds, news = old.committees_by_id, new.committees_by_id
    yield from added_removed(
        "committee", olds, news, ("委员会", "committee"), lambda c: c.name.get(lang), lang,
        lambda c: {"members": list(c.members)},
    )
    for committee_id, after in news.items():
        before = olds.get(committee_id)
        if before is None:
            continue
        what = named(after.name.get(lang), committee_id, lang)
        yield from renamed("committee", committee_id, before.name, after.name, lang)
        yield from member_changes("committee-member", committee_id, what, before.members,
                                  after.members, new, old, lang, "members",
                                  ("成员", "member"))
        yield from field_changes("committee-changed", committee_id, what, before, after,
                                 ("recusal",), lang)


def people_changes(old: Org, new: Org, lang: str) -> Iterator[Change]:
    olds, news = old.people_by_id, new.people_by_id
    yield from added_removed(
        "person", olds, news, ("人员", "person"), lambda p: p.name.get(lang), lang,
        lambda p: {"holds": list(p.holds), "acting": list(p.acting)},
    )
    for person_id, after in news.items():
        before = olds.get(person_id)
        if before is None:
            continue
        what = named(after.name.get(lang), person_id, lang)
        yield from renamed("person", person_id, before.name, after.name, lang)
        yield from member_changes("person-post", person_id, what, before.holds, after.holds,
                                  new, old, lang, "holds", ("任职岗位", "post held"))
        yield from member_changes("person-post", person_id, what, before.acting,
                                  after.acting, new, old, lang, "acting",
                                  ("兼任岗位", "acting post"))


def process_changes(old: Org, new: Org, lang: str) -> Iterator[Change]:
    olds, news = old.processes_by_id, new.processes_by_id
    yield from added_removed(
        "process", olds, news, ("流程", "process"), lambda p: p.name.get(lang), lang,
        lambda p: {"activities": [a.id for a in p.activities]},
    )
    old_activities = {a: act for a, act in old.activities.items() if act.process in news}
    new_activities = {a: act for a, act in new.activities.items() if act.process in olds}
    for process_id, after in news.items():
        if process_id in olds:
            yield from renamed("process", process_id, olds[process_id].name, after.name, lang)
    yield from added_removed(
        "activity", old_activities, new_activities, ("活动", "activity"),
        lambda a: a.name.get(lang), lang, lambda a: {"process": a.process},
    )
    for activity_id, after in new_activities.items():
        before = old_activities.get(activity_id)
        if before is None:
            continue
        yield from renamed("activity", activity_id, before.name, after.name, lang)
        yield from field_changes("activity-changed", activity_id,
                                 named(after.name.get(lang), activity_id, lang), before, after,
                                 ("dual_control",), lang)


def compare_orgs(old: Org, old_matrix: Matrix, new: Org, new_matrix: Matrix,
                 lang: str) -> list[Change]:
    """Every change from ``old`` to ``new``, in report order."""
    changes: list[Change] = []
    for part in (
        org_changes(old, new, lang),
        profile_changes(old, new, lang),
        department_changes(old, new, lang),
        role_changes(old, new, lang),
        duty_changes(old, new, lang),
        raci_changes(old, old_matrix, new, new_matrix, lang),
        committee_changes(old, new, lang),
        people_changes(old, new, lang),
        process_changes(old, new, lang),
        authority_changes(old, new, lang),
        sod_changes(old, new, lang),
        waiver_changes(old, new, lang),
    ):
        changes.extend(part)
    return changes
