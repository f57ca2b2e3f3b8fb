"""Find the numbering in a document and turn it into a stream of events.

Events, in text order: ``DocBreak`` (第2篇:), ``Head`` (a heading, see heads.py),
``Item`` (a numbered, bulleted or lost-number item and its text) and ``Loose`` (text with
no number: a run-on paragraph, a preface, an essay). The builder decides what they mean.

Which numbers count is decided in markers.py; here the text between them is cut into
items, headings and loose text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from dutymatrix.importer import vocab
from dutymatrix.importer.heads import Head, lead_in_head, parse_heads
from dutymatrix.importer.markers import LEVEL, TERMINAL, Marker, find_markers, last_before
from dutymatrix.importer.text import SourceText, fold

_INLINE_OWNER = re.compile(r"\s*(?P<name>[^\s,;:。、()]{2,20}?)\s*:\s*(?=\S)")
# A run of sentence ends or spaces, or a full stop not before a digit: written as one
# character class first (the regex engine then skips to the next candidate in C, where
# ``[。;!?:\s]+|\.(?=\D)`` is tried at every character).
_SENTENCE_BREAK = re.compile(r"[。;!?:\s.](?:(?<=\.)(?=\D)|(?<!\.)[。;!?:\s]*)")
_SENTENCE_ENDS = ("。", ";", "!", "?")
_WORD_BREAK = re.compile(r"[\s,、;。]")
# "…。任职要求:…": a qualification or duty label right after a sentence ends (folded text)
_LABEL_AFTER_SENTENCE = re.compile(
    r"(?<=[。;!?.])\s*(?P<label>任职资格|任职要求|岗位要求|任职条件|资格要求|Requirements|"
    r"Qualifications)\s*:", re.IGNORECASE)
MAX_HEADING_RUN = 256  # characters: a run of headings glued to the end of a line is shorter


# Events are made by the ten thousand (per megabyte): plain slotted dataclasses, as a
# frozen one's __init__ costs several times more. Nothing changes them once made.
@dataclass(slots=True)
class DocBreak:
    pos: int


@dataclass(slots=True)
class Item:
    style: str
    value: int
    text: str
    pos: int
    restart: bool = False  # the number is 1 again after a longer list


@dataclass(slots=True)
class Loose:
    text: str
    pos: int


@dataclass(slots=True)
class HeadEvent:
    head: Head
    pos: int


@dataclass(slots=True)
class Junk:
    text: str
    pos: int


Event = DocBreak | Item | Loose | HeadEvent | Junk


class Segmenter:
    """Cuts one source text into events: headings, numbered items, loose text, breaks.

    Matching runs on a folded ``shadow`` of the text (full-width and traditional
    characters folded, same length), so its positions are positions in the original;
    ``find_markers`` picks the numbering markers that continue a list and records page
    numbers and other strays, which ``clip`` leaves out of the text.
    """

    def __init__(self, source: SourceText):
        self.source = source
        self.text = source.text
        self.shadow = source.shadow
        self.markers, self.strays = find_markers(self.shadow)
        self._stray_ends = [e for _, e in self.strays]

    def clip(self, start: int, end: int) -> str:
        """Original text in [start, end) without stray numbers."""
        strays = self.strays
        # strays are sorted and do not overlap: start at the first that may reach `start`,
        # by index (a slice of the list from there would copy every later stray, per call)
        index = bisect.bisect_right(self._stray_ends, start)
        if index == len(strays) or strays[index][0] >= end:
            return self.text[start:end]  # most texts: no stray number inside
        pieces = []
        cursor = start
        while index < len(strays):
            s, e = strays[index]
            index += 1
            if s >= end:
                break
            if e <= cursor:
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

    def _chapter(self, marker: Marker, line_end: int, out: list[Event]) -> None:
        """"第四章 稽核员岗位职责" and "第一节 柜员" name a post; "第一章 总则" is another
        heading."""
        heads = parse_heads(self.shadow[marker.end:line_end], allow_bare=True)
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

    def _split_tail(self, start: int, end: int, allow_bare: bool, whole_line: bool = False,
                    whole_tried: bool = False) -> tuple[int, list[Head]]:
        """Where a trailing run of headings starts in [start, end), and the headings.

        A bare name ("信用卡中心主管", no 职责 word) counts only where ``allow_bare`` (a list
        starts right after it) or when it is the whole line. ``whole_tried``: the caller
        found that [start, end) as a whole is no heading, bare names allowed.
        """
        # Only the last MAX_HEADING_RUN characters can be a run of headings: a longer tail
        # is never one, and trying each sentence of a huge line would be quadratic.
        first = start if end - start <= MAX_HEADING_RUN else end - MAX_HEADING_RUN
        shadow = self.shadow[first:end]
        found = _SENTENCE_BREAK.search(shadow)
        if found is None or found.end() == len(shadow):
            points = []  # one sentence (most items): no tail after a break to try
        else:
            points = [m.end() for m in _SENTENCE_BREAK.finditer(shadow, found.start())]
        if first == start and not whole_tried:
            points.insert(0, 0)
        for point in points:
            tail = shadow[point:]
            stripped = tail.strip()
            if not stripped:
                continue
            bare_ok = (allow_bare or (whole_line and point == 0)) and len(stripped) <= 30
            heads = parse_heads(tail, allow_bare=bare_ok)
            if heads is None and allow_bare and len(stripped) <= 20 and (
                not _WORD_BREAK.search(stripped)
            ) and first + point > start and last_before(
                self.shadow, first + point, None, floor=start
            ) in _SENTENCE_ENDS:
                # "…加入我们的行列。直催基础话术讲师手册一、课程介绍": a title before a new list
                heads = parse_heads(tail, allow_bare=True, allow_other=True)
            if heads is not None:
                at = first + point
                return at, [self._localise(h, at) for h in heads]
        return end, []

    def _free_text(self, start: int, end: int, out: list[Event], next_marker: Marker | None
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
        shadow = self.shadow
        # what the two patterns cannot match without (as in heads._next_head)
        if shadow.find(":", start, end) < 0 and shadow.find("职", start, end) < 0 and (
                shadow.find("责任制", start, end) < 0):
            return start
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

    def _item(self, marker: Marker, end: int, nxt: Marker | None, restart: bool,
              out: list[Event]) -> None:
        lines = self._lines(marker.end, end) or [(marker.end, marker.end)]
        list_start = nxt is not None and nxt.value == 1 and nxt.kind in LEVEL
        first_end = lines[0][1]
        # An item's text runs on over the lines that continue an unfinished sentence —
        # unless its first line is a heading of its own ("一、信贷管理部" above a paragraph).
        body_end = first_end
        first_line = self.shadow[marker.end:first_end]
        first_short = len(first_line.strip()) <= 30
        alone = parse_heads(first_line, allow_bare=True) if first_short else None
        owner_line = alone is not None and all(h.kind in ("dept", "post") for h in alone)
        taken = 1
        while taken < len(lines) and not owner_line and self._continues(body_end,
                                                                         lines[taken]):
            body_end = lines[taken][1]
            taken += 1
        rest = lines[taken:]
        if taken == 1:  # the body is the first line (most items): its answer is known
            short, whole = first_short, alone
        else:
            body = self.shadow[marker.end:body_end]
            short = len(body.strip()) <= 30
            whole = parse_heads(body, allow_bare=True) if short else None
        if whole is not None:
            out.extend(HeadEvent(self._localise(h, marker.end), marker.end + h.start)
                       for h in whole)
        elif self._owner_item(marker.end, body_end, out):
            pass
        else:
            split, heads = self._split_tail(marker.end, body_end,
                                            allow_bare=list_start or bool(rest),
                                            whole_tried=short)
            trailing: list[Event] = []
            if not heads:
                split = self._label_after_sentence(marker.end, split, trailing)
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
            if heads:
                out.extend(HeadEvent(h, h.start) for h in heads)
            out.extend(trailing)
        for line_start, line_end in rest:
            self._free_text(line_start, line_end, out, nxt if line_end == end else None)

    def _label_after_sentence(self, start: int, end: int, out: list[Event]) -> int:
        """ "录入系统。任职要求:大专以上学历": a label after the item's last sentence opens the
        next section; its heading and the text after it go to ``out``, and the item ends
        where the label starts."""
        if self.shadow.find(":", start, end) < 0:
            return end
        label = _LABEL_AFTER_SENTENCE.search(self.shadow, start, end)
        if label is None or not self.shadow[label.end():end].strip():
            return end
        heads = parse_heads(label.group("label"))
        if heads is None or len(heads) != 1:
            return end
        out.append(HeadEvent(self._localise(heads[0], label.start("label")),
                             label.start("label")))
        out.append(Loose(self.clip(label.end(), end).strip(), label.end()))
        return label.start("label")

    def _owner_item(self, start: int, end: int, out: list[Event]) -> bool:
        """An item that names the owner of what follows: "信贷管理部是…,主要职责是:" (a
        lead-in) or "人力资源部:负责A;负责B" (a label before a run-on list)."""
        shadow = self.shadow[start:end].strip()
        lead = lead_in_head(shadow)
        if lead is not None:
            out.append(HeadEvent(self._localise(lead, start + self.shadow[start:end].find(
                shadow)), start))
            return True
        label = self.shadow.find(":", start, end) >= 0 and _INLINE_OWNER.match(
            self.shadow, start, end)
        if not label:
            return False
        heads = parse_heads(label.group("name"), allow_bare=True)
        if heads is None or len(heads) != 1 or heads[0].kind not in ("dept", "post"):
            return False
        out.append(HeadEvent(self._localise(heads[0], label.start("name")), start))
        out.append(Loose(self.clip(label.end(), end).strip(), label.end()))
        return True

    def _continues(self, previous_end: int, line: tuple[int, int]) -> bool:
        last = last_before(self.shadow, previous_end, " \t")
        if not last or last in TERMINAL:
            return False
        return parse_heads(self.shadow[line[0]:line[1]], allow_bare=True) is None
