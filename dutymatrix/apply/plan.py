"""Changed cells → which duty gets which letters, or why that cannot be decided.

A cell holds a holder's letters merged over its duties. Letters taken away leave every
duty that gave them. Letters added go to the one duty that already carries the activity;
to a new duty ("负责<activity>") when none does; and when several do, to the one the
sheet names (an ``owner#n`` column or a ``#n`` cell comment) — otherwise the cell is
refused with the candidates listed, since picking one would be a guess.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from dutymatrix.apply.sheet import CellEdit
from dutymatrix.apply.yamledit import NewDuty
from dutymatrix.i18n import N_
from dutymatrix.matrix import Matrix
from dutymatrix.messages import Msg
from dutymatrix.model import Duty, Org


@dataclass
class Plan:
    # (owner, n) → activity → the duty's letters afterwards ("" = no entry)
    duty_letters: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)
    # holder → the duties to add to it, in sheet order
    new_duties: dict[str, list[NewDuty]] = field(default_factory=dict)
    # (activity, holder) → the letters the holder must end up with
    expected: dict[tuple[str, str], str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.duty_letters or self.new_duties)


def _preview(text: str, length: int = 20) -> str:
    return text if len(text) <= length else text[:length] + "…"


def _in_order(letters: set[str], order: str) -> str:
    return "".join(ch for ch in order if ch in letters)


def holder_duties(org: Org, holder: str) -> Sequence[Duty]:
    if holder in org.roles:
        return org.roles[holder].duties
    return org.committees_by_id[holder].duties


class Planner:
    def __init__(self, org: Org, matrix: Matrix, lang: str, label: str):
        self.org, self.matrix, self.lang, self.label = org, matrix, lang, label
        self.plan = Plan()
        self.problems: list[str | Msg] = []

    def letters_now(self, duty: Duty, activity: str) -> str:
        planned = self.plan.duty_letters.get((duty.owner, duty.n), {})
        return planned.get(activity, duty.raci.get(activity, ""))

    def set(self, duty: Duty, activity: str, letters: str, where: str) -> None:
        if duty.profile and letters != duty.raci.get(activity, ""):
            # Its letters are written once in the profile, for every post of it.
            self.problems.append(Msg(
                N_("{where}: {duty} is duty {n} of job profile `{profile}` ({location}), shared "
                   "by every post of that profile; change the letters in the profile, or give "
                   "`{owner}` `omit: [{n}]` and a duty of its own"),
                where=where, duty=duty.ref, n=duty.profile_n, profile=duty.profile,
                location=f"{duty.loc.file}:{duty.loc.line}", owner=duty.owner))
            return
        self.plan.duty_letters.setdefault((duty.owner, duty.n), {})[activity] = letters

    def add(self, edits: Sequence[CellEdit]) -> None:
        groups: dict[tuple[str, str], list[CellEdit]] = {}
        for edit in edits:
            groups.setdefault((edit.activity, edit.holder), []).append(edit)
        for (activity, holder), group in groups.items():
            by_column = [e for e in group if not e.column_names_duty]
            by_duty = [e for e in group if e.column_names_duty]
            if by_column and by_duty:
                self.problems.append(Msg(
                    N_("{where}: this column and {other} both change `{holder}` on "
                       "`{activity}`; change only one of them"),
                    where=by_duty[0].where, other=by_column[0].where, holder=holder,
                    activity=activity))
                continue
            for edit in by_duty:
                duty = holder_duties(self.org, holder)[edit.duty - 1]  # type: ignore[operator]
                self.set(duty, activity, edit.letters, edit.where)
            if by_column:
                self.holder_edit(by_column[0])
            merged: set[str] = set()
            for duty in holder_duties(self.org, holder):
                merged |= set(self.letters_now(duty, activity))
            for new in self.plan.new_duties.get(holder, []):
                if new.activity == activity:
                    merged |= set(new.letters)
            self.plan.expected[(activity, holder)] = _in_order(merged, self.org.raci)

    def holder_edit(self, edit: CellEdit) -> None:
        activity, holder = edit.activity, edit.holder
        before = set(self.matrix.letters(activity, holder))
        after = set(edit.letters)
        lost, gained = before - after, after - before
        duties = holder_duties(self.org, holder)
        carrying = [d for d in duties if activity in d.raci]
        for duty in carrying:
            if lost & set(duty.raci[activity]):
                self.set(duty, activity,
                         _in_order(set(duty.raci[activity]) - lost, self.org.raci), edit.where)
        if not gained:
            return
        if edit.duty is not None:
            target = duties[edit.duty - 1]
        elif len(carrying) == 1:
            target = carrying[0]
        elif not carrying:
            self.plan.new_duties.setdefault(holder, []).append(self.new_duty(edit, gained))
            return
        else:
            self.problems.append(self.ambiguous(edit, carrying))
            return
        self.set(target, activity,
                 _in_order(set(self.letters_now(target, activity)) | gained, self.org.raci),
                 edit.where)

    def new_duty(self, edit: CellEdit, gained: set[str]) -> NewDuty:
        activity = self.org.activities[edit.activity]
        workbook, _, cell = edit.where.rpartition(":")
        where = f"{os.path.basename(workbook)}:{cell}"
        if self.org.locale.lower().startswith("en"):
            text = f"Responsible for {activity.name.get('en')}"
            comment = f"added by dutymatrix apply from {where}: reword this duty"
        else:
            text = f"负责{activity.name.get('zh')}"
            comment = f"dutymatrix apply 按 {where} 新增,请改写职责措辞"
        return NewDuty(text, edit.activity, _in_order(gained, self.org.raci), comment)

    def ambiguous(self, edit: CellEdit, carrying: Sequence[Duty]) -> Msg:
        listed = "; ".join(
            f"#{d.n} {d.loc.file}:{d.loc.line} {_preview(d.text.get(self.lang))} "
            f"({d.raci[edit.activity]})" for d in carrying)
        holder = self.org.holder_name(edit.holder, self.lang)
        activity = self.org.holder_name(edit.activity, self.lang)
        return Msg(N_("{where}: {holder} (`{holder_id}`) has {count} duties on {activity} "
                      "(`{activity_id}`) and the added letter could go to any of them: "
                      "{listed}; say which with a cell comment `#n`, or a column titled "
                      "`{holder_id}#n`"),
                   where=edit.where, holder=holder, holder_id=edit.holder, count=len(carrying),
                   activity=activity, activity_id=edit.activity, listed=listed)
