"""DM2xx coverage of activities: nobody Accountable, nobody Responsible, no second holder.

The checks on posts and departments (DM203, DM204, DM205, DM207) are in
``coverage_posts``; ``RULES`` here lists the whole family.
"""

from __future__ import annotations

from collections.abc import Iterator

from dutymatrix.checks import coverage_posts
from dutymatrix.checks._common import EXAMPLE_ORG_HEAD, carries
from dutymatrix.findings import Finding, Rule, RuleContext, Severity


def _check_no_accountable(ctx: RuleContext) -> Iterator[Finding]:
    for activity in ctx.org.activities.values():
        if not ctx.matrix.holders_with(activity.id, "A"):
            yield NO_ACCOUNTABLE.finding(
                f"activity {activity.id} ({activity.name}) has no Accountable (A) holder",
                activity.loc,
                subject=activity.id,
                related=ctx.matrix.holders_with(activity.id, "R"),
                hint="give exactly one post or committee an A on it in one of its duties",
            )


NO_ACCOUNTABLE = Rule(
    id="DM201",
    name="activity-without-accountable",
    severity=Severity.ERROR,
    summary="An activity that no post or committee is Accountable (A) for.",
    doc="""\
Every process activity needs one holder who answers for it: a post or a committee with
the letter A on it in one of its duties. Department duties do not count — a department
is not a holder; one of its posts must carry the letter. Nobody answering for 贷款审批
is the first thing an auditor looks for.""",
    bad=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.officer
        title: 信贷员
        duties:
          - text: 负责贷款审批材料的准备
            raci: {loan.approve: R}
""",
    good=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.officer
        title: 信贷员
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
""",
    check=_check_no_accountable,
)


def _check_no_responsible(ctx: RuleContext) -> Iterator[Finding]:
    for activity in ctx.org.activities.values():
        if not ctx.matrix.holders_with(activity.id, "R"):
            yield NO_RESPONSIBLE.finding(
                f"activity {activity.id} ({activity.name}) has no Responsible (R) holder:"
                " nobody does the work",
                activity.loc,
                subject=activity.id,
                related=ctx.matrix.holders_with(activity.id, "A"),
                hint="give the post that does the work an R on it (AR if it also answers for it)",
            )


NO_RESPONSIBLE = Rule(
    id="DM202",
    name="activity-without-responsible",
    severity=Severity.WARNING,
    summary="An activity that no post or committee is Responsible (R) for.",
    doc="""\
An activity someone answers for (A) but nobody carries out (R) exists only on paper.
Write AR where the accountable post also does the work.""",
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
""",
    check=_check_no_responsible,
)


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
            yield DUAL_CONTROL.finding(
                f"dual-control activity {activity.id} ({activity.name}) is carried by "
                f"{len(holders)} holder(s) ({who}); it needs at least 2 (A/B 角)",
                activity.locs.get("dual_control") or activity.loc,
                subject=activity.id,
                related=holders,
                hint="give a second post R or A on it in one of its duties",
            )


DUAL_CONTROL = Rule(
    id="DM206",
    name="dual-control-single-holder",
    severity=Severity.ERROR,
    summary="A dual_control activity carried (R or A) by fewer than 2 distinct holders.",
    doc="""\
An activity marked `dual_control: true` (双人调查, A/B 角) must be carried with R or A by
at least two distinct posts or committees.""",
    bad="""\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: investigate, name: 贷前调查, dual_control: true}
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.officer-a
        title: 信贷员A角
        duties:
          - text: 负责贷前调查
            raci: {loan.investigate: AR}
""",
    good="""\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: investigate, name: 贷前调查, dual_control: true}
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.officer-a
        title: 信贷员A角
        duties:
          - text: 负责贷前调查
            raci: {loan.investigate: AR}
      - id: credit.officer-b
        title: 信贷员B角
        duties:
          - text: 参与贷前调查
            raci: {loan.investigate: R}
""",
    check=_check_dual_control,
)


RULES = tuple(
    sorted(
        (NO_ACCOUNTABLE, NO_RESPONSIBLE, DUAL_CONTROL, *coverage_posts.RULES),
        key=lambda rule: rule.id,
    )
)
