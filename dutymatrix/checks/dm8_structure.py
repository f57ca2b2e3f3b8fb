"""DM8xx structure (info): the shape of the org as a graph — spans of control, chains of
command, single points of failure.

Read from the matrix's ``OrgGraph`` (networkx), built once per model. Examples:
``examples/DM801.yaml`` … ``examples/DM803.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator

from dutymatrix.checks._common import MAX_PLACES, name_posts, named, raci_loc
from dutymatrix.findings import Finding, Rule, RuleContext, Severity
from dutymatrix.i18n import N_
from dutymatrix.messages import Msg, Names
from dutymatrix.model import Loc, Org
from dutymatrix.options import Option, at_least

# --- DM801: span of control ---------------------------------------------------------------


def _check_span(ctx: RuleContext) -> Iterator[Finding]:
    most = ctx.option(SPAN_OF_CONTROL, "max")
    graph, roles = ctx.matrix.graph, ctx.org.roles
    for role_id, role in roles.items():
        reports = graph.direct_reports(role_id)
        if len(reports) <= most:
            continue
        yield SPAN_OF_CONTROL.finding(
            Msg(N_("post {title} ({post}) has {count} direct reports (at most {most}): "
                   "{reports}"), post=role_id, title=role.title, count=len(reports),
                most=most, reports=name_posts(ctx.org, reports)),
            role.loc, subject=role_id, related=reports,
            hint=Msg(N_("put a deputy or team lead between them, or raise "
                        "checks.options.DM801.max")),
            places=[(r, roles[r].locs.get("reports_to", roles[r].loc))
                    for r in reports[:MAX_PLACES]])


SPAN_OF_CONTROL = Rule(
    "DM801", "span-of-control", Severity.INFO,
    N_("A post with more direct reports than `max`."),
    finds=N_("""\
A post that more than `max` posts report to (`reports_to`; dotted lines do not count).
One finding per post, at the post, naming its direct reports. Subject: the post;
`related` holds the direct reports."""),
    why=N_("""\
A manager with too many direct reports cannot review their work; the control the
reporting line stands for exists on paper only."""),
    fix=N_("""\
Put a deputy or team lead between the post and part of its reports, or raise `max` if
the work really is that uniform."""),
    check=_check_span,
    options={"max": Option(int, 15, N_("most direct reports of one post"), at_least(1))},
)

# --- DM802: hierarchy depth ---------------------------------------------------------------


def _check_depth(ctx: RuleContext) -> Iterator[Finding]:
    most = ctx.option(HIERARCHY_DEPTH, "max")
    graph, roles = ctx.matrix.graph, ctx.org.roles
    for role_id, depth in graph.depths.items():
        # One finding where a chain first grows too long, not one per deeper post.
        if depth != most:  # the chain of this post has most + 1 posts
            continue
        chain = graph.chain(role_id)
        below = len(graph.below(role_id))
        yield HIERARCHY_DEPTH.finding(
            Msg(N_("post {title} ({post}) is {levels} levels down (at most {most}): "
                   "{chain}; {below} posts below it"), post=role_id,
                title=roles[role_id].title, levels=len(chain), most=most,
                chain=Names.of((named(ctx.org, r) for r in chain), limit=len(chain),
                               separator=" → "), below=below),
            roles[role_id].locs.get("reports_to", roles[role_id].loc), subject=role_id,
            related=chain[1:], hint=Msg(N_("flatten the chain of command, or raise "
                                           "checks.options.DM802.max")))


HIERARCHY_DEPTH = Rule(
    "DM802", "hierarchy-depth", Severity.INFO,
    N_("A chain of command longer than `max` posts."),
    finds=N_("""\
A post whose chain of command — the post, its superior, theirs, up to a post that
reports to nobody — has more than `max` posts. One finding at the first post of each
chain that passes the limit (its `reports_to`), naming the chain; posts further down
are counted, not reported again. Subject: that post; `related` holds its superiors."""),
    why=N_("""\
Every level is a hand-over: long chains slow decisions and blur who answers for what."""),
    fix=N_("""\
Take out a level (report to the superior's superior), or raise `max`."""),
    check=_check_depth,
    options={"max": Option(int, 8, N_("most posts in one chain of command"), at_least(1))},
)

# --- DM803: concentration (single point of failure) ---------------------------------------


def _sole_accountable(ctx: RuleContext) -> dict[str, list[str]]:
    """Holder → the activities it is the only A holder of."""
    matrix = ctx.matrix
    sole: dict[str, list[str]] = {}
    for activity in ctx.org.activities:
        holders = matrix.holders_with(activity, "A")
        if len(holders) == 1:
            sole.setdefault(holders[0], []).append(activity)
    return sole


def _check_concentration(ctx: RuleContext) -> Iterator[Finding]:
    most = ctx.option(CONCENTRATION, "max")
    org, matrix = ctx.org, ctx.matrix
    sole = _sole_accountable(ctx)
    for holder, activities in sole.items():
        if len(activities) > most:
            owner = org.roles.get(holder) or org.committees_by_id.get(holder)
            yield _concentrated(org, holder, activities, most,
                                owner.loc if owner else None,
                                [(a, raci_loc(matrix.carrying_duties(holder, a, "A")[0], a))
                                 for a in activities[:MAX_PLACES]])
    for person in org.people:
        posts = list(dict.fromkeys((*person.holds, *person.acting)))
        if len(posts) < 2:
            continue  # one post: reported as the post
        activities = [a for post in posts for a in sole.get(post, ())]
        if len(activities) > most and all(len(sole.get(p, ())) <= most for p in posts):
            yield _concentrated(org, person.id, activities, most, person.loc, [])


def _concentrated(org: Org, subject: str, activities: list[str], most: int,
                  loc: Loc | None, places: list[tuple[str, Loc]]) -> Finding:
    return CONCENTRATION.finding(
        Msg(N_("{subject} is the only Accountable holder of {count} activities (at most "
               "{most}): {activities}"), subject=named(org, subject),
            count=len(activities), most=most, activities=name_posts(org, activities)),
        loc, subject=subject, related=activities,
        hint=Msg(N_("give some of these activities another Accountable post, or a backup "
                    "who can act")), places=places)


CONCENTRATION = Rule(
    "DM803", "concentration", Severity.INFO,
    N_("A post or person that is the only Accountable (A) holder of more than `max` "
    "activities."),
    finds=N_("""\
A post or committee that is the only A holder of more than `max` activities, or a person
whose posts together are (when no one of the posts is over the limit on its own). One
finding per holder or person, naming the activities. Subject: the post, committee or
person; `related` holds the activities."""),
    why=N_("""\
When one holder alone answers for that much, its absence stops all of it: a single point
of failure that mandatory leave and succession planning look for."""),
    fix=N_("""\
Give some of the activities another Accountable holder, or spread them over posts."""),
    check=_check_concentration,
    options={"max": Option(int, 10, N_("most activities with one sole Accountable holder"),
                           at_least(1))},
)
