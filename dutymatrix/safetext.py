"""Model text made safe to show: the one place that knows which characters are hidden.

A model comes from a pull request, so a title or duty may carry an escape sequence
(``\\x1b]0;…\\x07`` retitles the terminal, ``\\x9b`` is a one-byte CSI), a bidi override
that shows text in another order than it is stored, or a zero-width character that makes
two ids look equal. Every reporter passes model text through ``visible`` (terminals,
GitHub annotations, SARIF, JUnit, markdown) or ``json_safe`` (JSON, where the data stays
exact); the loader names the same characters in its DM126 finding. Stdlib only.
"""

from __future__ import annotations

import re
import unicodedata

# Character classes (regex set syntax). C0 controls except TAB and LINE FEED, DEL, and
# the C1 controls (U+0080–U+009F):
CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# bidi embeddings, overrides, isolates and marks:
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# zero-width space, joiners, word joiner and the zero-width no-break space (BOM):
ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"

HIDDEN = re.compile(f"[{CONTROLS}{BIDI}{ZERO_WIDTH}]")
_CONTROL = re.compile(f"[{CONTROLS}]")
_BIDI = re.compile(f"[{BIDI}]")

# unicodedata has no names for control characters; these are their ISO 6429 names.
_CONTROL_NAMES = {
    0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION",
    0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE",
    0x85: "NEXT LINE", 0x90: "DEVICE CONTROL STRING", 0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9C: "STRING TERMINATOR", 0x9D: "OPERATING SYSTEM COMMAND",
}


def char_name(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE`` (control characters by their ISO 6429 name)."""
    code = ord(ch)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(ch, "") or "CONTROL CHARACTER"
    return f"U+{code:04X} {name}"


def is_control(ch: str) -> bool:
    return _CONTROL.match(ch) is not None


def kind_of(ch: str) -> str:
    """``control``, ``bidi`` or ``zero-width`` for a character ``HIDDEN`` matches."""
    if is_control(ch):
        return "control"
    return "bidi" if _BIDI.match(ch) else "zero-width"


def _shown(match: re.Match[str]) -> str:
    ch = match.group()
    return f"\\x{ord(ch):02x}" if is_control(ch) else f"<U+{ord(ch):04X}>"


def visible(text: str) -> str:
    """``text`` with every hidden character written out: ``\\x1b``, ``<U+202E>``.

    Line feeds and tabs stay (reports are multi-line); a carriage return does not (it
    would let a later part of a line overwrite an earlier one on a terminal).
    """
    if HIDDEN.search(text) is None:  # the common case: nothing to do, no copy
        return text
    return HIDDEN.sub(_shown, text)


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_safe(document: str) -> str:
    """A JSON document with hidden characters as ``\\uXXXX`` escapes: the same data.

    ``json.dumps(ensure_ascii=False)`` escapes C0 controls but writes DEL, C1 controls
    and bidi characters raw. Outside strings JSON has none of these characters, so each
    one found is inside a string, where the escape means the same character.
    """
    if HIDDEN.search(document) is None:
        return document
    return HIDDEN.sub(_escaped, document)
