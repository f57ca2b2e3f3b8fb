"""Line and column numbers as an editor shows them, whatever libyaml counts.

libyaml starts a new line at U+0085 (NEXT LINE), U+2028 and U+2029 as well as at \\n,
\\r\\n and \\r; editors and GitHub's diff view break lines only at the last three. In a
file holding one of the three, every mark after it would be a line too far, so there
positions are computed again from the mark's character index. A file without them (nearly
every file) keeps libyaml's numbers, which are then the same, at no cost.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")
YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


class Lines:
    """Where each editor line of a text starts: character index → (line, column)."""

    def __init__(self, text: str):
        self.starts = [0, *(m.end() for m in _EDITOR_BREAK.finditer(text))]

    def at(self, index: int) -> tuple[int, int]:
        row = bisect_right(self.starts, index) - 1
        return row + 1, index - self.starts[row] + 1


class SourceText:
    """One decoded model file: its text and how to turn marks into editor positions."""

    __slots__ = ("_lines", "escapes", "remap", "text")

    def __init__(self, text: str):
        self.text = text
        self.remap = any(ch in text for ch in YAML_ONLY_BREAKS)
        self.escapes = "\\" in text  # only a double-quoted escape can hide a control char
        self._lines: Lines | None = None

    @property
    def lines(self) -> Lines:
        if self._lines is None:
            self._lines = Lines(self.text)
        return self._lines

    def at(self, index: int) -> tuple[int, int]:
        """(line, column), 1-based, of the character at ``index``."""
        return self.lines.at(max(0, min(index, len(self.text))))

    def mark(self, mark: Any) -> tuple[int, int]:
        """(line, column), 1-based, of a libyaml mark."""
        if self.remap:
            return self.at(mark.index)
        return mark.line + 1, mark.column + 1
