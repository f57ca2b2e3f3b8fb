"""Amounts, approval bands and salary ranges in words, through the message catalogues.

Chinese rules write whole amounts in 万 / 亿 (100万元(含)以下); English writes the
currency code and the full number (up to and including CNY 1,000,000).
"""

from __future__ import annotations

from dutymatrix.i18n import tr
from dutymatrix.model import Band, Salary

from .labels import C_, lang_code, translate

# A currency as a sentence names it: 元 / 美元 in Chinese, the ISO code in English.
_CURRENCIES = {
    "CNY": C_("currency", "CNY"), "RMB": C_("currency", "RMB"), "USD": C_("currency", "USD"),
    "EUR": C_("currency", "EUR"), "HKD": C_("currency", "HKD"),
}
_PERIODS = {
    "month": C_("salary period", "month"),
    "year": C_("salary period", "year"),
    "day": C_("salary period", "day"),
    "hour": C_("salary period", "hour"),
}


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def currency_word(unit: str, lang: str) -> str:
    msgid = _CURRENCIES.get(unit)
    return translate(lang_code(lang), msgid) if msgid else unit


def format_amount(value: float, unit: str, lang: str) -> str:
    """1000000 CNY → "100万元" (zh), "CNY 1,000,000" (en)."""
    code = lang_code(lang)
    number = _number(value)
    if code != "en" and value and value % 100_000_000 == 0:
        number = tr(code, "{n} hundred million", n=_number(value / 100_000_000))
    elif code != "en" and value and value % 10_000 == 0:
        number = tr(code, "{n} ten thousand", n=_number(value / 10_000))
    return tr(code, "{currency} {amount}", currency=currency_word(unit, code), amount=number)


def format_band(band: Band, unit: str, lang: str) -> str:
    """The amount range ``(over, up_to]`` of a band in words."""
    code = lang_code(lang)
    if band.up_to is None:
        if not band.over:
            return tr(code, "any amount")
        return tr(code, "over {low}", low=format_amount(band.over, unit, code))
    high = format_amount(band.up_to, unit, code)
    if not band.over:
        return tr(code, "up to and including {high}", high=high)
    return tr(code, "over {low}, up to and including {high}",
              low=format_amount(band.over, unit, code), high=high)


def format_salary(salary: Salary, lang: str) -> str:
    if salary.min is None and salary.max is None:
        return ""
    code = lang_code(lang)
    period = _PERIODS.get(salary.per)
    params = {
        "currency": currency_word(salary.currency, code),
        "per": translate(code, period) if period else salary.per,
    }
    if salary.min is not None and salary.max is not None:
        return tr(code, "{currency} {low}–{high} per {per}",
                  low=_number(salary.min), high=_number(salary.max), **params)
    if salary.min is not None:
        return tr(code, "{currency} from {low} per {per}", low=_number(salary.min), **params)
    return tr(code, "{currency} up to {high} per {per}", high=_number(salary.max or 0), **params)
