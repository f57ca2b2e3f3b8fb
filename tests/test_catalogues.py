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


# --- zh-TW: Taiwan's words (docs/zh-TW-glossary.md) ---------------------------------------

GLOSSARY = ROOT / "docs" / "zh-TW-glossary.md"


def mainland_terms() -> dict[str, tuple[str, ...]]:
    """The glossary's table of mainland-only terms: term → words it may appear inside."""
    text = GLOSSARY.read_text(encoding="utf-8")
    table = text.split("## Mainland-only terms", 1)[1].split("\n## ", 1)[0]
    terms = {}
    for row in re.findall(r"^\| (.+?) \| .+? \| (.*?) ?\|$", table, re.MULTILINE):
        term, allowed = row
        if term.startswith("mainland") or set(term) <= {"-", " "}:
            continue
        terms[term] = tuple(w for w in re.split(r"[、, ]+", allowed) if w)
    return terms


def zh_tw_texts() -> list[tuple[str, str]]:
    """(msgid, msgstr) of every translated zh_TW entry, plural forms each."""
    texts = []
    for message in catalogue("zh_TW"):
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts += [(msgid, s) for s in strings if s]
    return texts


def test_the_glossary_lists_the_terms_the_test_enforces() -> None:
    terms = mainland_terms()
    # The ones a reviewer is told to look for first, and the allowed-inside exception.
    assert {"信息", "默認", "程序", "數據", "支持", "設置", "創建", "用戶", "打開", "鏈接",
            "字段", "菜單", "模板", "兜底", "檔位"} <= set(terms)
    assert terms["程序"] == ("處理程序",)


def test_no_zh_tw_message_uses_a_mainland_only_term() -> None:
    terms = mainland_terms()
    found = []
    for _msgid, text in zh_tw_texts():
        for term, allowed in terms.items():
            rest = text
            for word in allowed:
                rest = rest.replace(word, "")
            if term in rest:
                found.append((term, text))
    assert found == [], "see docs/zh-TW-glossary.md: " + "\n".join(map(str, found))


# Spreadsheet and file words that 行 / 列 may be part of without meaning a row or column.
_NOT_ROW_OR_COLUMN = re.compile(r"列出|列表|列印|列在|列入|列為|排列|並列|系列|序列|執行|進行|"
                                r"銀行|分行|本行|支行|行長|行領導|行為|自行|暫行|另行|施行|實行|現行|"
                                r"行號|換行|行縮排|某行|該行|所在的行|第 \{line\} 行")


def test_zh_tw_says_lie_for_a_row_and_lan_for_a_column() -> None:
    """The row/column trap: Taiwan's 列 is a row and 欄 a column (mainland: 行 and 列)."""
    checked = 0
    for msgid, text in zh_tw_texts():
        rest = _NOT_ROW_OR_COLUMN.sub("", text)
        rows = re.search(r"\brows?\b", msgid) is not None
        columns = re.search(r"\bcolumns?\b|\bcolumn\(s\)", msgid) is not None
        if rows:
            assert "列" in rest and "行" not in rest, (msgid, text)
        if columns:
            assert "欄" in rest, (msgid, text)
            assert rows or "列" not in rest, (msgid, text)
        checked += rows or columns
    assert checked >= 10  # the sheet import and apply messages, the hidden-character ones


def test_zh_tw_calls_the_subject_of_a_finding_dui_xiang() -> None:
    """对象 is 對象 for the post or person a finding or waiver is about; 物件 is a data object."""
    wrong = [(msgid, text) for msgid, text in zh_tw_texts()
             if re.search(r"(?i)\bsubject\b", msgid) and not re.search(r"(?i)\bobject", msgid)
             and "物件" in text]
    assert wrong == []


def test_zh_tw_quotes_with_corner_brackets() -> None:
    assert [text for _, text in zh_tw_texts() if re.search("[“”‘’]", text)] == []


# Chinese text takes full-width marks (，；：（）) where a mark touches a Chinese character.
# Left alone: code and YAML in backticks, {placeholders}, {{literal: braces}}, locations
# (`{where}:`/`{path}:` and 文件:行号:列号 stay clickable the way editors read them).
_SHIELDED = re.compile(r"`[^`]*`|\{\{.*?\}\}(?!\})|\{[^{}]*\}|文件:行号:列号|檔案:行號:欄號")
_IDEOGRAPH = r"[\u4e00-\u9fff]"
_ASCII_MARK_BY_CHINESE = re.compile(
    rf"{_IDEOGRAPH}[,;:()]|[,;()]{_IDEOGRAPH}|\({_IDEOGRAPH}[^()]*\)")


@pytest.mark.parametrize("locale", ["zh_CN", "zh_TW"])
def test_chinese_messages_use_full_width_punctuation(locale: str) -> None:
    offending = []
    for message in catalogue(locale):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            bare = _SHIELDED.sub("\0", text)
            found = _ASCII_MARK_BY_CHINESE.search(bare)
            if found:
                offending.append(f"{found.group(0)!r} in {text[:80]!r}")
    assert offending == []
