"""A RACI matrix sheet → processes, activities and one lettered duty per post and activity.

Activities run down the first column (after an optional process column), posts and
committees across the header row, letters (R A S C I) in the cells. The process is the
process column, else the sheet's name (else the file's). A post is matched by title with
the posts the other files of the run define; ``title(department)`` — as ``build`` writes
for two posts of one title — names the department too. A workbook that shows the same
cell twice (an overall sheet and a process sheet, as ``build`` writes them) must agree.
"""

from __future__ import annotations

import re
import unicodedata

from dutymatrix.i18n import N_
from dutymatrix.importer import vocab
from dutymatrix.importer.draft import Draft, DraftDuty, DraftProcess, DraftRole
from dutymatrix.importer.tables import Table
from dutymatrix.importer.text import fold
from dutymatrix.messages import Msg

ACTIVITY_NAMES = ("活动", "流程活动", "业务活动", "关键活动", "工作事项", "事项", "工作任务",
                  "任务", "业务环节", "环节", "工作环节", "activity", "activities", "task",
                  "tasks", "step", "processstep")
PROCESS_NAMES = ("流程", "业务流程", "流程名称", "process", "businessprocess")
# Columns of notes, not posts: the 缺位 (gaps) column build writes, a remarks column.
NOT_HOLDER_NAMES = ("缺位", "gaps", "备注", "说明", "remarks", "notes", "note", "comments")
LETTERS = "RASCI"
_SEPARATORS = re.compile(r"[\s,/、，;；+|]+")
_HEADER_JUNK = re.compile(r"[\s_\-/()（）:：.]+")
_COMMITTEE = re.compile(r"委员会|贷审会|审贷会|committee|board", re.IGNORECASE)
_DEPT_SUFFIX = re.compile(r"^(?P<title>.+?)\s*[(（](?P<dept>[^()（）]+)[)）]$")
_ID_SUFFIX = re.compile(r"\s*\[[A-Za-z0-9][\w.-]*\]$")  # "经理 [credit.manager]" from build
_VERBS_ZH = {"R": "负责", "A": "负责", "S": "协助", "C": "参与", "I": "了解"}
_VERBS_EN = {"R": "Responsible for", "A": "Responsible for", "S": "Support",
             "C": "Advise on", "I": "Keep informed of"}


def _key(text: str) -> str:
    return _HEADER_JUNK.sub("", unicodedata.normalize("NFKC", text)).lower()


def parse_letters(value: str) -> str | None:
    """``value`` as RACI letters in RASCI order ("" for an empty cell), or None."""
    folded = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value)).upper()
    if any(ch not in LETTERS for ch in folded) or len(set(folded)) != len(folded):
        return None
    return "".join(ch for ch in LETTERS if ch in folded)


class RaciReader:
    def __init__(self, draft: Draft, department: str | None, fallback: str,
                 problems: list[str | Msg]):
        self.draft, self.department, self.fallback = draft, department, fallback
        self.problems = problems
        self.seen: dict[tuple[str, str, int], tuple[str, str]] = {}  # cell → letters, where
        self.holders: dict[str, DraftRole | None] = {}

    @staticmethod
    def activity_header(cells: list[str]) -> bool:
        """The header of a RACI matrix: an activity column among its first lead columns."""
        lead = RaciReader.lead_columns(cells)
        return any(kind == "activity" for kind in lead.values())

    @staticmethod
    def lead_columns(cells: list[str]) -> dict[int, str]:
        """The activity and process columns that open a header row (in either order)."""
        lead: dict[int, str] = {}
        for col, cell in enumerate(cells[:3]):
            key = _key(cell)
            kind = ("activity" if key in ACTIVITY_NAMES else
                    "process" if key in PROCESS_NAMES else None)
            if kind is None or kind in lead.values():
                break
            lead[col] = kind
        return lead

    @staticmethod
    def looks_like(table: Table) -> bool:
        """No activity header, but a first row of titles over cells that are letters."""
        if len(table.rows) < 2 or len(table.rows[0]) < 2:
            return False
        body = [c for row in table.rows[1:] for c in row[1:] if c]
        letters = [c for c in body if parse_letters(c)]
        return len(letters) >= 2 and len(letters) >= 0.8 * len(body)

    def read(self, table: Table) -> None:
        header = next((r for r, cells in enumerate(table.rows[:10])
                       if self.activity_header(cells)), 0)
        titles = table.rows[header]
        lead = self.lead_columns(titles) or {0: "activity"}
        activity_col = next(c for c, kind in lead.items() if kind == "activity")
        process_col = next((c for c, kind in lead.items() if kind == "process"), None)
        first = len(lead)
        notes = {c for c in range(first, len(titles)) if _key(titles[c]) in NOT_HOLDER_NAMES}
        holders = {c: self.holder(table, header, c, titles[c])
                   for c in range(first, len(titles)) if titles[c] and c not in notes}
        process_name = table.name
        for r in range(header + 1, len(table.rows)):
            cells = table.rows[r]
            if process_col is not None and process_col < len(cells) and cells[process_col]:
                process_name = cells[process_col]
            activity = cells[activity_col] if activity_col < len(cells) else ""
            filled = [c for c in range(first, len(cells)) if cells[c] and c not in notes]
            if not activity:
                if filled:
                    self.problems.append(Msg(N_("{where}: letters with no activity; name "
                                                "the activity in this cell"),
                                             where=table.where(r, activity_col)))
                continue
            for c in filled:
                if c not in holders:
                    self.problems.append(Msg(N_("{where}: letters under a column with no "
                                                "post title; give {title_cell} one"),
                                             where=table.where(r, c),
                                             title_cell=table.where(header, c)))
                    continue
                self.cell(table, r, c, process_name, activity, holders[c])
            self.activity(process_name, activity, table.where(r, activity_col))

    def activity(self, process_name: str, activity: str, where: str) -> None:
        process = next((p for p in self.draft.processes if p.name == process_name), None)
        if process is None:
            process = DraftProcess(process_name, where)
            self.draft.processes.append(process)
        if all(name != activity for name, _ in process.activities):
            process.activities.append((activity, where))

    def cell(self, table: Table, r: int, c: int, process: str, activity: str,
             holder: DraftRole | None) -> None:
        value = table.rows[r][c]
        where = table.where(r, c)
        letters = parse_letters(value)
        if letters is None:
            self.problems.append(Msg(N_("{where}: `{value}` is not RACI letters; use R, A, S, "
                                        "C, I (each once) or leave the cell empty"),
                                     where=where, value=value))
            return
        if holder is None:
            return  # its title was refused
        key = (process, activity, id(holder))
        if key in self.seen:
            before, first = self.seen[key]
            if before != letters:
                self.problems.append(Msg(N_("{where}: `{letters}` here but `{before}` at "
                                            "{first} for the same post and activity; make the "
                                            "two agree"), where=where, letters=letters,
                                         before=before, first=first))
            return
        self.seen[key] = (letters, where)
        if "S" in letters:
            self.draft.letters = "RASCI"
        verbs = _VERBS_EN if activity.isascii() else _VERBS_ZH
        verb = verbs[next(ch for ch in "RASCI" if ch in letters)]
        text = f"{verb} {activity}" if activity.isascii() else f"{verb}{activity}"
        holder.duties.append(DraftDuty(text, where, raci={(process, activity): letters}))

    def holder(self, table: Table, r: int, c: int, title: str) -> DraftRole | None:
        where = table.where(r, c)
        title = _ID_SUFFIX.sub("", title).strip()
        if title in self.holders:
            return self.holders[title]
        found = self._find(title, where)
        self.holders[title] = found
        return found

    def _find(self, title: str, where: str) -> DraftRole | None:
        if _COMMITTEE.search(title):
            for committee in self.draft.committees:
                if committee.title == title:
                    return committee
            committee = DraftRole(title, where)
            self.draft.committees.append(committee)
            return committee
        dept = None
        match = _DEPT_SUFFIX.match(title)
        if match and vocab.DEPT_NAME.match(fold(match.group("dept"))):
            title, dept = match.group("title"), match.group("dept")
        candidates = [(d, role) for d in self.draft.departments for role in d.roles
                      if role.title == title and (dept is None or d.name == dept)]
        if len(candidates) > 1:
            names = ", ".join(d.name for d, _ in candidates)
            self.problems.append(Msg(N_("{where}: `{title}` is a post in {count} departments "
                                        "({names}); write `{title}(部门)` to say which"),
                                     where=where, title=title, count=len(candidates),
                                     names=names))
            return None
        if candidates:
            return candidates[0][1]
        in_title = re.match(rf"^(.+?(?:{vocab.DEPT_SUFFIX}))(?:.+)$", title)
        name = dept or self.department or (in_title.group(1) if in_title else self.fallback)
        role = DraftRole(title, where)
        self.draft.department(name, where).roles.append(role)
        return role
