"""A posting's salary as people write it: "8000-12000元/月", "8-12K", "1.5-2万/月",
"15-25万/年", "$5,000 - $7,000 per month" (folded text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_AMOUNT = r"(?P<{0}>\d+(?:\.\d+)?)\s*(?P<{0}_unit>[kK千万w]?)"
_RANGE = re.compile(
    r"(?P<currency>[$£€¥]|HK\$|US\$|RMB|CNY|USD|HKD)?\s*" + _AMOUNT.format("min")
    + r"\s*(?:[-~至到]|to)\s*(?:[$£€¥]|HK\$|US\$)?\s*" + _AMOUNT.format("max")
    + r"\s*(?:元|RMB|CNY|USD|HKD)?\s*(?:(?:/|每|per\s+|a\s+)\s*(?P<per>月|年|天|日|小时|"
    r"month|year|annum|day|hour))?",
    re.IGNORECASE,
)
_UNIT = {"": 1, "k": 1000, "千": 1000, "万": 10000, "w": 10000}
_PER = {"月": "month", "年": "year", "天": "day", "日": "day", "小时": "hour", "annum": "year"}
_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "hk$": "HKD", "hkd": "HKD", "£": "GBP",
             "€": "EUR", "¥": "CNY", "rmb": "CNY", "cny": "CNY"}


@dataclass(frozen=True)
class Salary:
    min: float
    max: float
    per: str  # month | year | day | hour
    currency: str


def parse_salary(text: str) -> Salary | None:
    """The salary range in ``text``; None when it names none (面议, "competitive")."""
    match = _RANGE.search(text.replace(",", ""))
    if match is None:
        return None
    max_unit = _UNIT[match.group("max_unit").lower()]
    # "8-12K": a unit written once counts for both ends
    min_unit = _UNIT[match.group("min_unit").lower()] if match.group("min_unit") else max_unit
    low, high = float(match.group("min")) * min_unit, float(match.group("max")) * max_unit
    if low > high:
        return None
    per = (match.group("per") or "").lower()
    per = _PER.get(per, per) or ("year" if max_unit == 10000 and high >= 100000 else "month")
    currency = _CURRENCY.get((match.group("currency") or "").lower(), "CNY")
    return Salary(low, high, per, currency)
