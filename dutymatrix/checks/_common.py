"""Small helpers the rule families share: locating a duty's RACI entry, text folding,
did-you-mean suggestions and number formatting. Private to ``dutymatrix.checks``."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

from dutymatrix.messages import Names, did_you_mean
from dutymatrix.model import Duty, Loc, Text

__all__ = ["did_you_mean"]  # re-exported for the rules and the engine


def raci_loc(duty: Duty, activity: str) -> Loc:
    """Where ``duty`` gives letters on ``activity`` (the RACI entry), else the duty itself."""
    loc = duty.locs.get(f"raci.{activity}")
    if loc is None and "." in activity:
        # A user may have written the activity without its process prefix.
        loc = duty.locs.get(f"raci.{activity.split('.', 1)[1]}")
    return loc or duty.loc


def text_loc(duty: Duty) -> Loc:
    return duty.locs.get("text") or duty.loc


def text_variants(text: Text) -> list[tuple[str, str]]:
    """(language, text) for each variant a user wrote; plain text is guessed zh or en."""
    if text.plain is not None:
        return [(guess_language(text.plain), text.plain)]
    return [(lang, value) for lang, value in (("zh", text.zh), ("en", text.en)) if value]


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def guess_language(text: str) -> str:
    return "zh" if _CJK.search(text) else "en"


# Branches copy posts, so the same duty text comes back thousands of times.
TEXT_CACHE = 1 << 16


@functools.lru_cache(maxsize=TEXT_CACHE)
def fold_text(text: str) -> str:
    """Duty text with case, whitespace and punctuation folded away (for comparing).

    NFKC first, so full-width letters, digits and punctuation compare equal to ASCII ones.
    """
    return _NOISE.sub("", unicodedata.normalize("NFKC", text).casefold())


# Everything that is not a letter or digit of some script: punctuation, spaces, symbols.
_NOISE = re.compile(r"[\W_]+")


MAX_PLACES = 10  # located duties listed with a finding; a bank's 400 copies would drown it


def name_posts(posts: Sequence[str]) -> Names:
    """``a, b, c, d, e and 7 more`` (``a、b、c、d、e 等 12 个`` in Chinese)."""
    return Names.of(posts)


def fmt_amount(value: float | None) -> str:
    """1000000.0 → "1000000"; None → "∞"."""
    if value is None:
        return "∞"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


CARRY_LETTERS = "RA"  # the letters that mean a holder does or answers for the work


def carries(letters: str) -> bool:
    return any(ch in CARRY_LETTERS for ch in letters)
