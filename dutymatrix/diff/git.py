"""Read an org folder as it was at a git revision, without touching the work tree.

``git ls-tree`` lists the folder's files at the revision and ``git cat-file --batch``
streams their contents in one process into a temporary folder; the index and the work
tree are never written.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

from dutymatrix.errors import GitError

MODEL_SUFFIXES = (".yaml", ".yml")


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[
        bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError as err:
        raise GitError("git is not installed or not on PATH; diff --git needs it") from err


def _stderr(result: subprocess.CompletedProcess[bytes]) -> str:
    return result.stderr.decode("utf-8", "replace").strip()


def locate_in_repo(org_path: str) -> tuple[Path, str]:
    """(repository top folder, the org folder's path inside it, POSIX, '' for the top)."""
    org = Path(org_path)
    probe = org if org.is_dir() else Path.cwd()
    top = _git(["rev-parse", "--show-toplevel"], cwd=probe)
    if top.returncode != 0:
        raise GitError(
            f"{probe}: not inside a git repository ({_stderr(top)}); "
            "diff --git REF [ORG] compares ORG with its committed version, so ORG must be "
            "in a git work tree (or compare two folders: dutymatrix diff OLD NEW)"
        )
    top_dir = Path(top.stdout.decode().strip()).resolve()
    try:
        inside = org.resolve().relative_to(top_dir)
    except ValueError as err:
        raise GitError(f"{org_path}: the folder is outside the git repository {top_dir}") from err
    rel = inside.as_posix()
    return top_dir, "" if rel == "." else rel


def resolve_commit(ref: str, repo: Path) -> str:
    """The commit ``ref`` names, or a GitError that says how to make it available."""
    if not ref or ref.startswith("-"):
        raise GitError(f"invalid git revision {ref!r}")
    result = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
                  cwd=repo)
    if result.returncode != 0:
        raise GitError(
            f"unknown git revision '{ref}' in {repo}: fetch it first (e.g. "
            f"`git fetch origin {ref.removeprefix('origin/')}`; in CI check out with full "
            "history, fetch-depth: 0)"
        )
    return result.stdout.decode().strip()


def export_org(ref: str, org_path: str, dest: Path) -> Path:
    """Write the model files of ``org_path`` at ``ref`` under ``dest``; return the org folder.

    The returned folder mirrors ``org_path`` (same relative layout), so a finding's file
    inside it maps back to the user's path.
    """
    repo, rel = locate_in_repo(org_path)
    commit = resolve_commit(ref, repo)
    pathspec = ["--", rel] if rel else []
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit, *pathspec], cwd=repo)
    if listing.returncode != 0:
        raise GitError(f"git ls-tree failed at {ref}: {_stderr(listing)}")
    blobs: list[tuple[str, str]] = []  # (object id, path inside the org folder)
    prefix = f"{rel}/" if rel else ""
    for record in listing.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        mode, kind, object_id = meta.split()
        # Symlinks (120000) and submodules are not model files.
        if kind != "blob" or mode == "120000" or not path.startswith(prefix):
            continue
        inner = path[len(prefix):]
        if inner.endswith(MODEL_SUFFIXES):
            blobs.append((object_id, inner))
    if not blobs:
        shown = org_path.rstrip("/") or "."
        raise GitError(f"{shown}: no model files (*.yaml) there at git revision '{ref}'")
    org_dir = dest / (rel or "org")
    org_dir.mkdir(parents=True, exist_ok=True)
    batch = _git(["cat-file", "--batch"], cwd=repo,
                 stdin="".join(f"{oid}\n" for oid, _ in blobs).encode())
    if batch.returncode != 0:
        raise GitError(f"git cat-file failed at {ref}: {_stderr(batch)}")
    data = batch.stdout
    offset = 0
    for _, inner in blobs:
        header_end = data.index(b"\n", offset)
        _oid, _kind, size_text = data[offset:header_end].split()
        start = header_end + 1
        end = start + int(size_text)
        target = org_dir.joinpath(*PurePosixPath(inner).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data[start:end])
        offset = end + 1  # the newline after each object
    return org_dir
