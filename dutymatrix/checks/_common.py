"""Small helpers the rule families share: locating a duty's RACI entry, text folding,
did-you-mean suggestions, number formatting, and naming a thing in a sentence
(``named``, which the text report uses too)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

from dutymatrix.i18n import N_
from dutymatrix.messages import MAX_NAMED, Msg, Names, did_you_mean
from dutymatrix.model import Duty, Loc, Org, Text

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
    folded = unicodedata.normalize("NFKC", text).casefold()
    # isalnum() is exactly "no character _NOISE matches" (\w is alnum or "_", and "_" is
    # not alnum) and costs a fraction of the substitution: most duties have no noise.
    return folded if folded.isalnum() else _NOISE.sub("", folded)


# Everything that is not a letter or digit of some script: punctuation, spaces, symbols.
# One character at a time: duty texts have single commas and stops, and the engine
# removes those faster than it tries to extend a run.
_NOISE = re.compile(r"[\W_]")


MAX_PLACES = 10  # located duties listed with a finding; a bank's 400 copies would drown it


def name_of(org: Org, ident: str) -> Text | None:
    """The name the model gives a post, committee, department, person, activity or SoD
    rule (both sides, as written); None when it has none (a dangling id)."""
    if ident in org.roles:
        return org.roles[ident].title
    for index in (org.committees_by_id, org.departments_by_id, org.people_by_id,
                  org.activities, org.sod_rules_by_id):
        found = index.get(ident)
        if found is not None:
            return found.name or None
    return None


def named(org: Org, ident: str) -> Msg | str:
    """``贷款受理（loan.intake）`` / ``Loan intake (loan.intake)``: a thing a sentence names,
    by its name with the id beside it; the bare id when the model has no other name."""
    name = name_of(org, ident)
    if name is None or (name.get("zh") == ident and name.get("en") == ident):
        return ident
    return Msg(N_("{name} ({id})"), id=ident, name=name)


def duty_named(org: Org, duty: Duty) -> Msg:
    """``信贷员（credit.officer）第 2 条职责`` / ``duty 2 of Credit Officer
    (credit.officer)``: a duty as a reader finds it, by its owner's name and its number."""
    return Msg(N_("duty {numbers} of {owner}"), numbers=duty.n, owner=named(org, duty.owner))


def name_posts(org: Org, posts: Sequence[str], limit: int | None = None) -> Names:
    """``a, b, c, d, e and 7 more`` (``a、b、c、d、e 等 12 个`` in Chinese), each by name."""
    shown = MAX_NAMED if limit is None else limit
    # Only the shown ones are named: the rest are counted (a text copied into 400 posts).
    items = [named(org, p) for p in posts[:shown]] + list(posts[shown:])
    return Names.of(items, **({"limit": limit} if limit is not None else {}))


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
