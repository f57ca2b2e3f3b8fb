"""``dutymatrix import``: legacy duty text (.txt .md .html .docx) and spreadsheets (.xlsx
.csv, posting records .jsonl .json) → a model skeleton.

Pipeline: read.py (formats, encodings) → text.py (one string per file, chunk numbers
removed) → segment.py (numbering → events) → build.py (events → departments, posts,
duties) → emit.py (YAML). hints.py adds RACI suggestions and OCR-slip warnings.
Spreadsheets: tables.py (sheets → rows of cells) → sheets.py (duty lists, postings) and
raci_table.py (RACI matrices) → the same draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dutymatrix.errors import SheetError, UsageError
from dutymatrix.importer.build import FALLBACK_DEPARTMENT, Builder, Draft
from dutymatrix.importer.emit import emit
from dutymatrix.importer.hints import ocr_warnings
from dutymatrix.importer.read import read_lines
from dutymatrix.importer.segment import Segmenter
from dutymatrix.importer.sheets import SheetImport
from dutymatrix.importer.tables import SHEET_SUFFIXES, read_tables
from dutymatrix.importer.text import assemble


@dataclass(frozen=True)
class ImportOptions:
    files: tuple[Path, ...]
    department: str | None = None
    suggest_raci: bool = False


@dataclass
class ImportResult:
    yaml: str
    warnings: list[str] = field(default_factory=list)


def import_files(options: ImportOptions) -> ImportResult:
    """Read every file in order and return one YAML skeleton plus warnings for stderr."""
    if not options.files:
        raise UsageError("import: name at least one .txt, .md, .html, .docx, .xlsx or .csv "
                         "file")
    if options.department is not None and not options.department.strip():
        raise UsageError("--department: give a department name, e.g. --department 信贷管理部")
    draft = Draft()
    warnings: list[str] = []
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
            warnings.append(f"{path}: the file has no text; nothing imported from it")
            continue
        builder = Builder(draft, department, fallback=department or FALLBACK_DEPARTMENT)
        builder.feed(source, Segmenter(source).events())
        builder.finish()
        warnings.extend(ocr_warnings(source))
    sheets.finish()
    if sheets.problems:
        raise SheetError(f"{len(sheets.problems)} problem(s) in the spreadsheets; nothing "
                         "was imported", sheets.problems)
    warnings.extend(sheets.notes)
    if not any(d.duties or d.roles for d in draft.departments) and not draft.committees:
        warnings.append(
            "import: found no department or post headings with duties; name the department "
            "with --department NAME if the text is one department's or post's list"
        )
    return ImportResult(emit(draft, options.files, options.suggest_raci), warnings)


__all__ = ["ImportOptions", "ImportResult", "import_files"]
