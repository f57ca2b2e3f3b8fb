"""The CJK fonts each document language asks for (all in Debian's fonts-noto-cjk).

Traditional Chinese needs the TC faces first: the SC faces draw shared code points in
mainland forms (户, 骨 and 令 differ in their strokes), which a Taiwan or Hong Kong
reader sees as wrong. English documents keep the SC faces for any Chinese name in them.
"""

from __future__ import annotations

from .labels import lang_code

SERIF = {"zh-TW": "Noto Serif CJK TC", "zh-CN": "Noto Serif CJK SC", "en": "Noto Serif CJK SC"}
SANS = {"zh-TW": "Noto Sans CJK TC", "zh-CN": "Noto Sans CJK SC", "en": "Noto Sans CJK SC"}


def serif_font(lang: str) -> str:
    return SERIF[lang_code(lang)]


def sans_font(lang: str) -> str:
    return SANS[lang_code(lang)]


def pdf_face(lang: str, style: str = "serif") -> str:
    """The small face (``pdffonts.FACES``) a PDF in ``lang`` names first: serif or sans."""
    return f"{style}-{'TC' if lang_code(lang) == 'zh-TW' else 'SC'}"


def sans_stack(lang: str) -> str:
    """A CSS font-family list, the language's Noto face first."""
    if lang_code(lang) == "zh-TW":
        return '"Noto Sans CJK TC", "Source Han Sans TC", "Noto Sans TC", sans-serif'
    return '"Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", sans-serif'


def word_lang(lang: str) -> str:
    """The ``w:lang`` a Word file gives its East Asian text."""
    return "zh-TW" if lang_code(lang) == "zh-TW" else "zh-CN"
