"""Write the draft as model YAML (README, "The model"): every string double-quoted,
comments for hints.

Strings are written as JSON strings, which YAML reads as double-quoted scalars: no text
can turn into a bool, number or date (``no``, ``0123``). RACI suggestions are comments
after the duty they belong to, never data; what was left out is listed at the end.
"""

from __future__ import annotations

import re
from json.encoder import encode_basestring
from pathlib import Path

from dutymatrix.i18n import N_, tr
from dutymatrix.importer import vocab
from dutymatrix.importer.draft import Draft, DraftDuty, DraftRole
from dutymatrix.importer.hints import suggest_letter
from dutymatrix.importer.ids import IdRegistry, role_slug, slug
from dutymatrix.importer.salary import parse_salary
from dutymatrix.importer.text import fold

LEFT_OUT_PREVIEW = 80  # characters of each left-out passage shown in the closing comment
_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def q(text: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax, which YAML reads the same).

    ``encode_basestring`` is what ``json.dumps(text, ensure_ascii=False)`` calls for a
    string, without making an encoder per call (twenty times the cost, per duty)."""
    quoted = encode_basestring(text)
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


_LINE_BREAKS = re.compile(r"[\r\n]+")


def _comment(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text)


def _short(text: str) -> bool:
    """Short enough to be only an education or only an experience requirement."""
    return len(text) <= (60 if text.isascii() else 20)


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


class Emitter:
    def __init__(self, suggest_raci: bool):
        self.suggest_raci = suggest_raci
        self.lines: list[str] = []
        self.activity_ids: dict[tuple[str, str], str] = {}

    def duty_lines(self, duties: list[DraftDuty], indent: str) -> None:
        for duty in duties:
            if duty.comment:  # a sub-heading of the list, kept where it stood
                self.lines.append(f"{indent}# {_comment(duty.comment)}")
            if duty.raci:  # from a RACI sheet: the letters are data, where in a comment
                entries = ", ".join(f"{q(self.activity_ids[key])}: {q(letters)}"
                                    for key, letters in duty.raci.items())
                self.lines.append(f"{indent}- text: {q(duty.text)}  # {_comment(duty.where)}")
                self.lines.append(f"{indent}  raci: {{{entries}}}")
                continue
            line = f"{indent}- {q(duty.text)}"
            if self.suggest_raci:
                letter = suggest_letter(duty.text)
                if letter:
                    line += f"  # suggest: {letter}"
            self.lines.append(line)

    def role(self, role: DraftRole, role_id: str, indent: str) -> None:
        out = self.lines
        out.append(f"{indent}- id: {q(role_id)}")
        out.append(f"{indent}  title: {q(role.title)}  # {_comment(role.where)}")
        if "code" in role.fields:
            out.append(f"{indent}  code: {q(role.fields['code'])}")
        if "location" in role.fields:
            out.append(f"{indent}  location: {q(role.fields['location'])}")
        salary = parse_salary(fold(role.fields.get("salary", "")))
        if salary:
            out.append(f"{indent}  salary: {{min: {_number(salary.min)}, "
                       f"max: {_number(salary.max)}, per: {q(salary.per)}, "
                       f"currency: {q(salary.currency)}}}")
        elif role.fields.get("salary", "").strip():  # 面议: kept for the reader, no data
            out.append(f"{indent}  # salary: {_comment(role.fields['salary'].strip())}")
        if role.duties:
            out.append(f"{indent}  duties:")
            self.duty_lines(role.duties, indent + "    ")
        education = role.fields.get("education")
        other = [d.text for d in role.qualifications]
        experience = None
        if education is None:
            education = next((t for t in other if _short(t)
                              and vocab.EDUCATION_WORDS.search(t)), None)
            if education is not None:
                other.remove(education)
        experience = next((t for t in other if _short(t)
                           and vocab.EXPERIENCE_WORDS.search(t)), None)
        if experience is not None:
            other.remove(experience)
        if education or experience or other:
            out.append(f"{indent}  qualifications:")
            if education:
                out.append(f"{indent}    education: {q(education)}")
            if experience:
                out.append(f"{indent}    experience: {q(experience)}")
            if other:
                out.append(f"{indent}    other:")
                out.extend(f"{indent}      - {q(t)}" for t in other)


def emit(draft: Draft, files: tuple[Path, ...], suggest_raci: bool, lang: str = "en") -> str:
    """The YAML skeleton; its ``#`` comments (what to review, where things came from) are
    in ``lang``, the data as the sources wrote it."""
    emitter = Emitter(suggest_raci)
    out = emitter.lines
    names = ", ".join(str(f) for f in files)
    stem = files[0].stem if files else "imported"
    out.append(tr(lang, N_("# Imported by `dutymatrix import` from {files}."),
                  files=_comment(names)))
    out.append(tr(lang, N_("# A skeleton to review: ids are the names in pinyin, duties keep "
                           "the source order,")))
    out.append(tr(lang, N_("# and the comment after a title says where it was found.")))
    if suggest_raci:
        out.append(tr(lang, N_("# `# suggest: X` is a RACI letter guessed from the duty's "
                               "verb: confirm it.")))
    out.append(tr(lang, N_("# Delete the org section when you add this file to an org that "
                           "has one.")))
    org_id = slug(stem) or "imported"
    out.append("org:")
    out.append(f"  id: {q(org_id)}")
    out.append(f"  name: {q(stem)}")
    if draft.letters != "RACI":
        out.append(f"  raci: {q(draft.letters)}")
    ids = IdRegistry()
    emitter.activity_ids = _processes(out, draft, ids)
    empty = _departments(emitter, draft, ids, org_id, stem)
    _committees(emitter, draft, ids)
    if empty:
        out.append("")
        out.append(tr(lang, N_("# Headings with nothing under them (not written above):")))
        out.extend(f"#   {_comment(where)}  {_comment(name)}" for where, name in empty)
    if draft.left_out:
        out.append("")
        out.append(tr(lang, N_("# Left out: text that is neither a heading nor a duty. Move "
                               "what you need.")))
        for where, text in draft.left_out:
            preview = text if len(text) <= LEFT_OUT_PREVIEW else text[:LEFT_OUT_PREVIEW] + "…"
            out.append(f"#   {_comment(where)}  {_comment(preview)}")
    return "\n".join(out) + "\n"


def _processes(out: list[str], draft: Draft, ids: IdRegistry) -> dict[tuple[str, str], str]:
    """The ``processes:`` section of RACI sheets; (process, activity name) → full id."""
    activity_ids: dict[tuple[str, str], str] = {}
    if not draft.processes:
        return activity_ids
    out.append("processes:")
    for number, process in enumerate(draft.processes, start=1):
        process_id = ids.claim(slug(process.name) or f"process-{number}")
        out.append(f"  - id: {q(process_id)}")
        out.append(f"    name: {q(process.name)}  # {_comment(process.where)}")
        out.append("    activities:")
        local = IdRegistry()
        for index, (name, where) in enumerate(process.activities, start=1):
            activity_id = local.claim(slug(name) or f"activity-{index}")
            activity_ids[(process.name, name)] = f"{process_id}.{activity_id}"
            out.append(f"      - {{id: {q(activity_id)}, name: {q(name)}}}  # {_comment(where)}")
    return activity_ids


def _departments(emitter: Emitter, draft: Draft, ids: IdRegistry, org_id: str,
                 stem: str) -> list[tuple[str, str]]:
    """The ``departments:`` section; returns the headings that had nothing under them."""
    out = emitter.lines
    empty: list[tuple[str, str]] = list(draft.empty)
    departments = []
    for index, dept in enumerate(draft.departments, start=1):
        roles = [r for r in dept.roles if r.duties or r.qualifications]
        empty.extend((r.where, r.title) for r in dept.roles
                     if not (r.duties or r.qualifications))
        if not dept.duties and not roles:
            empty.append((dept.where, dept.name))
            continue
        departments.append((index, dept, roles))
    out.append("departments:" if departments else "departments: []")
    root_id = None
    if len(departments) > 1:
        # an org has one root department: the imported ones hang under one named after the
        # org; when merging into an org, point their `parent:` at its root instead
        root_id = ids.claim(org_id)
        out.append(f"  - id: {q(root_id)}")
        out.append(f"    name: {q(stem)}")
    for index, dept, roles in departments:
        dept_id = ids.claim(slug(dept.name) or f"dept-{index}")
        out.append(f"  - id: {q(dept_id)}")
        out.append(f"    name: {q(dept.name)}  # {_comment(dept.where)}")
        if root_id:
            out.append(f"    parent: {q(root_id)}")
        if dept.duties:
            out.append("    duties:")
            emitter.duty_lines(dept.duties, "      ")
        if roles:
            out.append("    roles:")
            for number, role in enumerate(roles, start=1):
                local = role_slug(role.title, dept.name) or f"role-{number}"
                emitter.role(role, ids.claim(f"{dept_id}.{local}"), "      ")
    return empty


def _committees(emitter: Emitter, draft: Draft, ids: IdRegistry) -> None:
    committees = [c for c in draft.committees if c.duties]
    if not committees:
        return
    out = emitter.lines
    out.append("committees:")
    for number, committee in enumerate(committees, start=1):
        out.append(f"  - id: {q(ids.claim(slug(committee.title) or f'committee-{number}'))}")
        out.append(f"    name: {q(committee.title)}  # {_comment(committee.where)}")
        out.append("    duties:")
        emitter.duty_lines(committee.duties, "      ")
