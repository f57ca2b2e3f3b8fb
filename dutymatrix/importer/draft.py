"""The draft an import builds: departments, posts, duties, processes, before YAML."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class DraftDuty:
    """A duty and the sub-items (① under 1、) that belong to it, joined with "; "."""

    head: str
    where: str
    # (process name, activity name) → letters, from a RACI sheet
    raci: dict[tuple[str, str], str] = field(default_factory=dict)
    comment: str = ""  # a sub-heading (◆ Accounting) written as a comment above the duty
    subitems: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        # joined when read (once, on output): appending to a string per sub-item would be
        # quadratic in a list of thousands of sub-items
        return "; ".join([self.head, *self.subitems]) if self.subitems else self.head


@dataclass
class DraftRole:
    title: str
    where: str
    duties: list[DraftDuty] = field(default_factory=list)
    qualifications: list[DraftDuty] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class DraftDepartment:
    name: str
    where: str
    duties: list[DraftDuty] = field(default_factory=list)
    roles: list[DraftRole] = field(default_factory=list)


@dataclass
class DraftProcess:
    name: str
    where: str
    activities: list[tuple[str, str]] = field(default_factory=list)  # (name, where)


@dataclass
class Draft:
    departments: list[DraftDepartment] = field(default_factory=list)
    processes: list[DraftProcess] = field(default_factory=list)  # from RACI sheets
    committees: list[DraftRole] = field(default_factory=list)  # RACI holders named so
    letters: str = "RACI"
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (where, text)
    empty: list[tuple[str, str]] = field(default_factory=list)  # headings with nothing under

    # name → position in ``departments``: a lookup per heading, not a scan (a document of
    # thousands of department headings). Checked when used: a second reading of a
    # document cuts the list's tail off (import_files._feed).
    _positions: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def department(self, name: str, where: str) -> DraftDepartment:
        at = self._positions.get(name)
        if at is not None and at < len(self.departments) and self.departments[at].name == name:
            return self.departments[at]
        self._positions[name] = len(self.departments)
        dept = DraftDepartment(name, where)
        self.departments.append(dept)
        return dept
