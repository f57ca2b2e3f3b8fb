"""DM4xx segregation of duties: holders that carry incompatible activities (不相容岗位).

One pass over the SoD rules yields both DM401 and DM402. Examples:
``examples/DM401.yaml``, ``examples/DM402.yaml``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from dutymatrix.checks._common import name_of, named, raci_loc
from dutymatrix.checks.dm4_fixes import MAX_FIXES, FixFinder
from dutymatrix.findings import Finding, Rule, RuleContext, Severity
from dutymatrix.i18n import N_
from dutymatrix.matrix import Matrix, SodSubject
from dutymatrix.messages import Msg, Names
from dutymatrix.model import Duty, Loc, Org, SodRule
from dutymatrix.options import Option, at_least


def _holder_activities(matrix: Matrix, sod: SodRule) -> dict[str, set[str]]:
    """Holder → the rule's activities it carries with the rule's letters."""
    carried: dict[str, set[str]] = defaultdict(set)
    for activity in sod.activities:
        for holder, letters in matrix.by_activity.get(activity, {}).items():
            if any(ch in sod.letters for ch in letters):
                carried[holder].add(activity)
    return carried


def _describe_subject(org: Org, subject: SodSubject) -> Msg:
    who = named(org, subject.id)
    if subject.kind == "person":
        held = Names.of(named(org, s.holder) for s in subject.sources if s.via == "holds")
        acting = Names.of(named(org, s.holder) for s in subject.sources if s.via == "acting")
        if held.items and acting.items:
            return Msg(N_("person {who}, holding {held} and acting as {acting},"), who=who,
                       held=held, acting=acting)
        if acting.items:
            return Msg(N_("person {who}, acting as {acting},"), who=who, acting=acting)
        return Msg(N_("person {who}, holding {held},"), who=who, held=held)
    if subject.kind == "backup":
        return Msg(N_("{who}, while covering {post} as its backup,"), who=who,
                   post=named(org, subject.context))
    if subject.kind == "member":
        return Msg(N_("{who}, as a member of {committee},"), who=who,
                   committee=named(org, subject.context))
    if subject.kind == "committee":
        return Msg(N_("committee {who}"), who=who)
    return Msg(N_("post {who}"), who=who)


def _duty_numbers(org: Org, subject: SodSubject, duties: list[Duty]) -> Names:
    """The duties behind one activity, by number and owner's name, in the sentence:
    "its duties 1, 2" / "duty 1 of 信贷员" (其第 1、2 条职责 / 信贷员第 1 条职责). Refs and
    file locations are the finding's places, listed after it."""
    by_owner: dict[str, list[int]] = {}
    for duty in duties:
        numbers = by_owner.setdefault(duty.owner, [])
        if duty.n not in numbers:
            numbers.append(duty.n)
    groups: list[Msg] = []
    for owner, numbers in by_owner.items():
        listed = Names.of(numbers, limit=len(numbers))
        if owner == subject.id:
            msgid = N_("its duty {numbers}") if len(numbers) == 1 else N_("its duties {numbers}")
            groups.append(Msg(msgid, numbers=listed))
        else:
            msgid = (N_("duty {numbers} of {owner}") if len(numbers) == 1
                     else N_("duties {numbers} of {owner}"))
            groups.append(Msg(msgid, numbers=listed, owner=name_of(org, owner) or owner))
    return Names.of(groups, limit=len(groups))


def _subject_loc(org: Org, subject: SodSubject, duties: list[Duty], sod: SodRule) -> Loc:
    """Where the user fixes it: the line that brings the activities together."""
    if subject.kind == "person":
        person = org.people_by_id[subject.id]
        via_acting = any(s.via == "acting" for s in subject.sources)
        return (person.locs.get("acting") if via_acting else None) or person.locs.get(
            "holds"
        ) or person.loc
    if subject.kind == "backup":
        covered = org.roles[subject.context]
        return covered.locs.get("backup") or covered.loc
    if subject.kind == "member":
        committee = org.committees_by_id[subject.context]
        return committee.locs.get("members") or committee.loc
    # A post or committee: the last duty that adds a conflicting activity.
    last = max(duties, key=lambda d: (d.loc, d.n))
    activity = next(a for a in sod.activities if a in last.raci)
    return raci_loc(last, activity)


def _check_sod(ctx: RuleContext) -> Iterator[Finding]:
    org, matrix = ctx.org, ctx.matrix
    if ctx.scope is not None:
        # Verifying a move (the engine): only the subjects it touched, under the rules
        # whose activities the moved duty carries with the rule's letters (nothing else
        # changes what a rule says: which duties carry what); no search of its own.
        subjects = list(ctx.scope.subjects)
        holders = {source.holder for subject in subjects for source in subject.sources}
        moved = ctx.scope.moved
        for sod in org.sod_rules:
            if not any(ch in sod.letters for a in sod.activities for ch in moved.get(a, "")):
                continue  # what this rule says of anyone is what it said
            carried = {h: acts for h in holders
                       if (acts := _carried_by(matrix, h, sod))}
            for subject in subjects:
                if _conflicting(subject, sod, carried):
                    yield _conflict(org, matrix, sod, subject)
        return
    subjects = matrix.sod_subjects()
    by_holder: dict[str, list[SodSubject]] = defaultdict(list)
    for subject in subjects:
        for source in subject.sources:
            by_holder[source.holder].append(subject)
    position = {subject.key: i for i, subject in enumerate(subjects)}
    finder = FixFinder(org, matrix, subjects)
    most_fixes = {rule.id: ctx.option(rule, "fixes")
                  for rule in (SOD_CONFLICT, SOD_CONFLICT_RECUSAL)}

    for sod in org.sod_rules:
        carried = _holder_activities(matrix, sod)
        candidates = {s.key: s for h in carried for s in by_holder.get(h, ())}
        for subject in sorted(candidates.values(), key=lambda s: position[s.key]):
            if not _conflicting(subject, sod, carried):
                continue
            finding = _conflict(org, matrix, sod, subject)
            most = most_fixes[finding.rule]
            # fixes: 0 switches the search off and the finding has no "fixes" at all (an
            # empty list would say that no single move clears the conflict). The engine
            # then runs the checks on each suggested move's model and keeps those that hold.
            yield finding.with_fields(fixes=tuple(finder.fixes(sod, subject, most))
                                      if most else None)


def _carried_by(matrix: Matrix, holder: str, sod: SodRule) -> set[str]:
    """The rule's activities ``holder`` carries with the rule's letters."""
    letters = matrix.by_holder.get(holder, {})
    return {a for a in sod.activities if any(ch in sod.letters for ch in letters.get(a, ""))}


def _conflicting(subject: SodSubject, sod: SodRule, carried: dict[str, set[str]]) -> bool:
    acts: set[str] = set()
    for source in subject.sources:
        acts |= carried.get(source.holder, set())
    if len(acts) <= sod.at_most:
        return False
    # People, backups and members are reported only when the conflict needs the
    # combination; a single post that conflicts alone has its own finding.
    return not (subject.kind in ("person", "backup", "member") and any(
        len(carried.get(s.holder, ())) > sod.at_most for s in subject.sources))


def _conflict(org: Org, matrix: Matrix, sod: SodRule, subject: SodSubject) -> Finding:
    carries = matrix.subject_carries(subject, sod.activities, sod.letters)
    ordered = [a for a in sod.activities if a in carries]
    pieces = []
    places: list[tuple[str | Msg, Loc]] = []
    duties: list[Duty] = []
    for activity in ordered:
        carrying = [duty for _source, duty in carries[activity]]
        # Each duty's ref and RACI entry go to the places (a trailing line, SARIF's
        # relatedLocations); the sentence names the activity and the duties' numbers.
        places += [(f"{duty.ref} {activity}", raci_loc(duty, activity)) for duty in carrying]
        duties += carrying
        pieces.append(Msg(N_("{activity}, through {duties}"), activity=named(org, activity),
                          duties=_duty_numbers(org, subject, carrying)))
    # By name with its id, as posts and activities are; a nameless rule (the loader gives
    # it its id as name) by its id once.
    rule_name = named(org, sod.id)
    message = Msg(
        N_("{subject} carries {count} of the incompatible activities of {rule}, where at "
           "most {at_most} is allowed (letters {letters}): {carried}"),
        subject=_describe_subject(org, subject), count=len(ordered), rule=rule_name,
        at_most=sod.at_most, letters=sod.letters,
        carried=Names.of(pieces, limit=len(pieces), clauses=True))
    if sod.basis:
        message = Msg(N_("{message} — basis: {basis}"), message=message, basis=sod.basis)
    related = [sod.id, *([subject.context] if subject.context else []), *ordered]
    loc = _subject_loc(org, subject, duties, sod)
    severity = _parse_severity(sod.severity)
    committee = org.committees_by_id.get(subject.context) if subject.kind == "member" else None
    if committee is not None and committee.recusal:
        recusal_loc = committee.locs.get("recusal") or committee.loc
        message = Msg(
            N_("{message} — reported as a warning because {committee} has recusal: true: "
               "the member must step out of the cases its post worked on"),
            message=message, committee=named(org, committee.id))
        finding = SOD_CONFLICT_RECUSAL.finding(
            message,
            loc,
            subject=subject.id,
            related=related,
            hint=Msg(N_("record each recusal in the committee minutes, or waive with the "
                        "compensating control")),
            places=[*places, (Msg(N_("recusal")), recusal_loc)],
        )
        return finding.with_fields(severity=min(severity, Severity.WARNING))
    finding = SOD_CONFLICT.finding(
        message,
        loc,
        subject=subject.id,
        related=related,
        hint=_hint(subject),
        places=places,
    )
    return finding.with_fields(severity=severity)


def _parse_severity(text: str) -> Severity:
    try:
        return Severity.parse(text)
    except KeyError:  # the loader reports a bad value; fall back to the default
        return Severity.ERROR


def _hint(subject: SodSubject) -> Msg:
    if subject.kind == "person":
        return Msg(N_("give the acting post or one of the held posts to someone else"))
    if subject.kind == "backup":
        return Msg(N_("choose a backup that carries none of these activities"))
    if subject.kind == "member":
        return Msg(N_("replace the member, or let the committee use recusal: true"))
    return Msg(N_("move one of these duties to another post"))


def _fixes_option() -> Option:
    return Option(int, MAX_FIXES, N_("most verified single-duty moves suggested per "
                                     "conflict; 0 switches the search off"), at_least(0))


SOD_CONFLICT = Rule(
    "DM401", "sod-conflict", Severity.ERROR,
    N_("A post, person, covering backup or committee member carries more than "
    "`at_most` activities of a `rules.sod` rule."),
    finds=N_("""\
For each rule in `rules.sod`, every holder that carries more than `at_most` of the
rule's activities with the rule's `letters` (default RA). Holders are:
  * a post or a committee, through its own duties;
  * a person, through every post they hold or act in (兼岗);
  * a backup while covering: its own post plus the post it covers (B 角);
  * a committee member: its post plus the committee's activities.
A person, backup or member is reported only when the conflict arises from the
combination (a post that conflicts on its own has its own finding). The finding names
the holder and each activity by name, the numbers of the duties that carry it and the
rule's basis; each duty's `owner#n` and file:line:col follow as the finding's places.
Its severity is the SoD rule's `severity` (default error) unless `checks.severity`
overrides DM401.
Subject: the post, committee or person id; for a backup or a member, its post id, with
the covered post or the committee in `related`. `related[0]` is always the SoD rule id,
so a waiver with `rule: <SoD rule id>` and `subject: <that id>` suppresses it."""),
    why=N_("""\
Incompatible duties (审贷分离, 贷放分控, 印押证分管) must not meet in one holder: the
person who investigates a loan must not approve it. A conflict reached through a second
post, an acting post or a backup's cover is as real as one written in a single post."""),
    fix=N_("""\
Move one of the duties to another post; for a person, give the acting or a held post to
someone else; for a backup, choose one that carries none of the activities; for a
committee member, replace the member or let the committee use `recusal: true` (DM402).
An accepted exception is a waiver with the compensating control."""),
    check=_check_sod,
    options={"fixes": _fixes_option()},
    scoped=True,
)

SOD_CONFLICT_RECUSAL = Rule(
    "DM402", "sod-conflict-relies-on-recusal", Severity.WARNING,
    N_("A committee member's SoD conflict that only the committee's recusal keeps "
    "apart."),
    finds=N_("""\
A post that sits on a committee with `recusal: true` and reaches an SoD conflict only
through that membership (the post investigates loans the committee approves). The
finding names the recusal it relies on, with the file:line of `recusal: true`; without
`recusal: true` the same conflict is DM401. Subject: the member's post id; `related`
holds the SoD rule id and the committee."""),
    why=N_("""\
Members are expected to step out of the cases they worked on. That is a control, not a
separation, so it is reported as a warning: an auditor will ask for the minutes."""),
    fix=N_("""\
Record each recusal in the committee minutes, or waive the finding with the
compensating control; to separate for real, replace the member."""),
    check=_check_sod,  # one pass over the SoD rules yields both DM401 and DM402
    options={"fixes": _fixes_option()},
    scoped=True,
)
