"""Recognise headings: department, post, qualification and label headings, glued or not.

``parse_heads("信贷业务的岗位职责钱道坊信贷业务的岗位职责")`` gives two post headings;
``None`` means the text is not made of headings only (it is a duty or prose).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from dutymatrix.importer import shapes, vocab

_SEPARATORS = re.compile(r"[\s:|/\-—–?]*")
_LABEL_AHEAD = re.compile(
    r"(?:岗位职责|工作职责|主要职责|任职资格|任职要求|岗位要求|Responsibilities|Requirements|"
    r"Qualifications|Duties)\s*:",
    re.IGNORECASE,
)
_CJK_CHAR = re.compile(r"[\u3000-\u303f\u4e00-\u9fff]")
_NAME_OF = re.compile(r"(?:的|之)$")
_BARE_NAME = re.compile(r"[^\s。;,、:!?\"“”]{2,24}(?=[\s:?]|$)")


_RESPONSIBILITIES_OF = re.compile(
    r"^(?:Key\s+|Main\s+)?(?:Responsibilities|Duties|Role)\s+of\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<name>.+)$", re.IGNORECASE)
_EN_LABEL_TAIL = re.compile(r"\s+(?:Job Description|Job Responsibilities|Responsibilities|"
                            r"Duties|Role Profile)\s*$", re.IGNORECASE)
_DASH_TAIL = re.compile(r"\s+[-—–|]\s+|,\s+")  # "Relationship Manager, Private Banking"
_NO_OWNER = ("各", "本", "全行各", "各级", "相关", "主要")
# 《合规部职责》 quoted in the title of the notice that issues it: the heading is inside.
_ISSUING_TITLE = re.compile(
    r"^\s*(?:关于(?:印发|发布|下发|修订|调整|明确|重新明确|制定)?)?《(?P<inner>[^《》]{2,40})》"
    r"(?:的)?(?:通知|决定|公告|批复|意见)?\s*$")

# "**银行**分行个人客户经理招聘", "诚聘理财经理": a posting's heading around a post title.
_RECRUITING = re.compile(
    r"^\s*(?:(?:高薪)?(?:诚聘|急聘|招聘)\s*:?\s*(?P<after>[^\s:]{2,30}?)"
    r"|(?P<before>[^\s:]{2,30}?)\s*(?:\((?:急聘|诚聘|招聘)\)|急聘|招聘(?:启事|公告|信息|简章)?))"
    r"\s*$")


def _starts_with_verb(name: str) -> bool:
    """The name opens with a duty verb — unless it is a post title whose first word only
    looks like one (对公客户经理, 管理会计岗)."""
    return bool(vocab.DUTY_VERB.match(name)) and not (
        vocab.VERB_LIKE_POST_PREFIX.match(name) and vocab.POST_TITLE.match(name))


@dataclass(frozen=True, slots=True)  # frozen: parse_heads keeps answers and shares them
class Head:
    """A heading found in the text; ``start``/``end`` index the string parsed."""

    kind: str  # dept | post | qual | label | other | field
    name: str
    start: int
    end: int
    value: str = ""  # a field's value
    bare: bool = False  # a name with no 职责/heading word around it
    from_field: bool = False  # 岗位名称: / 所属部门: of a job description's fields


def clean_name(name: str) -> str:
    name = name.strip(" :-—「」『』\"“”")  # 「櫃員」職責: the quoted name
    name = _NAME_OF.sub("", name)
    return name.strip()


def classify_name(name: str, allow_other: bool = False) -> str | None:
    """The kind of a bare heading name, or None when it is not one."""
    name = clean_name(name)
    if not name or _starts_with_verb(name):
        return None
    if vocab.QUAL_LABEL.match(name):
        return "qual"
    if vocab.DUTY_LABEL.match(name):
        return "label"
    if vocab.OTHER_HEADING.match(name):
        return "other"
    english = vocab.without_en_heading_tail(name)
    if vocab.EN_DEPT_NAME.match(english):
        return "dept"
    if vocab.EN_POST_TITLE.match(english):
        return "post"
    if vocab.POST_TITLE.match(name):
        return "post"
    if vocab.DEPT_NAME.match(name):
        return "dept"
    return "other" if allow_other else None


def post_title(name: str) -> str:
    """The post's title from its heading name: "信贷(风险)管理风控总监" → "风控总监",
    "**银行***支行综合柜员" → "综合柜员" (a masked organisation name in front)."""
    name = vocab.without_en_heading_tail(clean_name(name)).strip()
    unmasked = shapes.MASKED_PREFIX.sub("", name)
    if unmasked and unmasked != name and vocab.POST_TITLE.match(unmasked):
        name = unmasked
    match = vocab.MANAGEMENT_PREFIX.match(name)
    if match and ")" in match.group("prefix") and vocab.POST_TITLE.match(match.group("title")):
        return match.group("title")
    return name


_EN_LABEL_LAST = frozenset("nNsSeE\u017f")  # how the labels end, any case (ſ is an s)


def _before_english_label(shadow: str) -> int:
    """Where "风险合规专员 Job Description" ends as Chinese: before the English label."""
    if shadow.rstrip()[-1:] not in _EN_LABEL_LAST:
        return len(shadow)  # no label can end the text: not searched
    tail = _EN_LABEL_TAIL.search(shadow)
    return tail.start() if tail and tail.start() > 0 else len(shadow)


def _english_heading(text: str, allow_other: bool) -> tuple[str, str | None]:
    """An English heading's name and kind; "Relationship Manager - SME Banking" names the
    post before the dash, "Responsibilities of the Branch Manager" the one after "of"."""
    of = _RESPONSIBILITIES_OF.match(text)
    if of:
        text = of.group("name")
    kind = classify_name(text, allow_other=False)
    if kind is None:
        before_dash = _DASH_TAIL.split(text, maxsplit=1)[0]
        if before_dash != text and classify_name(before_dash) in ("post", "dept"):
            return clean_name(before_dash), classify_name(before_dash)
        kind = classify_name(text, allow_other=allow_other)
    return clean_name(text), kind


def _duty_heading_kind(name: str, end: str) -> str | None:
    if end in ("岗位责任制", "责任制"):
        return "other"
    name = clean_name(name)
    if not name or name in _NO_OWNER:  # 各部门职责, 本岗位职责: a label, no owner named
        return "label"
    # "负责落实本部门岗位职责" is a duty; "审批岗位职责" names the 审批 post
    if (_starts_with_verb(name) and len(name) > 3) or len(name) > 25:
        return None
    if re.search(rf"(?:{vocab.POST_SUFFIX})$", name):
        return "post"
    if re.search(rf"(?:{vocab.DEPT_SUFFIX})$", name) or end == "部门职责":
        return "dept"
    return "post"


def parse_heads(
    shadow: str, allow_bare: bool = False, allow_other: bool = False
) -> list[Head] | None:
    """Split ``shadow`` (folded text) into headings, or None if any part is not one."""
    if len(shadow) > _CACHED_LENGTH:
        heads = _parse_heads(shadow, allow_bare, allow_other)
    else:
        heads = _parse_heads_cached(shadow, allow_bare, allow_other)
    return None if heads is None else list(heads)


# The segmenter asks about the same short text more than once (an item's first line and
# its body, a line that might continue the item before it, then the line alone): the
# answers for the last few texts are kept. Long texts are rarely headings and not kept.
_CACHED_LENGTH = 256


# Characters no heading ends with and no separator skips: only a field (岗位名称:X;) or an
# English line takes what follows it whole, so a Chinese text ending in one of these with
# no colon is no heading — most duties ("负责…;"), answered without trying a pattern.
_NEVER_LAST = frozenset("。;,、!")


def _parse_heads(shadow: str, allow_bare: bool, allow_other: bool) -> tuple[Head, ...] | None:
    if not shadow.strip():
        return None
    issuing = "《" in shadow and _ISSUING_TITLE.match(shadow)
    if issuing:
        offset = issuing.start("inner")
        inner = _parse_heads(issuing.group("inner"), allow_bare, allow_other)
        return None if inner is None else tuple(
            replace(h, start=h.start + offset, end=h.end + offset) for h in inner)
    recruiting = "聘" in shadow and _RECRUITING.match(shadow)
    if recruiting:
        name = recruiting.group("after") or recruiting.group("before")
        start = recruiting.start("after" if recruiting.group("after") else "before")
        if classify_name(name) == "post":
            return (Head("post", clean_name(name), start, start + len(name)),)
    english = not _CJK_CHAR.search(shadow)
    if not english and ":" not in shadow and shadow.rstrip()[-1] in _NEVER_LAST:
        return None
    length = len(shadow) if english else _before_english_label(shadow)
    heads: list[Head] = []
    pos = 0
    while True:
        pos = _SEPARATORS.match(shadow, pos).end()
        if pos >= length:
            break
        step = _next_head(shadow, pos, length, english, allow_other)
        if step is None:
            return None
        head, pos = step
        if head is not None:
            heads.append(head)
    if not heads:
        return None
    if not allow_bare and all(h.bare for h in heads):
        return None
    return tuple(heads)


_parse_heads_cached = functools.lru_cache(maxsize=512)(_parse_heads)


_QUAL_LABEL = re.compile(r"(?:任职资格及要求|任职资格与要求|任职资格|任职要求|岗位要求|任职条件|"
                         r"资格要求|岗位任职资格)")


def _next_head(shadow: str, pos: int, length: int, english: bool,
               allow_other: bool) -> tuple[Head | None, int] | None:
    """The heading at ``pos`` (None for a count banner, skipped) and where the next may
    start; None when the text at ``pos`` is not a heading.

    A pattern is tried only when the text has a word it cannot do without (a colon for a
    field, 职 or 责任制 for a …职责 heading): most texts asked about are duties."""
    banner = "(共" in shadow and vocab.COUNT_BANNER.match(shadow, pos)
    if banner:
        return None, banner.end()
    field = ":" in shadow and vocab.FIELD.match(shadow, pos)
    if field:
        return _field_head(shadow, field, pos, length)
    if english:
        return _english_head(shadow, pos, length, allow_other)
    label = ("任职" in shadow or "要求" in shadow) and _QUAL_LABEL.match(shadow, pos)
    if label:
        return Head("qual", label.group(0), pos, label.end()), label.end()
    duty = ("职" in shadow or "责任制" in shadow) and vocab.DUTY_HEADING_END.match(shadow, pos)
    if duty:
        kind = _duty_heading_kind(duty.group("name"), duty.group("end"))
        if kind is None:
            return None
        name = clean_name(duty.group("name"))
        return Head(kind, name or duty.group("end"), pos, duty.end()), duty.end()
    bare = _BARE_NAME.match(shadow, pos)
    if bare:
        kind = classify_name(bare.group(0), allow_other=allow_other)
        if kind is None:
            return None
        return Head(kind, clean_name(bare.group(0)), pos, bare.end(), bare=True), bare.end()
    return None


def _field_head(shadow: str, field: re.Match[str], pos: int,
                length: int) -> tuple[Head | None, int]:
    """A ``label: value`` field up to the next field or label: a post or department
    named by its field (岗位名称: …), or another field; an empty name gives no heading."""
    stop = length
    for pattern in (vocab.FIELD, _LABEL_AHEAD):
        ahead = pattern.search(shadow, field.end())
        if ahead:
            stop = min(stop, ahead.start())
    value = shadow[field.end():stop].strip()
    label = field.group("label").lower()
    kind = ("post" if label in vocab.POST_FIELDS
            else "dept" if label in vocab.DEPT_FIELDS else "field")
    if kind == "field":
        return Head("field", field.group("label"), pos, stop, value=value), stop
    return (Head(kind, value, pos, stop, from_field=True) if value else None), stop


def _english_head(shadow: str, pos: int, length: int,
                  allow_other: bool) -> tuple[Head, int] | None:
    """An English heading is the whole line: "Credit Analyst — Job Description"."""
    rest = shadow[pos:].strip().rstrip(":")
    if len(rest) > 80:
        return None
    name, kind = _english_heading(rest, allow_other)
    if kind is None:
        return None
    return Head(kind, name, pos, length), length


def lead_in_head(shadow: str) -> Head | None:
    """A sentence that names the owner of the list after it: "信贷管理部是本行信贷业务的
    管理部门,主要职责是:", "风险管理部的主要职责是:" (folded text)."""
    if "职责" not in shadow or ":" not in shadow:
        return None  # what LEAD_IN cannot match without; most items are checked here
    match = shapes.LEAD_IN.match(shadow)
    if match is None:
        return None
    name = clean_name(match.group("name"))
    kind = classify_name(name)
    if kind not in ("dept", "post"):
        return None
    return Head(kind, name, match.start("name"), match.start("name") + len(name))
