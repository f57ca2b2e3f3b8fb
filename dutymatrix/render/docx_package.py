"""The .docx package: a blank document copied per job description, written as a
deterministic zip.

Speed: python-docx's default template carries ~800 KB of XML (styles.xml and
stylesWithEffects.xml) that no job description changes. A ``BlankPackage`` sets the
template up once per language; each copy shares those parts instead of copying them, and
their zip entries are serialised and compressed once, then reused byte for byte. The zip
is written here (fixed timestamps, sorted entries), laid out exactly as ``zipfile`` lays
out the same entries, so a cached entry and a fresh one give the same file.
"""

from __future__ import annotations

import copy
import io
import struct
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

ZIP_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the earliest a zip can say
ZIP_DOS_TIME = 0
ZIP_VERSION = 20  # the version zipfile writes: 2.0, deflate
ZIP_DEFLATED = 8
ZIP_FILE_MODE = 0o600 << 16  # what zipfile gives an entry with no mode of its own

# Parts a job description writes: copied for each document, never shared.
OWN_PARTS = frozenset({"word/document.xml", "docProps/core.xml"})


@dataclass(frozen=True)
class ZipEntry:
    name: str
    crc: int
    size: int
    deflated: bytes

    @classmethod
    def of(cls, name: str, data: bytes) -> ZipEntry:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        deflated = compressor.compress(data) + compressor.flush()
        return cls(name, zlib.crc32(data), len(data), deflated)


def zip_bytes(entries: Iterable[ZipEntry]) -> bytes:
    """A zip of ``entries`` in the order given, byte for byte what ``zipfile`` writes for
    ``ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))`` deflated, with no mode set."""
    out = io.BytesIO()
    directory = []
    for entry in entries:
        name = entry.name.encode("ascii")
        offset = out.tell()
        out.write(struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", ZIP_VERSION, 0, 0, ZIP_DEFLATED,
                              ZIP_DOS_TIME, ZIP_DOS_DATE, entry.crc, len(entry.deflated),
                              entry.size, len(name), 0))
        out.write(name)
        out.write(entry.deflated)
        directory.append(struct.pack(
            "<4s4B4HL2L5H2L", b"PK\x01\x02", ZIP_VERSION, 0, ZIP_VERSION, 0, 0, ZIP_DEFLATED,
            ZIP_DOS_TIME, ZIP_DOS_DATE, entry.crc, len(entry.deflated), entry.size, len(name),
            0, 0, 0, 0, ZIP_FILE_MODE, offset) + name)
    start = out.tell()
    for record in directory:
        out.write(record)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory),
                          out.tell() - start, start, 0))
    return out.getvalue()


def _entry_order(name: str) -> tuple[bool, str]:
    return name != "[Content_Types].xml", name


class BlankPackage:
    """A set-up blank document, copied for every job description of its language."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self.document = make()
        parts = self.document.part.package.parts
        # Shared by every copy: nothing a job description writes goes into them.
        self._shared = [p for p in parts if p.partname.membername not in OWN_PARTS]
        self._entries: dict[str, ZipEntry] = {}  # the shared parts', made on first use

    def copy(self) -> Any:
        """A new document; the shared parts are the blank's own objects, not copies."""
        return copy.deepcopy(self.document, {id(p): p for p in self._shared})

    def to_bytes(self, document: Any) -> bytes:
        """The .docx file of ``document``, a copy of this blank."""
        from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
        from docx.opc.pkgwriter import _ContentTypesItem

        package = document.part.package
        parts = list(package.parts)
        for part in parts:  # as OpcPackage.save does
            part.before_marshal()
        shared = {id(p) for p in self._shared}
        blobs = {CONTENT_TYPES_URI.membername: _ContentTypesItem.from_parts(parts).blob,
                 PACKAGE_URI.rels_uri.membername: package.rels.xml}
        entries = []
        for part in parts:
            name = part.partname.membername
            if id(part) in shared:
                if name not in self._entries:
                    self._entries[name] = ZipEntry.of(name, part.blob)
                entries.append(self._entries[name])
            else:
                blobs[name] = part.blob
            if len(part.rels):
                blobs[part.partname.rels_uri.membername] = part.rels.xml
        entries += [ZipEntry.of(name, blob) for name, blob in blobs.items()]
        return zip_bytes(sorted(entries, key=lambda e: _entry_order(e.name)))
