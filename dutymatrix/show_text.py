"""``dutymatrix show ID`` as text: the data ``show.describe`` returns, as a short page.

Works on that JSON-ready data alone (texts as a string or {zh, en}), so what the text
shows is what ``show --format json`` shows. Hidden characters (escape sequences, bidi
overrides) are written out: the page goes to a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dutymatrix.i18n import N_, text_side, tr
from dutymatrix.safetext import visible


def _name(value: Any, lang: str) -> str:
    """A JSON text value (a string or {zh, en}) in ``lang``."""
    if isinstance(value, dict):
        return value.get(text_side(lang)) or next(iter(value.values()), "")
    return "" if value is None else str(value)


# What each part of a page is called (English msgids, translated in the catalogues).
LABELS: dict[str, str] = {
    "role": N_("Post"),
    "committee": N_("Committee"),
    "activity": N_("Activity"),
    "person": N_("Person"),
    "department": N_("Department"),
    "process": N_("Process"),
    "code": N_("Code"),
    "department_name": N_("In department"),
    "reports_to": N_("Reports to"),
    "direct_reports": N_("Direct reports"),
    "chain": N_("Chain of command"),
    "dotted_to": N_("Dotted-line superiors"),
    "dotted_reports": N_("Dotted-line reports"),
    "profile": N_("Job profile"),
    "key": N_("Key post"),
    "backup": N_("Backup"),
    "backup_for": N_("Backup for"),
    "committees": N_("Committee member of"),
    "held_by": N_("Held by"),
    "purpose": N_("Purpose"),
    "duties": N_("Duties"),
    "carries": N_("Carries"),
    "bands": N_("Approval bands"),
    "incompatible": N_("Must never also hold"),
    "members": N_("Members"),
    "recusal": N_("Recusal"),
    "holders": N_("Carried by"),
    "departments": N_("Department duties"),
    "process_name": N_("In process"),
    "dual_control": N_("Dual control"),
    "sod_rules": N_("SoD rules"),
    "posts": N_("Posts"),
    "parent": N_("Parent"),
    "children": N_("Sub-departments"),
    "roles": N_("Posts"),
    "activities": N_("Activities"),
    "none": N_("none"),
    "yes": N_("yes"),
    "acting": N_("acting"),
    "via": N_("via"),
    "waivers": N_("Waivers"),
    "vacant": N_("Vacant"),
    "w_reason": N_("reason"),
    "w_control": N_("control"),
    "w_approved_by": N_("approved by"),
    "w_expires": N_("expires"),
    "w_days_left": N_("days left"),
    "w_covers": N_("covers"),
    "ws_matched": N_("in force"),
    "ws_expired": N_("expired"),
    "ws_unused": N_("matches no finding"),
    "ws_self-approved": N_("self-approved, void"),
}


def _label(key: str, lang: str) -> str:
    return tr(lang, LABELS[key])


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
        by = row.get("carried_by", {})
        duties = "; ".join(f"{a} ← {', '.join(by.get(a, [])) or '—'}" for a in row["holds"])
        return head + "!! " + tr(
            lang, N_("carries {activities} (at most {at_most} allowed; breaks the rule; "
                     "duties {duties})"),
            activities=listed(row["holds"]), at_most=row["at_most"], duties=duties)
    return head + listed(row["must_not_also_hold"])


def _waiver_row(row: dict[str, Any], lang: str) -> str:
    """"SOD-DISC-1 [生效] 豁免理由: …; 补偿性控制: …; 批准人: …; 到期日: … (剩余天数 181)"."""
    parts = [f"{_label('w_reason', lang)}: {_name(row['reason'], lang)}"]
    for key in ("control", "approved_by", "expires"):
        if row.get(key):
            value = row[key] if key != "control" else _name(row[key], lang)
            parts.append(f"{_label('w_' + key, lang)}: {value}")
    if row.get("days_left") is not None:
        parts[-1] += f" ({_label('w_days_left', lang)} {row['days_left']})"
    if row["covers"]:
        parts.append(f"{_label('w_covers', lang)}: {', '.join(row['covers'])}")
    return f"{row['rule']} [{_label('ws_' + row['status'], lang)}] {row['file']}\n      " + (
        "\n      ".join(parts))


def _holder_row(row: dict[str, Any], lang: str) -> str:
    duties = ", ".join(row["duties"])
    return f"{row['letters']:<3} {row['holder']}  {_name(row['name'], lang)}  ({duties})"


_ROLE_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("code", _plain), ("department_name", _plain), ("profile", _plain), ("reports_to", _plain),
    ("chain", lambda chain, lang: " → ".join(chain)), ("dotted_to", _plain),
    ("dotted_reports", _plain), ("direct_reports", _plain), ("key", _plain),
    ("backup", _plain), ("backup_for", _plain), ("committees", _plain), ("vacant", _plain),
    ("held_by", lambda p, lang: f"{p['person']} {_name(p['name'], lang)}"
                             + (f" ({_label('acting', lang)})" if p["as"] == "acting" else "")),
    ("purpose", _plain), ("duties", _duty_row), ("carries", _carry_row), ("bands", _band_row),
    ("incompatible", _incompatible_row), ("waivers", _waiver_row),
]
_COMMITTEE_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("members", lambda m, lang: f"{m['role']}  {_name(m['title'], lang)}"), ("recusal", _plain),
    ("duties", _duty_row), ("carries", _carry_row), ("bands", _band_row),
    ("incompatible", _incompatible_row), ("waivers", _waiver_row),
]
_ACTIVITY_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("process_name", _plain), ("dual_control", _plain), ("holders", _holder_row),
    ("departments", lambda d, lang: f"{d['letters']:<3} {d['department']}  {_name(d['name'], lang)}"
                                    f"  ({d['duty']})"),
    ("bands", _band_row),
    ("sod_rules", lambda r, lang: f"{r['rule']} {_name(r['name'], lang)}: " + tr(
        lang, N_("{activities} (at most {at_most} of them)"),
        activities=", ".join(r["activities"]), at_most=r["at_most"])),
]
_PERSON_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("posts", lambda p, lang: f"{p['role']}  {_name(p['title'], lang)}"
                              + (f" ({_label('acting', lang)})" if p["as"] == "acting" else "")),
    ("carries", _carry_row), ("bands", _band_row), ("incompatible", _incompatible_row),
    ("waivers", _waiver_row),
]
_DEPARTMENT_PARTS: list[tuple[str, Callable[[Any, str], str]]] = [
    ("parent", _plain), ("children", _plain), ("duties", _duty_row),
    ("roles", lambda r, lang: f"{r['role']}  {_name(r['title'], lang)}"),
]
