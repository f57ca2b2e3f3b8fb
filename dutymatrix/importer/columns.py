"""The column titles of a duty list, a posting table or a table in a document, in Chinese
or English, as a key (NFKC, no spaces or punctuation, lower case) → what the column holds."""

from __future__ import annotations

import re
import unicodedata

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "dept": ("部门", "所属部门", "部门名称", "单位", "机构", "科室", "department", "dept",
             "unit", "division"),
    "post": ("岗位", "岗位名称", "职位", "职位名称", "职务", "岗位职位", "post", "role",
             "position", "jobtitle", "title", "job", "postname", "rolename"),
    "n": ("序号", "职责序号", "职责编号", "编号", "条目", "no", "number", "seq", "item", "#",
          "n", "dutyno", "dutynumber"),
    "text": ("职责", "岗位职责", "工作职责", "职责内容", "职责描述", "主要职责", "工作内容",
             "职责名称", "工作任务", "职责事项", "duty", "duties", "responsibility",
             "responsibilities", "keyresponsibilities", "dutytext", "task", "tasks"),
    "desc": ("职位描述", "岗位描述", "职位详情", "岗位详情", "描述", "职位介绍", "岗位说明",
             "jd", "description", "jobdescription", "content", "detail", "details", "body"),
    "qual": ("任职资格", "任职要求", "岗位要求", "要求", "资格", "requirements",
             "qualifications", "requirement", "qualification"),
    "location": ("工作地点", "地点", "城市", "工作城市", "location", "city", "worklocation"),
    "salary": ("薪资", "薪资范围", "薪酬", "工资", "月薪", "薪资待遇", "salary", "pay",
               "compensation"),
    "code": ("岗位编号", "岗位代码", "职位编号", "岗位编码", "code", "postcode", "jobcode"),
}
KIND_OF_NAME = {name: kind for kind, names in COLUMN_NAMES.items() for name in names}
_HEADER_JUNK = re.compile(r"[\s_\-/()（）:：.]+")


def header_key(text: str) -> str:
    return _HEADER_JUNK.sub("", unicodedata.normalize("NFKC", text)).lower()
