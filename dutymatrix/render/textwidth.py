"""Estimated text widths for layouts that must fit mixed Chinese and Latin labels.

The org chart and the spreadsheet column widths are laid out before any font is
loaded (and the SVG is drawn by whatever viewer opens it), so widths are estimated from
character classes, on the generous side: a full-width character (CJK ideographs, kana,
full-width punctuation) is 1 em, any ASCII character at least 0.58 em (the Latin glyphs
of Noto Sans CJK are 0.2–0.9 em). An estimate that is slightly too wide costs a little
white space; one too narrow makes text spill out of its box, so every value errs wide.
Stdlib only.
"""

from __future__ import annotations

import unicodedata

_WIDE_LATIN = frozenset("MWmw@%&")


def char_em(ch: str) -> float:
    """Width of one character in em (1 em = the font size)."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Cf"):
        return 0.0
    if ch in _WIDE_LATIN:
        return 0.9
    if ch.isupper():
        return 0.68
    if ch.isascii():
        return 0.58
    # Other scripts (Greek, Cyrillic, accented Latin…): treat like a wide Latin letter.
    return 0.7


def text_em(text: str) -> float:
    """Width of ``text`` in em."""
    return sum(char_em(ch) for ch in text)


def text_width(text: str, font_size: float) -> float:
    """Width of ``text`` in the units of ``font_size`` (px for SVG)."""
    return text_em(text) * font_size


HEADER_EM = 26.0  # a page header line holds two texts of about this width (A4, 8.5–9 pt)


def fit_em(text: str, max_em: float = HEADER_EM) -> str:
    """``text`` cut with an ellipsis to at most ``max_em`` em (itself when it fits)."""
    if len(text) <= max_em:  # a character is at most 1 em wide
        return text
    width = 0.0
    for index, ch in enumerate(text):
        width += char_em(ch)
        if width > max_em - 1:  # keep room for the ellipsis
            return text[:index].rstrip() + "…"
    return text


def display_columns(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet cell: 2 per full-width character, else 1.

    Excel and LibreOffice measure column widths in widths of the digit "0"; a CJK
    character is about two of those.
    """
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def wrap_text(text: str, max_em: float) -> list[str]:
    """Break ``text`` into lines of at most ``max_em`` em.

    CJK text may break between any two characters; Latin words are kept whole where
    they fit and broken only when a single word is longer than a line.
    """
    lines: list[str] = []
    current = ""
    current_em = 0.0
    for token in _tokens(text):
        token_em = text_em(token)
        if current and current_em + token_em > max_em:
            lines.append(current.rstrip())
            current, current_em = "", 0.0
            token = token.lstrip()
            token_em = text_em(token)
        if token_em > max_em:
            # A single Latin word longer than a line: cut it by characters.
            for ch in token:
                w = char_em(ch)
                if current and current_em + w > max_em:
                    lines.append(current)
                    current, current_em = "", 0.0
                current += ch
                current_em += w
            continue
        current += token
        current_em += token_em
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Split into breakable units: single wide characters, Latin words with their space."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        elif ch == " ":
            tokens.append(word + ch)
            word = ""
        else:
            word += ch
    if word:
        tokens.append(word)
    return tokens
