"""DM2xx coverage: work nobody answers for or does, posts and departments that carry
nothing, key posts without a backup, and — with a `people:` section — vacant accountable
posts and posts below their headcount.

Examples: ``examples/DM201.yaml`` … ``examples/DM209.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator

from dutymatrix.checks._common import CARRY_LETTERS, carries, name_posts, named, raci_loc
from dutymatrix.findings import Finding, Rule, RuleContext, Severity
from dutymatrix.i18n import N_
from dutymatrix.messages import Msg, Names
from dutymatrix.model import Org, Text

# --- DM201, DM202: an activity without its A or its R ------------------------------------


def _check_activity_holders(ctx: RuleContext) -> Iterator[Finding]:
    """DM201 and DM202 in one pass over the activities."""
    holders_with, has_letter = ctx.matrix.holders_with, ctx.matrix.has_letter
    for activity in ctx.org.activities.values():
        if has_letter(activity.id, "A") and has_letter(activity.id, "R"):
            continue  # the usual case, found without listing every holder
        names = {"activity": activity.id, "name": activity.name}
        accountable, responsible = holders_with(activity.id, "A"), holders_with(activity.id, "R")
        if not accountable:
            yield NO_ACCOUNTABLE.finding(
                Msg(N_("activity {name} ({activity}) has no Accountable (A) holder"), **names),
                activity.loc, subject=activity.id, related=responsible,
                hint=Msg(N_("give exactly one post or committee an A on it in one of its "
                            "duties")))
        if not responsible:
            yield NO_RESPONSIBLE.finding(
                Msg(N_("activity {name} ({activity}) has no Responsible (R) holder: nobody "
                       "does the work"), **names),
                activity.loc, subject=activity.id, related=accountable,
                hint=Msg(N_("give the post that does the work an R on it (AR if it also "
                            "answers for it)")))


NO_ACCOUNTABLE = Rule(
    "DM201", "activity-without-accountable", Severity.ERROR,
    N_("An activity that no post or committee is Accountable (A) for."),
    finds=N_("""\
A process activity that no holder — a post or a committee — has the letter A on in any
of its duties. Department duties do not count: a department is not a holder, one of its
posts must carry the letter. Subject: the activity; `related` holds its R holders."""),
    why=N_("""\
Every activity needs one holder who answers for it. Nobody answering for 贷款审批 is the
first thing an auditor looks for."""),
    fix=N_("""\
Give exactly one post or committee an A on the activity in one of its duties (AR when
it also does the work)."""),
    check=_check_activity_holders,  # one pass yields DM201 and DM202
)


NO_RESPONSIBLE = Rule(
    "DM202", "activity-without-responsible", Severity.WARNING,
    N_("An activity that no post or committee is Responsible (R) for."),
    finds=N_("""\
A process activity that no post or committee has the letter R on. Subject: the
activity; `related` holds its A holders."""),
    why=N_("""\
An activity someone answers for (A) but nobody carries out (R) exists only on paper."""),
    fix=N_("""\
Give the post that does the work an R on the activity; write AR where the accountable
post also does the work."""),
    check=_check_activity_holders,
)

# --- DM203: a department duty none of the department's posts carries ---------------------


def _check_department_duty_uncarried(ctx: RuleContext) -> Iterator[Finding]:
    org, matrix = ctx.org, ctx.matrix
    for dept in ctx.departments():
        role_ids = [r.id for r in dept.roles]
        for duty in dept.duties:
            missing = [
                activity
                for activity, letters in duty.raci.items()
                if any(ch in CARRY_LETTERS for ch in letters)
                and not any(carries(matrix.letters(activity, r)) for r in role_ids)
            ]
            if not missing:
                continue
            # Names first, ids in brackets: "贷款利率定价（treasury.pricing）的 A".
            given = Names.of((Msg(N_("{letters} on {activity}"), letters=duty.raci[a],
                                  activity=Msg(N_("{name} ({id})"), id=a,
                                               name=_activity_name(org, a)))
                              for a in missing), limit=len(missing))
            message = (N_("duty {n} ({duty}) of department {department} gives it {letters}, "
                          "but no post of the department carries it") if len(missing) == 1 else
                       N_("duty {n} ({duty}) of department {department} gives it {letters}, "
                          "but no post of the department carries them"))
            yield DEPARTMENT_DUTY_UNCARRIED.finding(
                Msg(message, n=duty.n, duty=duty.ref, letters=given,
                    department=Msg(N_("{name} ({id})"), id=dept.id, name=dept.name)),
                raci_loc(duty, missing[0]),
                subject=dept.id,
                related=missing,
                hint=Msg(N_("give a post of {department} a duty with R or A on {activities}"),
                         department=named(org, dept.id),
                         activities=name_posts(org, missing, limit=len(missing))),
            )


DEPARTMENT_DUTY_UNCARRIED = Rule(
    "DM203", "department-duty-uncarried", Severity.ERROR,
    N_("A department duty with R or A letters that no post of the department carries."),
    finds=N_("""\
A department duty that gives the department R or A on an activity when no post of that
same department carries the activity with R or A. Posts of child departments do not
count. Subject: the department; `related` holds the activities left uncarried."""),
    why=N_("""\
A department's duties say what the department answers for; its posts do the answering.
Department letters are never holders themselves, so a duty no post carries is work the
department promises and nobody in it does."""),
    fix=N_("""\
Give a post of the department a duty with R or A on each activity named, or take the
letters off the department duty."""),
    check=_check_department_duty_uncarried,
    scoped=True,
)

# --- DM204, DM205: posts and departments that carry nothing ------------------------------


def _check_role_without_duties(ctx: RuleContext) -> Iterator[Finding]:
    hint = Msg(N_("list its numbered duties under `duties:`"))
    for role in ctx.posts():
        if not role.duties:
            yield ROLE_WITHOUT_DUTIES.finding(
                Msg(N_("post {title} ({post}) has no duties"), post=role.id, title=role.title),
                role.loc, subject=role.id, hint=hint)


ROLE_WITHOUT_DUTIES = Rule(
    "DM204", "role-without-duties", Severity.WARNING,
    N_("A post with no duties."),
    finds=N_("""\
A post (岗位) whose `duties` list is missing or empty. Subject: the post."""),
    why=N_("""\
A post without duties has an empty job description and carries nothing in the RACI
matrix."""),
    fix=N_("""\
Write its numbered duties (岗位职责) under `duties:`, or remove the post."""),
    check=_check_role_without_duties,
    scoped=True,
)


def _check_department_without_roles(ctx: RuleContext) -> Iterator[Finding]:
    org = ctx.org
    parents = {d.parent for d in org.departments if d.parent}
    for dept in org.departments:
        # A department that only groups other departments (the branch) needs no posts.
        if not dept.roles and dept.id not in parents:
            yield DEPARTMENT_WITHOUT_ROLES.finding(
                Msg(N_("department {name} ({department}) has no posts"), department=dept.id,
                    name=dept.name),
                dept.loc, subject=dept.id,
                hint=Msg(N_("add its posts under `roles:`, or remove the department")))


DEPARTMENT_WITHOUT_ROLES = Rule(
    "DM205", "department-without-roles", Severity.WARNING,
    N_("A department with no posts (and no child departments)."),
    finds=N_("""\
A department with neither posts nor child departments. Departments that only group
others (a branch above its departments) are not reported. Subject: the department."""),
    why=N_("""\
A department with nobody in it cannot carry its own duties; it is usually a leftover of
a reorganisation or a department whose posts were never written down."""),
    fix=N_("""\
Add its posts under `roles:`, or remove the department."""),
    check=_check_department_without_roles,
)

# --- DM206, DM207: two people where the rules want two ----------------------------------


def _check_dual_control(ctx: RuleContext) -> Iterator[Finding]:
    matrix = ctx.matrix
    for activity in ctx.activities(CARRY_LETTERS):
        if not activity.dual_control or matrix.holder_count(activity.id, CARRY_LETTERS, 2) >= 2:
            continue
        holders = [
            h for h, letters in matrix.by_activity.get(activity.id, {}).items() if carries(letters)
        ]
        if len(holders) < 2:
            where = activity.locs.get("dual_control") or activity.loc
            message = (N_("dual-control activity {name} ({activity}) is carried by "
                          "{count} holder ({holders}); it needs at least 2")
                       if len(holders) == 1 else
                       N_("dual-control activity {name} ({activity}) is carried by "
                          "{count} holders ({holders}); it needs at least 2"))
            yield DUAL_CONTROL.finding(
                Msg(message, activity=activity.id, name=activity.name, count=len(holders),
                    holders=name_posts(ctx.org, holders)),
                where, subject=activity.id, related=holders,
                hint=Msg(N_("give a second post R or A on it in one of its duties")))


DUAL_CONTROL = Rule(
    "DM206", "dual-control-single-holder", Severity.ERROR,
    N_("A dual_control activity carried (R or A) by fewer than 2 distinct holders."),
    finds=N_("""\
An activity marked `dual_control: true` that fewer than two distinct posts or
committees carry with R or A. Subject: the activity; `related` holds its holders."""),
    why=N_("""\
Dual control (双人调查, A/B 角) means two people do the work, each checking the other;
with one holder the control exists only in the process description."""),
    fix=N_("""\
Give a second post R or A on the activity in one of its duties."""),
    check=_check_dual_control,
    scoped=True,
)


def _check_key_role_backup(ctx: RuleContext) -> Iterator[Finding]:
    for role in ctx.org.roles.values():
        if role.key and not role.backup:
            where = role.locs.get("key") or role.loc  # the `key: true` line
            yield KEY_ROLE_WITHOUT_BACKUP.finding(
                Msg(N_("key post {title} ({post}) has no backup"), post=role.id,
                    title=role.title),
                where, subject=role.id,
                hint=Msg(N_("name the post that covers it while absent: backup: <role id>")))


KEY_ROLE_WITHOUT_BACKUP = Rule(
    "DM207", "key-role-without-backup", Severity.ERROR,
    N_("A `key: true` post without a backup."),
    finds=N_("""\
A post marked `key: true` (重要岗位) with no `backup:`. Subject: the post."""),
    why=N_("""\
Key posts must be covered during mandatory leave and rotation. The backup then carries
the key post's duties while covering, which the segregation-of-duties rules check too
(DM401)."""),
    fix=N_("""\
Name the post that covers it while absent: `backup: <post id>`."""),
    check=_check_key_role_backup,
)


# --- DM208, DM209: vacancies (only with a `people:` section) ------------------------------


def _activity_name(org: Org, activity_id: str) -> Text | str:
    activity = org.activities.get(activity_id)
    return activity.name if activity is not None else activity_id


def _holder_text(org: Org, holder_id: str) -> Text | str:
    """A post's or committee's name as written (both sides), else its id."""
    if holder_id in org.roles:
        return org.roles[holder_id].title
    committee = org.committees_by_id.get(holder_id)
    return committee.name if committee is not None else holder_id


def vacant_posts(org: Org) -> set[str]:
    """Posts nobody holds or acts in; empty when the org keeps no `people:` section."""
    if not org.people:
        return set()
    filled = {r for p in org.people for r in (*p.holds, *p.acting)}
    return {r for r in org.roles if r not in filled}


def _check_accountable_vacant(ctx: RuleContext) -> Iterator[Finding]:
    vacant = vacant_posts(ctx.org)
    if not vacant:
        return
    for activity in ctx.org.activities.values():
        accountable = ctx.matrix.holders_with(activity.id, "A")
        if not accountable or not all(h in vacant for h in accountable):
            continue
        places = [(f"{d.ref} {activity.id}", raci_loc(d, activity.id))
                  for h in accountable for d in ctx.matrix.carrying_duties(h, activity.id, "A")]
        posts = Names.of(Msg(N_("{name} ({id})"), id=h, name=_holder_text(ctx.org, h))
                         for h in accountable)
        message = Msg(N_("activity {name} ({activity}) is answered for (A) only by vacant "
                         "post(s) {posts}: nobody in `people:` holds or acts in them"),
                      activity=activity.id, name=activity.name, posts=posts)
        where = places[0][1] if places else activity.loc
        yield ACCOUNTABLE_POST_VACANT.finding(message, where, subject=activity.id,
                                              related=accountable, places=places,
                                              hint=_STAFF_THE_POST)


_STAFF_THE_POST = Msg(N_("assign someone to the post (`holds:` or `acting:` under "
                         "`people:`), or give the A to a staffed post"))


ACCOUNTABLE_POST_VACANT = Rule(
    "DM208", "accountable-post-vacant", Severity.WARNING,
    N_("An activity whose every Accountable (A) holder is a post nobody holds or acts in."),
    finds=N_("""\
With a `people:` section, a post that no person holds or acts in (兼岗) is vacant (空缺).
This finds an activity whose A holders are all vacant posts: on paper somebody answers
for it, in fact nobody does. A committee A holder is never vacant. Skipped when the org
has no `people:` section. Subject: the activity; `related` holds the vacant posts, and
the finding points at the duty that gives the A."""),
    why=N_("""\
An accountable post left empty is a gap the RACI chart hides: approvals pile up or are
signed by whoever is at hand, outside the model's segregation of duties."""),
    fix=N_("""\
Assign someone to the post (`holds:` or `acting:` under `people:`), or move the A to a
staffed post until the vacancy is filled."""),
    check=_check_accountable_vacant,
)


def _check_understaffed(ctx: RuleContext) -> Iterator[Finding]:
    org = ctx.org
    if not org.people:
        return
    holders: dict[str, int] = {}
    for person in org.people:
        for role_id in person.holds:
            holders[role_id] = holders.get(role_id, 0) + 1
    for role in org.roles.values():
        held = holders.get(role.id, 0)
        if role.headcount is None or held >= role.headcount:
            continue
        yield UNDERSTAFFED.finding(
            Msg(N_("post {title} ({post}) has headcount {headcount} but {held} person(s) "
                   "hold it"), post=role.id, title=role.title, headcount=role.headcount,
                held=held),
            role.locs.get("headcount") or role.loc, subject=role.id,
            hint=Msg(N_("fill the post, or lower its `headcount` to the staffing plan")))


UNDERSTAFFED = Rule(
    "DM209", "understaffed", Severity.INFO,
    N_("Fewer people hold a post than its `headcount`."),
    finds=N_("""\
With a `people:` section, a post whose `headcount` (定员) is more than the number of
people who hold it (`holds:`); people acting in it (兼岗) do not count: acting is
temporary. Skipped when the org has no `people:` section or the post no
`headcount`. Subject: the post."""),
    why=N_("""\
A post below its headcount leaves its duties to fewer people than planned: dual control
and rotation (A/B 角) may then exist only on paper."""),
    fix=N_("""\
Fill the post, or lower its `headcount` to the staffing plan."""),
    check=_check_understaffed,
)
