"""Job profiles (标准岗位): one standard post that posts of many departments instantiate.

A profile's texts may name ``{department}``, ``{post}`` and ``{org}``; each post that
says ``profile: <id>`` gets the profile's title, purpose, duties, qualifications, key,
headcount, location and salary with the placeholders filled in, its own fields taking
precedence, its own duties after the profile's and ``omit: [n, …]`` leaving profile
duties out. Duties are numbered after that (``post#n``); a profile duty keeps the
profile's position, so a finding on it points at the line that wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dutymatrix.findings import Finding
from dutymatrix.i18n import N_
from dutymatrix.load.builder import Obj, RawDuty
from dutymatrix.load.rules import finding
from dutymatrix.messages import Msg
from dutymatrix.model import Duty, Loc, Profile, Qualifications, Salary, Text

PLACEHOLDERS = ("department", "post", "org")
# `{{` and `}}` are literal braces; `{name}` a placeholder.
_SLOT = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
# Fields a post inherits from its profile when it does not write them itself.
INHERITED = ("title", "purpose", "key", "headcount", "qualifications", "location", "salary")
_TEXT_FIELDS = ("purpose", "location")


def qualifications(obj: Obj) -> Qualifications:
    q = obj.values
    return Qualifications(
        education=q.get("education"), experience=q.get("experience"),
        skills=q.get("skills", ()), certificates=q.get("certificates", ()),
        other=q.get("other", ()), loc=obj.loc)


def salary(obj: Obj) -> Salary:
    s = obj.values
    return Salary(min=s.get("min"), max=s.get("max"), per=s.get("per", "month"),
                  currency=s.get("currency", "CNY"), loc=obj.loc)


def _variants(text: Text) -> list[str]:
    return [v for v in (text.plain, text.zh, text.en) if v is not None]


def unknown_placeholders(text: Text, allowed: tuple[str, ...]) -> list[str]:
    found = (m.group(1) for v in _variants(text) for m in _SLOT.finditer(v))
    return list(dict.fromkeys(name for name in found if name is not None and
                              name not in allowed))


def fill(text: Text, values: Mapping[str, Text], lang: str) -> Text:
    """``text`` with each ``{name}`` replaced by ``values[name]`` in the variant's language
    (a plain text takes the org's language); unknown names are left as written."""

    def one(value: str, variant_lang: str) -> str:
        if "{" not in value and "}" not in value:
            return value

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name is None:
                return match.group(0)[0]  # `{{` → `{`, `}}` → `}`
            if name not in values:
                return match.group(0)
            return values[name].get(variant_lang)

        return _SLOT.sub(replace, value)

    if text.plain is not None:
        return Text(plain=one(text.plain, lang))
    return Text(zh=None if text.zh is None else one(text.zh, "zh"),
                en=None if text.en is None else one(text.en, "en"))


def _fill_qualifications(q: Qualifications, values: Mapping[str, Text],
                         lang: str) -> Qualifications:
    def one(t: Text | None) -> Text | None:
        return None if t is None else fill(t, values, lang)

    return Qualifications(
        education=one(q.education), experience=one(q.experience),
        skills=tuple(fill(t, values, lang) for t in q.skills),
        certificates=tuple(fill(t, values, lang) for t in q.certificates),
        other=tuple(fill(t, values, lang) for t in q.other), loc=q.loc)


class Profiles:
    """The profiles of the model, checked once, and their instantiation per post."""

    def __init__(self, raw: list[Obj], findings: list[Finding], lang: str):
        self.findings = findings
        self.lang = lang
        self.by_id: dict[str, Profile] = {}
        self.all: list[Profile] = []
        for obj in raw:
            profile = self._profile(obj)
            if profile is not None:
                self.all.append(profile)
                self.by_id.setdefault(profile.id, profile)  # duplicates: validate reports

    def _profile(self, raw: Obj) -> Profile | None:
        v = raw.values
        if "id" not in v or "title" not in v:
            return None
        duties = tuple(Duty(v["id"], n, d.text, d.raci, d.loc, d.locs)
                       for n, d in enumerate(v.get("duties", ()), start=1) if d is not None)
        profile = Profile(
            id=v["id"], title=v["title"], purpose=v.get("purpose"), duties=duties,
            qualifications=qualifications(v["qualifications"]) if "qualifications" in v
            else None, key=v.get("key"), headcount=v.get("headcount"),
            location=v.get("location"), salary=salary(v["salary"]) if "salary" in v else None,
            loc=raw.loc, locs=raw.locs)
        self._check_placeholders(profile)
        return profile

    def _check_placeholders(self, profile: Profile) -> None:
        """Unknown placeholders, once per profile field (not once per post)."""
        places: list[tuple[str, Text | None, Loc, tuple[str, ...]]] = [
            ("title", profile.title, profile.locs.get("title", profile.loc),
             ("department", "org")),
        ]
        places += [(name, getattr(profile, name), profile.locs.get(name, profile.loc),
                    PLACEHOLDERS) for name in _TEXT_FIELDS]
        places += [(f"duties[{d.n}]", d.text, d.locs.get("text", d.loc), PLACEHOLDERS)
                   for d in profile.duties]
        q = profile.qualifications
        if q is not None:
            texts = [q.education, q.experience, *q.skills, *q.certificates, *q.other]
            places += [("qualifications", t, q.loc, PLACEHOLDERS) for t in texts]
        for where, text, loc, allowed in places:
            if text is None:
                continue
            for name in unknown_placeholders(text, allowed):
                self.findings.append(finding(
                    "DM127", Msg(N_("profile `{profile}` {where}: unknown placeholder "
                                    "`{placeholder}` in braces"), profile=profile.id,
                                 where=where, placeholder=name), loc, subject=profile.id,
                    hint=Msg(N_("the placeholders are {allowed}, each in braces; write a "
                                "brace twice for a literal one"), allowed=", ".join(allowed))))

    def instantiate(self, profile: Profile, raw: Obj, own_duties: list[RawDuty | None],
                    department: Text, org_name: Text) -> dict[str, Any]:
        """The fields of the post ``raw`` that instantiates ``profile``: its own where it
        wrote them, the profile's (filled in) otherwise; its duties numbered."""
        v, lang = raw.values, self.lang
        values: dict[str, Text] = {"department": department, "org": org_name}
        title = v["title"] if "title" in v else fill(profile.title, values, lang)
        values["post"] = title
        role_id = v["id"]
        omit = self._omit(profile, raw)
        duties: list[Duty] = []
        for duty in profile.duties:
            if duty.n not in omit:
                duties.append(Duty(role_id, len(duties) + 1, fill(duty.text, values, lang),
                                   duty.raci, duty.loc, duty.locs, profile=profile.id,
                                   profile_n=duty.n))
        duties += [Duty(role_id, len(duties) + n, d.text, d.raci, d.loc, d.locs)
                   for n, d in enumerate((d for d in own_duties if d is not None), start=1)]
        out: dict[str, Any] = {"title": title, "duties": tuple(duties)}
        for name in _TEXT_FIELDS:
            text = getattr(profile, name)
            out[name] = v.get(name, None if text is None else fill(text, values, lang))
        out["key"] = v.get("key", bool(profile.key))
        out["headcount"] = v.get("headcount", profile.headcount)
        out["salary"] = salary(v["salary"]) if "salary" in v else profile.salary
        if "qualifications" in v:
            out["qualifications"] = qualifications(v["qualifications"])
        elif profile.qualifications is not None:
            out["qualifications"] = _fill_qualifications(profile.qualifications, values, lang)
        else:
            out["qualifications"] = None
        out["inherited"] = frozenset(name for name in INHERITED if name not in v)
        # Inherited fields are located where the profile wrote them.
        out["locs"] = {**{k: loc for k, loc in profile.locs.items() if k in INHERITED},
                       **raw.locs}
        return out

    def _omit(self, profile: Profile, raw: Obj) -> set[int]:
        omit = set()
        count = len(profile.duties)
        for n in raw.values.get("omit", ()):
            loc = raw.locs.get(f"omit.{n}", raw.loc)
            if n > count:
                self.findings.append(finding(
                    "DM124", Msg(N_("`{post}` omits duty {n} of profile `{profile}`, which "
                                    "has {count} duties"), post=raw.values["id"], n=n,
                                 profile=profile.id, count=count), loc,
                    subject=raw.values["id"], related=(profile.id,),
                    hint=Msg(N_("omit a number from 1 to {count}"), count=count) if count else
                    Msg(N_("remove `omit:` (the profile has no duties)"))))
            else:
                omit.add(n)
        return omit
