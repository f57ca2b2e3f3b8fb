"""A message that is put into words only when the reader's language is known.

A rule does not know who will read its finding: ``check --lang en`` in CI, the zh-TW
audit report of a Hong Kong branch. So it builds a ``Msg`` — an English msgid marked
with ``N_`` and its named parameters — and the engine (``Finding.in_lang``) renders it in
the language the command chose. Parameters are rendered in that language too:

- ``Text`` (a ``{zh, en}`` model field) gives the reader's side (``i18n.text_side``),
  for zh-TW converted to traditional characters for display (``to_traditional``);
- a nested ``Msg`` is rendered (a part of a sentence that is itself translated, such as
  "nobody" or "a, b and 3 more");
- ``Names`` is a list of ids or names, cut after ``MAX_NAMED`` with a count of the rest.

Stdlib only (with the model's ``Text``), so the loader and every rule can build them.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dutymatrix.i18n import N_, text_side, tr, translations
from dutymatrix.model import Text

MAX_NAMED = 5  # ids named in a message; the rest are counted (all are in `related`)


class Msg:
    """``N_("activity {activity} has no …")`` and its parameters; immutable. The msgid is
    a ``str.format`` template even without parameters (a literal brace is written ``{{``)."""

    __slots__ = ("_said", "msgid", "params")

    def __init__(self, msgid: str, /, **params: Any) -> None:
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "params", params)
        object.__setattr__(self, "_said", None)  # lang → its words, once said

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Msg is immutable")

    def render(self, lang: str) -> str:
        # A message shared by many findings (a hint, a post's name) is worded once per
        # language: its parameters are immutable and the catalogues load once.
        said = self._said
        if said is None:
            said = {}
            object.__setattr__(self, "_said", said)
        elif lang in said:
            return said[lang]
        # Always a format string, with or without parameters: a literal brace is "{{".
        template = translations(lang).gettext(self.msgid)
        if not self.params:
            words = template.format()
        else:
            words = template.format(**{
                name: value if value.__class__ is str else render_value(value, lang)
                for name, value in self.params.items()})
        said[lang] = words
        return words

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Msg({self.msgid!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Msg) and other.msgid == self.msgid
                and other.params == self.params)

    def __hash__(self) -> int:
        return hash(self.msgid)


@dataclass(frozen=True)
class Names:
    """Ids or names in a sentence: ``a, b, c, d, e and 7 more`` / ``a、b、c、d、e 等 12 个``."""

    items: tuple[Any, ...]
    limit: int = MAX_NAMED
    clauses: bool = False  # items that are phrases themselves: joined with "; " / "；"
    separator: str | None = None  # the same in every language (a chain: " → ")

    @classmethod
    def of(cls, items: Iterable[Any], limit: int = MAX_NAMED, clauses: bool = False,
           separator: str | None = None) -> Names:
        return cls(tuple(items), limit, clauses, separator)


def render_value(value: Any, lang: str) -> str:
    if value.__class__ is str:  # most parameters: ids and model names
        return value
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, Text):
        # zh-TW readers see a simplified model text in traditional (display only).
        text = value.get(text_side(lang))
        return to_traditional(text) if lang == "zh-TW" else text
    if isinstance(value, Names):
        return _names(value, lang)
    return str(value)


def _names(names: Names, lang: str) -> str:
    shown = [item if item.__class__ is str else render_value(item, lang)
             for item in names.items[:names.limit]]
    if not shown:
        return tr(lang, N_("nobody"))
    chinese = text_side(lang) == "zh"
    separator = names.separator or (("；" if chinese else "; ") if names.clauses
                                    else ("、" if chinese else ", "))
    listed = separator.join(shown)
    more = len(names.items) - len(shown)
    if more <= 0:
        return listed
    return tr(lang, N_("{names} and {count} more"), names=listed, count=more)


# Model text (names, duties) shown in traditional: OpenCC's s2tw changes the script only
# and leaves the words as the org wrote them (render/hant.py says why not s2t or s2twp);
# documents and messages share this one converter, so a name reads the same in both.
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@functools.cache
def _converter() -> Any:
    from opencc import OpenCC  # opencc-python-reimplemented: pure Python, ~0.2 s to load

    return OpenCC("s2tw")


@functools.lru_cache(maxsize=1 << 16)
def to_traditional(text: str) -> str:
    """Simplified Chinese shown in traditional (Taiwan forms): for display only, where no
    catalogue entry or ``zh-TW`` text exists; the model is never rewritten."""
    return _converter().convert(text) if _HAN.search(text) else text


def pick(lang: str, zh: str, en: str) -> str:
    """A word from a ``(zh, en)`` table in ``lang`` (zh-TW: the zh word in traditional)."""
    if lang == "en":
        return en
    return to_traditional(zh) if lang == "zh-TW" else zh


def render(text: str | Msg, lang: str) -> str:
    """A message that may still be plain text (an old rule, a formatted error) in ``lang``."""
    return text.render(lang) if isinstance(text, Msg) else text


def params_of(text: str | Msg) -> Mapping[str, Any]:
    return text.params if isinstance(text, Msg) else {}


def did_you_mean(word: str, choices: Iterable[str], limit: int = 3) -> str | Msg:
    """`` (did you mean X?)``, said in the reader's language, or ``""``."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=limit, cutoff=0.6)
    if not close:
        return ""
    return Msg(N_(" (did you mean {choices}?)"), choices=Names.of(close))
