"""Find the numbering in a document and turn it into a stream of events.

Events, in text order: ``DocBreak`` (第2篇:), ``Head`` (a heading, see heads.py),
``Item`` (a numbered, bulleted or lost-number item and its text) and ``Loose`` (text with
no number: a run-on paragraph, a preface, an essay). The builder decides what they mean.

A candidate number is taken only where it fits: a number glued to the sentence before it
("指标2. 组织") counts when it is the next number expected; a bare "、" after a sentence end
is a lost number; a number at the start of a line that continues an unfinished sentence and
does not fit the count is a stray page number and is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dutymatrix.importer import shapes, vocab
from dutymatrix.importer.heads import Head, lead_in_head, parse_heads
from dutymatrix.importer.text import HEADING_MARK, ITEM_MARK, SourceText, fold

_CJK_DIGITS = "零〇一二三四五六七八九十百"
_MARKER = re.compile(
    r"(?P<doc>第\s*[0-9一二三四五六七八九十]+\s*篇\s*:?|(?<![共\d])篇\s*[0-9一二三四五六七八九十]+\s*:)"
    rf"|(?P<furniture>{vocab.PAGE_FURNITURE.pattern})"
    r"|(?P<chapter>第[一二三四五六七八九十百零〇0-9]+[章节](?![点])\s*)"
    r"|(?P<article>第(?P<article_n>[一二三四五六七八九十百零〇0-9]+)条\s*)"
    r"|(?P<pcjk>\((?P<pcjk_n>[一二三四五六七八九十]{1,3})(?P<pcjk_close>\))?\s*)"
    r"|(?P<pnum>\((?P<pnum_n>\d{1,2})\)\s*)"
    r"|(?P<cjk>(?P<cjk_n>[一二三四五六七八九十]{1,3})、\s*)"
    r"|(?P<circ>(?P<circ_n>[①-⑳])\s*)"
    rf"|(?P<ordinal>{shapes.ORDINAL_PATTERN})"
    r"|(?P<num>(?<![0-9A-Za-z/_%-])(?<!\d\.)(?P<num_n>\d{1,2})"
    r"(?P<num_sep>、|\.(?![0-9])|\)|,(?![0-9]))\s*)"
    r"|(?P<lost>、\s*)"
    r"|(?P<bullet>[•◆●▪■◇○·►▶]\s*|(?:(?<=\n)|^)[ \t]*[-*+]\s+)"
    rf"|(?P<hmark>{HEADING_MARK})|(?P<imark>{ITEM_MARK})",
    re.MULTILINE,
)
# Level of each numbering style: a smaller number is an outer list.
LEVEL = {"article": 1, "cjk": 2, "pcjk": 3, "num": 4, "ordinal": 4, "pnum": 5, "circ": 6,
         "bullet": 7}
_BOUNDARY = set("\n;。:!?.,) \t" + HEADING_MARK + ITEM_MARK)
_TERMINAL = set("。;!?.:")
_CJK_ONE_WORDS = set("统唯同之单万划逐专如归其任每另第")  # 统一、唯一、… are words, not 一、
_INLINE_OWNER = re.compile(r"\s*(?P<name>[^\s,;:。、()]{2,20}?)\s*:\s*(?=\S)")


@dataclass(frozen=True)
class DocBreak:
    pos: int


@dataclass(frozen=True)
class Item:
    style: str
    value: int
    text: str
    pos: int
    restart: bool = False  # the number is 1 again after a longer list


@dataclass(frozen=True)
class Loose:
    text: str
    pos: int


@dataclass(frozen=True)
class HeadEvent:
    head: Head
    pos: int


@dataclass(frozen=True)
class Junk:
    text: str
    pos: int


Event = DocBreak | Item | Loose | HeadEvent | Junk


@dataclass
class _Marker:
    kind: str  # a style, or doc | furniture | chapter | hmark
    value: int
    start: int
    end: int


def cjk_number(text: str) -> int:
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits["〇"] = 0
    if text.isdigit():
        return int(text)
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        return digits.get(hundreds, 1) * 100 + (cjk_number(rest) if rest else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
    return digits.get(text, 0)


def _line_start(shadow: str, pos: int) -> bool:
    begin = shadow.rfind("\n", 0, pos) + 1
    return not shadow[begin:pos].strip(" \t" + HEADING_MARK + ITEM_MARK)


def _open_line_before(shadow: str, pos: int) -> bool:
    """The line before ``pos``'s line ends in the middle of a sentence."""
    begin = shadow.rfind("\n", 0, pos)
    if begin <= 0:
        return False
    previous = shadow[:begin].rstrip(" \t")
    return bool(previous) and previous[-1] not in _TERMINAL and previous[-1] != "\n"


def _ordinal(marker: str, at_boundary: bool, expected: dict[str, int], start: int,
             end: int) -> _Marker | None:
    """首先/其次…, 一是/二是…, First/Second… as numbering, where the count fits."""
    if not at_boundary:
        return None  # 其次 inside a sentence
    value = shapes.ordinal_value(marker, cjk_number) or expected.get("ordinal", 1)
    if value not in (expected.get("ordinal", 1), 1):
        return None
    expected["ordinal"] = value + 1
    return _Marker("ordinal", value, start, end)


def find_markers(shadow: str) -> tuple[list[_Marker], list[tuple[int, int]]]:
    """The accepted markers, and the spans of stray numbers to delete from the text."""
    accepted: list[_Marker] = []
    strays: list[tuple[int, int]] = []
    expected: dict[str, int] = {}
    last_style = "num"
    for match in _MARKER.finditer(shadow):
        kind = match.lastgroup or ""
        start, end = match.start(), match.end()
        before = shadow[start - 1] if start else "\n"
        at_boundary = before in _BOUNDARY
        if kind in ("doc", "furniture", "chapter", "hmark"):
            accepted.append(_Marker(kind, 0, start, end))
            if kind == "doc":
                expected.clear()
            continue
        if kind in ("bullet", "imark"):
            accepted.append(_Marker("bullet", 0, start, end))
            continue
        if kind == "lost":
            after = shadow[end:end + 1]
            heading_end = shadow[max(0, start - 2):start] in ("职责", "要求", "资格")
            if not after or after in "\n、" or not (at_boundary or heading_end):
                continue
            value = 1 if heading_end or before == ":" else expected.get(last_style, 1)
            expected[last_style] = value + 1
            accepted.append(_Marker(last_style, value, start, end))
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
        line_start = _line_start(shadow, start)
        if kind == "num" and line_start and _open_line_before(shadow, start) and value not in (
            want, 1
        ):
            strays.append((start, end))  # a page or chunk number inside a sentence
            continue
        if kind == "num" and match.group("num_sep") == "," and not (value == want and at_boundary):
            continue
        if kind == "pcjk" and not match.group("pcjk_close") and value != want:
            continue
        if kind == "cjk" and value == 1 and before in _CJK_ONE_WORDS:
            continue
        if not (line_start or value in (want, 1) or (at_boundary and value <= want + 1)):
            continue
        expected[style] = value + 1
        last_style = style
        accepted.append(_Marker(style, value, start, end))
    return accepted, strays


class Segmenter:
    def __init__(self, source: SourceText):
        self.source = source
        self.text = source.text
        self.shadow = fold(source.text)
        self.markers, self.strays = find_markers(self.shadow)

    def clip(self, start: int, end: int) -> str:
        """Original text in [start, end) without stray numbers."""
        pieces = []
        cursor = start
        for s, e in self.strays:
            if e <= cursor or s >= end:
                continue
            pieces.append(self.text[cursor:s])
            cursor = e
        pieces.append(self.text[cursor:end])
        return "".join(pieces)

    def events(self) -> list[Event]:
        out: list[Event] = []
        markers = self.markers
        first = markers[0].start if markers else len(self.text)
        self._free_text(0, first, out, next_marker=markers[0] if markers else None)
        previous_value: dict[str, int] = {}
        for index, marker in enumerate(markers):
            nxt = markers[index + 1] if index + 1 < len(markers) else None
            body_end = nxt.start if nxt else len(self.text)
            if marker.kind == "doc":
                out.append(DocBreak(marker.start))
                self._free_text(marker.end, body_end, out, nxt)
            elif marker.kind == "furniture":
                out.append(Junk(self.text[marker.start:marker.end], marker.start))
                self._free_text(marker.end, body_end, out, nxt)
            elif marker.kind == "chapter":
                line_end = self._line_end(marker.end, body_end)
                self._chapter(marker, line_end, out)
                self._free_text(line_end, body_end, out, nxt)
            elif marker.kind == "hmark":
                line_end = self._line_end(marker.end, body_end)
                self._heading_line(marker.end, line_end, out)
                self._free_text(line_end, body_end, out, nxt)
            else:
                restart = marker.value == 1 and previous_value.get(marker.kind, 0) >= 1
                previous_value[marker.kind] = marker.value
                self._item(marker, body_end, nxt, restart, out)
        return out

    def _chapter(self, marker: _Marker, line_end: int, out: list[Event]) -> None:
        """"第四章 稽核员岗位职责" names a post; "第一章 总则" is another heading."""
        heads = parse_heads(self.shadow[marker.end:line_end])
        if heads and all(h.kind in ("post", "dept", "label", "qual") for h in heads):
            out.extend(HeadEvent(self._localise(h, marker.end), marker.end + h.start)
                       for h in heads)
            return
        name = self.text[marker.start:line_end].strip()
        out.append(HeadEvent(Head("other", name, marker.start, line_end), marker.start))

    def _line_end(self, start: int, limit: int) -> int:
        newline = self.text.find("\n", start, limit)
        return limit if newline < 0 else newline

    def _heading_line(self, start: int, end: int, out: list[Event]) -> None:
        shadow = self.shadow[start:end]
        heads = parse_heads(shadow, allow_bare=True, allow_other=True)
        if heads is None:
            out.append(HeadEvent(Head("other", self.text[start:end].strip(), start, end), start))
            return
        for head in heads:
            out.append(HeadEvent(self._localise(head, start), start + head.start))

    def _localise(self, head: Head, offset: int) -> Head:
        """A head parsed from the shadow, with its name taken back from the original text."""
        if head.kind == "field":
            written = self.text[offset + head.start:offset + head.end]
            value = re.split(r"[:\uff1a]", written, maxsplit=1)[-1].strip()
            return Head(head.kind, head.name, offset + head.start, offset + head.end,
                        value=value, bare=head.bare)
        original = self.text[offset + head.start:offset + head.end]
        at = fold(original).find(head.name)
        name = original[at:at + len(head.name)] if at >= 0 else head.name
        return Head(head.kind, name, offset + head.start, offset + head.end, bare=head.bare,
                    from_field=head.from_field)

    def _split_tail(self, start: int, end: int, allow_bare: bool, whole_line: bool = False
                    ) -> tuple[int, list[Head]]:
        """Where a trailing run of headings starts in [start, end), and the headings.

        A bare name ("信用卡中心主管", no 职责 word) counts only where ``allow_bare`` (a list
        starts right after it) or when it is the whole line.
        """
        shadow = self.shadow[start:end]
        points = [0] + [m.end() for m in re.finditer(r"[。;!?:\s]+|\.(?=\D)", shadow)]
        for point in points:
            tail = shadow[point:]
            if not tail.strip():
                continue
            bare_ok = (allow_bare or (whole_line and point == 0)) and len(tail.strip()) <= 30
            heads = parse_heads(tail, allow_bare=bare_ok)
            after_sentence = point > 0 and shadow[:point].rstrip()[-1:] in ("。", ";", "!", "?")
            if heads is None and allow_bare and after_sentence and len(tail.strip()) <= 20 and (
                not re.search(r"[\s,、;。]", tail.strip())
            ):
                # "…加入我们的行列。直催基础话术讲师手册一、课程介绍": a title before a new list
                heads = parse_heads(tail, allow_bare=True, allow_other=True)
            if heads is not None:
                return start + point, [self._localise(h, start + point) for h in heads]
        return end, []

    def _free_text(self, start: int, end: int, out: list[Event], next_marker: _Marker | None
                   ) -> None:
        """Text with no number of its own: headings, or loose text."""
        list_start = next_marker is not None and next_marker.value == 1
        for line_start, line_end in self._lines(start, end):
            split, heads = self._split_tail(line_start, line_end, allow_bare=list_start,
                                            whole_line=True)
            if not heads:
                # "信贷管理部工作职责负责A;负责B": a heading in front of a run-on paragraph
                line_start = self._split_head(line_start, line_end, out)
            loose = self.clip(line_start, split).strip()
            if loose:
                out.append(Loose(loose, line_start))
            out.extend(HeadEvent(h, h.start) for h in heads)

    def _split_head(self, start: int, end: int, out: list[Event]) -> int:
        """Emit the headings that open [start, end); return where the text after them starts."""
        while start < end:
            match = vocab.LABEL_PREFIX.match(self.shadow, start, end) or (
                vocab.DUTY_HEADING_END.match(self.shadow, start, end))
            if not match:
                break
            heads = parse_heads(self.shadow[start:match.end()], allow_bare=True)
            if heads is None:
                break
            out.extend(HeadEvent(self._localise(h, start), start + h.start) for h in heads)
            start = match.end()
            while start < end and self.shadow[start] in " :\t":
                start += 1
        return start

    def _lines(self, start: int, end: int) -> list[tuple[int, int]]:
        spans = []
        cursor = start
        while cursor < end:
            newline = self.text.find("\n", cursor, end)
            stop = end if newline < 0 else newline
            if self.text[cursor:stop].strip():
                spans.append((cursor, stop))
            cursor = stop + 1
        return spans

    def _item(self, marker: _Marker, end: int, nxt: _Marker | None, restart: bool,
              out: list[Event]) -> None:
        lines = self._lines(marker.end, end) or [(marker.end, marker.end)]
        list_start = nxt is not None and nxt.value == 1 and nxt.kind in LEVEL
        first_end = lines[0][1]
        # An item's text runs on over the lines that continue an unfinished sentence —
        # unless its first line is a heading of its own ("一、信贷管理部" above a paragraph).
        body_end = first_end
        rest = lines[1:]
        alone = parse_heads(self.shadow[marker.end:first_end], allow_bare=True)
        owner_line = alone is not None and all(h.kind in ("dept", "post") for h in alone) \
            and len(self.shadow[marker.end:first_end].strip()) <= 30
        while rest and not owner_line and self._continues(body_end, rest[0]):
            body_end = rest[0][1]
            rest = rest[1:]
        whole = parse_heads(self.shadow[marker.end:body_end], allow_bare=True)
        if whole is not None and len(self.shadow[marker.end:body_end].strip()) <= 30:
            out.extend(HeadEvent(self._localise(h, marker.end), marker.end + h.start)
                       for h in whole)
        elif self._owner_item(marker.end, body_end, out):
            pass
        else:
            split, heads = self._split_tail(marker.end, body_end,
                                            allow_bare=list_start or bool(rest))
            text = self.clip(marker.end, split)
            if nxt is not None and nxt.kind == "furniture":
                # "…职务;请输入您的公司名字第1页": words before page furniture are no duty
                cut = max(fold(text).rfind(";"), text.rfind("。"))
                if 0 <= cut < len(text) - 1:
                    out.append(Item(marker.kind, marker.value, text[:cut + 1], marker.start,
                                    restart))
                    out.append(Junk(text[cut + 1:], marker.start + cut + 1))
                    text = ""
            if text.strip():
                out.append(Item(marker.kind, marker.value, text, marker.start, restart))
            out.extend(HeadEvent(h, h.start) for h in heads)
        for line_start, line_end in rest:
            self._free_text(line_start, line_end, out, nxt if line_end == end else None)

    def _owner_item(self, start: int, end: int, out: list[Event]) -> bool:
        """An item that names the owner of what follows: "信贷管理部是…,主要职责是:" (a
        lead-in) or "人力资源部:负责A;负责B" (a label before a run-on list)."""
        shadow = self.shadow[start:end].strip()
        lead = lead_in_head(shadow)
        if lead is not None:
            out.append(HeadEvent(self._localise(lead, start + self.shadow[start:end].find(
                shadow)), start))
            return True
        label = _INLINE_OWNER.match(self.shadow, start, end)
        if label is None:
            return False
        heads = parse_heads(label.group("name"), allow_bare=True)
        if heads is None or len(heads) != 1 or heads[0].kind not in ("dept", "post"):
            return False
        out.append(HeadEvent(self._localise(heads[0], label.start("name")), start))
        out.append(Loose(self.clip(label.end(), end).strip(), label.end()))
        return True

    def _continues(self, previous_end: int, line: tuple[int, int]) -> bool:
        before = self.shadow[:previous_end].rstrip(" \t")
        if not before or before[-1] in _TERMINAL:
            return False
        return parse_heads(self.shadow[line[0]:line[1]], allow_bare=True) is None
