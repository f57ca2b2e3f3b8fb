"""zh-TW documents: simplified model text shown in traditional characters.

A text field's own ``zh-TW`` side is used as written. Otherwise its simplified text is
converted with OpenCC's ``s2tw`` for display: the document shows the converted copy, the
model and its files are never rewritten. ``s2tw`` changes the script to Taiwan's standard
character forms (为 → 為, 启 → 啟, 里 → 裡) and leaves the words alone: a duty, a
regulation's title (《贷款通则》) or a product name says what the org wrote. ``s2t``
would print OpenCC's own forms (爲, 啓, 裏) that Taiwan and Hong Kong readers find odd,
and ``s2twp`` rewrites vocabulary (软件 → 軟體, 信息 → 資訊), which would change what a
duty says; the document labels, written by us, use Taiwan wording in the catalogue.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from functools import cache, lru_cache
from typing import Any, TypeVar

from dutymatrix.model import Text

T = TypeVar("T")
CONVERSION = "s2tw"
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@cache
def _converter() -> Any:
    import opencc  # opencc-python-reimplemented: loading its dictionaries takes a second

    return opencc.OpenCC(CONVERSION)


@lru_cache(maxsize=1 << 16)
def to_traditional(text: str) -> str:
    """``text`` in traditional characters (text without a Han character as it is)."""
    return _converter().convert(text) if _HAN.search(text) else text


def _display_text(text: Text) -> Text:
    if text.zh_tw is not None:
        return text
    if text.plain is not None:
        converted = to_traditional(text.plain)
        return text if converted == text.plain else replace(text, plain=converted)
    if text.zh is not None:
        return replace(text, zh_tw=to_traditional(text.zh))
    return text


def _walk(value: Any) -> Any:
    """``value`` with every Text in it (through dataclasses and tuples) for display;
    unchanged parts are the same objects."""
    if isinstance(value, Text):
        return _display_text(value)
    if isinstance(value, tuple):
        walked = tuple(_walk(item) for item in value)
        return value if all(a is b for a, b in zip(walked, value, strict=True)) else walked
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for spec in fields(value):
            if spec.init:
                old = getattr(value, spec.name)
                new = _walk(old)
                if new is not old:
                    changes[spec.name] = new
        return replace(value, **changes) if changes else value
    return value


def display_model(value: T, lang: str) -> T:
    """The org (or any part of it) as documents in ``lang`` show it: for zh-TW a copy
    whose texts read traditional; for other languages ``value`` itself."""
    return _walk(value) if lang == "zh-TW" else value


def display_string(text: str, lang: str) -> str:
    """A string built elsewhere (a finding's message) as a ``lang`` document shows it."""
    return to_traditional(text) if lang == "zh-TW" else text
