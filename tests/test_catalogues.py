"""The message catalogues: every marked message translated, placeholders kept, .mo current.

A message marked in the code (``N_``, ``tr``, ``ntr``) but missing from a catalogue fails
here: run ``make catalogues``, translate the new entries in ``dutymatrix/locale/*/…/*.po``,
and run it again to compile.
"""

from __future__ import annotations

import functools
import gettext
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po

from dutymatrix import i18n

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "C_": ((1, "c"), 2), "tr": (2,), "ntr": (2, 3),
            "say": (3,)}
TRANSLATED = ("zh_CN", "zh_TW")  # en: the msgids are English already


# A file that names no marker has no message: Babel need not tokenize it.
_MARKER = re.compile(r"\b(?:N_|C_|tr|ntr|_|gettext|ngettext)\(")


@functools.cache  # once per run
def marked_messages() -> dict[tuple[str | None, str], str]:
    """(context, msgid) → where it is used, as Babel extracts them (the Makefile's keywords)."""
    found: dict[tuple[str | None, str], str] = {}
    files = [(p, "python") for p in sorted((ROOT / "dutymatrix").rglob("*.py"))]
    files += [(p, "jinja2") for p in sorted((ROOT / "dutymatrix" / "templates").rglob("*.html"))]
    for path, method in files:
        if not _MARKER.search(path.read_text(encoding="utf-8")):
            continue
        for lineno, message, _comments, context in extract_from_file(
            method, str(path), keywords=KEYWORDS, comment_tags=()
        ):
            for msgid in message if isinstance(message, tuple) else (message,):
                if msgid:
                    found.setdefault((context, msgid), f"{path.relative_to(ROOT)}:{lineno}")
    return found


def catalogue(locale: str):
    path = ROOT / "dutymatrix" / "locale" / locale / "LC_MESSAGES" / "dutymatrix.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_marked_message_is_translated(locale: str) -> None:
    entries = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m
               for m in catalogue(locale) if m.id}
    missing = [f"{where}: {msgid!r}" for msgid, where in sorted(marked_messages().items(),
                                                                 key=lambda item: item[1])
               if not entries.get(msgid) or not all(
                   s for s in ([entries[msgid].string] if isinstance(entries[msgid].string, str)
                               else entries[msgid].string))]
    assert not missing, (f"{len(missing)} message(s) with no {locale} translation "
                         "(make catalogues, translate, make catalogues):\n" + "\n".join(missing))


@pytest.mark.parametrize("locale", (*TRANSLATED, "en"))
def test_translations_keep_the_placeholders(locale: str) -> None:
    wrong = []
    for entry in catalogue(locale):
        ids = [entry.id] if isinstance(entry.id, str) else list(entry.id)
        strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        wanted = set().union(*(placeholders(i) for i in ids)) if entry.id else set()
        for text in strings:
            if text and placeholders(text) - wanted | (wanted - placeholders(text)) - {"count"}:
                wrong.append(f"{ids[0]!r} → {text!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("locale", (*TRANSLATED, "en"))
def test_the_compiled_catalogue_is_current(locale: str) -> None:
    mo = ROOT / "dutymatrix" / "locale" / locale / "LC_MESSAGES" / "dutymatrix.mo"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue(locale):
        if not entry.id or not entry.string or isinstance(entry.id, tuple):
            continue
        found = (compiled.pgettext(entry.context, entry.id) if entry.context
                 else compiled.gettext(entry.id))
        assert found == entry.string, (
            f"{mo.name} of {locale} is older than its .po: run make catalogues")


def test_languages_are_read_the_way_users_write_them() -> None:
    assert [i18n.normalise_lang(v) for v in ("zh", "zh_CN.UTF-8", "zh-Hant-HK", "zh_TW",
                                             "en-GB", "EN", "fr_FR", "C")] == [
        "zh-CN", "zh-CN", "zh-TW", "zh-TW", "en", "en", None, None]
    assert i18n.resolve_lang("en", "zh-CN", {"LANG": "zh_TW.UTF-8"}) == "en"
    assert i18n.resolve_lang(None, "zh-TW", {"LANG": "en_US.UTF-8"}) == "zh-TW"
    assert i18n.resolve_lang(None, None, {"LANG": "en_US.UTF-8"}) == "en"
    assert i18n.resolve_lang(None, None, {"LC_ALL": "C", "LANG": "en_US"}) == "zh-CN"
    assert i18n.resolve_lang(None, None, {}) == "zh-CN"


def test_a_message_is_filled_in_each_language() -> None:
    msgids = marked_messages()
    with_names = sorted(m for context, m in msgids if context is None and placeholders(m))
    if not with_names:
        pytest.skip("no message with placeholders is marked yet")
    for msgid in with_names:
        params = {name: f"<{name}>" for name in placeholders(msgid)}
        for lang in i18n.LANGS:
            text = i18n.tr(lang, msgid, **params)
            assert all(value in text for value in params.values()), (lang, msgid, text)
            assert not re.search(r"\{\w*\}|%\(", text), (lang, msgid, text)
