"""DM6xx waivers: accepted exceptions, their expiry and their approval.

A waiver is applied by the engine after every other rule has run: it marks the findings
of its rule on its subject as waived (``Finding.waived_by``) until ``expires`` (the last
day it holds). The rules here report the waivers themselves; they have no check of
their own and cannot be waived. Examples: ``examples/DM601.yaml`` … ``examples/DM603.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from dutymatrix.checks._common import did_you_mean
from dutymatrix.findings import Finding, Rule, Severity
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


def _self_approval(org: Org, waiver: Waiver) -> str | None:
    """Why ``waiver`` is approved by its own subject, or None when it is not."""
    by = waiver.approved_by
    if not by:
        return None
    if by == waiver.subject:
        return "who is its own subject"
    person = org.people_by_id.get(waiver.subject)
    if person is not None:  # a waiver on a person, approved by a post they fill
        if by in person.holds:
            return f"a post {_who(org, person.id)} holds"
        if by in person.acting:
            return f"a post {_who(org, person.id)} acts in"
        return None
    # A waiver on a post, approved by a post that one of its holders also fills (holds or
    # acts in, 兼岗): that person would approve the exception of their own post.
    for someone in org.people:
        subject_via = _fills(someone.holds, someone.acting, waiver.subject)
        approver_via = _fills(someone.holds, someone.acting, by)
        if subject_via and approver_via:
            return (f"which {_who(org, someone.id)} {approver_via} while "
                    f"{'holding' if subject_via == 'holds' else 'acting in'} "
                    f"{waiver.subject}")
    return None


def _fills(holds: Sequence[str], acting: Sequence[str], post: str) -> str:
    return "holds" if post in holds else "acts in" if post in acting else ""


def _who(org: Org, person_id: str) -> str:
    name = org.holder_name(person_id)
    return f"{person_id} ({name})" if name != person_id else person_id


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
            waiver_findings.append(_self_approved_finding(waiver, why_self))
            continue
        matches = [
            i
            for i in by_subject.get(waiver.subject, ())
            if waiver_matches(waiver, result[i], sod_ids)
        ]
        if waiver.expires is not None and waiver.expires < today:
            waiver_findings.append(_expired_finding(waiver, len(matches)))
            continue
        if not matches:
            waiver_findings.append(_unused_finding(org, waiver, known_rules, sod_ids))
            continue
        for i in matches:
            if result[i].waived_by is None:
                result[i] = replace(result[i], waived_by=waiver.loc)
    return result + [f for f in waiver_findings if enabled(f.rule)]


def _expired_finding(waiver: Waiver, matched: int) -> Finding:
    back = (
        f"its {matched} finding(s) are reported again"
        if matched
        else "it would match nothing today"
    )
    return WAIVER_EXPIRED.finding(
        f"waiver of {waiver.rule} on {waiver.subject} expired on "
        f"{waiver.expires.isoformat() if waiver.expires else '?'}; {back}",
        waiver.locs.get("expires") or waiver.loc,
        subject=waiver.subject,
        related=[waiver.rule],
        hint="fix the finding and delete the waiver, or have it re-approved with a new "
        "expires date",
    )


def _unused_finding(
    org: Org, waiver: Waiver, known_rules: Iterable[str], sod_ids: set[str]
) -> Finding:
    known = set(known_rules) | sod_ids
    why = ""
    if waiver.rule not in known:
        why = f"; {waiver.rule} is not a check id or SoD rule id{did_you_mean(waiver.rule, known)}"
    return WAIVER_UNUSED.finding(
        f"waiver of {waiver.rule} on {waiver.subject} matches no finding{why}",
        waiver.loc,
        subject=waiver.subject,
        related=[waiver.rule],
        hint="delete the waiver if the finding is fixed; otherwise correct its rule or "
        "subject",
    )


def _self_approved_finding(waiver: Waiver, why: str) -> Finding:
    return WAIVER_SELF_APPROVED.finding(
        f"waiver of {waiver.rule} on {waiver.subject} is approved by {waiver.approved_by}, "
        f"{why}; it waives nothing",
        waiver.locs.get("approved_by") or waiver.loc,
        subject=waiver.subject,
        related=[waiver.rule, waiver.approved_by or ""],
        hint="have someone independent of the subject (risk, audit) approve it",
    )


WAIVER_EXPIRED = Rule(
    "DM601", "waiver-expired", Severity.WARNING,
    "A waiver past its `expires` date; the findings it covered are reported again.",
    finds="""\
A waiver whose `expires` date (the last day it holds) is before the day of the check
(`--today`, default the system date). It suppresses nothing any more: the findings it
covered come back at their own severity, and this warning points at the expired date.
Subject: the waiver's subject; `related` holds its rule.""",
    why="""\
An exception is accepted for a time, with a compensating control; when the time is up it
must be reviewed, not forgotten.""",
    fix="""\
Fix the finding and delete the waiver, or have it re-approved with a new `expires`
date.""",
)

WAIVER_UNUSED = Rule(
    "DM602", "waiver-unused", Severity.WARNING,
    "A waiver that matches no finding.",
    finds="""\
A waiver that matches no finding. A waiver matches the findings of its `rule` (a check
id such as DM207, or an SoD rule id such as SOD-LOAN-1, which covers DM401/DM402
findings of that SoD rule) whose subject is its `subject`. The message says which id is
unknown, with a did-you-mean. Subject: the waiver's subject.""",
    why="""\
A waiver that matches nothing is stale (the problem was fixed) or mistyped (and the
finding it was meant for is still reported, or will be when it comes back).""",
    fix="""\
Delete the waiver if the finding is fixed; otherwise correct its `rule` or `subject`.""",
)

WAIVER_SELF_APPROVED = Rule(
    "DM603", "waiver-self-approved", Severity.ERROR,
    "A waiver approved by its own subject; it waives nothing.",
    finds="""\
A waiver whose `approved_by` is:
  * the subject itself;
  * for a waiver on a person, a post that person holds or acts in;
  * for a waiver on a post, a post that someone holding or acting in the subject post
    also holds or acts in (兼岗): they would approve their own post's exception.
The waiver is void — it suppresses nothing — and the message names the person through
whom the approval is self-approval. Subject: the waiver's subject.""",
    why="""\
An exception must be approved by someone other than the holder it excuses.""",
    fix="""\
Have someone independent of the subject (risk, audit) approve it.""",
)
