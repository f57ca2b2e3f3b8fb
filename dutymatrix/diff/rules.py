"""Changes to the rules of an org: approval bands, SoD rules, waivers, org settings."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from dutymatrix.diff.change import Change, say
from dutymatrix.diff.values import (
    added_removed,
    display,
    field_changes,
    named,
    same_value,
    to_json_value,
)
from dutymatrix.model import AuthorityRule, Band, Org


def _band_range(band: Band) -> str:
    upper = "∞)" if band.up_to is None else f"{display(band.up_to, 'en')}]"
    return f"({display(band.over, 'en')}, {upper}"


def _band_json(band: Band) -> dict[str, Any]:
    return {"by": band.by, "over": to_json_value(band.over), "up_to": to_json_value(band.up_to)}


def authority_changes(old: Org, new: Org, lang: str) -> Iterator[Change]:
    olds, news = old.authority_by_activity, new.authority_by_activity
    for activity in [*news, *(a for a in olds if a not in news)]:
        before, after = olds.get(activity), news.get(activity)
        what = new.holder_name(activity, lang) if activity in new.activities else \
            old.holder_name(activity, lang)
        yield from _band_changes(activity, named(what, activity, lang), before, after, new, old,
                                 lang)


def _band_changes(activity: str, what: str, before: AuthorityRule | None,
                  after: AuthorityRule | None, new: Org, old: Org,
                  lang: str) -> Iterator[Change]:
    old_bands = {b.by: b for b in (before.bands if before else ())}
    new_bands = {b.by: b for b in (after.bands if after else ())}
    unit = (after or before).unit if (after or before) else ""
    for by, band in new_bands.items():
        holder = named(new.holder_name(by, lang), by, lang)
        previous = old_bands.get(by)
        if previous is None:
            yield Change(
                "band-added", activity,
                say(lang, "{what}：新增审批额度 {range} {unit} 由 {holder} 审批",
                    "{what}: band {range} {unit} added, approved by {holder}",
                    what=what, range=_band_range(band), unit=unit, holder=holder),
                {"by": by, "unit": unit, "new": _band_json(band)},
            )
        elif (previous.over, previous.up_to) != (band.over, band.up_to):
            yield Change(
                "band-changed", activity,
                say(lang, "{what}：{holder} 的审批额度由 {old} 改为 {new} {unit}",
                    "{what}: band of {holder} changed from {old} to {new} {unit}",
                    what=what, holder=holder, old=_band_range(previous),
                    new=_band_range(band), unit=unit),
                {"by": by, "unit": unit, "old": _band_json(previous), "new": _band_json(band)},
            )
    for by, band in old_bands.items():
        if by not in new_bands:
            yield Change(
                "band-removed", activity,
                say(lang, "{what}：删除 {holder} 的审批额度 {range} {unit}",
                    "{what}: band {range} {unit} of {holder} removed",
                    what=what, range=_band_range(band), unit=unit,
                    holder=named(old.holder_name(by, lang), by, lang)),
                {"by": by, "unit": unit, "old": _band_json(band)},
            )
    if before and after and before.unit != after.unit:
        yield from field_changes("band-changed", activity, what, before, after, ("unit",),
                                 lang)


SOD_FIELDS = ("name", "activities", "at_most", "letters", "severity", "basis")
WAIVER_FIELDS = ("reason", "control", "approved_by", "expires")


def sod_changes(old: Org, new: Org, lang: str) -> Iterator[Change]:
    olds, news = old.sod_rules_by_id, new.sod_rules_by_id
    yield from added_removed(
        "sod-rule", olds, news, ("不相容规则", "SoD rule"), lambda r: r.name.get(lang), lang,
        lambda r: {"activities": list(r.activities), "at_most": r.at_most},
    )
    for rule_id, after in news.items():
        before = olds.get(rule_id)
        if before is not None:
            yield from field_changes("sod-rule-changed", rule_id,
                                     named(after.name.get(lang), rule_id, lang), before, after,
                                     SOD_FIELDS, lang)


def waiver_changes(old: Org, new: Org, lang: str) -> Iterator[Change]:
    olds = {(w.rule, w.subject): w for w in old.waivers}
    news = {(w.rule, w.subject): w for w in new.waivers}
    for key, waiver in news.items():
        subject = named(new.holder_name(waiver.subject, lang), waiver.subject, lang)
        what = f"{waiver.rule} / {subject}"
        details = {"rule": waiver.rule, "waived": waiver.subject}
        if key not in olds:
            yield Change("waiver-added", waiver.subject,
                         say(lang, "新增豁免：{what}（到期 {expires}）",
                             "waiver added: {what} (expires {expires})",
                             what=what, expires=display(waiver.expires, lang)),
                         {**details, "expires": to_json_value(waiver.expires)})
        else:
            for change in field_changes("waiver-changed", waiver.subject, what, olds[key],
                                        waiver, WAIVER_FIELDS, lang):
                yield dataclasses.replace(change, details={**details, **change.details})
    for key, waiver in olds.items():
        if key not in news:
            what = f"{waiver.rule} / " \
                f"{named(old.holder_name(waiver.subject, lang), waiver.subject, lang)}"
            yield Change("waiver-removed", waiver.subject,
                         say(lang, "删除豁免：{what}", "waiver removed: {what}", what=what),
                         {"rule": waiver.rule, "waived": waiver.subject})


def org_changes(old: Org, new: Org, lang: str) -> Iterator[Change]:
    what = named(new.name.get(lang), new.id, lang)
    if old.id != new.id:
        yield Change("org-changed", new.id,
                     say(lang, "组织 id 由 {old} 改为 {new}", "org id changed from {old} to {new}",
                         old=old.id, new=new.id),
                     {"field": "id", "old": old.id, "new": new.id})
    yield from field_changes("org-changed", new.id, what, old, new, ("name", "locale", "raci"),
                             lang)
    if not same_value(old.checks, new.checks):
        yield Change("checks-changed", new.id,
                     say(lang, "检查配置已修改", "check configuration changed"),
                     {"old": to_json_value(old.checks), "new": to_json_value(new.checks)})
