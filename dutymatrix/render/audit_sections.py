"""The audit file's registers: waivers, people with a conflict, the ranking of the worst
posts and people, and the SoD matrix — records in the document language for audit.html
(and its PDF); raci.xlsx lays out the same data (``xlsx_sod.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dutymatrix.exposure import (
    conflict_ranking,
    people_conflicts,
    sod_matrix,
    waiver_register,
)
from dutymatrix.findings import Finding
from dutymatrix.matrix import Matrix
from dutymatrix.model import Org

from .context import PostRef

__all__ = ["AuditRegisters", "WaiverLine", "audit_registers", "waiver_lines"]

# Above this many holders the audit's SoD matrix lists only the conflicting ones (the
# whole matrix is the SoD sheet of raci.xlsx).
AUDIT_SOD_ROWS = 150


@dataclass(frozen=True)
class WaiverLine:
    rule: str
    rule_name: str
    subject: PostRef
    reason: str
    control: str
    approver: PostRef | None
    expires: str  # ISO date or ""
    days_left: str  # "181", "-3" or ""
    status: str  # matched | expired | unused | self-approved
    status_text: str
    covers: tuple[str, ...]  # "DM401 org/people.yaml:14:13"
    location: str


@dataclass(frozen=True)
class PersonLine:
    person: PostRef
    holds: tuple[PostRef, ...]
    acting: tuple[PostRef, ...]
    rules: tuple[PostRef, ...]  # SoD rule id and name
    waived: bool  # every SoD finding behind it is waived


@dataclass(frozen=True)
class RankLine:
    kind: str  # in the document language
    holder: PostRef
    errors: int
    warnings: int
    rules: tuple[PostRef, ...]  # the SoD rules or checks it breaks, by name and id


@dataclass(frozen=True)
class SodRow:
    holder: PostRef
    kind: str
    cells: tuple[tuple[str, bool], ...]  # per rule: activity names carried, conflict


@dataclass(frozen=True)
class AuditRegisters:
    waivers: tuple[WaiverLine, ...]
    people: tuple[PersonLine, ...]
    ranking: tuple[RankLine, ...]
    sod_rules: tuple[PostRef, ...]  # the matrix's columns: rule id and name
    sod_rows: tuple[SodRow, ...]
    has_people: bool  # the model has a `people:` section


def _ref(org: Org, holder_id: str, lang: str) -> PostRef:
    return PostRef(holder_id, org.holder_name(holder_id, lang))


def _rule_ref(org: Org, rule_id: str, lang: str) -> PostRef:
    rule = org.sod_rules_by_id.get(rule_id)
    return PostRef(rule_id, rule.name.get(lang) if rule and rule.name else rule_id)


def waiver_lines(org: Org, findings: Sequence[Finding], today: dt.date | None,
                 labels: Mapping[str, str], lang: str) -> tuple[WaiverLine, ...]:
    lines = []
    for entry in waiver_register(org, findings, today):
        waiver = entry.waiver
        lines.append(WaiverLine(
            rule=waiver.rule,
            rule_name=_rule_ref(org, waiver.rule, lang).title,
            subject=_ref(org, waiver.subject, lang),
            reason=waiver.reason.get(lang) if waiver.reason else "",
            control=waiver.control.get(lang) if waiver.control else "",
            approver=_ref(org, waiver.approved_by, lang) if waiver.approved_by else None,
            expires=waiver.expires.isoformat() if waiver.expires else "",
            days_left="" if entry.days_left is None else str(entry.days_left),
            status=entry.status,
            status_text=labels[f"audit_ws_{entry.status}"],
            covers=tuple(f"{f.rule} {f.loc}" if f.loc else f.rule for f in entry.covers),
            location=str(waiver.loc) if waiver.loc.file != "<none>" else "",
        ))
    return tuple(lines)


def audit_registers(org: Org | None, matrix: Matrix | None, findings: Sequence[Finding],
                    today: dt.date | None, labels: Mapping[str, str], lang: str
                    ) -> AuditRegisters:
    if org is None or matrix is None:
        return AuditRegisters((), (), (), (), (), False)
    people = tuple(
        PersonLine(
            person=_ref(org, p.person, lang),
            holds=tuple(_ref(org, r, lang) for r in p.holds),
            acting=tuple(_ref(org, r, lang) for r in p.acting),
            rules=tuple(_rule_ref(org, r, lang) for r in p.rules),
            waived=bool(p.findings) and all(f.waived_by is not None for f in p.findings),
        )
        for p in people_conflicts(org, matrix, findings)
    )
    ranking = tuple(
        RankLine(labels[f"kind_{row.kind}"], _ref(org, row.id, lang), row.errors,
                 row.warnings, tuple(_rule_ref(org, r, lang) for r in row.rules))
        for row in conflict_ranking(org, findings)
    )
    grid = sod_matrix(org, matrix)
    separator = "、" if lang != "en" else ", "
    sod_rows = tuple(
        SodRow(
            holder=_ref(org, column.id, lang),
            kind=labels[f"kind_{column.kind}"],
            cells=tuple((separator.join(org.holder_name(a, lang) for a in cells[i].activities),
                         cells[i].conflict) for _rule_id, cells in grid.rows),
        )
        for i, column in enumerate(grid.columns)
    )
    if len(sod_rows) > AUDIT_SOD_ROWS:  # a printable report: the conflicts, the rest in xlsx
        sod_rows = tuple(row for row in sod_rows if any(c for _, c in row.cells))
    return AuditRegisters(
        waivers=waiver_lines(org, findings, today, labels, lang),
        people=people,
        ranking=ranking,
        sod_rules=tuple(_rule_ref(org, r.id, lang) for r in org.sod_rules),
        sod_rows=sod_rows,
        has_people=bool(org.people),
    )
