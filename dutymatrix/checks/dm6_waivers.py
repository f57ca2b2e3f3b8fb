"""DM6xx waivers: accepted exceptions, their expiry and their approval.

A waiver is applied by the engine after every other rule has run: it marks the findings
of its rule on its subject as waived (``Finding.waived_by``) until ``expires`` (the last
day it holds). The rules here report the waivers themselves; they have no check of
their own and cannot be waived. Examples: ``examples/DM601.yaml`` … ``examples/DM603.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from dutymatrix.checks._common import did_you_mean, named
from dutymatrix.findings import Finding, Rule, Severity
from dutymatrix.i18n import N_
from dutymatrix.messages import Msg
from dutymatrix.model import Org, Waiver

SOD_RULE_IDS = ("DM401", "DM402")

def waiver_matches(waiver: Waiver, finding: Finding, sod_rule_ids: Iterable[str]) -> bool:
    """Whether ``waiver`` covers ``finding``: same rule (or SoD rule), same subject."""
    if finding.subject != waiver.subject or finding.rule.startswith("DM6"):
        return False
    if waiver.rule in sod_rule_ids:
        return (
            finding.rule in SOD_RULE_IDS
            and bool(finding.related)
            and finding.related[0] == waiver.rule
        )
    return waiver.rule in (finding.rule, finding.name)


def _self_approval(org: Org, waiver: Waiver) -> Msg | None:
    """Why ``waiver`` is approved by its own subject, or None when it is not."""
    by = waiver.approved_by
    if not by:
        return None
    if by == waiver.subject:
        return Msg(N_("who is its own subject"))
    person = org.people_by_id.get(waiver.subject)
    if person is not None:  # a waiver on a person, approved by a post they fill
        if by in person.holds:
            return Msg(N_("a post {person} holds"), person=_who(org, person.id))
        if by in person.acting:
            return Msg(N_("a post {person} acts in"), person=_who(org, person.id))
        return None
    # A waiver on a post, approved by a post that one of its holders also fills (holds or
    # acts in, 兼岗): that person would approve the exception of their own post.
    for someone in org.people:
        subject_via = _fills(someone.holds, someone.acting, waiver.subject)
        approver_via = _fills(someone.holds, someone.acting, by)
        if subject_via and approver_via:
            return Msg(_FILLS_BOTH[approver_via, subject_via], person=_who(org, someone.id),
                       subject=named(org, waiver.subject))
    return None


# (how the person fills the approving post, how they fill the subject post) → why.
_FILLS_BOTH = {
    ("holds", "holds"): N_("which {person} holds while holding {subject}"),
    ("holds", "acts in"): N_("which {person} holds while acting in {subject}"),
    ("acts in", "holds"): N_("which {person} acts in while holding {subject}"),
    ("acts in", "acts in"): N_("which {person} acts in while acting in {subject}"),
}


def _fills(holds: Sequence[str], acting: Sequence[str], post: str) -> str:
    return "holds" if post in holds else "acts in" if post in acting else ""


def _who(org: Org, person_id: str) -> str | Msg:
    return named(org, person_id)


def apply_waivers(
    findings: Sequence[Finding],
    org: Org,
    today: dt.date,
    known_rules: Iterable[str],
    enabled: Callable[[str], bool],
) -> list[Finding]:
    """``findings`` with waived ones marked, plus the DM6xx findings about the waivers."""
    sod_ids = set(org.sod_rules_by_id)
    result = list(findings)
    by_subject: dict[str, list[int]] = {}
    for i, finding in enumerate(result):
        by_subject.setdefault(finding.subject, []).append(i)
    waiver_findings: list[Finding] = []
    for waiver in org.waivers:
        why_self = _self_approval(org, waiver)
        if why_self is not None:
            waiver_findings.append(_self_approved_finding(org, waiver, why_self))
            continue
        matches = [
            i
            for i in by_subject.get(waiver.subject, ())
            if waiver_matches(waiver, result[i], sod_ids)
        ]
        if waiver.expires is not None and waiver.expires < today:
            waiver_findings.append(_expired_finding(org, waiver, len(matches)))
            continue
        if not matches:
            waiver_findings.append(_unused_finding(org, waiver, known_rules, sod_ids))
            continue
        for i in matches:
            if result[i].waived_by is None:
                result[i] = result[i].with_fields(waived_by=waiver.loc)
    return result + [f for f in waiver_findings if enabled(f.rule)]


def _expired_finding(org: Org, waiver: Waiver, matched: int) -> Finding:
    if matched:
        back = Msg(N_("its finding is reported again") if matched == 1 else
                   N_("its {count} findings are reported again"), count=matched)
    else:
        back = Msg(N_("it would match nothing today"))
    return WAIVER_EXPIRED.finding(
        Msg(N_("waiver of {rule} on {subject} expired on {date}; {consequence}"),
            rule=waiver.rule, subject=named(org, waiver.subject),
            date=waiver.expires.isoformat() if waiver.expires else "?", consequence=back),
        waiver.locs.get("expires") or waiver.loc,
        subject=waiver.subject,
        related=[waiver.rule],
        hint=Msg(N_("fix the finding and delete the waiver, or have it re-approved with a "
                    "new expires date")),
    )


def _unused_finding(
    org: Org, waiver: Waiver, known_rules: Iterable[str], sod_ids: set[str]
) -> Finding:
    known = set(known_rules) | sod_ids
    names = {"rule": waiver.rule, "subject": named(org, waiver.subject)}
    if waiver.rule not in known:
        message = Msg(N_("waiver of {rule} on {subject} matches no finding; {rule} is not a "
                         "check id or SoD rule id{suggestion}"),
                      suggestion=did_you_mean(waiver.rule, known), **names)
    else:
        message = Msg(N_("waiver of {rule} on {subject} matches no finding"), **names)
    return WAIVER_UNUSED.finding(
        message,
        waiver.loc,
        subject=waiver.subject,
        related=[waiver.rule],
        hint=Msg(N_("delete the waiver if the finding is fixed; otherwise correct its rule "
                    "or subject")),
    )


def _self_approved_finding(org: Org, waiver: Waiver, why: Msg) -> Finding:
    return WAIVER_SELF_APPROVED.finding(
        Msg(N_("waiver of {rule} on {subject} is approved by {approver}, {why}; it waives "
               "nothing"), rule=waiver.rule, subject=named(org, waiver.subject),
            approver=named(org, waiver.approved_by or ""), why=why),
        waiver.locs.get("approved_by") or waiver.loc,
        subject=waiver.subject,
        related=[waiver.rule, waiver.approved_by or ""],
        hint=Msg(N_("have someone independent of the subject (risk, audit) approve it")),
    )


WAIVER_EXPIRED = Rule(
    "DM601", "waiver-expired", Severity.WARNING,
    N_("A waiver past its `expires` date; the findings it covered are reported again."),
    finds=N_("""\
A waiver whose `expires` date (the last day it holds) is before the day of the check
(`--today`, default the system date). It suppresses nothing any more: the findings it
covered come back at their own severity, and this warning points at the expired date.
Subject: the waiver's subject; `related` holds its rule."""),
    why=N_("""\
An exception is accepted for a time, with a compensating control; when the time is up it
must be reviewed, not forgotten."""),
    fix=N_("""\
Fix the finding and delete the waiver, or have it re-approved with a new `expires`
date."""),
)

WAIVER_UNUSED = Rule(
    "DM602", "waiver-unused", Severity.WARNING,
    N_("A waiver that matches no finding."),
    finds=N_("""\
A waiver that matches no finding. A waiver matches the findings of its `rule` (a check
id such as DM207, or an SoD rule id such as SOD-LOAN-1, which covers DM401/DM402
findings of that SoD rule) whose subject is its `subject`. The message says which id is
unknown, with a did-you-mean. Subject: the waiver's subject."""),
    why=N_("""\
A waiver that matches nothing is stale (the problem was fixed) or mistyped (and the
finding it was meant for is still reported, or will be when it comes back)."""),
    fix=N_("""\
Delete the waiver if the finding is fixed; otherwise correct its `rule` or `subject`."""),
)

WAIVER_SELF_APPROVED = Rule(
    "DM603", "waiver-self-approved", Severity.ERROR,
    N_("A waiver approved by its own subject; it waives nothing."),
    finds=N_("""\
A waiver whose `approved_by` is:
  * the subject itself;
  * for a waiver on a person, a post that person holds or acts in;
  * for a waiver on a post, a post that someone holding or acting in the subject post
    also holds or acts in (兼岗): they would approve their own post's exception.
The waiver is void — it suppresses nothing — and the message names the person through
whom the approval is self-approval. Subject: the waiver's subject."""),
    why=N_("""\
An exception must be approved by someone other than the holder it excuses."""),
    fix=N_("""\
Have someone independent of the subject (risk, audit) approve it."""),
)
