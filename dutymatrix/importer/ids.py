"""Ids derived from names: pinyin for Chinese, a slug for English; stable and de-duplicated.

"资产负债管理部" → ``zi-chan-fu-zhai-guan-li-bu``; a post's id is its department's id, a dot,
and the slug of its title without the department's name ("资产负债管理部经理" →
``zi-chan-fu-zhai-guan-li-bu.jing-li``). A repeated id gets ``-2``, ``-3`` … in the order
the names appear. A name that gives no letters at all falls back to ``dept-N`` /
``role-N`` (N its position), so ids never depend on anything but the input.
"""

from __future__ import annotations

import functools
import re
import unicodedata

MAX_ID_LENGTH = 48
_UNIT_WORD = re.compile(r"[部处科室]|中心")
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")


@functools.lru_cache(maxsize=4096)  # titles repeat (经理, 主管 in every department)
def slug(name: str) -> str:
    from pypinyin import lazy_pinyin  # imported here: only import needs it

    text = unicodedata.normalize("NFKC", name)
    words = lazy_pinyin(text, errors=lambda chars: [chars])
    pieces: list[str] = []
    for word in words:
        ascii_word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
        pieces.extend(p for p in _NOT_ALNUM.split(ascii_word.lower()) if p)
    result = "-".join(pieces)
    if len(result) > MAX_ID_LENGTH:
        result = result[:MAX_ID_LENGTH].rsplit("-", 1)[0]
    return result


class IdRegistry:
    """Hands out unique ids; the n-th duplicate of ``base`` becomes ``base-n``."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        # the suffix to try next for a base: every smaller one is taken (and stays so), so
        # the thousandth 经理 does not try -2 … -999 again
        self._next: dict[str, int] = {}

    def claim(self, base: str) -> str:
        candidate = base
        n = self._next.get(base, 2)
        if candidate in self.taken:
            candidate = f"{base}-{n}"
            while candidate in self.taken:
                n += 1
                candidate = f"{base}-{n}"
            self._next[base] = n + 1
        self.taken.add(candidate)
        return candidate


def role_slug(title: str, department_name: str) -> str:
    """The post's part of its id: its title without the department's name, when that
    leaves a whole title ("资产负债管理部经理" in 资产负债管理部 → jing-li, but
    "信贷业务部经理" in 信贷业务 stays xin-dai-ye-wu-bu-jing-li)."""
    local = title
    rest = title[len(department_name):]
    if title.startswith(department_name) and rest and not _UNIT_WORD.match(rest):
        local = rest
    return slug(local) or slug(title)
