"""Fill empty catalogue entries: zh_CN from a JSON table, zh_TW from zh_CN by OpenCC.

    .venv/bin/python tools/seed_translations.py [zh_CN.json]
    make catalogues   # compiles what was filled

A translator still reads every seeded zh_TW entry: OpenCC's s2twp (Taiwan phrases) is a
start, not a translation (``dutymatrix.messages.to_traditional`` puts a bank's words back
where its phrase table reads them as IT terms). An entry of the table replaces what zh_CN
has (the table is the translator's input) and re-seeds its zh_TW entry; other entries
that already have a translation are never touched.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from dutymatrix.messages import to_traditional

LOCALE = Path(__file__).resolve().parent.parent / "dutymatrix" / "locale"


def _po(locale: str) -> Path:
    return LOCALE / locale / "LC_MESSAGES" / "dutymatrix.po"


def _read(locale: str):
    with _po(locale).open("rb") as handle:
        return read_po(handle, locale=locale)


def _write(locale: str, catalogue) -> None:
    with _po(locale).open("wb") as handle:
        write_po(handle, catalogue, width=0, omit_header=False, sort_output=True)


def main(argv: list[str]) -> int:
    table = json.loads(Path(argv[0]).read_text("utf-8")) if argv else {}
    simplified = _read("zh_CN")
    filled, changed = 0, set()
    for entry in simplified:
        if entry.id and entry.id in table and entry.string != table[entry.id]:
            entry.string, filled = table[entry.id], filled + 1
            changed.add(entry.id)
    _write("zh_CN", simplified)
    traditional = _read("zh_TW")
    seeded = 0
    for entry in traditional:
        source = simplified.get(entry.id) if entry.id else None
        stale = not entry.string or entry.id in changed
        if entry.id and stale and source is not None and source.string:
            entry.string, seeded = to_traditional(source.string), seeded + 1
    _write("zh_TW", traditional)
    print(f"zh_CN: {filled} filled; zh_TW: {seeded} seeded from zh_CN")
    missing = [e.id for e in simplified if e.id and not e.string]
    for msgid in missing:
        print(f"zh_CN has no translation yet: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
