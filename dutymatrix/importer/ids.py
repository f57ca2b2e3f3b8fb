"""Ids derived from names: pinyin for Chinese, a slug for English; stable and de-duplicated.

"资产负债管理部" → ``zi-chan-fu-zhai-guan-li-bu``; a post's id is its department's id, a dot,
and the slug of its title without the department's name ("资产负债管理部经理" →
``zi-chan-fu-zhai-guan-li-bu.jing-li``). A repeated id gets ``-2``, ``-3`` … in the order
the names appear. A name that gives no letters at all falls back to ``dept-N`` /
``role-N`` (N its position), so ids never depend on anything but the input.
"""

from __future__ import annotations

import re
import unicodedata

MAX_ID_LENGTH = 48


def slug(name: str) -> str:
    from pypinyin import lazy_pinyin  # imported here: only import needs it

    text = unicodedata.normalize("NFKC", name)
    words = lazy_pinyin(text, errors=lambda chars: [chars])
    pieces: list[str] = []
    for word in words:
        ascii_word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
        pieces.extend(p for p in re.split(r"[^A-Za-z0-9]+", ascii_word.lower()) if p)
    result = "-".join(pieces)
    if len(result) > MAX_ID_LENGTH:
        result = result[:MAX_ID_LENGTH].rsplit("-", 1)[0]
    return result


class IdRegistry:
    """Hands out unique ids; the n-th duplicate of ``base`` becomes ``base-n``."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, base: str) -> str:
        candidate = base
        n = 2
        while candidate in self.taken:
            candidate = f"{base}-{n}"
            n += 1
        self.taken.add(candidate)
        return candidate


def role_slug(title: str, department_name: str) -> str:
    """The post's part of its id: its title without the department's name, when that
    leaves a whole title ("资产负债管理部经理" in 资产负债管理部 → jing-li, but
    "信贷业务部经理" in 信贷业务 stays xin-dai-ye-wu-bu-jing-li)."""
    local = title
    rest = title[len(department_name):]
    if title.startswith(department_name) and rest and not re.match(r"[部处科室]|中心", rest):
        local = rest
    return slug(local) or slug(title)
