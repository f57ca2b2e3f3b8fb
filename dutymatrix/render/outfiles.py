"""The output folder: safe paths, atomic writes and the manifest of what the tool wrote.

The manifest (``.dutymatrix-manifest.json``) records, per file, the hash of its content
and of its inputs. A file whose inputs did not change and whose content on disk is still
what the tool wrote is not rendered again; a file the manifest lists that the new build
no longer produces is deleted — and no other file ever is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from dutymatrix.errors import RenderError, UsageError

MANIFEST_NAME = ".dutymatrix-manifest.json"
MANIFEST_VERSION = 1

# File systems allow 255 bytes per name; the temporary name adds a dot, a pid and ".tmp".
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
        raise RenderError(
            f"id {item_id!r} cannot be used as a file name; ids must match "
            r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$"
        )
    if len(item_id) > MAX_ID_FILENAME:
        raise RenderError(
            f"id {item_id[:40]}…: {len(item_id)} characters, too long for a file name; "
            f"keep ids to at most {MAX_ID_FILENAME} characters"
        )
    return item_id + suffix


def safe_output_path(out_dir: Path, rel: str) -> Path:
    """``out_dir / rel``, refusing anything that resolves outside ``out_dir``."""
    parts = rel.split("/")
    if rel.startswith("/") or any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in parts):
        raise RenderError(f"refusing to write {rel!r}: not a plain path inside the output folder")
    root = out_dir.resolve()
    target = (root / rel).resolve()
    if target == root or root not in target.parents:
        raise RenderError(f"refusing to write {rel!r}: it resolves outside {out_dir}")
    return target


def prepare_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"-o {out_dir}: exists and is not a folder; choose another output folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"-o {out_dir}: cannot create the output folder ({err.strerror})") from err


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary name in the same folder, then rename over the target.

    A reader (or an interrupted build) sees the old file or the new one, never half.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_output(path: Path, data: bytes) -> None:
    """``atomic_write``, with a failure (a folder in the way, read-only, disk full) told
    to the user as a RenderError naming the file."""
    try:
        atomic_write(path, data)
    except OSError as err:
        raise RenderError(
            f"{path}: cannot write ({err.strerror or err}); check that the output folder "
            "is writable, has space, and holds no folder or file in the way"
        ) from err


def file_hash(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


@dataclass(frozen=True)
class ManifestEntry:
    sha256: str  # the content the tool wrote
    source: str  # the hash of what it was rendered from
    kind: str  # jd | raci | orgchart | audit | site | assets


@dataclass
class Manifest:
    files: dict[str, ManifestEntry] = field(default_factory=dict)
    warning: str = ""

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        path = out_dir / MANIFEST_NAME
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != MANIFEST_VERSION:
                return cls(warning=f"{path}: unknown manifest version; rebuilding everything")
            files = {
                rel: ManifestEntry(entry["sha256"], entry["source"], entry["kind"])
                for rel, entry in data["files"].items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(warning=f"{path}: unreadable manifest; rebuilding everything")
        return cls(files=files)

    def to_bytes(self) -> bytes:
        data = {
            "version": MANIFEST_VERSION,
            "files": {
                rel: {"sha256": e.sha256, "source": e.source, "kind": e.kind}
                for rel, e in sorted(self.files.items())
            },
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    def is_current(self, out_dir: Path, rel: str, source: str) -> bool:
        """True when ``rel`` was rendered from ``source`` and is on disk as written."""
        entry = self.files.get(rel)
        if entry is None or entry.source != source:
            return False
        return file_hash(out_dir / rel) == entry.sha256
