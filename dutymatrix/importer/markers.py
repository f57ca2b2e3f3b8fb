"""Numbering markers in a document's shadow text: which numbers, bullets and headings count.

A candidate number is taken only where it fits: a number glued to the sentence before it
("指标2. 组织") counts when it is the next number expected; a bare "、" after a sentence end
is a lost number; a number at the start of a line that continues an unfinished sentence and
does not fit the count is a stray page number and is dropped.

Everything here is linear in the text: positions are looked up forwards (``_LineStarts``)
or by scanning back a few characters (``last_before``), never by copying a prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

try:  # the pattern parser: re._parser from Python 3.11, sre_parse before
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse as _sre_parse

from dutymatrix.importer import shapes, vocab
from dutymatrix.importer.text import HEADING_MARK, ITEM_MARK

_CJK_DIGITS = "零〇一二三四五六七八九十百"
_MARKER = re.compile(
    r"(?P<doc>第\s*[0-9一二三四五六七八九十]+\s*篇\s*:?|(?<![共\d])篇\s*[0-9一二三四五六七八九十]+\s*:)"
    rf"|(?P<furniture>{vocab.PAGE_FURNITURE.pattern})"
    r"|(?P<chapter>第[一二三四五六七八九十百零〇0-9]+[章节](?![点])\s*)"
    r"|(?P<article>第(?P<article_n>[一二三四五六七八九十百零〇0-9]+)条\s*)"
    r"|(?P<pcjk>\((?P<pcjk_n>[一二三四五六七八九十]{1,3})(?P<pcjk_close>\))?\s*)"
    r"|(?P<pnum>\((?P<pnum_n>\d{1,2})\)\s*)"
    r"|(?P<cjk>(?P<cjk_n>[一二三四五六七八九十]{1,3})(?:、|\.(?![0-9.]))\s*)"
    r"|(?P<circ>(?P<circ_n>[①-⑳])\s*)"
    rf"|(?P<ordinal>{shapes.ORDINAL_PATTERN})"
    r"|(?P<num>(?<![0-9A-Za-z/_%-])(?<!\d\.)(?P<num_n>\d{1,2})"
    r"(?P<num_sep>、|\.(?![0-9])|\)|,(?![0-9]))\s*)"
    r"|(?P<lost>、\s*)"
    r"|(?P<bullet>[•◆●▪■◇○·►▶]\s*|(?:(?<=\n)|^)[ \t]*[-*+]\s+)"
    rf"|(?P<hmark>{HEADING_MARK})|(?P<imark>{ITEM_MARK})",
    re.MULTILINE,
)


# What else Python's re matches case-insensitively for an ASCII letter (all of the BMP).
_TWINS = {"i": "İı", "I": "İı", "k": "K", "K": "K", "s": "ſ", "S": "ſ"}


def _first_chars(items: list[Any], ignore_case: bool = False) -> tuple[set[str], bool] | None:
    """The characters a parsed pattern can start with, and whether it can match empty;
    None when that is not known (a category such as \\s, any character, a negation).
    A superset is fine: it only says where to try the pattern."""
    chars: set[str] = set()
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            found, empty = {chr(arg)}, False
        elif name == "IN":
            found, empty = set(), False
            for kind, value in arg:
                if str(kind) == "LITERAL":
                    found.add(chr(value))
                elif str(kind) == "RANGE" and value[1] - value[0] < 512:
                    found.update(chr(c) for c in range(value[0], value[1] + 1))
                else:
                    return None
        elif name == "BRANCH":
            branches = [_first_chars(list(b), ignore_case) for b in arg[1]]
            if any(b is None for b in branches):
                return None
            found = set().union(*(b[0] for b in branches if b))
            empty = any(b[1] for b in branches if b)
        elif name == "SUBPATTERN" or name in ("MAX_REPEAT", "MIN_REPEAT"):
            inner = (_first_chars(list(arg[3]), ignore_case or bool(arg[1] & re.IGNORECASE))
                     if name == "SUBPATTERN" else _first_chars(list(arg[2]), ignore_case))
            if inner is None:
                return None
            found, empty = inner[0], inner[1] or (name != "SUBPATTERN" and arg[0] == 0)
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            found, empty = set(), True  # zero width: what follows starts the match
        else:
            return None
        if ignore_case and name in ("LITERAL", "IN"):
            if not all(c.isascii() for c in found):
                return None
            found = {t for c in found for t in (c, c.lower(), c.upper(), *_TWINS.get(c, ""))}
        chars |= found
        if not empty:
            return chars, False
    return chars, True


def _may_start(pattern: str) -> str:
    """A zero-width regex true where ``pattern`` may match: its first characters (when
    they are known) checked before the whole pattern is tried."""
    first = _first_chars(list(_sre_parse.parse(pattern)))
    if first is None or first[1]:
        return f"(?=(?:{pattern}))"
    return f"(?=[{''.join(re.escape(c) for c in sorted(first[0]))}])(?=(?:{pattern}))"


def _first_class(pattern: str) -> str | None:
    """The characters ``pattern`` may start with, escaped for a character class; None when
    they are not known or it may match empty."""
    first = _first_chars(list(_sre_parse.parse(pattern)))
    if first is None or first[1]:
        return None
    return "".join(re.escape(c) for c in sorted(first[0]))


# Where a marker can start: its first characters, page furniture, an ordinal word, a
# bullet at a line start. Matching _MARKER only there gives the same matches as
# _MARKER.finditer, ten times faster: the alternation is otherwise tried at every
# character of the text. As one character class (a bullet's line start is its indent or
# its dash: a superset, which only costs a try) the regex engine skips to the next
# candidate in C; the lookaheads are the fallback should a first character be unknown.
_MARKER_FIRST = r"第篇(一二三四五六七八九十①-⑳\d、•◆●▪■◇○·►▶" + HEADING_MARK + ITEM_MARK
_FURNITURE_FIRST = _first_class(vocab.PAGE_FURNITURE.pattern)
_ORDINAL_FIRST = _first_class(shapes.ORDINAL_PATTERN)
if _FURNITURE_FIRST is not None and _ORDINAL_FIRST is not None:
    _MARKER_START = re.compile(rf"[{_MARKER_FIRST}{_FURNITURE_FIRST}{_ORDINAL_FIRST} \t\-*+]")
else:  # pragma: no cover - every pattern above starts with known characters
    _MARKER_START = re.compile(
        rf"[{_MARKER_FIRST}]|{_may_start(vocab.PAGE_FURNITURE.pattern)}"
        rf"|{_may_start(shapes.ORDINAL_PATTERN)}|^(?=[ \t]*[-*+])",
        re.MULTILINE,
    )


def marker_matches(shadow: str) -> Iterator[re.Match[str]]:
    """``_MARKER.finditer(shadow)``, trying the pattern only where a marker may start."""
    end = 0
    match_at = _MARKER.match
    for candidate in _MARKER_START.finditer(shadow):
        start = candidate.start()
        if start < end:
            continue
        match = match_at(shadow, start)
        if match:
            end = match.end()
            yield match


# Level of each numbering style: a smaller number is an outer list.
LEVEL = {"article": 1, "cjk": 2, "pcjk": 3, "num": 4, "ordinal": 4, "pnum": 5, "circ": 6,
         "bullet": 7}
_BOUNDARY = set("\n;。:!?.,) \t" + HEADING_MARK + ITEM_MARK)
TERMINAL = set("。;!?.:")
_CJK_ONE_WORDS = set("统唯同之单万划逐专如归其任每另第")  # 统一、唯一、… are words, not 一、


@dataclass(slots=True)
class Marker:
    kind: str  # a style, or doc | furniture | chapter | hmark
    value: int
    start: int
    end: int


_CJK_DIGIT_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}


def cjk_number(text: str) -> int:
    digits = _CJK_DIGIT_VALUES
    if text.isdigit():
        return int(text)
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        return digits.get(hundreds, 1) * 100 + (cjk_number(rest) if rest else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
    return digits.get(text, 0)


_LINE_INDENT = " \t" + HEADING_MARK + ITEM_MARK


def last_before(text: str, end: int, skip: str | None, floor: int = 0) -> str:
    """The last character of ``text[floor:end]`` not in ``skip`` (None: not whitespace).

    Scans back from ``end`` instead of copying the prefix: called once per marker or
    line, a copy would make the segmenter quadratic in the length of the text. '' when
    there is no such character.
    """
    index = end - 1
    while index >= floor and (text[index].isspace() if skip is None else text[index] in skip):
        index -= 1
    return text[index] if index >= floor else ""


class _LineStarts:
    """Where the line of a position starts, for positions asked in increasing order.

    Each question scans only the text since the previous one, so a line of megabytes
    with thousands of numbers on it is scanned once, not once per number.
    """

    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.begin = 0

    def begin_of(self, pos: int) -> int:
        if pos < self.pos:  # out of order: look it up directly
            return self.text.rfind("\n", 0, pos) + 1
        newline = self.text.rfind("\n", self.pos, pos)
        if newline >= 0:
            self.begin = newline + 1
        self.pos = pos
        return self.begin


_NOT_INDENT = re.compile(f"[^{re.escape(_LINE_INDENT)}]")


def _line_start(shadow: str, pos: int, begin: int) -> bool:
    """Only indentation (or our marks) between the line's ``begin`` and ``pos``: searched,
    not sliced, as a copy of the line so far would be quadratic on a line of megabytes."""
    return _NOT_INDENT.search(shadow, begin, pos) is None


def _open_line_before(shadow: str, begin: int) -> bool:
    """The line before the one starting at ``begin`` ends in the middle of a sentence."""
    if begin - 1 <= 0:
        return False
    last = last_before(shadow, begin - 1, " \t")
    return bool(last) and last not in TERMINAL and last != "\n"


def _ordinal(marker: str, at_boundary: bool, expected: dict[str, int], start: int,
             end: int) -> Marker | None:
    """首先/其次…, 一是/二是…, First/Second… as numbering, where the count fits."""
    if not at_boundary:
        return None  # 其次 inside a sentence
    value = shapes.ordinal_value(marker, cjk_number) or expected.get("ordinal", 1)
    if value not in (expected.get("ordinal", 1), 1):
        return None
    expected["ordinal"] = value + 1
    return Marker("ordinal", value, start, end)


def find_markers(shadow: str) -> tuple[list[Marker], list[tuple[int, int]]]:
    """The accepted markers, and the spans of stray numbers to delete from the text."""
    accepted: list[Marker] = []
    strays: list[tuple[int, int]] = []
    expected: dict[str, int] = {}
    last_style = "num"
    lines = _LineStarts(shadow)
    for match in marker_matches(shadow):
        kind = match.lastgroup or ""
        start, end = match.span()
        before = shadow[start - 1] if start else "\n"
        at_boundary = before in _BOUNDARY
        if kind == "lost":  # the most common: a 、 inside a sentence, mostly passed over
            after = shadow[end:end + 1]
            heading_end = start >= 2 and shadow[start - 2:start] in ("职责", "要求", "资格")
            if not after or after in "\n、" or not (at_boundary or heading_end):
                continue
            value = 1 if heading_end or before == ":" else expected.get(last_style, 1)
            expected[last_style] = value + 1
            accepted.append(Marker(last_style, value, start, end))
            continue
        if kind in ("doc", "furniture", "chapter", "hmark"):
            accepted.append(Marker(kind, 0, start, end))
            if kind == "doc":
                expected.clear()
            continue
        if kind in ("bullet", "imark"):
            accepted.append(Marker("bullet", 0, start, end))
            continue
        style = kind
        if kind == "ordinal":
            ordinal = _ordinal(match.group(0), at_boundary, expected, start, end)
            if ordinal is not None:
                last_style = kind
                accepted.append(ordinal)
            continue
        raw = match.group(f"{kind}_n")
        value = cjk_number(raw) if kind != "circ" else ord(raw) - ord("①") + 1
        want = expected.get(style, 1)
        fits = value == want or value == 1
        line_start = False  # looked up only for a number that does not fit (most do)
        if not fits:
            begin = lines.begin_of(start)
            line_start = _line_start(shadow, start, begin)
            if kind == "num" and line_start and _open_line_before(shadow, begin):
                strays.append((start, end))  # a page or chunk number inside a sentence
                continue
        if kind == "num" and match.group("num_sep") == "," and not (value == want and at_boundary):
            continue
        if kind == "pcjk" and not match.group("pcjk_close") and value != want:
            continue
        if kind == "cjk" and value == 1 and before in _CJK_ONE_WORDS:
            continue
        if not (fits or line_start or (at_boundary and value <= want + 1)):
            continue
        expected[style] = value + 1
        last_style = style
        accepted.append(Marker(style, value, start, end))
    return accepted, strays
