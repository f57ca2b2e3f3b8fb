"""Raw objects of every file → one Org: merge sections, number duties, then check what
needs the whole model: duplicate ids, references, RACI letters, trees and ranges.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from dutymatrix.findings import Finding
from dutymatrix.i18n import N_
from dutymatrix.load.builder import Obj, RawDuty
from dutymatrix.load.fields import CHECK_ID_PATTERN
from dutymatrix.load.profiles import Profiles, qualifications, salary
from dutymatrix.load.rules import finding
from dutymatrix.messages import Msg
from dutymatrix.model import (
    RACI_LETTERS,
    Activity,
    AuthorityRule,
    Band,
    CheckConfig,
    Committee,
    Department,
    Duty,
    Loc,
    Org,
    Person,
    Process,
    Role,
    SodRule,
    Text,
    Waiver,
)

_CHECK_ID = re.compile(CHECK_ID_PATTERN)
MAX_SUGGESTIONS = 200  # did-you-mean lookups per run; a garbage model must not take minutes


def _duties(owner: str, raw: list[RawDuty | None]) -> tuple[Duty, ...]:
    return tuple(
        Duty(owner, n, d.text, d.raci, d.loc, d.locs)
        for n, d in enumerate(raw, start=1)
        if d is not None
    )


class Assembler:
    """Collects the sections of every file (``add``), then builds the one ``Org``.

    ``build`` merges sections split over files, numbers duties, turns raw objects into
    the model's frozen dataclasses and runs ``load.validate`` over the whole model
    (duplicate ids, references, letters, trees, ranges). Problems go to ``findings``; a
    model with errors is still built as far as it goes, so one run names them all.
    """

    def __init__(self, root: str, findings: list[Finding]):
        self.root = root
        self.findings = findings
        self.files: list[str] = []
        self.org: Obj | None = None
        self.lists: dict[str, list[Obj]] = {
            "processes": [], "profiles": [], "departments": [], "committees": [], "people": [],
            "sod": [], "authority": [], "waivers": [],
        }
        self.checks: list[Obj] = []
        self.unread = False  # some file could not be read (its sections are unknown)
        self._suggestions: dict[tuple[str, int], str | Msg] = {}

    # --- merging ----------------------------------------------------------------------

    def add(self, label: str, sections: list[tuple[str, Any, Loc]]) -> None:
        for name, value, _key_loc in sections:
            if name == "org":
                if self.org is not None:
                    self.findings.append(finding(
                        "DM110", Msg(N_("`org` is defined twice (first at {where})"),
                                     where=self.org.loc),
                        value.loc, hint=Msg(N_("keep one org section in one file")),
                        places=((Msg(N_("first")), self.org.loc),)))
                else:
                    self.org = value
            elif name == "rules":
                self.lists["sod"].extend(value.values.get("sod", ()))
                self.lists["authority"].extend(value.values.get("authority", ()))
            elif name == "checks":
                self.checks.append(value)
            else:
                self.lists[name].extend(value)

    # --- building ---------------------------------------------------------------------

    def build(self) -> Org | None:
        if self.org is None and not self.unread:
            where = Loc(self.files[0]) if self.files else Loc(self.root)
            self.findings.append(finding(
                "DM121", Msg(N_("no `org:` section in any model file") if self.files else
                             N_("no *.yaml model files in the org folder")), where,
                hint=Msg(N_("add a file with `org: {{id: …, name: …}}`"))))
            return None
        if self.org is None:
            return None  # the org section may be in a file that could not be read
        org_values = self.org.values
        # A broken org section is already reported; the rest is still checked (so one run
        # names every problem) against a stand-in id and name, and the caller drops it.
        complete = "id" in org_values and "name" in org_values
        org_values = {"id": "-", "name": Text(plain="-"), **org_values}
        letters = org_values.get("raci", RACI_LETTERS)
        processes = [p for p in map(self._process, self.lists["processes"]) if p]
        self._org_name = org_values["name"]
        self.profiles = Profiles(self.lists["profiles"], self.findings,
                                 org_values.get("locale", "zh-CN").split("-")[0])
        departments = [d for d in map(self._department, self.lists["departments"]) if d]
        committees = [c for c in map(self._committee, self.lists["committees"]) if c]
        people = [p for p in map(self._person, self.lists["people"]) if p]
        sod_rules = [r for r in map(self._sod, self.lists["sod"]) if r]
        authority = [a for a in map(self._authority, self.lists["authority"]) if a]
        waivers = [w for w in map(self._waiver, self.lists["waivers"]) if w]
        org = Org(
            id=org_values["id"], name=org_values["name"],
            locale=org_values.get("locale", "zh-CN"), raci=letters,
            processes=tuple(processes), profiles=tuple(self.profiles.all),
            departments=tuple(departments),
            committees=tuple(committees), people=tuple(people), sod_rules=tuple(sod_rules),
            authority=tuple(authority), waivers=tuple(waivers), checks=self._checks(),
            root=self.root, files=tuple(self.files), loc=self.org.loc, locs=self.org.locs,
        )
        from dutymatrix.load.validate import validate

        validate(org, self)
        return org if complete else None

    def _process(self, raw: Obj) -> Process | None:
        v = raw.values
        if "id" not in v or "name" not in v:
            return None
        pid = v["id"]
        activities = tuple(
            Activity(id=f"{pid}.{a.values['id']}", process=pid, name=a.values["name"],
                     dual_control=a.values.get("dual_control", False), loc=a.loc, locs=a.locs)
            for a in v.get("activities", ())
            if "id" in a.values and "name" in a.values
        )
        return Process(id=pid, name=v["name"], activities=activities, loc=raw.loc, locs=raw.locs)

    def _department(self, raw: Obj) -> Department | None:
        v = raw.values
        if "id" not in v or "name" not in v:
            return None
        dept_id = v["id"]
        roles = tuple(r for r in (self._role(dept_id, v["name"], obj)
                                  for obj in v.get("roles", ())) if r)
        return Department(id=dept_id, name=v["name"], parent=v.get("parent"),
                          duties=_duties(dept_id, v.get("duties", ())), roles=roles,
                          loc=raw.loc, locs=raw.locs)

    def _role(self, dept_id: str, dept_name: Text, raw: Obj) -> Role | None:
        v = raw.values
        if "id" not in v:
            return None
        fields = self._role_fields(dept_name, raw)
        if fields is None:
            return None
        return Role(
            id=v["id"], department=dept_id, code=v.get("code"),
            reports_to=v.get("reports_to"), backup=v.get("backup"), profile=v.get("profile"),
            omit=v.get("omit", ()), dotted_to=v.get("dotted_to", ()), loc=raw.loc, **fields)

    def _role_fields(self, dept_name: Text, raw: Obj) -> dict[str, Any] | None:
        """Title, duties and the other fields a profile may give; None without a title."""
        v = raw.values
        profile = self.profiles.by_id.get(v.get("profile", ""))
        if profile is not None:
            return self.profiles.instantiate(profile, raw, v.get("duties", []), dept_name,
                                             self._org_name)
        if "title" not in v:
            if "profile" not in v:  # an unknown profile is reported by validate
                self.findings.append(finding(
                    "DM121", Msg(N_("post `{post}` has no `title`"), post=v["id"]), raw.loc,
                    subject=v["id"], hint=Msg(N_("add `title:`, or `profile:` to take the "
                                                 "title of a job profile"))))
                return None
            v = {**v, "title": Text(plain=v["id"])}
        return {
            "title": v["title"], "headcount": v.get("headcount"), "key": v.get("key", False),
            "purpose": v.get("purpose"), "duties": _duties(v["id"], v.get("duties", ())),
            "qualifications": qualifications(v["qualifications"])
            if "qualifications" in v else None,
            "location": v.get("location"),
            "salary": salary(v["salary"]) if "salary" in v else None, "locs": raw.locs,
        }

    def _committee(self, raw: Obj) -> Committee | None:
        v = raw.values
        if "id" not in v or "name" not in v:
            return None
        return Committee(id=v["id"], name=v["name"], members=v.get("members", ()),
                         recusal=v.get("recusal", False),
                         duties=_duties(v["id"], v.get("duties", ())), loc=raw.loc,
                         locs=raw.locs)

    def _person(self, raw: Obj) -> Person | None:
        v = raw.values
        if "id" not in v or "name" not in v:
            return None
        return Person(id=v["id"], name=v["name"], holds=v.get("holds", ()),
                      acting=v.get("acting", ()), loc=raw.loc, locs=raw.locs)

    def _sod(self, raw: Obj) -> SodRule | None:
        v = raw.values
        if "id" not in v or "activities" not in v:
            return None
        return SodRule(id=v["id"], name=v.get("name") or Text(plain=v["id"]),
                       activities=v["activities"], at_most=v.get("at_most", 1),
                       letters=v.get("letters", "RA"), severity=v.get("severity", "error"),
                       basis=v.get("basis"), loc=raw.loc, locs=raw.locs)

    def _authority(self, raw: Obj) -> AuthorityRule | None:
        v = raw.values
        if "activity" not in v or "bands" not in v:
            return None
        bands = tuple(
            Band(by=b.values["by"], over=b.values.get("over", 0), up_to=b.values.get("up_to"),
                 loc=b.loc, locs=b.locs)
            for b in v["bands"]
            if "by" in b.values
        )
        return AuthorityRule(activity=v["activity"], bands=bands, unit=v.get("unit", "CNY"),
                             loc=raw.loc, locs=raw.locs)

    def _waiver(self, raw: Obj) -> Waiver | None:
        v = raw.values
        if "rule" not in v or "subject" not in v or "reason" not in v:
            return None
        return Waiver(rule=v["rule"], subject=v["subject"], reason=v["reason"],
                      control=v.get("control"), approved_by=v.get("approved_by"),
                      expires=v.get("expires"), loc=raw.loc, locs=raw.locs)

    def _checks(self) -> CheckConfig:
        disable: list[str] = []
        severity: dict[str, str] = {}
        options: dict[str, Mapping[str, object]] = {}
        locs: dict[str, Loc] = {}
        for raw in self.checks:
            disable.extend(i for i in raw.values.get("disable", ()) if i not in disable)
            severity.update(raw.values.get("severity", {}))
            options.update(raw.values.get("options", {}))
            locs.update(raw.locs)
        loc = self.checks[0].loc if self.checks else Loc("<none>")
        return CheckConfig(disable=tuple(disable), severity=severity, options=options, loc=loc,
                           locs=locs)

    # --- helpers for validate -----------------------------------------------------------

    def suggest(self, name: str, candidates: Iterable[str], namespace: int) -> str | Msg:
        key = (name, namespace)
        if key not in self._suggestions:
            if len(self._suggestions) >= MAX_SUGGESTIONS:
                return ""
            close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
            self._suggestions[key] = (Msg(N_("; did you mean `{choice}`?"), choice=close[0])
                                      if close else "")
        return self._suggestions[key]
