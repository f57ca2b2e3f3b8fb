"""Numbering styles the marker patterns do not count, found at the start of lines:
letters (a) b) / (a) / A.), Roman numerals (Ⅰ. / II.), other circled and parenthesised
numbers (⑴ ⒈ ❶ ➊), keycap digits (1️⃣) and dash bullets (— …).

A line opening with one becomes a list item (its number kept out of the text, as a Word
list's is): the list is read, as bullets, where otherwise nothing would be. A style counts
only when two lines or more of the document open with it ("A. Smith said" alone does not).
"""

from __future__ import annotations

import re

from dutymatrix.importer.text import fold

_STYLES = {
    "letter-paren": r"\(?[a-zA-Z]\)",
    # A. B. and I. II. are one style: "I." opens both an A-to-Z list and a Roman one
    "letter-dot": r"(?:VIII|VII|III|XII|II|IV|VI|IX|XI|[A-Za-z])[.、](?=\s|[^\x00-\x7f])",
    "roman-unicode": r"[\u2160-\u216b\u2170-\u217b](?:[.、)]|(?=\s))",
    "circled": r"[\u2474-\u249b\u2776-\u2793]",
    "keycap": r"\d\ufe0f?\u20e3",
    "dash": r"[\u2014\u2013](?!\s*$)",
}
_OPENING = re.compile(r"^\s*(?:" + "|".join(f"(?P<{k.replace('-', '_')}>{p})"
                                            for k, p in _STYLES.items()) + r")\s*")


# the characters a style above can open with, as written (full-width forms too)
_MAY_OPEN = re.compile(r"\s*(?:[(\uff08A-Za-z\uff21-\uff3a\uff41-\uff5a\u2160-\u217b"
                       r"\u2474-\u249b\u2776-\u2793\u2013\u2014]|\d[\ufe0f\u20e3])")


def _opening(text: str) -> re.Match[str] | None:
    if not _MAY_OPEN.match(text):  # most lines open with a CJK character or a digit
        return None
    return _OPENING.match(fold(text[:16]))


def counted_styles(texts: list[str]) -> set[str]:
    """The styles two lines or more open with."""
    seen: dict[str, int] = {}
    for text in texts:
        match = _opening(text)
        if match and match.lastgroup:
            seen[match.lastgroup] = seen.get(match.lastgroup, 0) + 1
    return {style for style, count in seen.items() if count >= 2}


def item_opening(text: str, styles: set[str]) -> int:
    """How many characters of ``text`` are its number in one of ``styles`` (0: none)."""
    if not styles:
        return 0
    match = _opening(text)
    if match is None or match.lastgroup not in styles:
        return 0
    return match.end()
