"""Shapes of duty text published outside the seed: what they look like, in folded form.

Ordinal words used as numbering (首先/其次/再次/最后, 一是/二是, 第一/第二, First/Second),
the page chrome and posting boilerplate around a list (当前位置, dates, author lines,
版权说明, related articles, "Posted:", "Apply now"), lead-ins that name a department or
post ("信贷管理部是…,主要职责是:"), masked names (**银行***支行) and the action verbs a run-on
paragraph is split before.
"""

from __future__ import annotations

import re
from pathlib import Path

from dutymatrix.checks.dm7_wording import EN_OPENERS, EN_VERBS, ZH_ADVERBS, ZH_VERBS
from dutymatrix.importer import vocab
from dutymatrix.importer.text import fold

# --- ordinal words as numbering --------------------------------------------------------

ORDINAL_ZH = {"首先": 1, "其次": 2, "再次": 3, "然后": 0, "此外": 0, "最后": 0}
ORDINAL_EN = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
              "next": 0, "then": 0, "finally": 0, "lastly": 0}
# "首先," "一是" "第一," "First,"; 0 = the next number, whatever it is.
ORDINAL_PATTERN = (
    r"(?:首先|其次|再次|然后|此外|最后)\s*[,:]\s*"
    r"|[一二三四五六七八九十]{1,3}是(?=[\u4e00-\u9fff])"
    r"|第[一二三四五六七八九十]{1,3}\s*,\s*"
    r"|(?i:first|second|third|fourth|fifth|sixth|next|then|finally|lastly)\s*,\s*"
)


def ordinal_value(marker: str, cjk_number: object) -> int:
    """The number an ordinal marker stands for (0: the next one)."""
    word = re.sub(r"[\s,:]+$", "", marker)
    if word in ORDINAL_ZH:
        return ORDINAL_ZH[word]
    if word.lower() in ORDINAL_EN:
        return ORDINAL_EN[word.lower()]
    digits = word.removeprefix("第").removesuffix("是")
    return cjk_number(digits)  # type: ignore[operator,no-any-return]


# --- page chrome and posting boilerplate -----------------------------------------------

_CHROME_LABELS = (
    r"当前位置|您的位置|您现在的位置|所在位置|位置|发布时间|发布日期|发表时间|更新时间|日期|时间|"
    r"作者|来源|编辑|责任编辑|阅读|浏览|浏览次数|阅读次数|点击|点击数|字号|分享到|分享|"
    r"上一篇|下一篇|相关文章|相关阅读|相关推荐|推荐阅读|热门文章|版权说明|版权声明|免责声明|"
    r"招聘人数|联系方式|联系电话|联系人|电子邮箱|邮箱|公司福利|福利|截止日期|有效期|工作性质|"
    r"年龄要求|Posted|Date posted|Published|Updated|Closing date|Deadline|Job ID|"
    r"Reference|Ref|Contact|Email|Phone|Employment type|Job type|Share|Tags"
)
_CHROME = re.compile(
    rf"^(?:{_CHROME_LABELS})\s*[:>]"  # a labelled line: 作者:…, 发布时间:…, Posted: …
    r"|^首页\s*>"  # a breadcrumb
    r"|^(?:版权所有|copyright|©|\(c\))"  # a copyright line
    r"|^\d{4}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"(?:\s|$)"  # a date (and time) opening the line
    r"|^(?:apply now|apply today|how to apply|click to apply|扫码|扫一扫|点击报名)",
    re.IGNORECASE,
)
# A heading that opens page chrome: what follows it is no duty (a list of related links).
CHROME_HEADING = re.compile(r"^(?:相关文章|相关阅读|相关推荐|推荐阅读|热门文章|猜你喜欢|"
                            r"延伸阅读|Related articles|Related posts|You may also like)$",
                            re.IGNORECASE)


def is_chrome(text: str) -> bool:
    """A line of web page chrome or posting boilerplate (folded text)."""
    return bool(_CHROME.match(text.strip()))


# --- lead-ins that name the owner of the list that follows -----------------------------

LEAD_IN = re.compile(
    r"^(?P<name>[^\s,;:。、()]{2,24}?)"
    r"(?:是[^,;:。]{0,40},|的)?(?:主要)?(?:岗位)?职责(?:是|为|如下|包括)?\s*:\s*$"
)

# "貸款審批人應審查以下內容:A;B;C": the sentence that introduces a run-on list.
LIST_INTRO = re.compile(
    r"^(?P<lead>[^:;]{2,40}?(?:以下内容|以下事项|以下工作|以下几个方面|以下方面|如下|下列事项|"
    r"下列内容|下列工作|the following))\s*:\s*(?=\S)", re.IGNORECASE)

# "…,主要职责如下:" "履行下列职责:" "has the following duties:": an item that announces the
# sub-items after it as the duties (not "负责…,包括:", whose sub-items are its parts).
ANNOUNCES_DUTIES = re.compile(
    r"(?:职责|职能|职责如下|如下|以下职责|下列职责|以下工作|下列工作|以下事项|下列事项|"
    r"the following(?: duties| responsibilities)?)\s*:$", re.IGNORECASE)
# "现将合规部主要职责明确如下。": a sentence that announces the list after it, no duty.
ANNOUNCES_LIST = re.compile(r"(?:如下|以下[^,;。]{0,6}|下列[^,;。]{0,6}|as follows)\s*[。:.]?$",
                            re.IGNORECASE)

# --- masked words ----------------------------------------------------------------------

# "**银行***支行综合柜员": a masked organisation name in front of the post title.
MASKED_PREFIX = re.compile(
    r"^(?:[^\s]*?\*+[^\s*]*?(?:股份有限公司|有限责任公司|有限公司|公司|集团|银行|支行|分行|"
    r"营业部|中心))+\s*"
)

# --- action verbs ----------------------------------------------------------------------

_ADVERBS = tuple(sorted(ZH_ADVERBS, key=len, reverse=True))


def starts_with_action(text: str) -> bool:
    """The text opens with an action verb (Chinese, after an adverb, or English)."""
    return bool(_action_verdict(text, complete=True))


def starts_with_action_at(text: str, pos: int) -> bool:
    """``starts_with_action(text[pos:])`` without copying the rest of a long text: the
    answer depends on its first words only, so a window is read, grown while too short
    (a long first word). Asked at each comma of a paragraph, a copy of the rest would make
    a paragraph of a megabyte quadratic."""
    size = 64
    while True:
        end = pos + size
        verdict = _action_verdict(text[pos:end], complete=end >= len(text))
        if verdict is not None:
            return verdict
        size *= 2


_LOOKAHEAD = 32  # characters: two adverbs (3 each), a verb (2), the longest opener (18)
_EN_WORD = re.compile(r"[a-z]+")


def _action_verdict(text: str, complete: bool) -> bool | None:
    """Whether ``text`` opens with an action verb; None when it is a window cut from a
    longer text (``complete`` false) and the answer may depend on what comes after it."""
    text = text.lstrip()
    if not complete and len(text) < _LOOKAHEAD:
        return None
    for _ in range(2):
        if text[:2] in ZH_VERBS:
            return True
        if not text.startswith(_ADVERBS):
            break
        adverb = next(a for a in _ADVERBS if text.startswith(a))  # the longest
        text = text[len(adverb):]
    lowered = text.lower()
    if lowered.startswith(EN_OPENERS):
        return True
    first = _EN_WORD.match(lowered)
    if first and not complete and first.end() == len(lowered):
        return None  # the first word may go on past the window
    return bool(first) and (first.group(0) in EN_VERBS
                            or first.group(0).rstrip("s") in EN_VERBS)


_COMMA = re.compile(r"[,，]\s*")


def split_before_verbs(text: str) -> list[str]:
    """A run-on paragraph split at each comma an action verb follows; the whole text when
    it does not itself open with one (then it is prose, not a list). Verbs are matched on
    the folded text (組織 as 组织), the pieces cut from the text as written."""
    folded = fold(text)
    if not starts_with_action(folded):
        return [text]
    parts: list[str] = []
    start = 0
    for match in _COMMA.finditer(folded):
        if starts_with_action_at(folded, match.end()):
            parts.append(text[start:match.start()])
            start = match.end()
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


# --- titles ----------------------------------------------------------------------------

CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇0-9]+[章节]")
_FILE_ORDINAL = re.compile(r"^\d+[-_.\s]+")


def file_title(file: str) -> str:
    """A post's name from its file: "03-票据业务员.txt" → "票据业务员"."""
    stem = Path(file).stem
    return _FILE_ORDINAL.sub("", stem) or stem


# What a document's title ends with: "稽核规程" is a title though 稽核 is also a verb.
_DOCUMENT_NOUN = re.compile(r"(?:规程|规定|办法|制度|细则|规则|手册|汇编|说明书|一览表|一览|"
                            r"规范|方案|指引|守则)$")


def names_a_document(folded: str) -> bool:
    """A title that names a document (内部审计工作规定, 稽核规程), not a department."""
    return bool(_DOCUMENT_NOUN.search(folded))


def title_like(folded: str) -> bool:
    """A line that can be a document's title: short, no sentence, no chapter, no chrome."""
    return (0 < len(folded) <= 30 and not re.search(r"[。;,!?]", folded)
            and not folded.startswith("第") and not vocab.OTHER_HEADING.match(folded)
            and not is_chrome(folded)
            and (not starts_with_action(folded) or bool(_DOCUMENT_NOUN.search(folded))))


def sub_heading(text: str, previous: str) -> bool:
    """A short title inside a numbered list (◆ Business planning, **柜面管理**), not a
    sub-item of the duty before it (that one ends with a colon: 包括:)."""
    folded = fold(text).strip()
    return (0 < len(folded) <= 30 and not re.search(r"[。;.:!?,]", folded)
            and not fold(previous).rstrip().endswith(":")
            and not vocab.DUTY_VERB.match(folded) and not starts_with_action(folded))
