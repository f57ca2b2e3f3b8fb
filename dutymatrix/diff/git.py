"""Read an org folder as it was at a git revision, into memory: nothing is written.

The history may come from an untrusted pull request, so nothing in it is taken on trust.
The revision is checked before git sees it (never an option, no control characters) and
resolved with ``rev-parse --verify --end-of-options``. The trees are then read object by
object through one ``git cat-file --batch`` and parsed here, entry by entry: an entry git
itself would never write (``.``, ``..``, a name with ``/`` or NUL, a control character,
a name twice in one tree, an unknown mode) stops the read with a GitError naming the
commit and the entry. Symlinks and submodules are not followed (a notice says which were
skipped). Sizes are bounded before any content is read. The model files come back as
(path inside the org folder, bytes), for ``load_org_files``.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from dutymatrix.errors import GitError
from dutymatrix.i18n import N_
from dutymatrix.load.reader import MAX_FILE_BYTES
from dutymatrix.messages import Msg

MODEL_SUFFIX = ".yaml"  # what the loader reads (load.reader.discover)
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # every model file at the revision together
MAX_TREE_BYTES = 16 * 1024 * 1024  # one tree object (~300,000 entries)
MAX_ENTRIES = 200_000  # tree entries read in all
MAX_DEPTH = 64  # folders inside folders
MAX_REF_LENGTH = 256
_HEX = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MODES = {b"100644": "file", b"100755": "file", b"100664": "file", b"40000": "tree",
          b"040000": "tree", b"120000": "symlink", b"160000": "submodule"}
# Git never runs these for the commands used here, but a hostile repository's config is
# not ours to trust: no fsmonitor hook, no pager, no prompt, no lock files written.
_GIT = ("git", "-c", "core.fsmonitor=false", "-c", "core.pager=cat", "--no-pager")
_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


@dataclass
class GitOrg:
    """The model files of the org folder at a commit, and what was skipped."""

    commit: str
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (path in the org, data)
    notices: list[str | Msg] = field(default_factory=list)


def _env() -> dict[str, str]:
    return {**os.environ, **_ENV}


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run([*_GIT, *args], cwd=cwd, capture_output=True, check=False,
                              env=_env(), stdin=subprocess.DEVNULL)
    except FileNotFoundError as err:
        raise GitError(Msg(N_("git is not installed or not on PATH; diff --git needs it"))) from err


def _stderr(result: subprocess.CompletedProcess[bytes]) -> str:
    return " ".join(result.stderr.decode("utf-8", "replace").split())[:300]


def _shown(text: str) -> str:
    """``text`` quoted for a message, control characters escaped (never sent raw)."""
    return repr(text) if _CONTROL.search(text) else f"'{text}'"


def locate_in_repo(org_path: str) -> tuple[Path, str]:
    """(repository top folder, the org folder's path inside it, POSIX, '' for the top)."""
    org = Path(org_path)
    probe = org if org.is_dir() else Path.cwd()
    top = _git(["rev-parse", "--show-toplevel"], cwd=probe)
    if top.returncode != 0:
        raise GitError(Msg(N_(
            "{path}: not inside a git repository ({detail}); diff --git REF [ORG] compares "
            "ORG with its committed version, so ORG must be in a git work tree (or compare "
            "two folders: dutymatrix diff OLD NEW)"), path=probe, detail=_stderr(top)))
    top_dir = Path(os.fsdecode(top.stdout.rstrip(b"\n"))).resolve()
    try:
        inside = org.resolve().relative_to(top_dir)
    except ValueError as err:
        raise GitError(Msg(N_("{path}: the folder is outside the git repository {repo}"),
                           path=org_path, repo=top_dir)) from err
    rel = inside.as_posix()
    return top_dir, "" if rel == "." else rel


def check_ref(ref: str) -> None:
    """Refuse what must never reach git's command line as a revision."""
    if not ref.strip():
        raise GitError(Msg(N_("diff --git: give a revision (a branch, tag or commit), e.g. "
                              "--git origin/main")))
    if ref.startswith("-"):
        raise GitError(Msg(N_("diff --git: invalid git revision {ref}: a revision does not "
                              "start with '-' (that would be a git option)"), ref=_shown(ref)))
    if _CONTROL.search(ref) or len(ref) > MAX_REF_LENGTH:
        problem = Msg(N_("control characters")) if _CONTROL.search(ref) else Msg(N_("too long"))
        raise GitError(Msg(N_("diff --git: invalid git revision {ref} ({problem}); give a "
                              "branch, tag or commit"), ref=_shown(ref[:80]), problem=problem))


def _fetch_hint(ref: str, repo: Path) -> Msg:
    """How to make ``ref`` available; a fetch is suggested only for a name one can fetch."""
    if ":" in ref:
        return Msg(N_("{ref} names a path inside a commit (REV:PATH), not a commit; give "
                      "a branch, tag or commit"), ref=_shown(ref))
    if re.fullmatch(r"[0-9a-fA-F]{7,64}", ref):
        return Msg(N_("the commit is not in this clone: fetch the history (in CI check out "
                      "with full history, fetch-depth: 0)"))
    base = re.split(r"[~^]", ref, maxsplit=1)[0]
    if base != ref and _commit_of(base, repo):
        return Msg(N_("the history here does not reach that far (in CI check out with full "
                      "history, fetch-depth: 0)"))
    branch = base.removeprefix("origin/")
    if (branch.startswith("-") or re.search(r"[@{}\\]", branch)
            or _git(["check-ref-format", "--branch", branch], cwd=repo).returncode != 0):
        return Msg(N_("{ref} is not a branch, tag or commit git knows here (see "
                      "`git help revisions`)"), ref=_shown(ref))
    return Msg(N_("fetch it first (e.g. `git fetch origin {branch}`; in CI check out with "
                  "full history, fetch-depth: 0)"), branch=branch)


def _commit_of(ref: str, repo: Path) -> str | None:
    result = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
                  cwd=repo)
    commit = result.stdout.decode("ascii", "replace").strip()
    return commit if result.returncode == 0 and _HEX.fullmatch(commit) else None


def resolve_commit(ref: str, repo: Path) -> str:
    """The commit ``ref`` names, or a GitError that says how to make it available."""
    check_ref(ref)
    commit = _commit_of(ref, repo)
    if commit is None:
        raise GitError(Msg(N_("unknown git revision {ref} in {repo}: {hint}"), ref=_shown(ref),
                           repo=repo, hint=_fetch_hint(ref, repo)))
    return commit


class _CatFile:
    """One ``git cat-file --batch`` process, asked for one object at a time."""

    def __init__(self, repo: Path, commit: str):
        self.commit = commit
        try:
            self.proc = subprocess.Popen([*_GIT, "cat-file", "--batch"], cwd=repo, env=_env(),
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL)
        except FileNotFoundError as err:
            raise GitError(Msg(N_("git is not installed or not on PATH; diff --git "
                                  "needs it"))) from err

    def __enter__(self) -> _CatFile:
        return self

    def __exit__(self, *exc: object) -> None:
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()

    def read(self, object_id: str, kind: str, limit: int, what: str | Msg) -> bytes:
        """The object's content; a GitError if it is missing, not a ``kind`` or too big."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(f"{object_id}\n".encode())
            self.proc.stdin.flush()
            header = self.proc.stdout.readline().split()
        except (BrokenPipeError, OSError) as err:
            raise self._stopped(what) from err
        if len(header) != 3 or header[1].decode() != kind:
            found = header[1].decode("ascii", "replace") if len(header) > 1 else "nothing"
            raise GitError(Msg(N_("commit {commit}: {what} is {found}, not a {kind} (a damaged "
                                  "or crafted repository; run git fsck)"),
                               commit=self.commit[:12], what=what, found=found, kind=kind))
        size = int(header[2])
        if size > limit:
            raise GitError(Msg(N_("commit {commit}: {what} is {size} MB, over the {limit} MB "
                                  "diff --git reads"), commit=self.commit[:12], what=what,
                               size=size // 2**20, limit=limit // 2**20))
        data = self.proc.stdout.read(size + 1)  # the content and its closing newline
        if len(data) != size + 1:
            raise self._stopped(what)
        return data[:size]

    def _stopped(self, what: str | Msg) -> GitError:
        return GitError(Msg(N_("git cat-file stopped while reading {what} at commit {commit}"),
                            what=what, commit=self.commit[:12]))


@dataclass
class _Entry:
    mode: str  # file | tree | symlink | submodule
    name: str
    object_id: str


def _entries(data: bytes, oid_size: int, where: str | Msg, commit: str) -> list[_Entry]:
    """A tree object's entries, each name checked as git itself would write it."""
    entries: list[_Entry] = []
    seen: set[bytes] = set()
    pos = 0
    while pos < len(data):
        space = data.find(b" ", pos)
        nul = data.find(b"\x00", space + 1)
        if space < 0 or nul < 0 or nul + 1 + oid_size > len(data):
            raise GitError(Msg(N_("commit {commit}: the tree of {where} is damaged (git fsck)"),
                               commit=commit[:12], where=where))
        mode, raw = data[pos:space], data[space + 1:nul]
        object_id = data[nul + 1:nul + 1 + oid_size].hex()
        pos = nul + 1 + oid_size
        problem = _name_problem(raw, seen)
        shown = _shown(raw.decode("utf-8", "replace"))
        if problem:
            raise GitError(Msg(N_("commit {commit}: tree entry {entry} in {where} {problem}; "
                                  "refusing to read this commit (a crafted tree? git fsck "
                                  "reports it)"), commit=commit[:12], entry=shown, where=where,
                               problem=problem))
        if mode not in _MODES:
            raise GitError(Msg(N_("commit {commit}: tree entry {entry} in {where} has an "
                                  "unknown mode {mode}"), commit=commit[:12], entry=shown,
                               where=where, mode=mode.decode("ascii", "replace")))
        seen.add(raw)
        entries.append(_Entry(_MODES[mode], raw.decode("utf-8"), object_id))
    return entries


def _name_problem(raw: bytes, seen: set[bytes]) -> Msg | None:
    if raw in (b"", b".", b".."):
        return Msg(N_("is not a file name")) if raw else Msg(N_("has an empty name"))
    if b"/" in raw or b"\\" in raw:
        return Msg(N_("has a path separator in its name (a name can not hold a path)"))
    if raw in seen:
        return Msg(N_("appears twice (a file and a folder of one name, or two files)"))
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Msg(N_("has a name that is not UTF-8"))
    if _CONTROL.search(name):
        return Msg(N_("has control characters in its name"))
    return None


def read_org(ref: str, org_path: str) -> GitOrg:
    """The model files of ``org_path`` at ``ref``, read into memory."""
    repo, rel = locate_in_repo(org_path)
    commit = resolve_commit(ref, repo)
    oid_size = len(commit) // 2
    shown_root = org_path.rstrip("/") or "."
    result = GitOrg(commit)
    with _CatFile(repo, commit) as cat:
        commit_text = cat.read(commit, "commit", MAX_TREE_BYTES, Msg(N_("the commit")))
        first = commit_text.split(b"\n", 1)[0].split()
        if len(first) != 2 or first[0] != b"tree":
            raise GitError(Msg(N_("commit {commit} is damaged: it names no tree (git fsck)"),
                               commit=commit[:12]))
        tree = _descend(cat, first[1].decode("ascii", "replace"), rel, oid_size)
        if tree is None:
            raise GitError(Msg(N_("{path}: no such folder at git revision {ref} (commit "
                                  "{commit})"), path=shown_root, ref=_shown(ref),
                               commit=commit[:12]))
        _Walk(cat, oid_size, shown_root, result).tree(tree, "", 0)
    result.files.sort()  # the order the loader reads a folder in (sorted paths)
    if not result.files:
        raise GitError(Msg(N_("{path}: no model files (*.yaml) there at git revision {ref}"),
                           path=shown_root, ref=_shown(ref)))
    return result


def _descend(cat: _CatFile, tree: str, rel: str, oid_size: int) -> str | None:
    """The tree of the folder ``rel`` (POSIX, '' for the top), or None if there is none."""
    where: str | Msg = Msg(N_("the top folder"))
    for part in [p for p in rel.split("/") if p]:
        data = cat.read(tree, "tree", MAX_TREE_BYTES, Msg(N_("the folder {where}"), where=where))
        match = [e for e in _entries(data, oid_size, where, cat.commit) if e.name == part]
        if not match or match[0].mode != "tree":
            return None
        tree = match[0].object_id
        where = part if isinstance(where, Msg) else f"{where}/{part}"
    return tree


@dataclass
class _Walk:
    """Reads the org folder's trees depth first, in git's (sorted) order."""

    cat: _CatFile
    oid_size: int
    root: str  # the org folder as the user typed it, for messages
    result: GitOrg
    entries_read: int = 0
    bytes_read: int = 0

    def _label(self, inner: str) -> str:
        return f"{self.root}/{inner}" if inner else self.root

    def tree(self, object_id: str, inner: str, depth: int) -> None:
        where = self._label(inner)
        if depth > MAX_DEPTH:
            raise GitError(Msg(N_("commit {commit}: {where} is nested more than {limit} "
                                  "folders deep"), commit=self.cat.commit[:12], where=where,
                               limit=MAX_DEPTH))
        data = self.cat.read(object_id, "tree", MAX_TREE_BYTES,
                             Msg(N_("the folder {where}"), where=where))
        entries = _entries(data, self.oid_size, where, self.cat.commit)
        self.entries_read += len(entries)
        if self.entries_read > MAX_ENTRIES:
            raise GitError(Msg(N_("commit {commit}: {path} holds more than {limit} files "
                                  "and folders; diff --git stops there"),
                               commit=self.cat.commit[:12], path=self.root, limit=MAX_ENTRIES))
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden files and folders are not part of the model
            path = f"{inner}/{entry.name}" if inner else entry.name
            if entry.mode == "tree":
                self.tree(entry.object_id, path, depth + 1)
            elif entry.mode == "file" and entry.name.endswith(MODEL_SUFFIX):
                self.blob(entry.object_id, path)
            elif entry.mode == "symlink" and entry.name.endswith(MODEL_SUFFIX):
                self.result.notices.append(Msg(
                    N_("{path}: a symlink at commit {commit}; not followed, so the old version "
                       "is compared without it"), path=self._label(path),
                    commit=self.cat.commit[:12]))
            elif entry.mode == "submodule":
                self.result.notices.append(Msg(
                    N_("{path}: a git submodule at commit {commit}; not read, so the old "
                       "version is compared without it"), path=self._label(path),
                    commit=self.cat.commit[:12]))

    def blob(self, object_id: str, inner: str) -> None:
        label = self._label(inner)
        data = self.cat.read(object_id, "blob", MAX_FILE_BYTES, label)
        self.bytes_read += len(data)
        if self.bytes_read > MAX_TOTAL_BYTES:
            raise GitError(Msg(N_("commit {commit}: the model files of {path} are over "
                                  "{limit} MB together"), commit=self.cat.commit[:12],
                               path=self.root, limit=MAX_TOTAL_BYTES // 2**20))
        self.result.files.append((inner, data))
