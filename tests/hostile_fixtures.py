"""Shared by the hostile output-folder tests: a quick build, and what a folder holds."""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

from clock import TODAY

from dutymatrix.model import Org
from dutymatrix.render.build import BuildOptions, BuildSummary, build_org
from dutymatrix.render.outfiles import MANIFEST_NAME, PENDING_DIR

DUTYMATRIX = str(Path(sys.executable).with_name("dutymatrix"))
SITE = frozenset({"site", "orgchart"})  # index.html and the manifest, no PDF: fast
JD = frozenset({"jd"})


def build(org: Org, out: Path, only: frozenset[str] = SITE, jobs: int = 1) -> BuildSummary:
    options = BuildOptions(org_dir=Path("."), today=TODAY, out_dir=out, only=only, jobs=jobs)
    return build_org(org, [], options)


def tree(root: Path) -> dict[str, str]:
    """Every entry under ``root`` (links not followed): its type, mode and content."""
    state: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                state[str(path)] = f"link {os.readlink(path)}"
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                state[str(path)] = f"file {info.st_mode:o} {digest}"
            else:
                state[str(path)] = f"{info.st_mode:o}"
    return state


def published(out: Path) -> dict[str, bytes]:
    """The files a reader of OUT sees (not the manifest, not the pending folder)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != MANIFEST_NAME and PENDING_DIR not in p.parts
    }
