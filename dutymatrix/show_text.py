"""``dutymatrix show ID`` as text: the data ``show.describe`` returns, as a short page.

Works on that JSON-ready data alone (texts as a string or {zh, en}), so what the text
shows is what ``show --format json`` shows. Hidden characters (escape sequences, bidi
overrides) are written out: the page goes to a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dutymatrix.safetext import visible


def _name(value: Any, lang: str) -> str:
    """A JSON text value (a string or {zh, en}) in ``lang``."""
    if isinstance(value, dict):
        return value.get(lang) or next(iter(value.values()), "")
    return "" if value is None else str(value)


LABELS: dict[str, tuple[str, str]] = {
    "role": ("岗位", "Post"),
    "committee": ("委员会", "Committee"),
    "activity": ("活动", "Activity"),
    "person": ("人员", "Person"),
    "department": ("部门", "Department"),
    "process": ("流程", "Process"),
    "code": ("岗位编号", "Code"),
    "department_name": ("所属部门", "Department"),
    "reports_to": ("直接上级", "Reports to"),
    "direct_reports": ("直接下级", "Direct reports"),
    "chain": ("汇报链", "Chain of command"),
    "dotted_to": ("业务指导上级", "Dotted-line superiors"),
    "dotted_reports": ("业务指导下级", "Dotted-line reports"),
    "profile": ("标准岗位", "Job profile"),
    "key": ("关键岗位", "Key post"),
    "backup": ("B 角", "Backup"),
    "backup_for": ("担任 B 角", "Backup for"),
    "committees": ("委员会成员", "Committee member of"),
    "held_by": ("任职人员", "Held by"),
    "purpose": ("岗位目的", "Purpose"),
    "duties": ("岗位职责", "Duties"),
    "carries": ("承担的活动", "Carries"),
    "bands": ("审批权限", "Approval bands"),
    "incompatible": ("不相容活动", "Must never also hold"),
    "members": ("成员", "Members"),
    "recusal": ("回避", "Recusal"),
    "holders": ("承担者", "Carried by"),
    "departments": ("部门职责", "Department duties"),
    "process_name": ("所属流程", "Process"),
    "dual_control": ("双人控制", "Dual control"),
    "sod_rules": ("不相容规则", "SoD rules"),
    "posts": ("岗位", "Posts"),
    "parent": ("上级部门", "Parent"),
    "children": ("下级部门", "Sub-departments"),
    "roles": ("岗位", "Posts"),
    "activities": ("活动", "Activities"),
    "none": ("无", "none"),
    "yes": ("是", "yes"),
    "acting": ("兼岗", "acting"),
    "via": ("经由", "via"),
}


def _label(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return en if lang == "en" else zh


def _range(band: dict[str, Any]) -> str:
    upper = "∞)" if band["up_to"] is None else f"{band['up_to']:,}]"
    return f"({band['over']:,}, {upper} {band['unit']}"


def _section(lines: list[str], title: str, rows: list[str], lang: str) -> None:
    lines.append(f"{title}:")
    lines.extend(f"  {row}" for row in rows) if rows else lines.append(
        f"  ({_label('none', lang)})")


def render_show_text(data: dict[str, Any], lang: str) -> str:
    """``describe`` output as a short, readable page."""
    return visible(_page(data, lang))


def _page(data: dict[str, Any], lang: str) -> str:
    lang = "en" if lang == "en" else "zh"
    kind = data["kind"]
    title = _name(data.get("title") or data.get("name"), lang)
    lines = [f"{_label(kind, lang)} {data['id']}  {title}"]
    names = {"role": _ROLE_PARTS, "committee": _COMMITTEE_PARTS, "activity": _ACTIVITY_PARTS,
             "person": _PERSON_PARTS, "department": _DEPARTMENT_PARTS}
    if kind == "process":
        for activity in data["activities"]:
            lines.append("")
            lines.append(_page(activity, lang))
        return "\n".join(lines)
    for key, row_fn in names[kind]:
        value = data.get(key)
        if key in _ON_ONE_LINE and value:
            lines.append(f"{_label(key, lang)}: {row_fn(value, lang)}")
        elif isinstance(value, list):
            if value or key in _ALWAYS_SHOWN:
                _section(lines, _label(key, lang), [row_fn(item, lang) for item in value], lang)
        elif value not in (None, False, ""):
            lines.append(f"{_label(key, lang)}: {row_fn(value, lang)}")
    return "\n".join(lines)


# Sections printed even when empty: an empty one says something (a post with no duties).
_ALWAYS_SHOWN = frozenset({"duties", "carries", "holders", "posts"})
_ON_ONE_LINE = frozenset({"chain"})  # lists printed as one line (a → b → c)


def _plain(value: Any, lang: str) -> str:
    if value is True:
        return _label("yes", lang)
    return _name(value, lang)


def _duty_row(duty: dict[str, Any], lang: str) -> str:
    raci = ", ".join(f"{a}={ls}" for a, ls in duty["raci"].items())
    return f"{duty['n']}. {_name(duty['text'], lang)}" + (f"  [{raci}]" if raci else "")


def _carry_row(row: dict[str, Any], lang: str) -> str:
    via = ""
    if "via" in row:
        acting = f" {_label('acting', lang)}" if row["as"] == "acting" else ""
        via = f"  ({_label('via', lang)} {row['via']}{acting})"
    return f"{row['letters']:<3} {row['activity']}  {_name(row['activity_name'], lang)}{via}"


def _band_row(band: dict[str, Any], lang: str) -> str:
    return (f"{band['activity']} {_name(band['activity_name'], lang)}: {_range(band)} → "
            f"{_name(band['by_name'], lang)}")


def _incompatible_row(row: dict[str, Any], lang: str) -> str:
    names = row["activity_names"]

    def listed(ids: list[str]) -> str:
        return ", ".join(f"{a} {_name(names[a], lang)}" for a in ids) or "—"

    head = f"{row['rule']} {_name(row['name'], lang)}: "
    if row["over_limit"]:
        return head + (f"!! 同时承担 {listed(row['holds'])}(最多 {row['at_most']} 项)"
                       if lang != "en" else
                       f"!! carries {listed(row['holds'])} (at most {row['at_most']} allowed)")
    return head + listed(row["must_not_also_hold"])


def _holder_row(row: dict[str, Any], lang: str) -> str:
    duties = ", ".join(row["duties"])
    return f"{row['letters']:<3} {row['holder']}  {_name(row['name'], lang)}  ({duties})"


_ROLE_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("code", _plain), ("department_name", _plain), ("profile", _plain), ("reports_to", _plain),
    ("chain", lambda chain, lang: " → ".join(chain)), ("dotted_to", _plain),
    ("dotted_reports", _plain), ("direct_reports", _plain), ("key", _plain),
    ("backup", _plain), ("backup_for", _plain),
    ("committees", _plain), ("held_by", lambda p, lang: f"{p['person']} {_name(p['name'], lang)}"
                             + (f" ({_label('acting', lang)})" if p["as"] == "acting" else "")),
    ("purpose", _plain), ("duties", _duty_row), ("carries", _carry_row), ("bands", _band_row),
    ("incompatible", _incompatible_row),
]
_COMMITTEE_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("members", lambda m, lang: f"{m['role']}  {_name(m['title'], lang)}"), ("recusal", _plain),
    ("duties", _duty_row), ("carries", _carry_row), ("bands", _band_row),
    ("incompatible", _incompatible_row),
]
_ACTIVITY_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("process_name", _plain), ("dual_control", _plain), ("holders", _holder_row),
    ("departments", lambda d, lang: f"{d['letters']:<3} {d['department']}  {_name(d['name'], lang)}"
                                    f"  ({d['duty']})"),
    ("bands", _band_row),
    ("sod_rules", lambda r, lang: f"{r['rule']} {_name(r['name'], lang)}: "
                                  f"{', '.join(r['activities'])} (at_most {r['at_most']})"),
]
_PERSON_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("posts", lambda p, lang: f"{p['role']}  {_name(p['title'], lang)}"
                              + (f" ({_label('acting', lang)})" if p["as"] == "acting" else "")),
    ("carries", _carry_row), ("bands", _band_row), ("incompatible", _incompatible_row),
]
_DEPARTMENT_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("parent", _plain), ("children", _plain), ("duties", _duty_row),
    ("roles", lambda r, lang: f"{r['role']}  {_name(r['title'], lang)}"),
]
