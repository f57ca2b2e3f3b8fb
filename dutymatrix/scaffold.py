"""``dutymatrix init DIR``: a small working org to start from.

Two departments, four posts (two of them share a job profile), one process, an approval
band and an SoD rule; it passes ``dutymatrix check``. Every file names the JSON Schema
written next to the org (``.dutymatrix/schema.json``) so editors with the YAML language
server complete and validate fields without network access.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from dutymatrix.errors import UsageError
from dutymatrix.i18n import DEFAULT_LANG, N_
from dutymatrix.messages import Msg, Names

SCHEMA_FILE = ".dutymatrix/schema.json"

ORG_YAML = """\
#:org
org:
  id: example-co
  name: {{zh: 示例公司, en: Example Co.}}
  locale: zh-CN
  raci: RACI

processes:
  - id: purchase
    name: {{zh: 采购付款, en: Purchase to pay}}
    activities:
      - {{id: request, name: {{zh: 采购申请, en: Purchase request}}}}
      - {{id: approve, name: {{zh: 采购审批, en: Purchase approval}}}}
      - {{id: pay,     name: {{zh: 付款, en: Payment}}}}
"""

DEPARTMENT_YAML = """\
#:departments
departments:
  - id: finance
    name: {zh: 财务部, en: Finance Department}
    duties:
      - text: {zh: 负责公司采购付款的审批与支付管理, en: Manage approval and payment of purchases}
        raci: {purchase.approve: A, purchase.pay: A}
    roles:
      - id: finance.manager
        title: {zh: 财务部经理, en: Finance Manager}
        code: CW-01-001
        headcount: 1
        purpose:
          zh: 组织部门工作,确保采购付款合规
          en: Run the department and keep payments compliant
        duties:
          - text: {zh: 负责审批采购申请, en: Approve purchase requests}
            raci: {purchase.approve: A, purchase.request: I}
          - text: {zh: 负责监督付款执行情况, en: Oversee the execution of payments}
            raci: {purchase.pay: A}

      - id: finance.buyer
        profile: buyer                  #:from_profile
        reports_to: finance.manager
        headcount: 2
        duties:                         #:own_duties
          - text:
              zh: 负责汇总提交全公司的采购申请
              en: Collect and submit the company's purchase requests
            raci: {purchase.request: A}

      - id: finance.cashier
        title: {zh: 出纳, en: Cashier}
        reports_to: finance.manager
        headcount: 1
        duties:
          - text: {zh: 负责按审批结果办理付款, en: Process payments that have been approved}
            raci: {purchase.pay: R}
          - text: {zh: 负责审批意见的登记归档, en: File the approval decisions}
            raci: {purchase.approve: R}

  - id: purchasing-east
    name: {zh: 华东采购组, en: East China Purchasing}
    parent: finance
    roles:
      - id: purchasing-east.buyer
        profile: buyer
        reports_to: finance.manager
        omit: [2]                       #:omitted
        duties:
          - text: {zh: 负责华东地区供应商的日常联络, en: Keep in touch with East China suppliers}
            raci: {purchase.request: C}
"""

PROFILES_YAML = """\
#:profiles
profiles:
  - id: buyer
    title: {zh: 采购专员, en: Buyer}
    headcount: 1
    duties:
      - text:
          zh: 负责提交{department}的采购申请并跟进到货
          en: Submit the purchase requests of {department} and follow up deliveries
        raci: {purchase.request: R}
      - text: {zh: 协助审核供应商报价, en: Help review supplier quotes}
        raci: {purchase.approve: C}
    qualifications:
      education: {zh: 大专及以上学历, en: College degree or higher}
"""

PEOPLE_YAML = """\
#:people
people:
  - id: E001
    name: {zh: 王芳, en: Wang Fang}
    holds: [finance.manager]
  - id: E002
    name: {zh: 李雷, en: Li Lei}
    holds: [finance.buyer]
  - id: E003
    name: {zh: 赵敏, en: Zhao Min}
    holds: [finance.cashier]
  - id: E004
    name: {zh: 陈静, en: Chen Jing}
    holds: [purchasing-east.buyer]
"""

RULES_YAML = """\
#:rules
rules:
  sod:
    - id: SOD-PAY-1
      name: {zh: 申请与付款分离, en: Requesting and paying are separate}
      activities: [purchase.request, purchase.pay]
      at_most: 1
      letters: RA
      severity: error
  authority:
    - activity: purchase.approve
      unit: CNY
      bands:
        - {by: finance.manager}
"""

# The comments of the skeleton, put in the language of `init --lang` where a ``#:name``
# marker stands: at the start of a line a paragraph (wrapped), after a value one line.
COMMENTS: dict[str, str] = {
    "org": N_("The org itself and its processes. Every *.yaml file under this folder is "
              "read; sections (org, processes, profiles, departments, committees, people, "
              "rules, waivers) may be split over several files. Check it with:  "
              "dutymatrix check {dir}"),
    "departments": N_("A department, its duties (部门职责) and its posts (岗位). A duty is "
                      "numbered by its position (finance.manager#1 …); `raci` says which "
                      "activities it carries, with which letters: R does the work, A answers "
                      "for it, C is consulted, I is informed."),
    "from_profile": N_("title and duties from profiles.yaml"),
    "own_duties": N_("its own duties follow the profile's"),
    "omitted": N_("profile duty 2 is not this post's"),
    "profiles": N_("Job profiles (标准岗位): a standard post that posts of several "
                   "departments share. A post says `profile: buyer` and gets its title, "
                   "duties and qualifications; its own fields win, its own duties follow the "
                   "profile's, `omit: [n]` leaves profile duty n out. {{department}}, "
                   "{{post}} and {{org}} are filled in per post (quote a text that starts "
                   "with one, and write {{{{ }}}} for literal braces)."),
    "people": N_("Who holds which post. `acting` lists posts a person covers in addition "
                 "(兼岗); a person carries everything of every post they hold or act in, so "
                 "SoD rules apply to them too."),
    "rules": N_("Segregation of duties (不相容岗位分离) and approval limits (审批权限). Amount "
                "bands read like the rules they come from: `over` is exclusive (以上), "
                "`up_to` is inclusive ((含)以下)."),
}
_MARKER = re.compile(r"^#:(\w+)\n|#:(\w+)$", re.MULTILINE)
COMMENT_WIDTH = 88  # columns; a Chinese character takes two
_CLOSING = frozenset("，。；：、）」』！？,.;:)")


def _wrapped(text: str) -> list[str]:
    """``text`` cut into lines of at most COMMENT_WIDTH columns, at spaces where it has them."""
    lines: list[str] = []
    line, width = "", 0
    for token in re.findall(r"\s+|[\u2e80-\uffff]|[^\s\u2e80-\uffff]+", text):
        size = sum(2 if ord(c) >= 0x2E80 else 1 for c in token)
        # Closing punctuation stays at the end of its line, never starts the next one.
        if width + size > COMMENT_WIDTH and line.strip() and token not in _CLOSING:
            lines.append(line.rstrip())
            line, width = "", 0
            if token.isspace():
                continue
        line, width = line + token, width + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


def with_comments(text: str, lang: str, **params: str) -> str:
    """``text`` with each ``#:name`` marker replaced by that comment in ``lang``."""

    def comment(match: re.Match[str]) -> str:
        # Always formatted (a Msg), so a literal brace in a comment is written "{{".
        said = Msg(COMMENTS[match.group(1) or match.group(2)], **params).render(lang)
        if match.group(1):
            return "".join(f"# {line}\n" for line in _wrapped(said))
        return f"# {said}"

    return _MARKER.sub(comment, text)


# path inside the org folder → file text (the schema line is added per file).
SKELETON: dict[str, str] = {
    "org.yaml": ORG_YAML,
    "profiles.yaml": PROFILES_YAML,
    "departments/finance.yaml": DEPARTMENT_YAML,
    "people.yaml": PEOPLE_YAML,
    "rules.yaml": RULES_YAML,
}


def _schema_line(rel: str) -> str:
    """The yaml-language-server comment pointing at the schema, relative to the file."""
    depth = rel.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_FILE}\n"


def write_skeleton(directory: Path, lang: str = DEFAULT_LANG) -> list[Path]:
    """Write the skeleton org into ``directory``, commented in ``lang``; refuse to
    overwrite any file."""
    from dutymatrix.checks import model_schema

    if directory.exists() and not directory.is_dir():
        raise UsageError(Msg(N_("{path}: exists and is not a folder; choose a new folder "
                                "name"), path=directory))
    targets = [directory / rel for rel in (*SKELETON, SCHEMA_FILE)]
    existing = [str(path) for path in targets if path.exists()]
    if existing:
        raise UsageError(Msg(N_("{paths}: already exist(s); init never overwrites files — "
                                "choose an empty folder or move them away"),
                             paths=Names.of(existing, limit=len(existing))))
    contents = {
        directory / rel: _schema_line(rel) + (
            with_comments(text.format(dir=directory.as_posix()), lang,
                          dir=directory.as_posix())
            if rel == "org.yaml" else with_comments(text, lang)
        )
        for rel, text in SKELETON.items()
    }
    contents[directory / SCHEMA_FILE] = (
        json.dumps(model_schema(), ensure_ascii=False, indent=2) + "\n"
    )
    written: list[Path] = []
    for path, text in contents.items():
        target = path.parent
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            target = path
            path.write_text(text, encoding="utf-8")
        except OSError as err:
            what = N_("{path}: cannot write ({reason}); choose a folder you can create and "
                      "write to") if target == path else N_(
                "{path}: cannot create the folder ({reason}); choose a folder you can create "
                "and write to")
            raise UsageError(Msg(what, path=target, reason=err.strerror or err)) from err
        written.append(path)
    return written
