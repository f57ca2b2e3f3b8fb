"""``dutymatrix show ID`` as text: the data ``show.describe`` returns, as a short page.

Works on that JSON-ready data alone (texts as a string or {zh, en}), so what the text
shows is what ``show --format json`` shows. Hidden characters (escape sequences, bidi
overrides) are written out: the page goes to a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Page:
    """How one page says things: its language, and the names of the ids it gives bare."""

    lang: str
    names: dict[str, Any]

    @property
    def chinese(self) -> bool:
        return text_side(self.lang) == "zh"

    def label(self, key: str) -> str:
        return _label(key, self.lang)

    def colon(self, label: str) -> str:
        """``label: `` / ``标签：`` (full width in Chinese)."""
        return f"{label}：" if self.chinese else f"{label}: "

    def paren(self, text: str) -> str:
        return f"（{text}）" if self.chinese else f" ({text})"

    def comma(self) -> str:
        return "、" if self.chinese else ", "

    def named(self, ident: str, name: Any = None) -> str:
        """``Loan approval (loan.approve)`` / ``贷款审批（loan.approve）``: the name first,
        the id after it; the bare id when the model gives it no other name."""
        text = _name(name if name is not None else self.names.get(ident), self.lang)
        if not text or text == ident:
            return ident
        return tr(self.lang, N_("{name} ({id})"), name=text, id=ident)


def _range(band: dict[str, Any]) -> str:
    upper = "∞)" if band["up_to"] is None else f"{band['up_to']:,}]"
    return f"({band['over']:,}, {upper} {band['unit']}"


def _section(lines: list[str], title: str, rows: list[str], page: _Page) -> None:
    lines.append(title + ("：" if page.chinese else ":"))
    lines.extend(f"  {row}" for row in rows) if rows else lines.append(
        "  " + page.paren(page.label("none")).strip())


def render_show_text(data: dict[str, Any], lang: str) -> str:
    """``describe`` output as a short, readable page."""
    return visible(_page(data, _Page(lang, data.get("names", {}))))


def _page(data: dict[str, Any], page: _Page) -> str:
    kind = data["kind"]
    title = data.get("title") or data.get("name")
    lines = [f"{page.label(kind)} {page.named(data['id'], title)}"]
    names = {"role": _ROLE_PARTS, "committee": _COMMITTEE_PARTS, "activity": _ACTIVITY_PARTS,
             "person": _PERSON_PARTS, "department": _DEPARTMENT_PARTS}
    if kind == "process":
        for activity in data["activities"]:
            lines.append("")
            lines.append(_page(activity, page))
        return "\n".join(lines)
    for key, row_fn in names[kind]:
        value = data.get(key)
        if key in _ON_ONE_LINE and value:
            lines.append(page.colon(page.label(key)) + row_fn(value, page))
        elif isinstance(value, list):
            if value or key in _ALWAYS_SHOWN:
                _section(lines, page.label(key), [row_fn(item, page) for item in value], page)
        elif value not in (None, False, ""):
            lines.append(page.colon(page.label(key)) + row_fn(value, page))
    return "\n".join(lines)


# Sections printed even when empty: an empty one says something (a post with no duties).
_ALWAYS_SHOWN = frozenset({"duties", "carries", "holders", "posts"})
_ON_ONE_LINE = frozenset({"chain"})  # lists printed as one line (a → b → c)
_ID_VALUED = frozenset({"reports_to", "backup", "parent"})  # an id: said by its name


def _plain(value: Any, page: _Page) -> str:
    if value is True:
        return page.label("yes")
    if isinstance(value, str) and value in page.names:
        return page.named(value)
    return _name(value, page.lang)


def _duty_row(duty: dict[str, Any], page: _Page) -> str:
    raci = ", ".join(f"{a}={ls}" for a, ls in duty["raci"].items())
    return f"{duty['n']}. {_name(duty['text'], page.lang)}" + (f"  [{raci}]" if raci else "")


def _carry_row(row: dict[str, Any], page: _Page) -> str:
    via = ""
    if "via" in row:
        acting = page.paren(page.label("acting")) if row["as"] == "acting" else ""
        lead = "，" if page.chinese else ", "
        via = f"{lead}{page.label('via')} {page.named(row['via'])}{acting}"
    return f"{row['letters']:<3} {page.named(row['activity'], row['activity_name'])}{via}"


def _band_row(band: dict[str, Any], page: _Page) -> str:
    return (page.colon(page.named(band["activity"], band["activity_name"])) + _range(band)
            + f" → {page.named(band['by'], band['by_name'])}")


def _incompatible_row(row: dict[str, Any], page: _Page) -> str:
    names = row["activity_names"]

    def listed(ids: list[str]) -> str:
        return page.comma().join(page.named(a, names[a]) for a in ids) or "—"

    head = page.colon(page.named(row["rule"], row["name"]))
    if row["over_limit"]:
        by = row.get("carried_by", {})
        duties = ("；" if page.chinese else "; ").join(
            f"{a} ← {page.comma().join(by.get(a, [])) or '—'}" for a in row["holds"])
        return head + "!! " + tr(
            page.lang, N_("carries {activities} (at most {at_most} allowed; breaks the rule; "
                          "duties {duties})"),
            activities=listed(row["holds"]), at_most=row["at_most"], duties=duties)
    return head + listed(row["must_not_also_hold"])


def _waiver_row(row: dict[str, Any], page: _Page) -> str:
    """``SOD-DISC-1 【生效】 org/waivers.yaml:3:5``, then a line each: 豁免理由：…, 补偿性控制：…,
    批准人：…, 到期日：…（剩余天数 181）."""
    parts = [page.colon(page.label("w_reason")) + _name(row["reason"], page.lang)]
    for key in ("control", "approved_by", "expires"):
        if row.get(key):
            value = (_name(row[key], page.lang) if key == "control"
                     else page.named(row[key]) if key == "approved_by" else row[key])
            parts.append(page.colon(page.label("w_" + key)) + value)
    if row.get("days_left") is not None:
        parts[-1] += page.paren(f"{page.label('w_days_left')} {row['days_left']}")
    if row["covers"]:
        parts.append(page.colon(page.label("w_covers")) + page.comma().join(row["covers"]))
    status = page.label("ws_" + row["status"])
    status = f"【{status}】" if page.chinese else f"[{status}]"
    return f"{row['rule']} {status} {row['file']}\n      " + (
        "\n      ".join(parts))


def _holder_row(row: dict[str, Any], page: _Page) -> str:
    duties = page.comma().join(row["duties"])
    return f"{row['letters']:<3} {page.named(row['holder'], row['name'])}" + (
        f"  {page.paren(duties).strip()}" if duties else "")


def _ids(ids: list[str] | str, page: _Page) -> str:
    return page.comma().join(page.named(i) for i in ([ids] if isinstance(ids, str) else ids))


def _held_by(p: dict[str, Any], page: _Page) -> str:
    acting = page.paren(page.label("acting")) if p["as"] == "acting" else ""
    return page.named(p["person"], p["name"]) + acting


def _post(p: dict[str, Any], page: _Page) -> str:
    acting = page.paren(page.label("acting")) if p.get("as") == "acting" else ""
    return page.named(p["role"], p["title"]) + acting


def _sod_rule(r: dict[str, Any], page: _Page) -> str:
    names = r.get("activity_names", {})
    return page.colon(page.named(r["rule"], r["name"])) + tr(
        page.lang, N_("{activities} (at most {at_most} of them)"),
        activities=page.comma().join(page.named(a, names.get(a)) for a in r["activities"]),
        at_most=r["at_most"])


def _department_entry(d: dict[str, Any], page: _Page) -> str:
    return (f"{d['letters']:<3} {page.named(d['department'], d['name'])}  "
            + page.paren(d["duty"]).strip())


_Row = Callable[[Any, _Page], str]
_ROLE_PARTS: list[tuple[str, _Row]] = [
    ("code", _plain), ("department_name", _plain), ("profile", _plain), ("reports_to", _ids),
    ("chain", lambda chain, page: " → ".join(page.named(i) for i in chain)),
    ("dotted_to", _ids), ("dotted_reports", _ids), ("direct_reports", _ids), ("key", _plain),
    ("backup", _ids), ("backup_for", _ids), ("committees", _ids), ("vacant", _plain),
    ("held_by", _held_by), ("purpose", _plain), ("duties", _duty_row),
    ("carries", _carry_row), ("bands", _band_row), ("incompatible", _incompatible_row),
    ("waivers", _waiver_row),
]
_COMMITTEE_PARTS: list[tuple[str, _Row]] = [
    ("members", _post), ("recusal", _plain), ("duties", _duty_row), ("carries", _carry_row),
    ("bands", _band_row), ("incompatible", _incompatible_row), ("waivers", _waiver_row),
]
_ACTIVITY_PARTS: list[tuple[str, _Row]] = [
    ("process_name", _plain), ("dual_control", _plain), ("holders", _holder_row),
    ("departments", _department_entry), ("bands", _band_row), ("sod_rules", _sod_rule),
]
_PERSON_PARTS: list[tuple[str, _Row]] = [
    ("posts", _post), ("carries", _carry_row), ("bands", _band_row),
    ("incompatible", _incompatible_row), ("waivers", _waiver_row),
]
_DEPARTMENT_PARTS: list[tuple[str, _Row]] = [
    ("parent", _ids), ("children", _ids), ("duties", _duty_row), ("roles", _post),
]
