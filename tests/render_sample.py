"""Small banks built directly from model objects, for the render tests.

The render layer reads only the resolved model, so its tests do not need the YAML loader.
"""

from __future__ import annotations

from dutymatrix.model import (
    Activity,
    AuthorityRule,
    Band,
    Committee,
    Department,
    Duty,
    Org,
    Process,
    Qualifications,
    Role,
    Salary,
    SodRule,
    Text,
)


def _duties(owner: str, *items: str | tuple[str, dict[str, str]]) -> tuple[Duty, ...]:
    duties = []
    for n, item in enumerate(items, start=1):
        text, raci = (item, {}) if isinstance(item, str) else item
        duties.append(Duty(owner=owner, n=n, text=Text(text), raci=raci))
    return tuple(duties)


def sample_org(*, manager_duty: str = "负责全行信贷政策和制度的组织实施及信贷检查",
               extra_roles: int = 0, with_officer: bool = True) -> Org:
    activities = tuple(
        Activity(id=f"loan.{local}", process="loan", name=Text(name))
        for local, name in [
            ("intake", "贷款受理"), ("investigate", "贷前调查"), ("review", "贷时审查"),
            ("approve", "贷款审批"), ("monitor", "贷后检查"),
        ]
    )
    card = (Activity(id="card.collect", process="card", name=Text(zh="逾期催收", en="Collection")),)
    manager = Role(
        id="credit-mgmt.manager",
        title=Text(zh="信贷管理部经理", en="Head of Credit Management"),
        department="credit-mgmt",
        code="XD-01-001",
        headcount=1,
        key=True,
        purpose=Text("组织全行信贷管理工作,确保信贷资产安全"),
        duties=_duties(
            "credit-mgmt.manager",
            (manager_duty, {"loan.monitor": "A"}),
            ("负责贷时审查工作的组织", {"loan.review": "A"}),
            "负责行领导交办的其他工作",
        ),
        qualifications=Qualifications(
            education=Text("全日制本科及以上学历"),
            experience=Text("3年以上银行信贷工作经验"),
            skills=(Text("熟悉信贷政策与法规"),),
        ),
        location=Text("杭州"),
        salary=Salary(min=8000, max=9999),
    )
    reviewer = Role(
        id="credit-mgmt.reviewer",
        title=Text(zh="信贷审查岗", en="Credit Reviewer"),
        department="credit-mgmt",
        reports_to="credit-mgmt.manager",
        duties=_duties(
            "credit-mgmt.reviewer", ("负责贷款审查", {"loan.review": "R", "loan.approve": "C"})
        ),
    )
    roles = [manager, reviewer]
    for i in range(extra_roles):
        roles.append(Role(
            id=f"credit-mgmt.clerk{i}", title=Text(f"信贷文员{i}"), department="credit-mgmt",
            reports_to="credit-mgmt.manager",
            duties=_duties(f"credit-mgmt.clerk{i}", ("负责档案管理", {"loan.intake": "I"})),
        ))
    officer = Role(
        id="customer-1.officer",
        title=Text(zh="客户经理", en="Relationship Manager"),
        department="customer-1",
        duties=_duties("customer-1.officer",
                       ("负责贷款受理与贷前调查", {"loan.intake": "R", "loan.investigate": "RA"}),
                       ("负责逾期催收", {"card.collect": "R"})),
    )
    departments = (
        Department(id="branch", name=Text(zh="市分行", en="City Branch")),
        Department(id="credit-mgmt", name=Text(zh="信贷管理部", en="Credit Management Department"),
                   parent="branch",
                   duties=_duties("credit-mgmt", "负责信贷政策和制度的组织实施及信贷检查"),
                   roles=tuple(roles)),
        Department(id="customer-1", name=Text(zh="客户一部", en="Customer Department 1"),
                   parent="branch", roles=(officer,) if with_officer else ()),
    )
    committee = Committee(
        id="loan-committee", name=Text(zh="审贷委员会", en="Loan Committee"),
        members=("credit-mgmt.manager",), recusal=True,
        duties=_duties("loan-committee", ("审批100万元(含)以下贷款", {"loan.approve": "A"})),
    )
    return Org(
        id="demo-bank",
        name=Text(zh="示例银行市分行", en="Demo Bank City Branch"),
        processes=(
            Process(id="loan", name=Text(zh="贷款业务", en="Lending"), activities=activities),
            Process(id="card", name=Text(zh="信用卡", en="Cards"), activities=card),
        ),
        departments=departments,
        committees=(committee,),
        sod_rules=(SodRule(id="SOD-LOAN-1", name=Text("审贷分离"),
                           activities=("loan.investigate", "loan.review", "loan.approve"),
                           basis=Text("《贷款通则》第四十条")),),
        authority=(AuthorityRule(activity="loan.approve", bands=(
            Band(by="loan-committee", up_to=1_000_000),
            Band(by="credit-mgmt.manager", over=1_000_000, up_to=5_000_000),
        )),),
    )


def small_bank(activity_name: str = "贷款审批", title: str = "信贷管理部经理") -> Org:
    """Two processes, two departments, a committee: the RACI table tests' bank (CSV, Excel)."""
    loan = Process(
        id="loan",
        name=Text(zh="贷款业务", en="Lending"),
        activities=(
            Activity("loan.investigate", "loan", Text(zh="贷前调查", en="Investigation")),
            Activity("loan.approve", "loan", Text(activity_name)),
            Activity("loan.archive", "loan", Text("档案归档")),
        ),
    )
    cards = Process(
        id="card",
        name=Text("信用卡"),
        activities=(Activity("card.collect", "card", Text("逾期催收")),),
    )
    manager = Role(
        id="credit.manager",
        title=Text(title),
        department="credit",
        duties=_duties("credit.manager", ("负责审查", {"loan.approve": "R"})),
    )
    officer = Role(
        id="credit.officer",
        title=Text(zh="客户经理", en="Account Officer"),
        department="credit",
        duties=_duties(
            "credit.officer",
            ("负责贷前调查", {"loan.investigate": "RA"}),
            ("参与审批", {"loan.approve": "C"}),
        ),
    )
    collector = Role(
        id="card.collector",
        title=Text("催收专员"),
        department="card",
        duties=_duties("card.collector", ("负责催收", {"card.collect": "A"})),
    )
    committee = Committee(
        id="loan-committee",
        name=Text("审贷委员会"),
        members=("credit.manager",),
        duties=_duties("loan-committee", ("审批贷款", {"loan.approve": "A"})),
    )
    return Org(
        id="demo",
        name=Text("示例银行"),
        processes=(loan, cards),
        departments=(
            Department("credit", Text("信贷管理部"), roles=(manager, officer)),
            Department("card", Text("信用卡中心"), roles=(collector,)),
        ),
        committees=(committee,),
    )
