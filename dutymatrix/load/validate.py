"""Checks that need the whole model: duplicate ids, references, RACI letters, the
department tree and reporting lines, ranges. All findings go to the assembler's list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from dutymatrix.i18n import N_
from dutymatrix.load.fields import CHECK_ID_PATTERN
from dutymatrix.load.rules import finding
from dutymatrix.messages import Msg
from dutymatrix.model import Duty, Loc, Org
from dutymatrix.orggraph import tree_cycles, tree_roots

if TYPE_CHECKING:
    from dutymatrix.load.resolve import Assembler

_CHECK_ID = re.compile(CHECK_ID_PATTERN)
MAX_CYCLE_SHOWN = 12


def _loc_of(obj: Any, key: str) -> Loc:
    return obj.locs.get(key) or obj.loc


class _Validator:
    def __init__(self, org: Org, assembler: Assembler):
        self.org = org
        self.assembler = assembler
        self.findings = assembler.findings

    def duplicates(self, objects: Iterable[Any], what: str) -> dict[str, Any]:
        first: dict[str, Any] = {}
        for obj in objects:
            other = first.get(obj.id)
            if other is None:
                first[obj.id] = obj
                continue
            where = _loc_of(other, "id")
            self.findings.append(finding(
                "DM110", Msg(what, id=obj.id, where=where),
                _loc_of(obj, "id"), subject=obj.id, hint=Msg(N_("give each one its own id")),
                places=((Msg(N_("first")), where),)))
        return first

    def ref(self, value: str | None, index: Mapping[str, Any], loc: Loc, what: str,
            subject: str, namespace: int) -> bool:
        if value is None or value in index:
            return True
        hint = self.assembler.suggest(value, index, namespace)
        self.findings.append(finding(
            "DM111", Msg(N_("{what} `{value}` is not defined{suggestion}"), what=Msg(what),
                         value=value, suggestion=hint), loc, subject=subject,
            related=(value,), hint=Msg(N_("define `{value}` or correct the reference"),
                                       value=value)))
        return False

    def letters(self, value: str, allowed: str, loc: Loc, where: str, subject: str) -> None:
        bad = [ch for ch in value if ch not in allowed]
        repeated = len(set(value)) != len(value)
        if value and not bad and not repeated:
            return
        problem = (Msg(N_("no letters")) if not value else
                   Msg(N_("`{letters}` not in {allowed}"), letters="".join(dict.fromkeys(bad)),
                       allowed=allowed) if bad else
                   Msg(N_("a letter given twice")))
        self.findings.append(finding(
            "DM122", Msg(N_("{where}: `{value}` has {problem}"), where=where, value=value,
                         problem=problem), loc, subject=subject,
            hint=Msg(N_("use letters from {allowed} (org.raci), each once, upper case"),
                     allowed=allowed)))

    def cycles(self, parent_of: Mapping[str, str | None], rule: str, what: str,
               loc_of: Mapping[str, Loc]) -> None:
        for cycle in tree_cycles(parent_of):
            shown = cycle[:MAX_CYCLE_SHOWN] + (["…"] if len(cycle) > MAX_CYCLE_SHOWN else [])
            self.findings.append(finding(
                rule, Msg(what, cycle=" → ".join([*shown, cycle[0]])),
                loc_of[cycle[0]], subject=cycle[0], related=tuple(cycle[1:]),
                hint=Msg(N_("break the cycle: one of them must point elsewhere"))))

    def run(self) -> None:
        org = self.org
        # One namespace for departments, posts, committees, people and processes.
        everything = [*org.departments, *(r for d in org.departments for r in d.roles),
                      *org.committees, *org.people, *org.processes]
        ids = self.duplicates(everything, N_("duplicate id `{id}` (first defined at {where})"))
        profiles = self.duplicates(
            org.profiles, N_("duplicate profile id `{id}` (first defined at {where})"))
        activities = self.duplicates(
            (a for p in org.processes for a in p.activities),
            N_("duplicate activity id `{id}` (first defined at {where})"))
        sod_ids = self.duplicates(org.sod_rules,
                                  N_("duplicate SoD rule id `{id}` (first defined at {where})"))
        departments = {d.id: d for d in org.departments}
        roles = {r.id: r for d in org.departments for r in d.roles}
        self._structure_refs(departments, roles)
        self._profile_refs(profiles)
        for duty in org.all_duties():
            if duty.profile is None:  # a profile's duties are checked once, below
                self._duty(duty, activities, org.raci)
        for profile in org.profiles:
            for duty in profile.duties:
                self._duty(duty, activities, org.raci)
        self._rule_refs(activities, {**roles, **{c.id: c for c in org.committees}})
        self._waiver_refs({**ids, **activities, **sod_ids}, roles, sod_ids)
        self._trees(departments, roles)

    def _structure_refs(self, departments: Mapping[str, Any], roles: Mapping[str, Any]) -> None:
        """Parents, reporting lines, backups, committee members, posts people fill."""
        org = self.org
        for dept in org.departments:
            self.ref(dept.parent, departments, _loc_of(dept, "parent"),
                     N_("parent department"), dept.id, 1)
            for role in dept.roles:
                self.ref(role.reports_to, roles, _loc_of(role, "reports_to"), N_("post"),
                         role.id, 2)
                self.ref(role.backup, roles, _loc_of(role, "backup"), N_("backup post"),
                         role.id, 2)
                self._ranges_role(role)
        for committee in org.committees:
            for member in committee.members:
                self.ref(member, roles, _loc_of(committee, f"members.{member}"),
                         N_("member post"), committee.id, 2)
        for person in org.people:
            for field, values in (("holds", person.holds), ("acting", person.acting)):
                for role_id in values:
                    self.ref(role_id, roles, _loc_of(person, f"{field}.{role_id}"), N_("post"),
                             person.id, 2)

    def _profile_refs(self, profiles: Mapping[str, Any]) -> None:
        for role in self.org.roles.values():
            self.ref(role.profile, profiles, _loc_of(role, "profile"), N_("profile"), role.id,
                     7)
            for other in role.dotted_to:
                loc = _loc_of(role, f"dotted_to.{other}")
                if self.ref(other, self.org.roles, loc, N_("dotted-line superior"), role.id,
                            2) and other == role.id:
                    self.findings.append(finding(
                        "DM124", Msg(N_("`{post}` has a dotted line to itself"), post=role.id),
                        loc, subject=role.id,
                        hint=Msg(N_("name another post in `dotted_to`"))))

    def _rule_refs(self, activities: Mapping[str, Any], holders: Mapping[str, Any]) -> None:
        """SoD rules' activities and letters; approval bands' activities, owners, ranges."""
        org = self.org
        for rule in org.sod_rules:
            for act in rule.activities:
                self.ref(act, activities, _loc_of(rule, f"activities.{act}"), N_("activity"),
                         rule.id, 3)
            if "letters" in rule.locs:
                self.letters(rule.letters, org.raci, rule.locs["letters"],
                             f"{rule.id}.letters", rule.id)
        for auth in org.authority:
            self.ref(auth.activity, activities, _loc_of(auth, "activity"), N_("activity"),
                     auth.activity, 3)
            for band in auth.bands:
                self.ref(band.by, holders, _loc_of(band, "by"),
                         N_("band owner (post or committee)"), auth.activity, 4)
                if band.up_to is not None and band.over >= band.up_to:
                    self.findings.append(finding(
                        "DM124", Msg(N_("band of `{owner}`: over {over} is not below up_to "
                                        "{up_to}"), owner=band.by, over=f"{band.over:g}",
                                     up_to=f"{band.up_to:g}"), band.loc, subject=auth.activity,
                        hint=Msg(N_("a band covers (over, up_to]; over must be smaller"))))

    def _waiver_refs(self, anything: Mapping[str, Any], roles: Mapping[str, Any],
                     sod_ids: Mapping[str, Any]) -> None:
        for waiver in self.org.waivers:
            self.ref(waiver.subject, anything, _loc_of(waiver, "subject"),
                     N_("waiver subject"), waiver.subject, 5)
            self.ref(waiver.approved_by, roles, _loc_of(waiver, "approved_by"),
                     N_("approver post"), waiver.subject, 2)
            if not _CHECK_ID.fullmatch(waiver.rule):
                self.ref(waiver.rule, sod_ids, _loc_of(waiver, "rule"),
                         N_("SoD rule (or check id DMnnn)"), waiver.subject, 6)

    def _trees(self, departments: Mapping[str, Any], roles: Mapping[str, Any]) -> None:
        """The department tree and the reporting lines: no cycles, one root."""
        org = self.org
        self.cycles({d.id: d.parent if d.parent in departments else None
                     for d in org.departments}, "DM112", N_("department cycle: {cycle}"),
                    {d.id: _loc_of(d, "parent") for d in org.departments})
        self.cycles({r.id: r.reports_to if r.reports_to in roles else None
                     for r in roles.values()}, "DM113", N_("reporting cycle: {cycle}"),
                    {r.id: _loc_of(r, "reports_to") for r in roles.values()})
        first = {d.id: d for d in reversed(org.departments)}  # a duplicate id: its first
        roots = [first[d] for d in tree_roots({d.id: d.parent for d in org.departments})
                 if first[d].parent is None]
        if len(roots) > 1:
            names = ", ".join(f"`{d.id}`" for d in roots[:10]) + (" …" if len(roots) > 10 else "")
            self.findings.append(finding(
                "DM114", Msg(N_("{count} departments have no parent: {names}"),
                             count=len(roots), names=names), roots[1].loc,
                subject=roots[1].id, related=tuple(d.id for d in roots if d is not roots[1]),
                hint=Msg(N_("give all but one of them a `parent:` (e.g. parent: {root})"),
                         root=roots[0].id),
                places=tuple((Msg(N_("root")), d.loc) for d in roots[:10])))

    def _duty(self, duty: Duty, activities: Mapping[str, Any], allowed: str) -> None:
        for activity, letters in duty.raci.items():
            loc = duty.locs.get(f"raci.{activity}", duty.loc)
            self.ref(activity, activities, loc, N_("activity"), duty.ref, 3)
            if letters not in allowed or not letters:  # fast path: one valid letter
                self.letters(letters, allowed, loc, f"{duty.ref} {activity}", duty.ref)

    def _ranges_role(self, role: Any) -> None:
        salary = role.salary
        if salary and salary.min is not None and salary.max is not None and \
                salary.min > salary.max:
            self.findings.append(finding(
                "DM124", Msg(N_("salary of `{post}`: min {min} is above max {max}"),
                             post=role.id, min=f"{salary.min:g}", max=f"{salary.max:g}"),
                salary.loc, subject=role.id, hint=Msg(N_("swap min and max"))))


def validate(org: Org, assembler: Assembler) -> None:
    from dutymatrix.load.limits import check_lengths

    _Validator(org, assembler).run()
    check_lengths(org, assembler.findings)
