"""Findings → the audit report's data: grouped by severity and rule family, duties quoted.

Plain frozen records, already in the document language; the audit templates only lay
them out. The report is for people: severities in words (错误 / 錯誤 / error), posts,
activities and duties by name with their ids beside them in small print, and file
locations kept for the end of each finding rather than inside its sentences.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from dutymatrix.checks.dm4_fixes import move_in_words
from dutymatrix.findings import Finding, Severity, summarize
from dutymatrix.i18n import tr
from dutymatrix.matrix import Matrix
from dutymatrix.model import Duty, Loc, Org

from .audit_sections import AuditRegisters, WaiverLine, audit_registers
from .context import PostRef
from .hant import display_string
from .labels import FAMILY_NAMES, LABELS, SEVERITY_NAMES, SEVERITY_WORDS, lang_code

__all__ = ["AuditContext", "AuditDuty", "AuditFinding", "AuditGroup", "audit_context"]


class AuditDuty(NamedTuple):
    ref: str  # "credit-mgmt.manager#3", or the label of a place that is not a duty
    location: str  # "file:line:col" or ""
    text: str  # the duty's text, "" for a place that is not a duty
    owner: str = ""  # "信贷管理部经理 第 3 条" — the duty as a reader names it


@dataclass(frozen=True)
class AuditFinding:
    rule: str
    name: str
    severity: str  # "error" | "warning" | "info": the machine name
    message: str
    location: str  # "file:line:col" or ""
    subject: str
    subject_name: str
    related: tuple[PostRef, ...]
    duties: tuple[AuditDuty, ...]
    hint: str
    waived_by: str
    waiver: WaiverLine | None = None  # the waiver behind ``waived_by``, quoted in full
    fixes: tuple[str, ...] = ()  # verified moves, in words ("将 a#2 调至 b")
    severity_word: str = ""  # the severity in the document language: 错误, 警告, 提示


@dataclass(frozen=True)
class AuditGroup:
    severity: str  # "error" | "warning" | "info" | "waived"
    family: str  # "DM4xx"
    family_name: str
    findings: tuple[AuditFinding, ...]


@dataclass(frozen=True)
class AuditContext:
    org_name: str
    lang: str
    labels: Mapping[str, str]
    summary: Mapping[str, int]
    groups: tuple[AuditGroup, ...]
    by_family: tuple[tuple[str, str, Mapping[str, int]], ...]  # (family, name, counts)
    registers: AuditRegisters | None = None

    @property
    def total(self) -> int:
        return sum(self.summary.values())


def _where(loc: Loc | None) -> str:
    """"file:line:col", or "" for objects not read from a file (built in code)."""
    return str(loc) if loc is not None and loc.file != "<none>" else ""


def _duty_index(org: Org | None) -> dict[str, Duty]:
    return {d.ref: d for d in org.all_duties()} if org is not None else {}


def _duty_at(duties: Iterable[Duty], file: str, line: int) -> Duty | None:
    for duty in duties:
        if duty.loc.file == file and duty.loc.line == line:
            return duty
    return None


def _audit_finding(finding: Finding, org: Org | None, duty_index: Mapping[str, Duty],
                   lang: str, waivers: Mapping[str, WaiverLine]) -> AuditFinding:
    def name(holder_id: str) -> str:
        if org is None:
            return holder_id
        if holder_id in org.sod_rules_by_id:
            return org.sod_rules_by_id[holder_id].name.get(lang)
        return org.holder_name(holder_id, lang)

    def quoted(duty: Duty, ref: str, loc: Loc | None) -> AuditDuty:
        owner = tr(lang, "{owner}, duty {n}", owner=name(duty.owner), n=duty.n)
        return AuditDuty(ref, _where(loc), duty.text.get(lang), owner)

    duties: list[AuditDuty] = []
    seen: set[str] = set()
    for ref in finding.related:
        if ref in duty_index and ref not in seen:
            seen.add(ref)
            duties.append(quoted(duty_index[ref], ref, duty_index[ref].loc))
    for label, loc in finding.places:
        # An SoD place is labelled "<owner>#<n> <activity>" and points at the RACI entry,
        # not the duty's first line: find the duty by its ref, so its wording is quoted.
        ref = label.split(" ", 1)[0]
        duty = duty_index.get(ref) or _duty_at(duty_index.values(), loc.file, loc.line)
        key = label if duty and ref in duty_index else duty.ref if duty else f"{label}@{loc}"
        if key in seen:
            continue
        seen.add(key)
        duties.append(quoted(duty, label or duty.ref, loc) if duty
                      else AuditDuty(label, _where(loc), ""))
    related = tuple(PostRef(r, name(r)) for r in finding.related if r not in duty_index)
    return AuditFinding(
        rule=finding.rule,
        name=finding.name,
        severity=str(finding.severity),
        message=display_string(finding.message, lang),
        location=_where(finding.loc),
        subject=finding.subject,
        subject_name=name(finding.subject) if finding.subject else "",
        related=related,
        duties=tuple(duties),
        hint=display_string(finding.hint, lang),
        waived_by=str(finding.waived_by) if finding.waived_by else "",
        waiver=waivers.get(str(finding.waived_by)) if finding.waived_by else None,
        fixes=tuple(
            move_in_words(org, fix).render(lang) for fix in finding.fixes or ()),
        severity_word=SEVERITY_WORDS[lang][str(finding.severity)],
    )


def audit_context(org: Org | None, findings: Sequence[Finding], lang: str, *,
                  matrix: Matrix | None = None, today: dt.date | None = None) -> AuditContext:
    """Findings grouped by severity (errors first, waived last), then by rule family; with
    ``matrix`` the registers too (waivers, people, ranking, SoD matrix) as of ``today``."""
    lang = lang_code(lang)
    labels = LABELS[lang]
    duty_index = _duty_index(org)
    registers = audit_registers(org, matrix, findings, today, labels, lang)
    waivers = {w.location: w for w in registers.waivers}
    grouped: dict[tuple[str, str], list[AuditFinding]] = defaultdict(list)
    family_counts: dict[str, dict[str, int]] = defaultdict(
        lambda: {"error": 0, "warning": 0, "info": 0, "waived": 0}
    )
    for finding in sorted(findings, key=lambda f: (f.rule, *f.sort_key())):
        bucket = "waived" if finding.waived_by is not None else str(finding.severity)
        family = finding.rule[:3] + "xx"
        grouped[(bucket, family)].append(
            _audit_finding(finding.in_lang(lang), org, duty_index, lang, waivers))
        family_counts[family][bucket] += 1
    severity_order = [str(s) for s in sorted(Severity, reverse=True)] + ["waived"]
    groups = tuple(
        AuditGroup(
            severity=bucket,
            family=family,
            family_name=FAMILY_NAMES[lang].get(family, family),
            findings=tuple(items),
        )
        for bucket in severity_order
        for (b, family), items in sorted(grouped.items())
        if b == bucket
    )
    by_family = tuple(
        (family, FAMILY_NAMES[lang].get(family, family), counts)
        for family, counts in sorted(family_counts.items())
    )
    return AuditContext(
        org_name=org.name.get(lang) if org is not None else "",
        lang=lang,
        labels={**labels, **{f"sev_{k}": v for k, v in SEVERITY_NAMES[lang].items()},
                **{f"severity_{k}": v for k, v in SEVERITY_WORDS[lang].items()}},
        summary=summarize(findings),
        groups=groups,
        by_family=by_family,
        registers=registers if matrix is not None else None,
    )
