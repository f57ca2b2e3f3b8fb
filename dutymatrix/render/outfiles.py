"""File names from ids, and the manifest of what the tool wrote into the output folder.

The manifest (``.dutymatrix-manifest.json``) records, per file, the hash and size of its
content and the hash of its inputs. A file whose inputs did not change and whose content
on disk is still what the tool wrote is not rendered again; a file the manifest lists that
the new build no longer produces is deleted — and no other file ever is.

PDF and Word files finished during a build are kept in ``.dutymatrix-pending/`` under a
name made of their path and input hash until the build publishes them (renames them into
place): a build that is killed, or fails on one document, resumes from them instead of
rendering them again. The manifest is written before files are published, listing what
each will hold: a build killed while publishing leaves it right for every file it
finished (checked by hash) and still listing the files it was about to delete.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from dutymatrix.errors import RenderError
from dutymatrix.i18n import N_
from dutymatrix.messages import Msg

from .outdir import OutputDir, is_plain_relpath

MANIFEST_NAME = ".dutymatrix-manifest.json"
MANIFEST_VERSION = 1
PENDING_DIR = ".dutymatrix-pending"

# File systems allow 255 bytes per name; the temporary name adds a dot, a pid, 13
# characters and ".tmp".
MAX_ID_FILENAME = 200

# One path component made from an id: no separators, no "..", nothing hidden.
_SAFE_COMPONENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def id_filename(item_id: str, suffix: str) -> str:
    """``credit-mgmt.manager`` + ``.pdf`` → a file name that cannot leave its folder."""
    if not _SAFE_COMPONENT.match(item_id) or ".." in item_id:
        raise RenderError(Msg(N_("id {id} cannot be used as a file name; ids must match "
                                 "{pattern}"), id=repr(item_id),
                              pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$"))
    if len(item_id) > MAX_ID_FILENAME:
        raise RenderError(Msg(N_("id {id}…: {length} characters, too long for a file name; "
                                 "keep ids to at most {limit} characters"),
                              id=item_id[:40], length=len(item_id), limit=MAX_ID_FILENAME))
    return item_id + suffix


def pending_path(rel: str, source: str) -> str:
    """Where a finished task output waits to be published: one name per path and input."""
    return f"{PENDING_DIR}/{sha256(rel + chr(0) + source)}"


@dataclass(frozen=True)
class ManifestEntry:
    sha256: str  # the content the tool wrote
    source: str  # the hash of what it was rendered from
    kind: str  # jd | raci | orgchart | audit | site | assets
    size: int | None = None  # bytes; None in manifests of older versions

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sha256": self.sha256, "source": self.source, "kind": self.kind}
        if self.size is not None:
            data["size"] = self.size
        return data


def _entry(rel: object, data: Any) -> ManifestEntry:
    """One entry, or ValueError for anything a build would not have written."""
    if not is_plain_relpath(rel) or not isinstance(data, dict):
        raise ValueError(rel)
    fields = [data.get("sha256"), data.get("source"), data.get("kind")]
    size = data.get("size")
    if not all(isinstance(f, str) for f in fields) or not (
        size is None or (isinstance(size, int) and not isinstance(size, bool) and size >= 0)
    ):
        raise ValueError(rel)
    return ManifestEntry(*fields, size=size)  # type: ignore[arg-type]


@dataclass
class Manifest:
    files: dict[str, ManifestEntry] = field(default_factory=dict)
    warnings: list[str | Msg] = field(default_factory=list)
    raw: bytes | None = None  # as read: an unchanged manifest is not written again

    @classmethod
    def load(cls, out: OutputDir) -> Manifest:
        shown = out.path / MANIFEST_NAME
        info = out.lstat(MANIFEST_NAME)
        if info is None:
            return cls()
        raw = out.read(MANIFEST_NAME)
        if raw is None:
            return cls(warnings=[Msg(N_("{path}: not a regular file (a link?); ignored it, "
                                        "rebuilding everything"), path=shown)])
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("version") != MANIFEST_VERSION:
                return cls(warnings=[Msg(N_("{path}: unknown manifest version; rebuilding "
                                            "everything"), path=shown)], raw=raw)
            listed = data["files"].items()
        except (ValueError, KeyError, TypeError, AttributeError):
            return cls(warnings=[Msg(N_("{path}: unreadable manifest; rebuilding everything"),
                                       path=shown)], raw=raw)
        manifest = cls(raw=raw)
        ignored: list[str] = []
        for rel, entry in listed:
            try:
                manifest.files[rel] = _entry(rel, entry)
            except ValueError:
                ignored.append(str(rel))
        if ignored:  # an edited manifest: said once, however many entries
            manifest.warnings.append(Msg(
                N_("{path}: ignored {count} entries that no build writes (such as "
                   "{example}); they are never deleted") if len(ignored) > 1 else
                N_("{path}: ignored an entry that no build writes ({example}); it is never "
                   "deleted"),
                path=shown, count=len(ignored), example=repr(ignored[0][:80])))
        return manifest

    def to_bytes(self) -> bytes:
        data = {
            "version": MANIFEST_VERSION,
            "files": {rel: e.to_json() for rel, e in sorted(self.files.items())},
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    def save(self, out: OutputDir) -> bool:
        """Write the manifest unless the folder holds exactly these bytes already."""
        data = self.to_bytes()
        if data == self.raw:
            return False
        out.write(MANIFEST_NAME, data)
        self.raw = data
        return True

    def is_current(self, out: OutputDir, rel: str, source: str) -> bool:
        """True when ``rel`` was rendered from ``source`` and is on disk as written."""
        entry = self.files.get(rel)
        if entry is None or entry.source != source:
            return False
        content = out.read(rel, size=entry.size)
        return content is not None and sha256(content) == entry.sha256
