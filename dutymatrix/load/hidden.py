"""DM126: characters a reviewer of the file cannot see, located at the character itself.

Two ways one gets into a model. Written raw (bidi overrides, zero-width characters, and
U+0085, U+2028, U+2029, which YAML reads as line breaks where an editor shows none — the
only hidden ones libyaml accepts unescaped), it is found by one scan of the file's text,
comments included: a bidi override in a comment can make the line around it read
differently too. Written as an escape in a double-quoted string (``"\\e"``,
``"\\u202e"``), it is visible in the file but not in what is rendered from it: such a
value is located at its escape.
"""

from __future__ import annotations

import re

from dutymatrix.findings import Finding
from dutymatrix.i18n import N_
from dutymatrix.load.positions import SourceText
from dutymatrix.load.rules import MAX_REPORTED_LINES, finding
from dutymatrix.messages import Msg
from dutymatrix.model import Loc
from dutymatrix.safetext import BIDI, HIDDEN, ZERO_WIDTH, char_name, kind_of

# What libyaml lets through unescaped; any other control character makes the file
# unreadable (reported as DM101 at its position).
_YAML_BREAKS = "\x85\u2028\u2029"
_RAW_HIDDEN = re.compile(f"[{_YAML_BREAKS}{BIDI}{ZERO_WIDTH}]")
# One escape of a double-quoted scalar (scanned left to right, so ``\\\\`` is one escape).
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "r": "\r",
                   "e": "\x1b", "N": "\x85"}

_EFFECTS = {
    "bidi": N_("it shows the text around it in another order than it is stored"),
    "zero-width": N_("it is invisible, so texts that look the same differ"),
    "control": N_("a terminal acts on it instead of showing it"),
}
_NEXT_LINE_EFFECT = N_("YAML reads it as a line break where an editor shows none")


def _effect(ch: str) -> Msg:
    return Msg(_NEXT_LINE_EFFECT if ch in _YAML_BREAKS else _EFFECTS[kind_of(ch)])


def scan_raw(label: str, source: SourceText) -> list[Finding]:
    """A DM126 warning for each hidden character written raw in the file (at most 10,
    the last one counting the rest)."""
    text = source.text
    first = _RAW_HIDDEN.search(text)
    if first is None:
        return []
    out: list[Finding] = []
    matches = _RAW_HIDDEN.finditer(text, first.start())
    for match in matches:
        ch = match.group()
        line, col = source.at(match.start())
        message = Msg(N_("hidden character {char} at column {col}: {effect}"),
                      char=char_name(ch), col=col, effect=_effect(ch))
        if len(out) == MAX_REPORTED_LINES - 1:
            rest = sum(1 for _ in matches)
            if rest:
                message = Msg(N_("{message} (and {count} more in this file)"),
                              message=message, count=rest)
        out.append(finding("DM126", message, Loc(label, line, col),
                           hint=Msg(N_("delete it (search the file for {escape})"),
                                    escape=f"\\u{ord(ch):04x}")))
        if len(out) == MAX_REPORTED_LINES:
            break
    return out


def escaped_hidden(span: str) -> tuple[int, str, str] | None:
    """(offset in ``span``, the escape, its character) of the first escape in the source
    ``span`` of a double-quoted scalar that stands for a hidden character."""
    for match in _ESCAPE.finditer(span):
        code = match.group(1)
        if len(code) > 1:
            ch = chr(int(code[1:], 16)) if int(code[1:], 16) <= 0x10FFFF else ""
        else:
            ch = _SIMPLE_ESCAPES.get(code, "")
        if ch and HIDDEN.match(ch):
            return match.start(), match.group(), ch
    return None


def escaped_finding(label: str, source: SourceText, start: int, end: int,
                    where: str) -> Finding | None:
    """DM126 for a double-quoted value (source characters ``start``–``end``) whose
    escapes give a hidden character; None when it has none."""
    found = escaped_hidden(source.text[start:end])
    if found is None:
        return None
    offset, escape, ch = found
    line, col = source.at(start + offset)
    return finding(
        "DM126", Msg(N_("{where} has {char}, written as the escape `{escape}` at column "
                        "{col}: {effect}"), where=where, char=char_name(ch), escape=escape,
                     col=col, effect=_effect(ch)), Loc(label, line, col),
        hint=Msg(N_("remove `{escape}` from the string"), escape=escape))
