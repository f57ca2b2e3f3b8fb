"""DM2xx coverage of posts and departments: uncarried department duties, empty posts and
departments, key posts without a backup."""

from __future__ import annotations

from collections.abc import Iterator

from dutymatrix.checks._common import CARRY_LETTERS, EXAMPLE_ORG_HEAD, carries, raci_loc
from dutymatrix.findings import Finding, Rule, RuleContext, Severity


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
    id="DM203",
    name="department-duty-uncarried",
    severity=Severity.ERROR,
    summary="A department duty with R or A letters that no post of the department carries.",
    doc="""\
A department's duties say what the department answers for; its posts do the answering.
A department duty that gives the department R or A on an activity must be carried — with
R or A — by at least one post of that same department (posts of child departments do
not count). Department letters are never holders themselves.""",
    bad=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    duties:
      - text: 负责本行权限内贷款的审批
        raci: {loan.approve: A}
    roles:
      - id: credit.clerk
        title: 信贷内勤
        duties:
          - 负责信贷档案的整理
  - id: risk
    name: 风险部
    parent: credit
    roles:
      - id: risk.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
""",
    good=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    duties:
      - text: 负责本行权限内贷款的审批
        raci: {loan.approve: A}
    roles:
      - id: credit.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
""",
    check=_check_department_duty_uncarried,
)


def _check_role_without_duties(ctx: RuleContext) -> Iterator[Finding]:
    for role in ctx.org.roles.values():
        if not role.duties:
            yield ROLE_WITHOUT_DUTIES.finding(
                f"post {role.id} ({role.title}) has no duties",
                role.loc,
                subject=role.id,
                hint="list its numbered duties (岗位职责) under duties:",
            )


ROLE_WITHOUT_DUTIES = Rule(
    id="DM204",
    name="role-without-duties",
    severity=Severity.WARNING,
    summary="A post with no duties.",
    doc="""\
A post (岗位) without duties has an empty job description and carries nothing in the
RACI matrix; either write its 岗位职责 or remove the post.""",
    bad=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
      - id: credit.assistant
        title: 信贷助理
""",
    good=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
      - id: credit.assistant
        title: 信贷助理
        duties:
          - 协助整理信贷档案
""",
    check=_check_role_without_duties,
)


def _check_department_without_roles(ctx: RuleContext) -> Iterator[Finding]:
    org = ctx.org
    parents = {d.parent for d in org.departments if d.parent}
    for dept in org.departments:
        # A department that only groups other departments (the branch) needs no posts.
        if not dept.roles and dept.id not in parents:
            yield DEPARTMENT_WITHOUT_ROLES.finding(
                f"department {dept.id} ({dept.name}) has no posts",
                dept.loc,
                subject=dept.id,
                hint="add its posts under roles:, or remove the department",
            )


DEPARTMENT_WITHOUT_ROLES = Rule(
    id="DM205",
    name="department-without-roles",
    severity=Severity.WARNING,
    summary="A department with no posts (and no child departments).",
    doc="""\
A department with neither posts nor child departments cannot carry its own duties.
Departments that only group others (a branch above its departments) are not reported.""",
    bad=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
  - id: bills
    name: 票据中心
    parent: credit
""",
    good=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: branch
    name: 市分行
  - id: credit
    name: 信贷部
    parent: branch
    roles:
      - id: credit.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
""",
    check=_check_department_without_roles,
)


def _check_key_role_backup(ctx: RuleContext) -> Iterator[Finding]:
    for role in ctx.org.roles.values():
        if role.key and not role.backup:
            yield KEY_ROLE_WITHOUT_BACKUP.finding(
                f"key post {role.id} ({role.title}) has no backup (B 角)",
                role.locs.get("key") or role.loc,
                subject=role.id,
                hint="name the post that covers it while absent: backup: <role id>",
            )


KEY_ROLE_WITHOUT_BACKUP = Rule(
    id="DM207",
    name="key-role-without-backup",
    severity=Severity.ERROR,
    summary="A `key: true` post without a backup.",
    doc="""\
Key posts (重要岗位) must be covered during mandatory leave and rotation: name the post
that covers them with `backup:`. The backup then carries the key post's duties while
covering, which segregation-of-duties rules check too (DM401).""",
    bad=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.approver
        title: 审批人
        key: true
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
""",
    good=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.approver
        title: 审批人
        key: true
        backup: credit.deputy
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
      - id: credit.deputy
        title: 副经理
        duties:
          - 协助经理管理部门日常工作
""",
    check=_check_key_role_backup,
)

RULES = (
    DEPARTMENT_DUTY_UNCARRIED,
    ROLE_WITHOUT_DUTIES,
    DEPARTMENT_WITHOUT_ROLES,
    KEY_ROLE_WITHOUT_BACKUP,
)
