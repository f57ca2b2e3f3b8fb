"""Job profile changes, reported once with the posts they affect.

A profile shared by 400 branch posts that gains a duty is one change ("标准岗位 信贷员:
新增职责 3 — 影响 400 个岗位"), not 400 ``duty-added``. So profile duties are compared
as the profile writes them (placeholders and all), and ``duties.strip_profile_duties`` takes
the filled-in copies out of the per-post comparison wherever the post has the same
profile on both sides; a field a post inherits is likewise reported on the profile.
"""

from __future__ import annotations

from collections.abc import Iterator

from dutymatrix.diff.change import Change, say
from dutymatrix.diff.duties import align_duties
from dutymatrix.diff.values import added_removed, field_changes, named, renamed
from dutymatrix.model import Org, Profile

PROFILE_FIELDS = ("key", "headcount", "purpose", "qualifications", "location", "salary")


def _posts_of(org: Org, profile_id: str) -> list[str]:
    return [r.id for r in org.roles.values() if r.profile == profile_id]


def profile_changes(old: Org, new: Org, lang: str) -> Iterator[Change]:
    olds, news = old.profiles_by_id, new.profiles_by_id
    yield from added_removed(
        "profile", olds, news, ("标准岗位", "job profile"), lambda p: p.title.get(lang), lang,
        lambda p: {"duties": len(p.duties)},
    )
    for profile_id, after in news.items():
        before = olds.get(profile_id)
        if before is None:
            continue
        posts = _posts_of(new, profile_id)
        affects = {"affects": posts}
        what = say(lang, "标准岗位 {name}", "job profile {name}",
                   name=named(after.title.get(lang), profile_id, lang))
        tail = say(lang, " — 影响 {n} 个岗位", " — affects {n} posts", n=len(posts))
        for change in [*renamed("profile", profile_id, before.title, after.title, lang),
                       *field_changes("profile-changed", profile_id, what, before, after,
                                      PROFILE_FIELDS, lang),
                       *_duty_changes(before, after, what, lang)]:
            yield Change(change.kind, change.subject, change.summary + tail,
                         {**change.details, **affects})


def _duty_changes(before: Profile, after: Profile, what: str, lang: str) -> Iterator[Change]:
    reworded, removed, added = align_duties(before.duties, after.duties)
    for duty in removed:
        yield Change("profile-duty-removed", after.id, say(
            lang, "{what}:删除职责 {n}「{text}」", "{what}: duty {n} removed: “{text}”",
            what=what, n=duty.n, text=duty.text.get(lang)),
            {"n": duty.n, "text": duty.text.to_json()})
    for duty in added:
        yield Change("profile-duty-added", after.id, say(
            lang, "{what}:新增职责 {n}「{text}」", "{what}: duty {n} added: “{text}”",
            what=what, n=duty.n, text=duty.text.get(lang)),
            {"n": duty.n, "text": duty.text.to_json()})
    for old_duty, new_duty in reworded:
        if old_duty.text == new_duty.text:
            continue  # only its position changed
        yield Change("profile-duty-reworded", after.id, say(
            lang, "{what}:职责 {n} 改为「{new}」(原为「{old}」)",
            "{what}: duty {n} reworded to “{new}” (was “{old}”)", what=what, n=new_duty.n,
            new=new_duty.text.get(lang), old=old_duty.text.get(lang)),
            {"n": new_duty.n, "old_n": old_duty.n, "old_text": old_duty.text.to_json(),
             "text": new_duty.text.to_json()})
