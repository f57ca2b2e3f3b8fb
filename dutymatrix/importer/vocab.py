"""The words that tell a heading from a duty, in folded (simplified, ASCII-punctuation) form."""

from __future__ import annotations

import re

# What a post title ends with (岗位名称).
POST_SUFFIX = (
    "经理|总经理|副经理|总监|专员|主管|主任|人员|员|岗|长|师|助理|会计|出纳|秘书|总裁|董事|"
    "顾问|代表|管理员|客服|主办|经办|负责人|干事|文员|主任委员|委员|司机|保安|操作员|柜员"
)
# What a department or unit name ends with.
DEPT_SUFFIX = (
    "部|中心|室|处|科|局|委员会|办公室|分行|支行|分公司|子公司|事业部|团队|小组|组|所|院|队|"
    "工作站|营业部|总行"
)
_NAME = r"[^\s。;,、:!?.()\[\]\"“”]"  # a character of a heading name (no punctuation)
_NAME_BRACKETS = r"[^\s。;,、:!?.\"“”]"  # … allowing (风险)
POST_TITLE = re.compile(rf"^{_NAME_BRACKETS}{{1,20}}?(?:{POST_SUFFIX})$")
DEPT_NAME = re.compile(rf"^{_NAME}{{1,20}}?(?:{DEPT_SUFFIX})$")

# "…职责" heading endings, longest first; the name before them says what kind it is.
DUTY_HEADING_END = re.compile(
    rf"(?P<name>{_NAME_BRACKETS}{{0,30}}?)"
    r"(?P<end>岗位职责范本|岗位职责说明|岗位职责|岗位职能|工作职责|主要职责|职责范围|"
    r"部门职责|岗位责任制|责任制|职责)"
)
DUTY_LABEL = re.compile(r"^(?:岗位职责|工作职责|主要职责|职责|工作内容|职责描述|岗位描述|"
                        r"Responsibilities|Key Responsibilities|Main Responsibilities|"
                        r"Duties|Main Duties|Duties and Responsibilities|Job Responsibilities|"
                        r"What you will do|What you'll do|What you\u2019ll do|Your role|"
                        r"Job Description)$", re.IGNORECASE)
QUAL_LABEL = re.compile(r"^(?:任职资格|任职要求|岗位要求|任职条件|资格要求|任职资格及要求|"
                        r"任职资格与要求|岗位任职资格|应聘条件|招聘要求|"
                        r"Requirements|Qualifications|Required Qualifications|"
                        r"Skills and Qualifications|Requirements and Qualifications|"
                        r"What we are looking for|Who you are)$", re.IGNORECASE)
OTHER_HEADING = re.compile(r"^(?:附则|总则|说明|备注|引言|前言|目录|概述|附件|工作关系|"
                           r"福利待遇|公司简介|公司介绍|关于我们|About us|About the role|"
                           r"About the job|About the team|The role|Who we are|What we offer|"
                           r"Benefits|Perks|Notes?)$", re.IGNORECASE)
# A label in front of a run-on paragraph: "岗位职责:负责A;负责B", "Responsibilities: …".
LABEL_PREFIX = re.compile(
    r"(?:岗位职责|工作职责|主要职责|职责|任职资格|任职要求|岗位要求|Key Responsibilities|"
    r"Responsibilities|Main Duties|Duties|Requirements|Qualifications)\s*:\s*",
    re.IGNORECASE,
)
# Labelled fields of a job posting: "工作地点:杭州".
FIELD = re.compile(
    r"(?P<label>岗位名称|职位名称|招聘岗位|招聘职位|应聘岗位|职位|岗位|所属部门|部门名称|部门|工作地点|工作地址|薪资范围|"
    r"薪资待遇|薪资|学历要求|学历|经验要求|工作经验|招聘人数|工作性质|年龄要求|岗位编号|"
    r"系列编号|编号|直接上级|直接下级|汇报对象|汇报关系|所辖人员|岗位等级|职级|岗位类别|编制人数|"
    r"Reports to|Job Title|Position|Title|Role|Department|Location|Salary)\s*:\s*"
)
POST_FIELDS = ("岗位名称", "职位名称", "招聘岗位", "招聘职位", "应聘岗位", "职位", "岗位",
               "job title", "position", "title", "role")
DEPT_FIELDS = ("所属部门", "部门名称", "部门", "department")

# Duty verbs: a heading never starts with one.
DUTY_VERB = re.compile(
    r"^(?:认真|积极|及时|主动|具体|全面|主要|协调|定期|按时|严格)?"
    r"(?:负责|组织|协助|配合|参与|做好|完成|制定|编制|拟定|执行|落实|审批|审核|审查|审定|签署|"
    r"批准|了解|通报|管理|办理|开展|指导|检查|督促|确保|建立|推动|监督|贯彻|维护|跟踪|撰写|"
    r"收集|分析|对|根据|按照|通过|及时|提出|研究|承办|处理|实行|控制|禁止)"
)
# Post titles whose first word is also a duty verb: 对公客户经理 is no duty "对…".
VERB_LIKE_POST_PREFIX = re.compile(r"^(?:对公|对私|对外|管理会计|管理员|检查员|审查员|审核员)")
QUAL_WORDS = re.compile(
    r"学历|本科|大专|中专|高中|硕士|经验|年龄|周岁|\d+岁|优先|身体健康|品行|证书|资格证|"
    r"具有较强|具有良好|具备|良好的|熟悉|精通|degree|experience|years|proficien|fluent",
    re.IGNORECASE,
)
EDUCATION_WORDS = re.compile(r"学历|本科|大专|中专|硕士|博士|degree|bachelor|master", re.I)
EXPERIENCE_WORDS = re.compile(r"\d+\s*年以上.*经验|工作经验|years?.{0,20}experience", re.I)

# English headings.
EN_POST_TITLE = re.compile(
    r"^(?:[A-Z][\w&'/-]*\s+){0,5}(?:Manager|Officer|Analyst|Director|Clerk|Specialist|"
    r"Assistant|Head|Supervisor|Lead|Engineer|Coordinator|Administrator|Auditor|Teller|"
    r"Controller|Executive|Representative|Agent|Collector|Reviewer|Accountant|Cashier|"
    r"Secretary|Associate|Consultant|Advisor|Adviser|Underwriter|Inspector|Chief|President|"
    r"Partner|Staff|Developer|Designer|Operator|Planner|Counsel|Treasurer)s?"
    r"(?:\s*\([^)]*\))?$"
    # "Head of Treasury", "Director of Internal Audit"
    r"|^(?:[A-Z][\w&'/-]*\s+){0,3}(?:Head|Director|Manager|Chief|Vice President)\s+of\s+"
    r"(?:the\s+)?[A-Z][\w&'/-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w&'/-]*){0,4}$"
)
EN_DEPT_NAME = re.compile(
    r"^(?:(?:the\s+)?[A-Z][\w&'/-]*\s+){0,6}(?:Department|Dept\.?|Division|Centre|Center|"
    r"Office|Unit|Team|Branch|Committee|Bureau|Section|Group)$"
    r"|^(?:Department|Division|Office)\s+of\s+[A-Z].{0,60}$"
)
EN_HEADING_TAIL = re.compile(
    r"\s*[-—:–]?\s*(?:Job Description|Responsibilities|Duties|Post Duties|Role Profile|"
    r"Key Responsibilities|Duties and Responsibilities)$",
    re.IGNORECASE,
)
_EN_TAIL_LAST = frozenset("nNsSeE\u017f")  # how those labels end, any case (ſ is an s)


def without_en_heading_tail(name: str) -> str:
    """``name`` without a trailing "— Job Description" (…Responsibilities, …Duties); the
    pattern is tried only on a name that ends like one (it is asked of every heading)."""
    if name.rstrip()[-1:] not in _EN_TAIL_LAST:
        return name
    return EN_HEADING_TAIL.sub("", name)


# Where a heading name is split: "信贷(风险)管理风控总监" names the post 风控总监.
MANAGEMENT_PREFIX = re.compile(rf"^(?P<prefix>.+?管理)(?P<title>{_NAME}{{2,8}})$")

# A word-processor template's placeholder left in the document: "请输入您的公司名字",
# "请在此处填写单位名称", "单击此处输入文字", "[公司名称]", "Click here to enter text".
TEMPLATE_PLACEHOLDER = (
    r"请(?:在此处?|于此处?)?(?:输入|填写|填入|键入)(?:您|你)?的?"
    r"(?:公司|企业|单位|部门|机构|组织)?(?:名字|名称|全称|标题|文字|文本|内容)"
    r"|(?:单击|点击|双击)(?:此处|这里)?(?:输入|添加|编辑)(?:文字|文本|标题|内容)"
    r"|\[(?:您的|你的)?(?:公司|企业|单位)(?:名称|名字|全称)\]"
    r"|(?i:click\s+(?:or\s+tap\s+)?here\s+to\s+(?:enter|add)\s+(?:text|a\s+title)\.?)"
    r"|(?i:\[?(?:your\s+)?company\s+name(?:\s+here)?\])"
)
# Page furniture that ends whatever text it interrupts.
PAGE_FURNITURE = re.compile(
    r"第\s*\d+\s*页\s*/\s*共\s*\d+\s*页|第\s*\d+\s*页\s*共\s*\d+\s*页|Page\s+\d+\s+of\s+\d+|"
    + TEMPLATE_PLACEHOLDER
)
COUNT_BANNER = re.compile(r"\(共\s*\d+\s*篇\)")
