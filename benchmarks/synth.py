"""Write a synthetic org of N departments × M posts × K duties, in the model's shape.

    python benchmarks/synth.py OUT_DIR --departments 400 --posts 10 --duties 15 [--seed 0]
                               [--fanout 5] [--long-titles] [--near-copies]

One file per department (``departments/dNNNN.yaml``) plus ``org.yaml``,
``processes.yaml``, ``committees.yaml``, ``people.yaml``, ``rules.yaml`` and
``waivers.yaml``. Chinese duty text, RACI letters, backups, key posts, people, committees,
SoD rules and authority bands. ``--near-copies``: departments are branches (城东支行…)
whose posts all fill one set of duty templates with their own name, a limit and a day,
now and then a word swapped for a synonym — near copies, never equal, the way branches
copy a standard post. The output loads with no DM1xx error; it is not meant to
pass every later check (gaps and overlaps are expected in random data). Same arguments,
same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path
from typing import Any

import yaml

PROCESSES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("loan", "贷款业务", [("intake", "贷款受理"), ("investigate", "贷前调查"),
                        ("review", "贷时审查"), ("approve", "贷款审批"),
                        ("disburse", "贷款发放"), ("monitor", "贷后检查"),
                        ("collect", "逾期催收"), ("writeoff", "呆账核销")]),
    ("bill", "票据业务", [("accept", "票据承兑"), ("discount", "票据贴现"),
                        ("verify", "票据查验"), ("custody", "票据保管")]),
    ("alm", "资产负债管理", [("plan", "资产负债计划"), ("liquidity", "流动性监测"),
                          ("pricing", "内部资金定价"), ("report", "监管报表报送")]),
    ("card", "信用卡业务", [("apply", "信用卡申请审批"), ("limit", "额度调整"),
                         ("collect", "信用卡催收"), ("fraud", "欺诈调查")]),
    ("hr", "人力资源", [("recruit", "招聘"), ("appraise", "绩效考核"), ("train", "培训"),
                      ("leave", "强制休假安排")]),
]

VERBS = ["负责", "组织", "协助", "参与", "牵头", "配合", "督促", "审核", "编制", "落实"]
OBJECTS = ["信贷政策", "授信方案", "客户档案", "风险台账", "贷后检查报告", "票据业务台账",
           "流动性指标", "内部资金定价", "监管报表", "绩效考核方案", "培训计划", "催收记录",
           "欺诈案件线索", "额度调整申请", "抵押物评估", "客户准入名单", "资产质量分析"]
TAILS = ["的组织实施与检查", "的收集、整理与归档", "的审查并提出意见", "的日常监测和预警",
         "的制定、修订与解释", "的统计分析和报送", "的复核与签批", "的培训与宣导"]
PURPOSES = ["确保信贷资产安全", "防范操作风险", "提高审批效率", "满足监管要求", "保障客户权益",
            "促进业务稳健发展"]
TITLES = ["经理", "副经理", "综合岗", "审查岗", "调查岗", "放款岗", "风险岗", "档案岗", "统计岗",
          "客户经理", "产品经理", "合规岗", "稽核岗", "出纳岗", "会计岗"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华"
CITIES = ["杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴"]
LETTERS = ["R", "A", "C", "I", "R", "C", "I", "RA"]
# --long-titles: names the length of real ones (公司金融部 → 公司金融与普惠金融业务管理部).
LONG_DEPARTMENTS = ["公司金融与普惠金融业务管理", "个人信贷与消费金融风险管理",
                    "资产负债与流动性管理", "信用卡中心逾期账户催收管理", "授信审批与贷后风险监测"]
LONG_TITLES = ["公司信贷业务风险审查与授信管理高级经理", "个人消费贷款贷前调查及贷后检查岗(A角)",
               "信用卡逾期账户催收策略与信息修复专员", "资产负债计划与内部资金转移定价分析岗",
               "普惠金融小微企业客户经理(B角)"]


BRANCH_PLACES = (
    "城东 城西 城南 城北 江北 江南 高新 开发区 滨江 湖滨 新城 老城 西湖 钱塘 临平 萧山".split()
)
BRANCH_KINDS = ["支行", "分理处", "营业部", "二级支行"]
SYNONYMS = [("负责", "承担"), ("组织", "牵头"), ("检查", "核查"), ("审查", "审核"),
            ("报送", "上报"), ("管理", "管控"), ("落实", "执行"), ("客户", "客群")]


def branch_name(index: int) -> str:
    """A distinct branch name per index: 城东支行, 城西第2分理处…"""
    place = BRANCH_PLACES[index % len(BRANCH_PLACES)]
    kind = BRANCH_KINDS[index // len(BRANCH_PLACES) % len(BRANCH_KINDS)]
    serial = index // (len(BRANCH_PLACES) * len(BRANCH_KINDS))
    return f"{place}{f'第{serial + 1}' if serial else ''}{kind}"


def duty_template(text: str, rng: random.Random) -> str:
    """``text`` with slots a branch fills: {branch}, {amount}, {days}."""
    roll = rng.random()
    if roll < 0.4:
        return f"负责{{branch}}辖内{text[2:]},单笔{{amount}}万元以下"
    if roll < 0.7:
        return f"{text},于每月{{days}}日前报{{branch}}负责人"
    return f"{{branch}}{text}"


def fill_template(template: str, branch: str, rng: random.Random) -> str:
    """One branch's copy: its name, a limit and a day, now and then a synonym."""
    text = template.format(branch=branch, amount=rng.choice([50, 100, 200, 300, 500]),
                           days=rng.randint(1, 28))
    for word, synonym in SYNONYMS:
        if word in text and rng.random() < 0.15:
            text = text.replace(word, synonym, 1)
    return text


def _duty_text(rng: random.Random) -> str:
    return rng.choice(VERBS) + rng.choice(OBJECTS) + rng.choice(TAILS) + "," + rng.choice(PURPOSES)


def _activities() -> list[str]:
    return [f"{pid}.{aid}" for pid, _, acts in PROCESSES for aid, _ in acts]


def _dept_id(i: int) -> str:
    return f"d{i:04d}"


def _role_id(dept: int, post: int) -> str:
    return f"{_dept_id(dept)}.r{post:02d}"


def _parent(i: int, fanout: int = 5) -> int | None:
    """A tree with ``fanout`` children per department: department 0 is the root."""
    return None if i == 0 else (i - 1) // fanout


def _department(i: int, posts: int, duties: int, rng: random.Random, fanout: int = 5,
                long_titles: bool = False,
                templates: list[list[str]] | None = None) -> dict[str, Any]:
    activities = _activities()
    prefix = LONG_DEPARTMENTS[i % len(LONG_DEPARTMENTS)] if long_titles else ""
    zh_name = branch_name(i) if templates else f"{prefix}第{i}部"
    dept: dict[str, Any] = {
        "id": _dept_id(i),
        "name": {"zh": zh_name, "en": f"Department {i}"},
    }
    parent = _parent(i, fanout)
    if parent is not None:
        dept["parent"] = _dept_id(parent)
    dept["duties"] = [
        {"text": _duty_text(rng), "raci": {rng.choice(activities): "A"}},
        _duty_text(rng),
    ]
    roles = []
    for p in range(1, posts + 1):
        role: dict[str, Any] = {
            "id": _role_id(i, p),
            "title": f"{zh_name if templates else f'第{i}部'}{TITLES[(p - 1) % len(TITLES)]}"
            if not long_titles or p == 1
            else f"第{i}部{LONG_TITLES[(i + p) % len(LONG_TITLES)]}",
            "code": f"XD-{i:04d}-{p:03d}",
        }
        if p == 1:
            if parent is not None:
                role["reports_to"] = _role_id(parent, 1)
        else:
            role["reports_to"] = _role_id(i, 1)
        role["headcount"] = rng.randint(1, 4)
        if p == 1 and posts > 1:
            role["key"] = True
            role["backup"] = _role_id(i, 2)
        role["purpose"] = f"组织{rng.choice(OBJECTS)}工作,确保业务合规稳健"
        role_duties: list[Any] = []
        for k in range(duties - 1):
            raci = {rng.choice(activities): rng.choice(LETTERS)}
            if rng.random() < 0.3:
                raci[rng.choice(activities)] = rng.choice(LETTERS)
            text = (fill_template(templates[(p - 1) % len(templates)][k], zh_name, rng)
                    if templates else _duty_text(rng))
            role_duties.append({"text": text, "raci": raci})
        role_duties.append("负责领导交办的其他工作")
        role["duties"] = role_duties
        role["qualifications"] = {
            "education": "全日制本科及以上学历",
            "experience": f"{rng.randint(1, 8)}年以上银行工作经验",
            "skills": [f"熟悉{rng.choice(OBJECTS)}相关法规", f"具备{rng.choice(OBJECTS)}分析能力"],
            "certificates": ["银行业专业人员职业资格"] if rng.random() < 0.5 else [],
            "other": ["具有良好的职业操守,无不良从业记录"],
        }
        role["location"] = rng.choice(CITIES)
        low = rng.randint(5, 15) * 1000
        role["salary"] = {"min": low, "max": low + 4999, "per": "month", "currency": "CNY"}
        roles.append(role)
    dept["roles"] = roles
    return dept


def _committees(departments: int, posts: int, rng: random.Random) -> list[dict[str, Any]]:
    managers = [_role_id(i, 1) for i in range(min(departments, 8))]
    return [
        {"id": "loan-committee", "name": "审贷委员会", "members": managers[:5], "recusal": True,
         "duties": [{"text": "审批100万元(含)以下贷款", "raci": {"loan.approve": "A"}}]},
        {"id": "risk-committee", "name": {"zh": "风险管理委员会", "en": "Risk Committee"},
         "members": managers[3:], "duties": [
             {"text": "审批100万元以上贷款", "raci": {"loan.approve": "A"}},
             {"text": "审议呆账核销方案", "raci": {"loan.writeoff": "A"}}]},
    ]


def _people(departments: int, posts: int, rng: random.Random) -> list[dict[str, Any]]:
    people = []
    n = 0
    for i in range(departments):
        for p in range(1, posts + 1):
            n += 1
            person: dict[str, Any] = {
                "id": f"E{n:06d}",
                "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                "holds": [_role_id(i, p)],
            }
            if posts > 2 and rng.random() < 0.05:
                person["acting"] = [_role_id(i, rng.randint(2, posts))]
            people.append(person)
    return people


def _rules() -> dict[str, Any]:
    return {
        "sod": [
            {"id": "SOD-LOAN-1", "name": "审贷分离",
             "activities": ["loan.investigate", "loan.review", "loan.approve"], "at_most": 1,
             "letters": "RA", "severity": "error", "basis": "《贷款通则》第四十条"},
            {"id": "SOD-BILL-1", "name": "票据查验与保管分离",
             "activities": ["bill.verify", "bill.custody"], "at_most": 1},
            {"id": "SOD-CARD-1", "name": {"zh": "审批与催收分离", "en": "Approval vs collection"},
             "activities": ["card.apply", "card.collect"], "severity": "warning"},
        ],
        "authority": [
            {"activity": "loan.approve", "unit": "CNY", "bands": [
                {"by": "loan-committee", "up_to": 1000000},
                {"by": "risk-committee", "over": 1000000}]},
        ],
    }


def _waivers() -> list[dict[str, Any]]:
    return [
        {"rule": "SOD-LOAN-1", "subject": _role_id(1, 1), "reason": "支行仅两名信贷人员",
         "control": "支行行长每月复核全部放款", "approved_by": _role_id(0, 1),
         "expires": dt.date(2027, 6, 30)},
    ]


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                     allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    path.write_text(text, encoding="utf-8")


def write_synthetic_org(
    out_dir: str | Path, departments: int, posts: int, duties: int, seed: int = 0, *,
    fanout: int = 5, long_titles: bool = False, near_copies: bool = False,
) -> Path:
    """Write the org into ``out_dir`` (created) and return it."""
    if departments < 1 or posts < 1 or duties < 1 or fanout < 1:
        raise ValueError("departments, posts, duties and fanout must each be at least 1")
    rng = random.Random(seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _dump(out / "org.yaml", {"org": {"id": "synth-org",
                                     "name": {"zh": "合成测试银行", "en": "Synthetic Bank"},
                                     "locale": "zh-CN", "raci": "RACI"}})
    processes = [
        {"id": pid, "name": name, "activities": [
            {"id": aid, "name": aname, **({"dual_control": True} if aid == "investigate" else {})}
            for aid, aname in acts]}
        for pid, name, acts in PROCESSES
    ]
    _dump(out / "processes.yaml", {"processes": processes})
    # One template list per post position, drawn from its own generator so the rest of
    # the org is the same with or without --near-copies.
    template_rng = random.Random(seed + 1)
    templates = [[duty_template(_duty_text(template_rng), template_rng)
                  for _ in range(duties)] for _ in range(min(posts, len(TITLES)))]
    for i in range(departments):
        department = _department(i, posts, duties, rng, fanout, long_titles,
                                 templates if near_copies else None)
        _dump(out / "departments" / f"{_dept_id(i)}.yaml", {"departments": [department]})
    _dump(out / "committees.yaml", {"committees": _committees(departments, posts, rng)})
    _dump(out / "people.yaml", {"people": _people(departments, posts, rng)})
    _dump(out / "rules.yaml", {"rules": _rules()})
    if departments > 1:
        _dump(out / "waivers.yaml", {"waivers": _waivers()})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--departments", type=int, default=400)
    parser.add_argument("--posts", type=int, default=10)
    parser.add_argument("--duties", type=int, default=15)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fanout", type=int, default=5,
                        help="sub-departments per department (a wide, shallow tree: 20)")
    parser.add_argument("--long-titles", action="store_true",
                        help="department names and post titles as long as real ones")
    parser.add_argument("--near-copies", action="store_true",
                        help="branches filling one set of duty templates with their name")
    args = parser.parse_args()
    out = write_synthetic_org(args.out_dir, args.departments, args.posts, args.duties, args.seed,
                              fanout=args.fanout, long_titles=args.long_titles,
                              near_copies=args.near_copies)
    size = sum(p.stat().st_size for p in out.rglob("*.yaml"))
    print(f"wrote {out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
