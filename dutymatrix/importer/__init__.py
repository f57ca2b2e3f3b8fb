"""``dutymatrix import``: legacy duty text (.txt .md .html .docx) and spreadsheets (.xlsx
.csv, posting records .jsonl .json) → a model skeleton.

Pipeline: read.py (formats, encodings) → text.py (one string per file, chunk numbers
removed) → segment.py (numbering → events) → build.py (events → departments, posts,
duties) → emit.py (YAML). hints.py adds RACI suggestions and OCR-slip warnings.
Spreadsheets: tables.py (sheets → rows of cells) → sheets.py (duty lists, postings) and
raci_table.py (RACI matrices) → the same draft.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dutymatrix.errors import SheetError, UsageError
from dutymatrix.i18n import N_, resolve_lang
from dutymatrix.importer.build import FALLBACK_DEPARTMENT, Builder
from dutymatrix.importer.draft import Draft
from dutymatrix.importer.emit import emit
from dutymatrix.importer.hints import ocr_warnings
from dutymatrix.importer.read import read_lines
from dutymatrix.importer.segment import Item, Segmenter
from dutymatrix.importer.sheets import SheetImport
from dutymatrix.importer.tables import SHEET_SUFFIXES, read_tables
from dutymatrix.importer.text import SourceText, assemble
from dutymatrix.messages import Msg, render

MAX_OCR_WARNINGS = 50  # per file: a scanned book of slips is not a screen of warnings


def _first(items: list[Msg], limit: int, path: Path) -> list[Msg]:
    """The first ``limit`` items, then one line saying how many were left out."""
    if len(items) <= limit:
        return items
    return [*items[:limit], Msg(N_("{path}: {count} more possible OCR slips not listed "
                                   "(search the YAML for them)"),
                                path=path, count=len(items) - limit)]


@dataclass(frozen=True)
class ImportOptions:
    files: tuple[Path, ...]
    department: str | None = None
    suggest_raci: bool = False
    post: str | None = None  # the post of a list that no heading names
    lang: str | None = None  # of the YAML comments and warnings (None: the environment's)


@dataclass
class ImportResult:
    yaml: str
    warnings: list[str] = field(default_factory=list)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while importing, as it was before after: a
    megabyte of text makes a few hundred thousand small objects that all stay alive (lines,
    markers, events, duties), and every full collection walks all of them again, about a
    tenth of an import's time; importing makes no reference cycles to collect."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_files(options: ImportOptions) -> ImportResult:
    """Read every file in order and return one YAML skeleton plus warnings for stderr."""
    with _collector_paused():
        return _import_files(options)


def _import_files(options: ImportOptions) -> ImportResult:
    if not options.files:
        raise UsageError(Msg(N_("import: name at least one .txt, .md, .html, .docx, .xlsx or "
                                ".csv file")))
    if options.department is not None and not options.department.strip():
        raise UsageError(Msg(N_("--department: give a department name, e.g. --department "
                                "信贷管理部")))
    if options.post is not None and not options.post.strip():
        raise UsageError(Msg(N_("--post: give a post title, e.g. --post 客户经理")))
    lang = resolve_lang(options.lang, None, os.environ)
    draft = Draft()
    warnings: list[str | Msg] = []
    department = options.department.strip() if options.department else None
    sheets = SheetImport(draft, department, fallback=department or FALLBACK_DEPARTMENT)
    for path in options.files:
        if path.suffix.lower() in SHEET_SUFFIXES:
            for table in read_tables(path):
                sheets.add(table)
            continue
        lines = read_lines(path)
        source = assemble(str(path), lines)
        if not source.text.strip():
            warnings.append(Msg(N_("{path}: the file has no text; nothing imported from it"),
                                path=path))
            continue
        post = options.post.strip() if options.post else None
        warnings.extend(_feed(draft, source, department, post))
        warnings.extend(_first(ocr_warnings(source), MAX_OCR_WARNINGS, path))
    sheets.finish()
    if sheets.problems:
        raise SheetError(Msg(N_("{count} problem(s) in the spreadsheets; nothing was "
                                "imported"), count=len(sheets.problems)), sheets.problems)
    warnings.extend(sheets.notes)
    if not any(d.duties or d.roles for d in draft.departments) and not draft.committees:
        warnings.append(Msg(N_(
            "import: found no department or post headings with duties; name the department "
            "with --department NAME if the text is one department's or post's list")))
    return ImportResult(emit(draft, options.files, options.suggest_raci, lang),
                        [render(warning, lang) for warning in warnings])


def _duty_count(draft: Draft) -> int:
    return sum(len(d.duties) + sum(len(r.duties) + len(r.qualifications) for r in d.roles)
               for d in draft.departments)


def _feed(draft: Draft, source: SourceText, department: str | None,
          post: str | None) -> list[str | Msg]:
    """Read one document into the draft; the notes for stderr.

    A document with a list that gives nothing (every list under a heading that names no
    owner, such as 第一章 总则) is read once more with such headings ignored, so its list
    comes out as one post's rather than not at all."""
    events = Segmenter(source).events()
    before = (_duty_count(draft), len(draft.departments), len(draft.left_out),
              len(draft.empty))
    fallback = department or FALLBACK_DEPARTMENT
    builder = Builder(draft, department, fallback=fallback, post=post)
    builder.feed(source, events)
    builder.finish()
    if _duty_count(draft) == before[0] and any(isinstance(e, Item) for e in events):
        del draft.departments[before[1]:]
        del draft.left_out[before[2]:]
        del draft.empty[before[3]:]
        builder = Builder(draft, department, fallback=fallback, post=post, rescue=True)
        builder.feed(source, events)
        builder.finish()
    return builder.notes


__all__ = ["ImportOptions", "ImportResult", "import_files"]
