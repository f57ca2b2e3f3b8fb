"""DM3xx overlap: double responsibility — two answers where there should be one.

DM301 (two Accountables) is here; the checks on duty text (DM302 same duty, DM303
near-duplicates, DM304 catch-alls) share one pass in ``overlap_text``. ``RULES`` lists
the whole family.
"""

from __future__ import annotations

from collections.abc import Iterator

from dutymatrix.checks import overlap_text
from dutymatrix.checks._common import EXAMPLE_ORG_HEAD, MAX_PLACES, name_posts, raci_loc
from dutymatrix.findings import Finding, Rule, RuleContext, Severity


def _check_multiple_accountable(ctx: RuleContext) -> Iterator[Finding]:
    org, matrix = ctx.org, ctx.matrix
    for activity in org.activities.values():
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
        besides = ""
        if authority:
            owners = ", ".join(sorted(band_owners))
            besides = f" ({', '.join(extra)} besides its band owners {owners})"
        yield MULTIPLE_ACCOUNTABLE.finding(
            f"activity {activity.id} ({activity.name}) has {len(holders)} Accountable "
            f"holders: {name_posts(holders)}{besides}",
            raci_loc(first_extra, activity.id),
            subject=activity.id,
            related=holders,
            hint="keep one A and make the others R, C or I"
            + (", or give the extra holder an authority band" if authority else ""),
            places=[(d.ref, raci_loc(d, activity.id)) for d in duties[:MAX_PLACES]],
        )


MULTIPLE_ACCOUNTABLE = Rule(
    id="DM301",
    name="multiple-accountable",
    severity=Severity.ERROR,
    summary="An activity with more than one Accountable (A) holder.",
    doc="""\
One activity, one answer: when two posts are both Accountable, each assumes the other
answers. The finding names every A holder and the duties that give the letter.
An activity split into approval bands (`rules.authority`) has one Accountable per
band, so A holders that are all band owners are not reported; an A holder outside the
bands is.""",
    bad=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.manager
        title: 信贷部经理
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
      - id: credit.deputy
        title: 信贷部副经理
        duties:
          - text: 负责审批贷款
            raci: {loan.approve: A}
""",
    good=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.manager
        title: 信贷部经理
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
      - id: credit.deputy
        title: 信贷部副经理
        duties:
          - text: 协助经理审批贷款
            raci: {loan.approve: C}
""",
    check=_check_multiple_accountable,
)


RULES = (MULTIPLE_ACCOUNTABLE, *overlap_text.RULES)
