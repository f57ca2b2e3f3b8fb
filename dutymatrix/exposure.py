"""What an SoD review files: the waiver register, the rules × holders matrix, the people
with a conflict and the ranking of the worst posts and people.

Derived from the model, its matrix and the findings a check produced (passed in as data:
the audit report, raci.xlsx and ``show`` read this, none of them runs a check here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dutymatrix.findings import Finding, Severity
from dutymatrix.matrix import Matrix
from dutymatrix.model import Loc, Org, Waiver

SOD_FINDINGS = ("DM401", "DM402")

# The state of a waiver on the day of the check.
MATCHED, EXPIRED, UNUSED, SELF_APPROVED = "matched", "expired", "unused", "self-approved"


@dataclass(frozen=True)
class WaiverEntry:
    waiver: Waiver
    status: str  # MATCHED | EXPIRED | UNUSED | SELF_APPROVED
    days_left: int | None  # days until ``expires`` (negative: expired), None: no expiry
    covers: tuple[Finding, ...]  # what it waives; expired or void: the findings it would


def waiver_covers(waiver: Waiver, finding: Finding, sod_rule_ids: set[str]) -> bool:
    """Whether ``waiver`` is written for ``finding`` (same rule or SoD rule, same subject)."""
    if finding.subject != waiver.subject or finding.rule.startswith("DM6"):
        return False
    if waiver.rule in sod_rule_ids:
        return finding.rule in SOD_FINDINGS and finding.related[:1] == (waiver.rule,)
    return waiver.rule in (finding.rule, finding.name)


def _locs_of(waiver: Waiver) -> set[Loc]:
    return {waiver.loc, *waiver.locs.values()}


def waiver_register(org: Org, findings: Sequence[Finding], today: dt.date | None
                    ) -> list[WaiverEntry]:
    """Every waiver of the model, in file order, with its state as of ``today``."""
    sod_ids = set(org.sod_rules_by_id)
    entries = []
    for waiver in org.waivers:
        locs = _locs_of(waiver)
        covers = tuple(f for f in findings if waiver_covers(waiver, f, sod_ids))
        about = {f.rule for f in findings if f.rule.startswith("DM6") and f.loc in locs}
        days = (waiver.expires - today).days if waiver.expires and today else None
        if "DM603" in about:
            status = SELF_APPROVED
        elif "DM601" in about or (days is not None and days < 0):
            status = EXPIRED
        elif any(f.waived_by in locs for f in covers):
            status = MATCHED
        else:
            status = UNUSED
        entries.append(WaiverEntry(waiver, status, days, covers))
    return entries


# --- the SoD matrix: rules × posts, committees and people --------------------------------


@dataclass(frozen=True)
class SodColumn:
    kind: str  # "role" | "committee" | "person"
    id: str


@dataclass(frozen=True)
class SodCell:
    activities: tuple[str, ...]  # the rule's activities the holder carries, rule order
    conflict: bool  # more than ``at_most`` of them


@dataclass(frozen=True)
class SodMatrix:
    columns: tuple[SodColumn, ...]  # only holders that carry some rule's activity
    rows: tuple[tuple[str, tuple[SodCell, ...]], ...]  # (SoD rule id, one cell per column)


def _column_sources(org: Org, column: SodColumn) -> tuple[str, ...]:
    if column.kind == "person":
        person = org.people_by_id[column.id]
        return tuple(dict.fromkeys((*person.holds, *person.acting)))
    return (column.id,)


def sod_matrix(org: Org, matrix: Matrix) -> SodMatrix:
    """Per SoD rule, what each post, committee and person carries of it."""
    candidates = [SodColumn("role", r) for r in org.roles]
    candidates += [SodColumn("committee", c.id) for c in org.committees]
    candidates += [SodColumn("person", p.id) for p in org.people]
    table: dict[SodColumn, list[SodCell]] = {}
    for column in candidates:
        sources = _column_sources(org, column)
        cells = []
        for rule in org.sod_rules:
            carried: set[str] = set()
            for holder in sources:
                carried |= set(matrix.carried(holder, rule.letters))
            acts = tuple(a for a in rule.activities if a in carried)
            cells.append(SodCell(acts, len(acts) > rule.at_most))
        if any(cell.activities for cell in cells):
            table[column] = cells
    columns = tuple(table)
    rows = tuple(
        (rule.id, tuple(table[column][i] for column in columns))
        for i, rule in enumerate(org.sod_rules)
    )
    return SodMatrix(columns, rows)


# --- people and ranking ------------------------------------------------------------------


@dataclass(frozen=True)
class PersonConflict:
    person: str
    holds: tuple[str, ...]
    acting: tuple[str, ...]
    rules: tuple[str, ...]  # SoD rules the person breaks, through any of their posts
    findings: tuple[Finding, ...]  # SoD findings (waived too) on the person or their posts


def _active_sod(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule in SOD_FINDINGS and f.waived_by is None]


def people_conflicts(org: Org, matrix: Matrix, findings: Sequence[Finding]
                     ) -> list[PersonConflict]:
    """Every person whose posts together break an SoD rule, in model order."""
    grid = sod_matrix(org, matrix)
    position = {column: i for i, column in enumerate(grid.columns)}
    sod = [f for f in findings if f.rule in SOD_FINDINGS]  # waived ones too: on file
    people = []
    for person in org.people:
        at = position.get(SodColumn("person", person.id))
        if at is None:
            continue
        rules = tuple(rule_id for rule_id, cells in grid.rows if cells[at].conflict)
        if not rules:
            continue
        posts = set(person.holds) | set(person.acting) | {person.id}
        people.append(PersonConflict(
            person.id, person.holds, person.acting, rules,
            tuple(f for f in sod if f.subject in posts and f.related[:1] != ()
                  and f.related[0] in rules)))
    return people


@dataclass(frozen=True)
class RankRow:
    kind: str  # "role" | "person" | "committee"
    id: str
    errors: int
    warnings: int
    rules: tuple[str, ...]  # the SoD rules behind the count


def conflict_ranking(org: Org, findings: Sequence[Finding], limit: int = 10
                     ) -> list[RankRow]:
    """Posts, committees and people by their active SoD findings: errors, then warnings.

    A person counts the findings on themselves and on every post they hold or act in:
    whoever fills a conflicting post carries its conflict.
    """
    sod = _active_sod(findings)
    subjects: list[tuple[str, str, set[str]]] = [("role", r, {r}) for r in org.roles]
    subjects += [("committee", c.id, {c.id}) for c in org.committees]
    subjects += [("person", p.id, {p.id, *p.holds, *p.acting}) for p in org.people]
    rows = []
    for kind, subject_id, keys in subjects:
        mine = [f for f in sod if f.subject in keys]
        errors = sum(f.severity >= Severity.ERROR for f in mine)
        warnings = sum(f.severity == Severity.WARNING for f in mine)
        if errors or warnings:
            rules = tuple(dict.fromkeys(f.related[0] for f in mine if f.related))
            rows.append(RankRow(kind, subject_id, errors, warnings, rules))
    rows.sort(key=lambda r: (-r.errors, -r.warnings, r.kind != "person", r.id))
    return rows[:limit]

