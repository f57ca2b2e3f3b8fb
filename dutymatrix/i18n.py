"""The languages dutymatrix speaks, and its message catalogues (stdlib ``gettext``).

Three languages: ``zh-CN`` (simplified Chinese, the default), ``zh-TW`` (traditional) and
``en``. Messages in the code are English msgids with named ``{placeholders}``, marked with
``N_`` (or passed to ``tr``) so Babel can extract them; ``make catalogues`` extracts them
into ``locale/dutymatrix.pot``, updates each ``.po`` and compiles the ``.mo`` files that the
wheel ships. At run time only the standard library reads them.

Which language a command speaks: ``--lang`` when given, else the org's ``locale``, else the
environment (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else zh-CN (``resolve_lang``).
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from functools import cache
from pathlib import Path

LANGS = ("zh-CN", "zh-TW", "en")
DEFAULT_LANG = "zh-CN"
DOMAIN = "dutymatrix"
LOCALE_DIR = Path(__file__).parent / "locale"

# What a user may write (``--lang``, an org's ``locale``, ``LANG``), folded to lower case
# with "_" as "-"; the first prefix that matches decides.
_ALIASES = (
    ("zh-tw", "zh-TW"), ("zh-hk", "zh-TW"), ("zh-mo", "zh-TW"), ("zh-hant", "zh-TW"),
    ("zh-cn", "zh-CN"), ("zh-sg", "zh-CN"), ("zh-hans", "zh-CN"), ("zh", "zh-CN"),
    ("en", "en"),
)


def normalise_lang(value: str) -> str | None:
    """``zh``, ``zh_CN.UTF-8``, ``zh-Hant-HK``, ``en-GB`` … → one of LANGS; None if none."""
    folded = value.strip().split(".")[0].split("@")[0].replace("_", "-").lower()
    for prefix, lang in _ALIASES:
        if folded == prefix or folded.startswith(prefix + "-"):
            return lang
    return None


def resolve_lang(requested: str | None, org_locale: str | None = None,
                 environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: asked for, else the org's, else the environment's, else zh-CN.

    An environment naming a language dutymatrix does not speak (``C``, ``POSIX``, ``fr_FR``)
    is passed over, as an unset one is.
    """
    for candidate in (requested, org_locale):
        if candidate and (lang := normalise_lang(candidate)):
            return lang
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (environ or {}).get(name)
        if value:
            return normalise_lang(value) or DEFAULT_LANG
    return DEFAULT_LANG


def text_side(lang: str) -> str:
    """The side of a ``{zh, en}`` text field a language reads: ``"zh"`` or ``"en"``."""
    return "en" if lang == "en" else "zh"


def _catalogue_name(lang: str) -> str:
    return lang.replace("-", "_")


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (English msgids fall through unchanged)."""
    # "zh" or "zh_CN.UTF-8" finds the zh_CN catalogue too, not the English fallback.
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR),
                               languages=[_catalogue_name(normalise_lang(lang) or lang)],
                               fallback=True)


def tr(lang: str, message: str, /, **params: object) -> str:
    """``message`` in ``lang``, its ``{placeholders}`` filled from ``params``."""
    translated = translations(lang).gettext(message)
    return translated.format(**params) if params else translated


def ntr(lang: str, singular: str, plural: str, count: int, /, **params: object) -> str:
    """The singular or plural form for ``count`` (``{count}`` is filled too)."""
    translated = translations(lang).ngettext(singular, plural, count)
    return translated.format(count=count, **params)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; translated later, where the language is known."""
    return message
