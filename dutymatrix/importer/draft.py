"""The draft an import builds: departments, posts, duties, processes, before YAML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dutymatrix.importer import vocab
from dutymatrix.importer.salary import parse_salary
from dutymatrix.importer.text import fold


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


_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_SPACE_IN_CJK = re.compile(rf"(?<={_CJK}) (?={_CJK})")  # a line break inside a sentence


def one_spaced(text: str) -> str:
    """Runs of whitespace as one space, none at the ends: ``re.sub(r"\\s+", " ", text).strip()``
    (``str.split`` breaks at the same characters as ``\\s``), several times faster."""
    return " ".join(text.split())


# the separators a duty never starts or ends with, ASCII and full-width
_DUTY_SEPARATORS = " ;,:、\uff1b\uff0c\uff1a\u3000"
_DUTY_STOPS = "。.\uff0e"
DUTY_EDGES = frozenset(_DUTY_SEPARATORS + _DUTY_STOPS)


def clean_duty(text: str) -> str:
    text = one_spaced(text)
    if " " in text:
        text = _SPACE_IN_CJK.sub("", text)
    return text.strip(_DUTY_SEPARATORS).rstrip(_DUTY_STOPS).strip()


def keep_posting_field(role: DraftRole, label: str, value: str) -> bool:
    """Keep a posting's field (工作地点, 薪资, 岗位编号…) on its post; False when it is not
    one kept (then it is left out, where the reader sees it)."""
    label = fold(label).lower()
    if label in ("工作地点", "工作地址", "location"):
        role.fields["location"] = value
    elif label in ("学历要求", "学历"):
        role.fields["education"] = value
    elif label in ("薪资范围", "薪资待遇", "薪资", "salary"):
        if parse_salary(fold(value)) is None:  # 面议: no figure to keep
            return False
        role.fields["salary"] = value
    elif label in ("岗位编号", "编号"):
        role.fields["code"] = value
    else:
        return False
    return True


def requirements_as_qualifications(role: DraftRole) -> None:
    """A post whose only list reads as requirements (学历, 经验…) gets it as qualifications."""
    if len(role.duties) < 2:
        return
    qual_like = 0
    for duty in role.duties:
        folded = fold(duty.text)
        if vocab.DUTY_VERB.match(folded):
            return  # one duty verb: the list is duties (known at the first duty, mostly)
        qual_like += bool(vocab.QUAL_WORDS.search(folded))
    if qual_like >= 0.75 * len(role.duties):
        role.qualifications, role.duties = role.duties + role.qualifications, []
