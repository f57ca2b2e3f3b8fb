"""Opening a user's workbook safely: size caps before openpyxl sees it, and every read
error as a message that names the file.

Shared by ``apply`` (an edited raci.xlsx) and ``import`` (duty lists and RACI matrices
kept in Excel). openpyxl is imported here only, inside the function, so commands that
never read a workbook do not pay for it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from dutymatrix.errors import UsageError
from dutymatrix.i18n import N_
from dutymatrix.messages import Msg

MAX_WORKBOOK_BYTES = 64 * 1024 * 1024  # the .xlsx file itself
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # everything inside it, decompressed
MAX_ROWS = 50_000  # per sheet
MAX_COLUMNS = 2_000


def cell_name(row: int, col: int) -> str:
    """``C12`` for row 12, column 3 (both 1-based)."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"


def open_workbook(path: Path, label: str, *, read_only: bool,
                  max_unpacked: int | None = None) -> Any:
    """The openpyxl workbook of ``path``, or a UsageError saying why it cannot be read.

    ``max_unpacked`` lowers the decompressed-size cap where the whole workbook is loaded
    into memory (not ``read_only``)."""
    limit = MAX_UNPACKED_BYTES if max_unpacked is None else max_unpacked
    import openpyxl

    if not path.exists():
        raise UsageError(Msg(N_("{path}: no such file"), path=label))
    if not path.is_file():
        raise UsageError(Msg(N_("{path}: not a file"), path=label))
    size = path.stat().st_size
    if size > MAX_WORKBOOK_BYTES:
        raise UsageError(Msg(N_("{path}: the workbook is {size} MB; the limit is {limit} MB "
                                "— split it or save the sheet you need as CSV"), path=label,
                             size=size // (1024 * 1024), limit=MAX_WORKBOOK_BYTES // (1024 * 1024)))
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as err:
        raise UsageError(Msg(N_("{path}: not an Excel workbook (.xlsx): {reason}; save it "
                                "from Excel as .xlsx (an old .xls must be saved again as .xlsx)"),
                             path=label, reason=err)) from err
    if unpacked > limit:
        raise UsageError(Msg(N_("{path}: the workbook unpacks to {size} MB; the limit is "
                                "{limit} MB"), path=label, size=unpacked // (1024 * 1024),
                             limit=limit // (1024 * 1024)))
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=False)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        raise UsageError(Msg(N_("{path}: cannot read the workbook ({reason}); open it in "
                                "Excel and save it again as .xlsx"), path=label,
                             reason=f"{type(err).__name__}: {err}")) from err


def check_sheet_size(sheet: Any, label: str) -> None:
    """Refuse a sheet over the row or column cap before iterating it."""
    rows, cols = sheet.max_row or 0, sheet.max_column or 0
    if rows > MAX_ROWS:
        raise UsageError(Msg(N_("{path}:{sheet}: {count} rows; the limit is {limit} — split "
                                "the sheet"), path=label, sheet=sheet.title, count=rows,
                             limit=MAX_ROWS))
    if cols > MAX_COLUMNS:
        raise UsageError(Msg(N_("{path}:{sheet}: {count} columns; the limit is {limit}"),
                             path=label, sheet=sheet.title, count=cols, limit=MAX_COLUMNS))
