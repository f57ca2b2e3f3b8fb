"""DM5xx authority: approval-limit bands (审批权限) that leave gaps, overlap or invert rank.

One sweep over the sorted bands yields DM501 and DM502. Examples: ``examples/DM501.yaml``
… ``examples/DM504.yaml``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

from dutymatrix.checks._common import fmt_amount, named
from dutymatrix.findings import Finding, Rule, RuleContext, Severity
from dutymatrix.i18n import N_
from dutymatrix.messages import Msg
from dutymatrix.model import AuthorityRule, Band, Org

INF = math.inf

def _top(band: Band) -> float:
    return INF if band.up_to is None else float(band.up_to)


def _interval(low: float, high: float) -> str:
    return f"({fmt_amount(low)}, {fmt_amount(None if high == INF else high)}" + (
        ")" if high == INF else "]"
    )


def _sorted_bands(rule: AuthorityRule) -> list[Band]:
    # Empty bands (over >= up_to) are the loader's to report; they cover nothing here.
    return sorted(
        (b for b in rule.bands if float(b.over) < _top(b)), key=lambda b: (b.over, _top(b))
    )


def _check_gaps_and_overlaps(ctx: RuleContext) -> Iterator[Finding]:
    """DM501 and DM502 in one sweep over each activity's bands, lowest first."""
    org = ctx.org
    for rule in org.authority:
        bands = _sorted_bands(rule)
        if not bands:
            continue
        covered_to = 0.0
        covering: Band | None = None  # the band that reaches covered_to
        for band in bands:
            low, top = float(band.over), _top(band)
            if low > covered_to:
                yield _gap(org, rule, covered_to, low, covering, band)
            elif low < covered_to and covering is not None:
                yield _covered_twice(org, rule, low, min(covered_to, top), covering, band)
            if top > covered_to:
                covered_to, covering = top, band
        if covered_to != INF and covering is not None:
            yield _gap_above(org, rule, covering, covered_to)


def _gap(org: Org, rule: AuthorityRule, low: float, high: float, below: Band | None,
         above: Band) -> Finding:
    """No approver in (low, high]: between two bands, or under the lowest."""
    amounts = {"activity": named(org, rule.activity), "interval": _interval(low, high),
               "unit": rule.unit}
    if below:
        message = Msg(N_("{activity}: {interval} {unit} has no approver (between {below} and "
                         "{above})"), below=named(org, below.by), above=named(org, above.by),
                      **amounts)
    else:
        message = Msg(N_("{activity}: {interval} {unit} has no approver (the lowest band, "
                         "{above}, starts over {start})"), above=named(org, above.by),
                      start=fmt_amount(high), **amounts)
    return AMOUNT_UNCOVERED.finding(
        message,
        above.locs.get("over") or above.loc, subject=rule.activity,
        related=[b.by for b in (below, above) if b is not None],
        hint=Msg(N_("lower this band's `over` or raise the previous band's `up_to` so they "
                    "meet")))


def _gap_above(org: Org, rule: AuthorityRule, highest: Band, covered_to: float) -> Finding:
    """No approver over the highest band's ``up_to``."""
    return AMOUNT_UNCOVERED.finding(
        Msg(N_("{activity}: {interval} {unit} has no approver (the highest band, {band}, "
               "ends at {end})"), activity=named(org, rule.activity),
            interval=_interval(covered_to, INF), unit=rule.unit,
            band=named(org, highest.by), end=fmt_amount(covered_to)),
        highest.locs.get("up_to") or highest.loc, subject=rule.activity,
        related=[highest.by],
        hint=Msg(N_("add a band `over` the highest `up_to` (a committee or the board), or "
                    "drop that band's `up_to`")))


def _covered_twice(org: Org, rule: AuthorityRule, low: float, high: float, covering: Band,
                   band: Band) -> Finding:
    return AMOUNT_COVERED_TWICE.finding(
        Msg(N_("{activity}: {interval} {unit} is approved by both {first} (up to {up_to}) "
               "and {second} (over {over})"), activity=named(org, rule.activity),
            interval=_interval(low, high), unit=rule.unit, first=named(org, covering.by),
            up_to=fmt_amount(covering.up_to), second=named(org, band.by),
            over=fmt_amount(low)),
        band.locs.get("over") or band.loc, subject=rule.activity,
        related=[covering.by, band.by],
        hint=Msg(N_("make each band's `over` equal the previous band's `up_to`")))


AMOUNT_UNCOVERED = Rule(
    "DM501", "authority-gap", Severity.ERROR,
    N_("Approval bands that leave an amount with no approver."),
    finds=N_("""\
An amount that no approval band covers. Bands read the way 以上 / (含)以下 do: a band
covers the amounts in (over, up_to], with `over` defaulting to 0 and `up_to` to no
limit, and every positive amount must fall in a band. The finding names the uncovered
interval with its bounds' inclusivity, e.g. "(3000000, 5000000] CNY has no approver".
Subject: the activity."""),
    why=N_("""\
An application in the gap has nobody who may approve it: it is either refused by
accident or approved by whoever is nearest, outside any limit."""),
    fix=N_("""\
Lower the next band's `over` or raise the previous band's `up_to` so they meet; above
the highest band, add a band `over` its `up_to` (a committee or the board), or drop that
band's `up_to`."""),
    check=_check_gaps_and_overlaps,
)

AMOUNT_COVERED_TWICE = Rule(
    "DM502", "authority-overlap", Severity.ERROR,
    N_("Approval bands that give one amount two approvers."),
    finds=N_("""\
An amount inside two bands. The finding names the interval covered twice and both
owners; a band starting `over` X next to one ending `up_to` X meet exactly (X belongs to
the lower band). Subject: the activity."""),
    why=N_("""\
An amount with two approvers lets an applicant choose the softer one."""),
    fix=N_("""\
Make each band's `over` equal the previous band's `up_to`."""),
    check=_check_gaps_and_overlaps,  # one sweep finds gaps and overlaps
)


def _check_owner_carries(ctx: RuleContext) -> Iterator[Finding]:
    org, matrix = ctx.org, ctx.matrix
    for rule in ctx.authority("RA"):
        for band in rule.bands:
            if band.by not in org.roles and band.by not in org.committees_by_id:
                continue  # an unknown reference is the loader's finding
            letters = matrix.letters(rule.activity, band.by)
            if any(ch in "RA" for ch in letters):
                continue
            params = {"owner": named(org, band.by), "activity": named(org, rule.activity),
                      "unit": rule.unit,
                      "interval": _interval(float(band.over), _top(band))}
            message = (Msg(N_("{owner} approves {activity} in {interval} {unit}, but none "
                              "of its duties carries it with A or R (it has only "
                              "{letters})"), letters=letters, **params) if letters else
                       Msg(N_("{owner} approves {activity} in {interval} {unit}, but none "
                              "of its duties carries it with A or R"), **params))
            yield OWNER_DOES_NOT_CARRY.finding(
                message,
                band.locs.get("by") or band.loc,
                subject=band.by,
                related=[rule.activity],
                hint=Msg(N_("add the approval to {owner}'s duties with raci: "
                            "{{{activity}: A}}"), owner=band.by, activity=rule.activity),
            )


OWNER_DOES_NOT_CARRY = Rule(
    "DM503", "band-owner-without-duty", Severity.ERROR,
    N_("An approval band owned by a post or committee none of whose duties carries "
    "the activity."),
    finds=N_("""\
A band whose owner (`by`) has no duty with A or R on the band's activity. Subject: the
band owner."""),
    why=N_("""\
The owner approves the activity, so one of its duties must say so; otherwise the job
description and the approval limits disagree."""),
    fix=N_("""\
Add the approval to the owner's duties, e.g. `raci: {{loan.approve: A}}`."""),
    check=_check_owner_carries,
    scoped=True,
)


def _seniority(org: Org, depths: Mapping[str, int], owner: str) -> int | None:
    """Depth in the reporting tree (0 = top); a committee counts as its most senior member."""
    if owner in depths:
        return depths[owner]
    committee = org.committees_by_id.get(owner)
    if committee is None:
        return None
    member_depths = [depths[m] for m in committee.members if m in depths]
    return min(member_depths) if member_depths else None


def _check_seniority(ctx: RuleContext) -> Iterator[Finding]:
    org = ctx.org
    if not org.authority:
        return
    depths = ctx.matrix.graph.depths
    for rule in org.authority:
        bands = _sorted_bands(rule)
        for j, higher in enumerate(bands):
            higher_depth = _seniority(org, depths, higher.by)
            if higher_depth is None:
                continue
            # The most senior owner of a lower band that outranks this band's owner.
            outranking = [
                (depth, lower)
                for lower in bands[:j]
                if lower.by != higher.by
                and float(lower.over) < float(higher.over)
                and (depth := _seniority(org, depths, lower.by)) is not None
                and depth < higher_depth
            ]
            if not outranking:
                continue
            depth, lower = min(outranking, key=lambda pair: pair[0])
            yield SENIORITY_INVERTED.finding(
                Msg(N_("{activity}: the higher band {higher_band} is held by {higher} "
                       "(reporting depth {higher_depth}), less senior than {lower} (depth "
                       "{lower_depth}) who holds the lower band {lower_band}"),
                    activity=named(org, rule.activity),
                    higher_band=_interval(float(higher.over), _top(higher)),
                    higher=named(org, higher.by), higher_depth=higher_depth,
                    lower=named(org, lower.by),
                    lower_depth=depth, lower_band=_interval(float(lower.over), _top(lower))),
                higher.locs.get("by") or higher.loc,
                subject=higher.by,
                related=[rule.activity, lower.by],
                hint=Msg(N_("give larger amounts to the more senior post or committee")),
            )


SENIORITY_INVERTED = Rule(
    "DM504", "band-seniority-inverted", Severity.WARNING,
    N_("A higher approval band held by a less senior owner than a lower band."),
    finds=N_("""\
A band whose owner is less senior than the owner of a lower band. Seniority is depth in
the reporting tree (`reports_to`; 0 = reports to nobody); a committee counts as its most
senior member. The finding names both owners and their depths. Subject: the owner of
the higher band."""),
    why=N_("""\
Larger amounts go to more senior approvers; an inversion usually means two bands' owners
were swapped."""),
    fix=N_("""\
Give the larger amounts to the more senior post or committee."""),
    check=_check_seniority,
)
