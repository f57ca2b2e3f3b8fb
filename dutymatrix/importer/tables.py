"""Spreadsheets and record files → plain tables of text cells, each cell locatable.

``.xlsx`` (every sheet, read streaming in openpyxl's read-only mode), ``.csv`` (UTF-8,
UTF-8 with BOM, GB18030; comma, semicolon or tab, sniffed) and posting records as
``.jsonl`` (one JSON object a line) or ``.json`` (a list of objects). A cell is named
``file.xlsx:Sheet!C12`` (``file.csv:C12``; a record file's cell by line and key) so every
message points at what to fix. Size is capped before anything is parsed: rows per
sheet, bytes per file and, for a workbook, its decompressed size.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dutymatrix.errors import UsageError
from dutymatrix.i18n import N_
from dutymatrix.importer.read import decode, read_capped
from dutymatrix.messages import Msg
from dutymatrix.spreadsheet import MAX_COLUMNS, MAX_ROWS, cell_name, open_workbook

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".jsonl", ".ndjson", ".json")
MAX_TEXT_BYTES = 64 * 1024 * 1024  # a CSV or record file
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
_DEFAULT_SHEET = re.compile(r"^(?:Sheet|工作表|Tabelle|Feuil)\s*\d*$", re.IGNORECASE)


@dataclass
class Table:
    """One sheet (or CSV, or record file): rows of stripped text cells ("" = empty)."""

    file: str  # as the user named it
    sheet: str | None  # None for a CSV or record file
    rows: list[list[str]]
    records: list[str] | None = None  # a record file: where each row is ("12", "record 3")

    @property
    def label(self) -> str:
        return f"{self.file}:{self.sheet}" if self.sheet is not None else self.file

    @property
    def name(self) -> str:
        """A name for what the table holds: its sheet's, else the file's stem."""
        if self.sheet and not _DEFAULT_SHEET.match(self.sheet):
            return self.sheet
        return Path(self.file).stem

    def where(self, row: int, col: int) -> str:
        """The cell at 0-based ``row``/``col``, as a user finds it."""
        if self.records is not None:
            key = self.rows[0][col] if col < len(self.rows[0]) else str(col + 1)
            return f"{self.file}:{self.records[row]}: {key}"
        cell = cell_name(row + 1, col + 1)
        return f"{self.file}:{self.sheet}!{cell}" if self.sheet is not None else \
            f"{self.file}:{cell}"


def read_tables(path: Path) -> list[Table]:
    """The tables of ``path``: one per sheet of a workbook, one for any other file."""
    suffix = path.suffix.lower()
    label = str(path)
    if suffix in (".xlsx", ".xlsm"):
        return _workbook_tables(path, label)
    data = _read_capped(path, label)
    text = decode(path, data)
    if suffix in (".jsonl", ".ndjson"):
        return [_records(label, _json_lines(label, text))]
    if suffix == ".json":
        return [_records(label, _json_list(label, text))]
    return [Table(label, None, _csv_rows(label, text, tab=suffix == ".tsv"))]


def _read_capped(path: Path, label: str) -> bytes:
    if path.is_dir():
        raise UsageError(Msg(N_("{path}: is a folder; name the files to import"), path=label))
    # a regular file only (a FIFO would block, /dev/zero never end), read up to the cap
    return read_capped(path, MAX_TEXT_BYTES)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)[:MAX_CELL_CHARS].strip()


def _capped_rows(label: str, rows: Iterator[Any]) -> list[list[str]]:
    out: list[list[str]] = []
    for row in rows:
        if len(out) >= MAX_ROWS:
            raise UsageError(Msg(N_("{path}: more than {limit} rows; the limit is {limit} — "
                                    "split it into several files"), path=label, limit=MAX_ROWS))
        cells = [_text(v) for v in row[:MAX_COLUMNS]]
        while cells and not cells[-1]:
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


def _workbook_tables(path: Path, label: str) -> list[Table]:
    workbook = open_workbook(path, label, read_only=True)
    try:
        tables = []
        for sheet in workbook.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue  # hidden sheets hold lookups and macros' data, not the list
            rows = _capped_rows(f"{label}:{sheet.title}", sheet.iter_rows(values_only=True))
            tables.append(Table(label, sheet.title, rows))
        return tables
    except UsageError:
        raise
    except Exception as err:  # a damaged sheet part: openpyxl raises many kinds
        raise UsageError(Msg(N_("{path}: cannot read the workbook ({reason}); open it in "
                                "Excel and save it again as .xlsx"), path=label,
                             reason=f"{type(err).__name__}: {err}")) from err
    finally:
        workbook.close()


def _csv_rows(label: str, text: str, tab: bool) -> list[list[str]]:
    sample = text[:8192]
    delimiter = "\t" if tab else ","
    if not tab:
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _capped_rows(label, reader)
    except csv.Error as err:
        raise UsageError(Msg(N_("{path}:{line}: not readable as CSV ({reason})"), path=label,
                             line=reader.line_num, reason=err)) from err


def _json_lines(label: str, text: str) -> list[tuple[str, dict[str, Any]]]:
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(records) >= MAX_ROWS:
            raise UsageError(Msg(N_("{path}: more than {limit} records; split the file"),
                                 path=label, limit=MAX_ROWS))
        try:
            value = json.loads(line)
        except ValueError as err:
            raise UsageError(Msg(N_("{path}:{line}: not a JSON object ({reason})"),
                                 path=label, line=number, reason=err)) from err
        if not isinstance(value, dict):
            raise UsageError(Msg(N_("{path}:{line}: a JSON {kind}, not an object with fields "
                                    "such as title and description"), path=label, line=number,
                                 kind=type(value).__name__))
        records.append((str(number), value))
    return records


def _json_list(label: str, text: str) -> list[tuple[str, dict[str, Any]]]:
    try:
        value = json.loads(text)
    except ValueError as err:
        raise UsageError(Msg(N_("{path}: not valid JSON ({reason})"), path=label,
                             reason=err)) from err
    if isinstance(value, dict):
        lists = [v for v in value.values() if isinstance(v, list)]
        value = lists[0] if len(lists) == 1 else [value]
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise UsageError(Msg(N_("{path}: expected a list of objects (one per posting)"),
                             path=label))
    if len(value) > MAX_ROWS:
        raise UsageError(Msg(N_("{path}: more than {limit} records; split the file"),
                             path=label, limit=MAX_ROWS))
    return [(f"record {i}", v) for i, v in enumerate(value, start=1)]


def _records(label: str, records: list[tuple[str, dict[str, Any]]]) -> Table:
    """Records as a table: the keys in first-seen order as the header row."""
    keys: list[str] = []
    for _, record in records:
        keys.extend(k for k in record if k not in keys)
    rows = [keys]
    for _, record in records:
        rows.append([_scalar(record.get(k)) for k in keys])
    return Table(label, None, rows, records=["keys", *(n for n, _ in records)])


def _scalar(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(_scalar(v) for v in value)
    if isinstance(value, dict):
        return ""
    return _text(value)
