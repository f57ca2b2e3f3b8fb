"""DM2xx coverage: work nobody answers for or does, posts and departments that carry
nothing, key posts without a backup.

Examples: ``examples/DM201.yaml`` … ``examples/DM207.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator

from dutymatrix.checks._common import CARRY_LETTERS, carries, raci_loc
from dutymatrix.findings import Finding, Rule, RuleContext, Severity

# --- DM201, DM202: an activity without its A or its R ------------------------------------


def _check_activity_holders(ctx: RuleContext) -> Iterator[Finding]:
    """DM201 and DM202 in one pass over the activities."""
    holders_with = ctx.matrix.holders_with
    for activity in ctx.org.activities.values():
        about = f"activity {activity.id} ({activity.name})"
        accountable, responsible = holders_with(activity.id, "A"), holders_with(activity.id, "R")
        if not accountable:
            yield NO_ACCOUNTABLE.finding(
                f"{about} has no Accountable (A) holder", activity.loc, subject=activity.id,
                related=responsible,
                hint="give exactly one post or committee an A on it in one of its duties")
        if not responsible:
            yield NO_RESPONSIBLE.finding(
                f"{about} has no Responsible (R) holder: nobody does the work", activity.loc,
                subject=activity.id, related=accountable,
                hint="give the post that does the work an R on it (AR if it also answers for it)")


NO_ACCOUNTABLE = Rule(
    "DM201", "activity-without-accountable", Severity.ERROR,
    "An activity that no post or committee is Accountable (A) for.",
    finds="""\
A process activity that no holder — a post or a committee — has the letter A on in any
of its duties. Department duties do not count: a department is not a holder, one of its
posts must carry the letter. Subject: the activity; `related` holds its R holders.""",
    why="""\
Every activity needs one holder who answers for it. Nobody answering for 贷款审批 is the
first thing an auditor looks for.""",
    fix="""\
Give exactly one post or committee an A on the activity in one of its duties (AR when
it also does the work).""",
    check=_check_activity_holders,  # one pass yields DM201 and DM202
)


NO_RESPONSIBLE = Rule(
    "DM202", "activity-without-responsible", Severity.WARNING,
    "An activity that no post or committee is Responsible (R) for.",
    finds="""\
A process activity that no post or committee has the letter R on. Subject: the
activity; `related` holds its A holders.""",
    why="""\
An activity someone answers for (A) but nobody carries out (R) exists only on paper.""",
    fix="""\
Give the post that does the work an R on the activity; write AR where the accountable
post also does the work.""",
    check=_check_activity_holders,
)

# --- DM203: a department duty none of the department's posts carries ---------------------


def _check_department_duty_uncarried(ctx: RuleContext) -> Iterator[Finding]:
    org, matrix = ctx.org, ctx.matrix
    for dept in org.departments:
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
            yield DEPARTMENT_DUTY_UNCARRIED.finding(
                f"department duty {duty.ref} gives {dept.id} "
                + ", ".join(f"{a} ({duty.raci[a]})" for a in missing)
                + f", but no post of {dept.id} carries "
                + ("it" if len(missing) == 1 else "them"),
                raci_loc(duty, missing[0]),
                subject=dept.id,
                related=missing,
                hint=f"give a post of {dept.id} a duty with R or A on "
                + ", ".join(missing),
            )


DEPARTMENT_DUTY_UNCARRIED = Rule(
    "DM203", "department-duty-uncarried", Severity.ERROR,
    "A department duty with R or A letters that no post of the department carries.",
    finds="""\
A department duty that gives the department R or A on an activity when no post of that
same department carries the activity with R or A. Posts of child departments do not
count. Subject: the department; `related` holds the activities left uncarried.""",
    why="""\
A department's duties say what the department answers for; its posts do the answering.
Department letters are never holders themselves, so a duty no post carries is work the
department promises and nobody in it does.""",
    fix="""\
Give a post of the department a duty with R or A on each activity named, or take the
letters off the department duty.""",
    check=_check_department_duty_uncarried,
)

# --- DM204, DM205: posts and departments that carry nothing ------------------------------


def _check_role_without_duties(ctx: RuleContext) -> Iterator[Finding]:
    hint = "list its numbered duties (岗位职责) under duties:"
    for role in ctx.org.roles.values():
        if not role.duties:
            yield ROLE_WITHOUT_DUTIES.finding(f"post {role.id} ({role.title}) has no duties",
                                              role.loc, subject=role.id, hint=hint)


ROLE_WITHOUT_DUTIES = Rule(
    "DM204", "role-without-duties", Severity.WARNING,
    "A post with no duties.",
    finds="""\
A post (岗位) whose `duties` list is missing or empty. Subject: the post.""",
    why="""\
A post without duties has an empty job description and carries nothing in the RACI
matrix.""",
    fix="""\
Write its numbered duties (岗位职责) under `duties:`, or remove the post.""",
    check=_check_role_without_duties,
)


def _check_department_without_roles(ctx: RuleContext) -> Iterator[Finding]:
    org = ctx.org
    parents = {d.parent for d in org.departments if d.parent}
    for dept in org.departments:
        # A department that only groups other departments (the branch) needs no posts.
        if not dept.roles and dept.id not in parents:
            yield DEPARTMENT_WITHOUT_ROLES.finding(
                f"department {dept.id} ({dept.name}) has no posts", dept.loc, subject=dept.id,
                hint="add its posts under roles:, or remove the department")


DEPARTMENT_WITHOUT_ROLES = Rule(
    "DM205", "department-without-roles", Severity.WARNING,
    "A department with no posts (and no child departments).",
    finds="""\
A department with neither posts nor child departments. Departments that only group
others (a branch above its departments) are not reported. Subject: the department.""",
    why="""\
A department with nobody in it cannot carry its own duties; it is usually a leftover of
a reorganisation or a department whose posts were never written down.""",
    fix="""\
Add its posts under `roles:`, or remove the department.""",
    check=_check_department_without_roles,
)

# --- DM206, DM207: two people where the rules want two ----------------------------------


def _check_dual_control(ctx: RuleContext) -> Iterator[Finding]:
    matrix = ctx.matrix
    for activity in ctx.org.activities.values():
        if not activity.dual_control:
            continue
        holders = [
            h for h, letters in matrix.by_activity.get(activity.id, {}).items() if carries(letters)
        ]
        if len(holders) < 2:
            who = ", ".join(holders) if holders else "nobody"
            where = activity.locs.get("dual_control") or activity.loc
            yield DUAL_CONTROL.finding(
                f"dual-control activity {activity.id} ({activity.name}) is carried by "
                f"{len(holders)} holder(s) ({who}); it needs at least 2 (A/B 角)",
                where, subject=activity.id, related=holders,
                hint="give a second post R or A on it in one of its duties")


DUAL_CONTROL = Rule(
    "DM206", "dual-control-single-holder", Severity.ERROR,
    "A dual_control activity carried (R or A) by fewer than 2 distinct holders.",
    finds="""\
An activity marked `dual_control: true` that fewer than two distinct posts or
committees carry with R or A. Subject: the activity; `related` holds its holders.""",
    why="""\
Dual control (双人调查, A/B 角) means two people do the work, each checking the other;
with one holder the control exists only in the process description.""",
    fix="""\
Give a second post R or A on the activity in one of its duties.""",
    check=_check_dual_control,
)


def _check_key_role_backup(ctx: RuleContext) -> Iterator[Finding]:
    for role in ctx.org.roles.values():
        if role.key and not role.backup:
            where = role.locs.get("key") or role.loc  # the `key: true` line
            yield KEY_ROLE_WITHOUT_BACKUP.finding(
                f"key post {role.id} ({role.title}) has no backup (B 角)", where,
                subject=role.id,
                hint="name the post that covers it while absent: backup: <role id>")


KEY_ROLE_WITHOUT_BACKUP = Rule(
    "DM207", "key-role-without-backup", Severity.ERROR,
    "A `key: true` post without a backup.",
    finds="""\
A post marked `key: true` (重要岗位) with no `backup:`. Subject: the post.""",
    why="""\
Key posts must be covered during mandatory leave and rotation. The backup then carries
the key post's duties while covering, which the segregation-of-duties rules check too
(DM401).""",
    fix="""\
Name the post that covers it while absent: `backup: <post id>`.""",
    check=_check_key_role_backup,
)
