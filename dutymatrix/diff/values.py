"""Shared pieces of the structural comparison: value display, JSON conversion and the
added / removed / renamed / moved / field-changed sentences."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from dutymatrix.diff.change import Change, say
from dutymatrix.i18n import text_side
from dutymatrix.messages import pick
from dutymatrix.model import Org, Text

# field → (zh label, en label), for "… changed" sentences.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("名称", "name"),
    "title": ("岗位名称", "title"),
    "locale": ("语言", "locale"),
    "raci": ("RACI 字母集", "RACI letters"),
    "code": ("岗位编号", "code"),
    "headcount": ("定员", "headcount"),
    "key": ("关键岗位", "key post"),
    "backup": ("B 角", "backup"),
    "purpose": ("岗位目的", "purpose"),
    "qualifications": ("任职资格", "qualifications"),
    "location": ("工作地点", "location"),
    "salary": ("薪资范围", "salary"),
    "profile": ("标准岗位", "job profile"),
    "omit": ("不承担的标准职责", "profile duties omitted"),
    "dotted_to": ("业务指导上级", "dotted-line superiors"),
    "recusal": ("回避", "recusal"),
    "dual_control": ("双人控制", "dual control"),
    "activities": ("活动", "activities"),
    "at_most": ("最多可承担", "at most"),
    "letters": ("计入字母", "letters"),
    "severity": ("严重级别", "severity"),
    "basis": ("依据", "basis"),
    "reason": ("理由", "reason"),
    "control": ("补偿控制", "control"),
    "approved_by": ("批准人", "approved by"),
    "expires": ("到期日", "expires"),
    "unit": ("单位", "unit"),
    "checks": ("检查配置", "checks"),
}


def to_json_value(value: Any) -> Any:
    """A model value as JSON: Text stays a string or {zh, en}; locations are dropped."""
    if isinstance(value, Text):
        return value.to_json()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [to_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_json_value(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in ("loc", "locs")
        }
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def display(value: Any, lang: str) -> str:
    """A model value in one short phrase."""
    if value is None or value == () or value == "":
        return "—"
    if isinstance(value, Text):
        return value.get(lang) or "—"
    if isinstance(value, bool):
        return say(lang, "是", "yes") if value else say(lang, "否", "no")
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, (int, float)):
        return f"{value:,}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return ", ".join(display(v, lang) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [
            f"{f.name}={display(getattr(value, f.name), lang)}"
            for f in dataclasses.fields(value)
            if f.name not in ("loc", "locs") and getattr(value, f.name) not in (None, ())
        ]
        return "; ".join(parts)
    return str(value)


def field_label(field_name: str, lang: str) -> str:
    zh, en = FIELD_LABELS.get(field_name, (field_name, field_name))
    return pick(lang, zh, en)


def same_value(a: Any, b: Any) -> bool:
    return to_json_value(a) == to_json_value(b)


def field_changes(
    kind: str, subject: str, what: str, old: Any, new: Any, fields: Iterable[str], lang: str
) -> Iterator[Change]:
    """``kind`` for each of ``fields`` whose value differs between ``old`` and ``new``."""
    for name in fields:
        before, after = getattr(old, name), getattr(new, name)
        if same_value(before, after):
            continue
        yield Change(
            kind, subject,
            say(lang, "{what}：{field}由「{old}」改为「{new}」",
                "{what}: {field} changed from “{old}” to “{new}”",
                what=what, field=field_label(name, lang), old=display(before, lang),
                new=display(after, lang)),
            {"field": name, "old": to_json_value(before), "new": to_json_value(after)},
        )


def named(name: str, item_id: str, lang: str) -> str:
    """``Loan approval (loan.approve)`` / ``贷款审批（loan.approve）``; the bare id unnamed."""
    if not name or name == item_id:
        return item_id
    return f"{name}（{item_id}）" if text_side(lang) == "zh" else f"{name} ({item_id})"


def added_removed(
    kind: str, old: Mapping[str, Any], new: Mapping[str, Any], noun: tuple[str, str],
    name_of: Any, lang: str, extra: Any = None,
) -> Iterator[Change]:
    """``<kind>-added`` / ``<kind>-removed`` for ids on one side only."""
    zh_noun, en_noun = noun
    for item_id, item in new.items():
        if item_id not in old:
            yield Change(
                f"{kind}-added", item_id,
                say(lang, "新增{noun}：{name}", "{noun} added: {name}",
                    noun=pick(lang, zh_noun, en_noun), name=named(name_of(item), item_id, lang)),
                {"name": to_json_value(raw_name(item)), **(extra(item) if extra else {})},
            )
    for item_id, item in old.items():
        if item_id not in new:
            yield Change(
                f"{kind}-removed", item_id,
                say(lang, "删除{noun}：{name}", "{noun} removed: {name}",
                    noun=pick(lang, zh_noun, en_noun), name=named(name_of(item), item_id, lang)),
                {"name": to_json_value(raw_name(item)), **(extra(item) if extra else {})},
            )


def raw_name(item: Any) -> Any:
    return getattr(item, "title", None) or getattr(item, "name", None)


def renamed(
    kind: str, item_id: str, old_name: Text, new_name: Text, lang: str
) -> Iterator[Change]:
    if same_value(old_name, new_name):
        return
    yield Change(
        f"{kind}-renamed", item_id,
        say(lang, "{id}：由「{old}」更名为「{new}」", "{id}: renamed from “{old}” to “{new}”",
            id=item_id, old=old_name.get(lang), new=new_name.get(lang)),
        {"old": old_name.to_json(), "new": new_name.to_json()},
    )


def moved(kind: str, item_id: str, what: str, field_name: str, before: str | None,
          after: str | None, names: Org, old_names: Org, lang: str) -> Iterator[Change]:
    if before == after:
        return

    def shown(ref: str | None, org: Org) -> str:
        return named(org.holder_name(ref, lang), ref, lang) if ref else "—"

    labels = {
        "parent": ("上级部门", "parent department"),
        "reports_to": ("直接上级", "reports to"),
        "department": ("所属部门", "department"),
    }
    zh, en = labels[field_name]
    yield Change(
        f"{kind}-moved", item_id,
        say(lang, "{what}：{field}由 {old} 改为 {new}", "{what}: {field} moved from {old} to {new}",
            what=what, field=pick(lang, zh, en), old=shown(before, old_names),
            new=shown(after, names)),
        {"field": field_name, "old": before, "new": after},
    )


def member_changes(kind: str, subject: str, what: str, before: Sequence[str],
                   after: Sequence[str], names: Org, old_names: Org, lang: str,
                   field_name: str, nouns: tuple[str, str]) -> Iterator[Change]:
    zh_noun, en_noun = nouns
    for item in after:
        if item not in before:
            yield Change(
                f"{kind}-added", subject,
                say(lang, "{what}：增加{noun} {item}", "{what}: {noun} {item} added", what=what,
                    noun=pick(lang, zh_noun, en_noun),
                    item=named(names.holder_name(item, lang), item, lang)),
                {"field": field_name, "item": item},
            )
    for item in before:
        if item not in after:
            yield Change(
                f"{kind}-removed", subject,
                say(lang, "{what}：去掉{noun} {item}", "{what}: {noun} {item} removed",
                    what=what, noun=pick(lang, zh_noun, en_noun),
                    item=named(old_names.holder_name(item, lang), item, lang)),
                {"field": field_name, "item": item},
            )
