"""The diff as text (terminal), markdown (a PR comment) or JSON.

The JSON shape is in docs/architecture.md, "Machine-readable shapes".
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dutymatrix.diff.change import SECTIONS, Change, say
from dutymatrix.findings import Finding, Severity
from dutymatrix.messages import pick
from dutymatrix.safetext import json_safe, visible

if TYPE_CHECKING:
    from dutymatrix.diff import DiffResult

SECTION_TITLES: dict[str, tuple[str, str]] = {
    "org": ("组织", "Organisation"),
    "profiles": ("标准岗位", "Job profiles"),
    "departments": ("部门", "Departments"),
    "roles": ("岗位", "Posts"),
    "duties": ("职责", "Duties"),
    "raci": ("RACI", "RACI"),
    "committees": ("委员会", "Committees"),
    "people": ("人员", "People"),
    "processes": ("流程与活动", "Processes and activities"),
    "authority": ("审批权限", "Approval bands"),
    "sod": ("不相容岗位分离规则", "Segregation-of-duties rules"),
    "waivers": ("豁免", "Waivers"),
    "other": ("其他", "Other"),
}

# Marker so a CI step can find and update its own earlier PR comment.
MARKDOWN_MARKER = "<!-- dutymatrix-diff -->"


def _mark(kind: str) -> str:
    if kind.endswith("-added"):
        return "+"
    if kind.endswith("-removed"):
        return "-"
    return "~"


def raci_lines(changes: Sequence[Change], lang: str) -> list[str]:
    """RACI changes grouped per activity, a letter that left one holder for another said
    as a move ("贷款审批: A moves from X to Y")."""
    by_activity: dict[str, list[Change]] = {}
    for change in changes:
        by_activity.setdefault(change.subject, []).append(change)
    lines: list[str] = []
    for group in by_activity.values():
        activity = group[0].details["activity_name"]
        gained: dict[str, list[str]] = {}  # holder name → letters gained
        lost: dict[str, list[str]] = {}
        for change in group:
            name = change.details["holder_name"]
            gained[name] = list(change.details["gained"])
            lost[name] = list(change.details["lost"])
        letters = sorted({ch for ls in [*gained.values(), *lost.values()] for ch in ls},
                         key="RASCI".find)
        for letter in letters:
            losers = [h for h, ls in lost.items() if letter in ls]
            gainers = [h for h, ls in gained.items() if letter in ls]
            if len(losers) == 1 and len(gainers) == 1:
                lines.append(say(lang, "{activity}：{letter} 由 {old} 转到 {new}",
                                 "{activity}: {letter} moves from {old} to {new}",
                                 activity=activity, letter=letter, old=losers[0],
                                 new=gainers[0]))
                lost[losers[0]].remove(letter)
                gained[gainers[0]].remove(letter)
        for change in group:
            name = change.details["holder_name"]
            parts = []
            if gained[name]:
                parts.append(say(lang, "获得 {l}", "gains {l}", l="".join(gained[name])))
            if lost[name]:
                parts.append(say(lang, "失去 {l}", "loses {l}", l="".join(lost[name])))
            if parts:
                lines.append(say(lang, "{activity}：{holder} {what}",
                                 "{activity}: {holder} {what}", activity=activity,
                                 holder=name, what=("，", ", ")[lang == "en"].join(parts)))
    return lines


def _section_lines(result: DiffResult) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(section title, [(mark, sentence)])] in report order, empty sections left out."""
    lang = result.lang
    grouped: dict[str, list[Change]] = {}
    for change in result.changes:
        grouped.setdefault(change.section, []).append(change)
    sections = []
    for section in SECTIONS:
        changes = grouped.get(section, [])
        if not changes:
            continue
        zh, en = SECTION_TITLES[section]
        if section == "raci":
            lines = [("~", line) for line in raci_lines(changes, lang)]
        else:
            lines = [(_mark(c.kind), c.summary) for c in changes]
        sections.append((pick(lang, zh, en), lines))
    return sections


def _counts(findings: Sequence[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[str(finding.severity)] += 1
    return counts


def _headline(result: DiffResult) -> str:
    lang = result.lang
    new = _counts(result.new_findings)
    return say(
        lang,
        "{changes} 处变更;新增问题 {new}(错误 {e},警告 {w},提示 {i});消除问题 {resolved}",
        "{changes} change(s); {new} new finding(s) ({e} error, {w} warning, {i} info); "
        "{resolved} resolved",
        changes=len(result.changes), new=len(result.new_findings), e=new["error"],
        w=new["warning"], i=new["info"], resolved=len(result.resolved_findings),
    )


def _padded(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - columns)


def _where(finding: Finding) -> str:
    return str(finding.loc) if finding.loc else ""


def render_diff_text(result: DiffResult, heading: str | None = None) -> str:
    lang = result.lang
    out = [heading, _headline(result)] if heading else [*_title_lines(result), _headline(result)]
    sections = _section_lines(result)
    if not sections:
        out.append(say(lang, "模型没有变化。", "No changes to the model."))
    for title, lines in sections:
        out.append("")
        out.append(title)
        out.extend(f"  {mark} {line}" for mark, line in lines)
    for title, findings in _finding_groups(result):
        out.append("")
        out.append(title)
        for f in findings:
            where = f" {_where(f)}" if f.loc else ""
            out.append(f"  {_padded(f.severity.label(lang), 7)} {f.rule}{where}  {f.message}")
    return visible("\n".join(out))


def _title_lines(result: DiffResult) -> list[str]:
    if not result.assume:
        return [f"dutymatrix diff: {result.old_label} → {result.new_label}"]
    lines = [f"dutymatrix whatif: {result.old_label}"]
    for i, statement in enumerate(result.assume, start=1):
        lines.append(say(result.lang, "  假设 {i}:{s}", "  assume {i}: {s}", i=i, s=statement))
    return lines


def _finding_groups(result: DiffResult) -> list[tuple[str, Sequence[Finding]]]:
    lang = result.lang
    groups = []
    if result.new_findings:
        groups.append((say(lang, "新增问题", "New findings"), result.new_findings))
    if result.resolved_findings:
        groups.append((say(lang, "消除的问题", "Resolved findings"), result.resolved_findings))
    return groups


def _md(text: str) -> str:
    """Text safe inside a markdown list item or table cell."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("|", "\\|").replace("\n", " ")
    )


_SEVERITY_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟠", Severity.INFO: "🔵"}
_MARK_ICON = {"+": "➕", "-": "➖", "~": "✏️"}


def render_diff_markdown(result: DiffResult) -> str:
    lang = result.lang
    if result.assume:
        out = [say(lang, "### dutymatrix：假设分析", "### dutymatrix: what-if review"), ""]
        out += [f"{i}. `{_md(s)}`" for i, s in enumerate(result.assume, start=1)]
        out += ["", f"`{_md(result.old_label)}`: {_md(_headline(result))}"]
    else:
        out = [
            MARKDOWN_MARKER,
            say(lang, "### dutymatrix：组织变更审查", "### dutymatrix: org change review"),
            "",
            f"`{_md(result.old_label)}` → `{_md(result.new_label)}`: {_md(_headline(result))}",
        ]
    sections = _section_lines(result)
    if not sections:
        out += ["", say(lang, "模型没有变化。", "No changes to the model.")]
    for title, lines in sections:
        out += ["", f"#### {title}", ""]
        out.extend(f"- {_MARK_ICON[mark]} {_md(line)}" for mark, line in lines)
    for title, findings in _finding_groups(result):
        out += ["", f"#### {title}", "",
                say(lang, "| 级别 | 规则 | 位置 | 说明 |", "| Severity | Rule | Where | Message |"),
                "|---|---|---|---|"]
        for f in findings:
            out.append(
                f"| {_SEVERITY_ICON[f.severity]} {f.severity.label(lang)} | {f.rule} {_md(f.name)} "
                f"| `{_md(_where(f))}` | {_md(f.message)} |"
            )
    return visible("\n".join(out))


def render_diff_json(result: DiffResult) -> str:
    data: dict[str, Any] = {"assume": result.assume} if result.assume else {}
    data |= {
        "old": result.old_label,
        "new": result.new_label,
        "changes": [c.to_json() for c in result.changes],
        "findings": {
            "new": [f.to_json() for f in result.new_findings],
            "resolved": [f.to_json() for f in result.resolved_findings],
        },
        "summary": {
            "changes": len(result.changes),
            "new": _counts(result.new_findings),
            "resolved": _counts(result.resolved_findings),
        },
    }
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2))


RENDERERS = {"text": render_diff_text, "markdown": render_diff_markdown, "json": render_diff_json}
