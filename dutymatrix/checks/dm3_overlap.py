"""DM3xx overlap: two answers where there should be one — two Accountables, the same duty
in several departments, drifted copies of a duty, catch-all duties out of place.

DM302, DM303 and DM304 read the duty texts in one pass (``_DutyTexts``); the
near-duplicate search itself is in ``neardup``. Examples: ``examples/DM301.yaml`` …
``examples/DM304.yaml``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence

from dutymatrix.checks._common import (
    MAX_PLACES,
    TEXT_CACHE,
    fold_text,
    name_posts,
    named,
    raci_loc,
    text_loc,
)
from dutymatrix.checks.neardup import similar_clusters, template_text
from dutymatrix.findings import Finding, Rule, RuleContext, Severity
from dutymatrix.i18n import N_
from dutymatrix.messages import MAX_NAMED, Msg, Names
from dutymatrix.model import Duty, Org
from dutymatrix.options import Option, at_least, between

# --- DM301: more than one Accountable ----------------------------------------------------


def _check_multiple_accountable(ctx: RuleContext) -> Iterator[Finding]:
    org, matrix = ctx.org, ctx.matrix
    for activity in ctx.activities("A"):
        holders = matrix.holders_with(activity.id, "A")
        if len(holders) < 2:
            continue
        authority = org.authority_by_activity.get(activity.id)
        band_owners = {b.by for b in authority.bands} if authority else set()
        # Banded approval has one Accountable per band: only holders outside the bands
        # are a second answer.
        extra = [h for h in holders if h not in band_owners]
        if authority and not extra:
            continue
        duties = [d for h in holders for d in matrix.carrying_duties(h, activity.id, "A")]
        first_extra = next(d for d in duties if d.owner in (extra or holders[1:]))
        names = {"activity": activity.id, "name": activity.name, "count": len(holders),
                 "holders": name_posts(org, holders)}
        if authority:
            message = Msg(N_("activity {name} ({activity}) has {count} Accountable holders: "
                             "{holders} ({extra} besides its band owners {owners})"),
                          extra=name_posts(org, extra),
                          owners=name_posts(org, sorted(band_owners)), **names)
            hint = Msg(N_("keep one A and make the others R, C or I, or give the extra "
                          "holder an authority band"))
        else:
            message = Msg(N_("activity {name} ({activity}) has {count} Accountable holders: "
                             "{holders}"), **names)
            hint = Msg(N_("keep one A and make the others R, C or I"))
        yield MULTIPLE_ACCOUNTABLE.finding(
            message,
            raci_loc(first_extra, activity.id),
            subject=activity.id,
            related=holders,
            hint=hint,
            places=[(d.ref, raci_loc(d, activity.id)) for d in duties[:MAX_PLACES]],
        )


MULTIPLE_ACCOUNTABLE = Rule(
    "DM301", "multiple-accountable", Severity.ERROR,
    N_("An activity with more than one Accountable (A) holder."),
    finds=N_("""\
An activity that two or more posts or committees are Accountable (A) for. The finding
names every A holder and the duties that give the letter. An activity split into
approval bands (`rules.authority`) has one Accountable per band, so A holders that are
all band owners are not reported; an A holder outside the bands is. Subject: the
activity; `related` holds every A holder."""),
    why=N_("""\
One activity, one answer: when two posts are both Accountable, each assumes the other
answers."""),
    fix=N_("""\
Keep one A and make the others R, C or I; for banded approval, give the extra holder an
authority band."""),
    check=_check_multiple_accountable,
    scoped=True,
)

# --- DM302–DM304: the duty texts ----------------------------------------------------------

# "Other duties as assigned" in the wordings HR actually uses.
CATCH_ALL = re.compile(
    r"交办的?其[他它]|其[他它]交办|临时交办|other (duties|tasks|work|responsibilities)"
    r"( (as|that may be))? ?(assigned|required|delegated)",
    re.IGNORECASE,
)


def is_catch_all(duty: Duty) -> bool:
    text = duty.text
    if text.plain is not None:
        return _catch_all_text(text.plain)
    return any(_catch_all_text(v) for v in (text.zh, text.en) if v)


@functools.lru_cache(maxsize=TEXT_CACHE)
def _catch_all_text(text: str) -> bool:
    return CATCH_ALL.search(text) is not None


class _DutyTexts:
    """One pass over the duty texts for DM302, DM303 and DM304.

    ``by_text``: post duties by folded text, catch-alls left out, in model order;
    ``catch_alls``: (owner, its duties, its catch-all duties) for owners that have one.
    """

    def __init__(self, org: Org) -> None:
        lang = org.locale.split("-")[0]
        self.org = self._org = org
        self._lang = lang
        self._names: dict[str, tuple[str, ...]] = {}
        self._post_names: dict[str, Msg | str] = {}
        self.by_text: dict[str, list[Duty]] = {}
        self.catch_alls: list[tuple[str, Sequence[Duty], list[Duty]]] = []
        self.department = {role_id: role.department for role_id, role in org.roles.items()}
        self.position: dict[int, int] = {}  # id(duty) → model order of post duties
        by_text, position = self.by_text, self.position
        for dept in org.departments:
            self._catch_alls(dept.id, dept.duties)
            for role in dept.roles:
                found = self._catch_alls(role.id, role.duties)
                for duty in role.duties:
                    if found and any(duty is c for c in found):
                        continue
                    position[id(duty)] = len(position)
                    by_text.setdefault(fold_text(duty.text.get(lang)), []).append(duty)
        for committee in org.committees:
            self._catch_alls(committee.id, committee.duties)

    def _catch_alls(self, owner: str, duties: Sequence[Duty]) -> list[Duty]:
        found = [d for d in duties if is_catch_all(d)]
        if found:
            self.catch_alls.append((owner, duties, found))
        return found

    def by_template(self, min_chars: int) -> dict[str, dict[str, list[Duty]]]:
        """Template (``template_text``) → folded text → its duties, in model order; texts
        shorter than ``min_chars`` left out."""
        out: dict[str, dict[str, list[Duty]]] = {}
        names_of = self._names_of
        for folded, duties in self.by_text.items():
            if len(folded) < min_chars:
                continue
            for duty in duties:
                template = template_text(folded, names_of(duty.owner))
                out.setdefault(template, {}).setdefault(folded, []).append(duty)
        return out

    def _names_of(self, role_id: str) -> tuple[str, ...]:
        names = self._names.get(role_id)
        if names is None:
            names = self._names[role_id] = self._owner_names(role_id)
        return names

    def _owner_names(self, role_id: str) -> tuple[str, ...]:
        """What a copy of a post changes: its own names, folded, longest first."""
        org, lang = self._org, self._lang
        role = org.roles[role_id]
        department = org.departments_by_id[role.department]
        texts = [role.title, department.name, org.name]
        if department.parent in org.departments_by_id:
            texts.append(org.departments_by_id[department.parent].name)
        folded = {fold_text(t.get(lang)) for t in texts if t}
        return tuple(sorted((f for f in folded if len(f) >= 2), key=lambda f: (-len(f), f)))

    def name_posts(self, posts: list[str]) -> Names:
        """``name_posts`` with each post's name made once for the pass (and so worded once
        per language): a large org has thousands of findings naming the same posts."""
        shown = [self._post_names.get(p) or self._post_names.setdefault(p, named(self.org, p))
                 for p in posts[:MAX_NAMED]]
        return Names.of(shown + posts[MAX_NAMED:])

    def department_count(self, duties: Sequence[Duty]) -> int:
        department = self.department
        return len({department[d.owner] for d in duties})


def _check_duty_texts(ctx: RuleContext) -> Iterator[Finding]:
    """DM302, DM303 and DM304 in one pass over the duty texts."""
    texts = _DutyTexts(ctx.org)
    yield from _catch_all_findings(texts)
    yield from _same_duty(texts)
    yield from _near_duplicates(texts, ctx)


def _source(duty: Duty) -> object:
    """What wrote the duty: a profile duty for its instances, else the duty itself."""
    return (duty.profile, duty.profile_n) if duty.profile else id(duty)


def _one_source(duties: Sequence[Duty]) -> bool:
    """Instances of one profile duty only: the profile says it once, nothing to report."""
    first = _source(duties[0])
    return all(_source(d) == first for d in duties)


def _copies_own_profile(duties: Sequence[Duty]) -> bool:
    """A post's own duty among the instances of its profile's duties."""
    instance_posts = {d.owner for d in duties if d.profile}
    return any(d.owner in instance_posts for d in duties if not d.profile)


def _same_duty(texts: _DutyTexts) -> Iterator[Finding]:
    for duties in texts.by_text.values():
        departments = texts.department_count(duties) if len(duties) > 1 else 1
        if departments < 2 or _one_source(duties):
            continue
        posts, first = _posts(duties), duties[0]
        yield _overlap_finding(
            SAME_DUTY, duties, posts,
            Msg(N_("the same duty “{text}” is written in {count} posts of {departments} "
                   "departments: {posts}"), text=first.text, count=len(posts),
                departments=departments, posts=texts.name_posts(posts)),
            _SAME_DUTY_HINT, label=_ref)


def _posts(duties: Sequence[Duty]) -> list[str]:
    """The owners of ``duties``, each once, in order."""
    return list(dict.fromkeys(d.owner for d in duties))


def _ref(duty: Duty) -> str:
    return duty.ref


_SAME_DUTY_HINT = Msg(N_("keep the duty in the department that answers for it; elsewhere "
                         "write what differs (C or I on the activity)"))


def _overlap_finding(rule: Rule, duties: Sequence[Duty], posts: list[str], message: Msg,
                     hint: Msg, label: Callable[[Duty], str | Msg]) -> Finding:
    """A finding about duties spread over departments: at the first, naming the other
    posts (``posts``: the owners of ``duties``, each once, in order)."""
    first = duties[0]
    return rule.finding(message, text_loc(first), subject=first.owner,
                        related=posts[1:], hint=hint,
                        places=[(label(d), text_loc(d)) for d in duties[:MAX_PLACES]])


SAME_DUTY = Rule(
    "DM302", "same-duty-in-departments", Severity.WARNING,
    N_("The same duty text (case, spaces and punctuation folded) in posts of "
    "different departments."),
    finds=N_("""\
One duty text carried by posts of two or more departments. Texts are compared after
Unicode NFKC folding, case folding and removal of whitespace and punctuation. One
finding per text names every post that has it (the message names the first few;
`related` holds them all). Catch-all duties (交办的其他工作) are left out: every post has
one. Subject: the first post with the text."""),
    why=N_("""\
Two departments whose posts carry the very same duty either do the work twice or
neither does it."""),
    fix=N_("""\
Keep the duty in the department that answers for it; elsewhere write what differs (a C
or I on the activity)."""),
    check=_check_duty_texts,  # one pass yields DM302, DM303 and DM304
)


def _near_duplicates(texts: _DutyTexts, ctx: RuleContext) -> Iterator[Finding]:
    min_chars = ctx.option(NEAR_DUPLICATE, "min_chars")
    threshold = ctx.option(NEAR_DUPLICATE, "threshold")
    ngram = ctx.option(NEAR_DUPLICATE, "ngram")
    by_template = texts.by_template(min_chars)
    templates = list(by_template)
    # Prefix filtering, not an all-pairs loop, over the templates (names and numbers
    # masked): 60,000 duties take a fraction of a second (benchmarks/bench_neardup.py).
    clustered = similar_clusters(templates, threshold, n=ngram)
    in_cluster = {i for cluster in clustered for i in cluster}
    # A template alone is a cluster too when branches filled it with different names.
    groups = clustered + [[i] for i in range(len(templates)) if i not in in_cluster]
    position = texts.position
    found = []
    for group in groups:
        variants = [by_template[templates[i]] for i in group]
        if sum(map(len, variants)) < 2 and not _copies_own_profile(
                [d for variant in variants for same in variant.values() for d in same]):
            continue  # one text: the same duty everywhere is DM302's
        duties = [d for variant in variants for same in variant.values() for d in same]
        if _one_source(duties):
            continue  # a profile duty filled in per post
        departments = texts.department_count(duties)
        if departments < 2 and not _copies_own_profile(duties):
            continue
        duties.sort(key=lambda d: position[id(d)])  # model order
        found.append((position[id(duties[0])], sum(map(len, variants)), departments, duties))
    for _, distinct, departments, duties in sorted(found, key=lambda f: f[0]):
        posts, first = _posts(duties), duties[0]
        yield _overlap_finding(
            NEAR_DUPLICATE, duties, posts, label=lambda d: Msg(N_("{duty} “{text}”"), duty=d.ref,
                                                          text=d.text),
            message=Msg(N_("{count} near-identical duty texts in {posts_count} posts of "
                           "{departments} departments, e.g. “{text}”: {posts}"),
                        count=distinct, posts_count=len(posts), departments=departments,
                        text=first.text, posts=texts.name_posts(posts)),
            hint=Msg(N_("say once which department answers for this work; make the other "
                        "duties say what differs")))


NEAR_DUPLICATE = Rule(
    "DM303", "near-duplicate-duties", Severity.INFO,
    N_("Near-identical duties in posts of different departments, one finding per "
    "cluster."),
    finds=N_("""\
Copies of a duty that drifted apart ("负责客户信用等级的评定" / "负责客户信用等级的评定
工作") in posts of different departments. Texts are folded (NFKC, case, no spaces or
punctuation), the owner's own names (its department's, its parent department's, its
title, the org's) and every number are masked, so copies a branch filled with its name
and limits read as one text; the texts are cut into character n-grams, and two duties
are similar when the Jaccard index of their n-gram sets is at least `threshold`. Texts
shorter than `min_chars` and catch-all duties are left out. Similar duties are grouped
transitively into clusters; a cluster with at least two different texts in posts of at
least two departments gives one finding that names its posts, so a bank whose branches
copy the same post gets one finding per copied duty, not one per pair or per branch.
Subject: the first post of the cluster."""),
    why=N_("""\
Drifted copies hide the same overlap as identical text (DM302): two departments doing,
or each assuming the other does, the same work."""),
    fix=N_("""\
Say once which department answers for the work, and make the other duties say what
differs."""),
    check=_check_duty_texts,
    options={
        "threshold": Option(float, 0.8, N_("Jaccard index of the n-gram sets at or above "
                               "which two duties are similar"), between(0, 1, low_open=True)),
        "ngram": Option(int, 3, N_("length of the character n-grams compared"),
                        at_least(1)),
        "min_chars": Option(int, 8, N_("folded texts shorter than this are not compared"),
                            at_least(1)),
    },
)


def _catch_all_findings(texts: _DutyTexts) -> Iterator[Finding]:
    for owner, duties, catch_alls in texts.catch_alls:
        if len(catch_alls) > 1:
            numbers = Names.of((d.n for d in catch_alls), limit=len(catch_alls))
            yield CATCH_ALL_DUTY.finding(
                Msg(N_("{owner} has {count} catch-all duties (duties {numbers}); keep one"),
                    owner=named(texts.org, owner), count=len(catch_alls), numbers=numbers),
                text_loc(catch_alls[1]),
                subject=owner,
                hint=Msg(N_("delete all but one catch-all duty (“other duties as assigned”) "
                            "and put it last")),
                places=[(d.ref, text_loc(d)) for d in catch_alls],
            )
        if catch_alls[0] is not duties[-1] and len(catch_alls) == 1:
            only = catch_alls[0]
            yield CATCH_ALL_DUTY.finding(
                Msg(N_("catch-all duty {n} “{text}” of {owner} is not the last of its "
                       "{count} duties"), n=only.n, text=only.text,
                    owner=named(texts.org, owner), count=len(duties)),
                text_loc(only), subject=owner,
                hint=Msg(N_("move it to the end of the list")))


CATCH_ALL_DUTY = Rule(
    "DM304", "catch-all-duty", Severity.WARNING,
    N_("More than one catch-all duty (交办的其他工作) in a post, or one that is not last."),
    finds=N_("""\
A duty list with two or more catch-all duties ("负责行领导交办的其他工作", "other duties
as assigned"), or with one that is not the last duty. Applies to posts, departments and
committees. Subject: the owner of the list."""),
    why=N_("""\
By convention a duty list ends with one catch-all. Two of them, or one in the middle,
usually mean two lists were pasted together."""),
    fix=N_("""\
Delete all but one catch-all duty and move it to the end of the list."""),
    check=_check_duty_texts,
)
