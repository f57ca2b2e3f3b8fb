"""One document as a single string that remembers where each character came from.

The segmenter matches on a *shadow* of the text: the same length, with full-width digits
and punctuation folded to ASCII and traditional characters folded to simplified ones, so
one set of patterns reads 1、 １、 職責 and 职责 alike while the output keeps what was
written.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass, field

from dutymatrix.importer import vocab
from dutymatrix.importer.read import Line

HEADING_MARK = "\ue000"  # a line the format itself marks as a heading (# …, <h2>, Word "Heading")
ITEM_MARK = "\ue001"  # a list item whose number the format keeps out of the text (<li>, Word lists)

# Traditional → simplified, for the characters the patterns look at (one to one).
_TRADITIONAL = (
    "職职責责崗岗經经負负資资協协參参審审簽签準准與与門门處处組组織织長长員员監监險险務务"
    "貸贷總总專专項项條条關关辦办發发財财會会計计報报導导規规劃划製制訂订調调檢检證证歷历"
    "優优學学驗验際际銷销戶户風风營营運运產产業业據据庫库檔档議议書书請请內内結结構构體体"
    "類类統统們们對对為为應应時时單单稱称屬属級级設设動动態态領领層层團团隊队傳传達达執执"
    "廣广購购貨货價价標标確确認认識识護护維维聯联絡络繫系擔担擬拟師师醫医衛卫許许廳厅聽听"
    "課课歸归濟济嚴严實实現现獲获說说這这個个來来從从見见觀观點点讀读寫写誤误錯错問问題题"
    "難难續续選选擇择積积極极溝沟紀纪錄录轉转預预測测試试評评額额幣币匯汇換换帳账賬账稅税"
    "費费權权講讲練练訓训績绩獎奖懲惩齡龄備备語语電电腦脑軟软網网線线戰战機机碩硕畢毕質质"
    "當当複复還还舉举錢钱銀银帶带節节約约彙汇餘余樣样簡简範范圍围區区場场詢询蓋盖鍵键詳详"
    "細细瞭了負负貴贵裡里廠厂倉仓儲储檢检參参與与處处務务"
)
_FOLD = {ord(a): b for a, b in zip(_TRADITIONAL[::2], _TRADITIONAL[1::2], strict=True)}
_FOLD.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)})  # full-width ASCII
_FOLD.update({0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x3010: "[", 0x3011: "]"})
# The same as a table indexed by code point (the BMP; others are never folded): twice as
# fast as the dict, where every character that is not folded is a failed lookup.
_FOLD_TABLE = [chr(cp) for cp in range(0x10000)]
for _cp, _to in _FOLD.items():
    _FOLD_TABLE[_cp] = _to


# Any character that folds: a text with none is its own fold. Looking for one is many
# times faster than translating, and most short texts asked about (a duty, a heading
# written with ASCII punctuation) have none.
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_FOLD)) + "]")


def fold(text: str) -> str:
    """Same length as ``text``; full-width and traditional characters folded for matching."""
    if _FOLDABLE.search(text) is None:
        return text
    return text.translate(_FOLD_TABLE)


@dataclass
class SourceText:
    """A document's text and where each character came from.

    The text is made of pieces, each copied from one place of one source line: piece
    ``k`` starts at ``starts[k]`` in the text and at ``places[k]`` (line, column) in the
    file. One entry per piece, not per character: a megabyte of text keeps a few
    thousand entries, not a million tuples.
    """

    file: str
    text: str
    starts: list[int] = field(default_factory=list)
    places: list[tuple[int, int]] = field(default_factory=list)

    @functools.cached_property
    def shadow(self) -> str:
        """``fold(text)``, made once: the segmenter and the OCR check both match on it."""
        return fold(self.text)

    def origin(self, index: int) -> tuple[int, int]:
        """(line, column) of the character at ``index`` (the last one past the end)."""
        if not self.text or not self.starts:
            return (1, 1)
        last = len(self.text) - 1  # asked once per event: no min()/max() calls
        index = last if index > last else 0 if index < 0 else index
        piece = bisect.bisect_right(self.starts, index) - 1
        line, col = self.places[piece]
        return line, col + index - self.starts[piece]

    def where(self, index: int) -> str:
        """``file:line:col`` of ``index``: ``origin`` written out again, as this is asked
        for every event of the document."""
        if not self.text or not self.starts:
            return f"{self.file}:1:1"
        last = len(self.text) - 1
        index = last if index > last else 0 if index < 0 else index
        piece = bisect.bisect_right(self.starts, index) - 1
        line, col = self.places[piece]
        return f"{self.file}:{line}:{col + index - self.starts[piece]}"


# What YAML may not hold (control characters, lone surrogates) and what would be taken for
# our own marks: replaced by a space before anything reads the text.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\u2028\u2029\ufeff\u200b\ud800-\udfff"
    "\ue000\ue001\ufffe\uffff]"
)
_CHUNK_NUMBER = re.compile(r"^\s*(\d{1,4})\s*[、.]\s?")
# Matched on the text as written, not folded (a fold per line is the slow part): \d and
# \s take full-width digits and spaces already; a full-width dash is named.
_PAGE_NUMBER_LINE = re.compile(r"^\s*(?:[-\uff0d]\s*)?(?:\d{1,4}|第\s*\d{1,4}\s*页)"
                               r"(?:\s*[-\uff0d])?\s*$")
_SENTENCE_END = re.compile(r"[。;!?:.]\s*$")  # matched on folded text


def chunk_numbered(lines: list[Line]) -> bool:
    """True when every line starts with its own line number and lines break mid-sentence.

    Text pasted from some web pages carries a chunk number in front of each physical line
    ("…符合\\n2、听证条件的…"): the number is not a duty number and the sentence goes on.
    A real numbered list also counts 1、2、3…, but each of its lines ends a sentence.
    """
    texts = [line.text for line in lines if line.text.strip() and not line.heading]
    if len(texts) < 3:
        return False
    needed = 0.9 * len(texts)
    missed = 0
    for index, text in enumerate(texts, start=1):
        match = _CHUNK_NUMBER.match(fold(text))
        if not (match and int(match.group(1)) == index):
            missed += 1
            if len(texts) - missed < needed:  # stop as soon as the answer is known
                return False
    # A line left open counts only when the next one does not start a new item: a list
    # without full stops ("1. Analyse …" / "2. Prepare …") opens each line with a verb.
    open_ends = sum(
        1 for text, following in itertools.pairwise(texts)
        if not _SENTENCE_END.search(fold(text)) and not _starts_item(following)
    )
    return open_ends >= 0.5 * (len(texts) - 1)


def _starts_item(text: str) -> bool:
    body = fold(text)
    match = _CHUNK_NUMBER.match(body)
    body = body[match.end():] if match else body
    return bool(vocab.DUTY_VERB.match(body) or re.match(r"[A-Z][a-z]+\b", body))


def assemble(file: str, lines: list[Line]) -> SourceText:
    """Join the lines into one text; chunk-numbered lines are joined without a break."""
    from dutymatrix.importer import numbering  # it folds text with this module's fold

    chunked = chunk_numbered(lines)
    # letters, Roman numerals, ⑴ ❶ 1️⃣, — …: a list the markers do not count, read as items
    other_numbering = set() if chunked else numbering.counted_styles(
        [line.text for line in lines if not (line.heading or line.list_item)])
    parts: list[str] = []
    starts: list[int] = []
    places: list[tuple[int, int]] = []
    length = 0

    def put(text: str, lineno: int, col: int) -> None:
        nonlocal length
        parts.append(text)
        if text:
            starts.append(length)
            places.append((lineno, col))
            length += len(text)

    for line in lines:
        raw = _CONTROL.sub(" ", line.text)
        if not chunked and _PAGE_NUMBER_LINE.match(raw):
            continue  # a page number on a line of its own, often inside a sentence
        col = 1
        if chunked:
            match = _CHUNK_NUMBER.match(fold(raw))
            if match:
                col = match.end() + 1
                raw = raw[match.end():]
            # a wrapped sentence goes on across the break; ASCII words keep a space
            if parts and _needs_space(parts[-1], raw):
                put(" ", line.lineno, col)
        elif parts:
            put("\n", line.lineno, 1)
        opening = 0 if line.heading or line.list_item else numbering.item_opening(
            raw, other_numbering)
        if line.heading:
            put(HEADING_MARK, line.lineno, col)
        elif line.list_item or opening:
            put(ITEM_MARK, line.lineno, col)
            raw, col = raw[opening:], col + opening
        put(raw, line.lineno, col)
    return SourceText(file, "".join(parts), starts, places)


def _needs_space(before: str, after: str) -> bool:
    return bool(before and after and before[-1].isascii() and before[-1].isalnum()
                and after[0].isascii() and after[0].isalnum())
