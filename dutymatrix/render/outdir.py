"""The output folder as a trust boundary: nothing below it is ever followed through a link.

A repository under review can commit an ``out/`` folder holding links planted to make a
build write or delete elsewhere (``out/jd/x.pdf -> ~/.ssh/authorized_keys``,
``out/jd -> /etc``, ``out/.index.html.4242.tmp -> ...``). So:

- every folder below OUT is opened one component at a time with ``O_NOFOLLOW`` and used
  through its descriptor; a folder that is a link (or a file) stops the build, named;
- a file is created only under an unpredictable name with ``O_CREAT|O_EXCL|O_NOFOLLOW``
  in its own folder, then renamed over its target: a link there is replaced, never
  written through, and the build says so;
- a file is read only when it is a regular file (a link, a FIFO, a device: "not there");
- deleting unlinks the name itself; a link's target is never touched;
- temporary files an interrupted build left behind are removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from dutymatrix.errors import RenderError, UsageError
from dutymatrix.i18n import N_
from dutymatrix.messages import Msg

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _O_NOFOLLOW | _O_CLOEXEC
# O_NONBLOCK: a FIFO planted where an output goes must not hang the build on open.
_READ_FLAGS = os.O_RDONLY | _O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | _O_CLOEXEC
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC

# ".index.html.4242.tmp" (older versions) and ".index.html.4242-1f3a9c0b7d2e.tmp".
_TEMP_NAME = re.compile(r"^\..+\.(?P<pid>[0-9]{1,10})(?:-[0-9a-f]{12})?\.tmp$")


def temp_name(name: str) -> str:
    """A temporary name for ``name`` in its folder: the pid says whose, the rest is random."""
    return f".{name}.{os.getpid()}-{secrets.token_hex(6)}.tmp"


def is_plain_relpath(rel: object) -> bool:
    """True for ``jd/x.pdf``; False for ``../x``, ``/etc/x``, ``a//b``, ``a/./b``, ``a\\b``."""
    if not isinstance(rel, str) or not rel or rel.startswith("/"):
        return False
    return not any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in rel.split("/"))


def check_relpath(rel: str) -> None:
    if not is_plain_relpath(rel):
        raise RenderError(Msg(N_("refusing to write {path}: not a plain path inside the "
                                "output folder"), path=repr(rel)))


def _split(rel: str) -> tuple[str, str]:
    parent, _, name = rel.rpartition("/")
    return parent, name


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OverflowError, ValueError, OSError):
        return False
    return True


class BlockedFolderError(RenderError):
    """A folder on the way to a file in OUT is a symbolic link, or a file."""


class OutputDir:
    """OUT, opened once without following a link; everything below it goes through the
    descriptors of its folders. Use as a context manager (the descriptors are closed)."""

    def __init__(self, path: Path, root_fd: int) -> None:
        self.path = path
        self._fds: dict[str, int] = {"": root_fd}
        self.notices: list[str | Msg] = []  # links replaced, leftovers that could not be removed

    @classmethod
    def open(cls, path: Path) -> OutputDir:
        if path.is_symlink():
            raise UsageError(Msg(
                N_("-o {path}: is a symbolic link (to {target}); dutymatrix does not build "
                   "into a link, which a repository could have committed; name the real "
                   "folder with -o"), path=path, target=os.readlink(path)))
        if path.exists() and not path.is_dir():
            raise UsageError(Msg(N_("-o {path}: exists and is not a folder; choose another "
                                    "output folder"), path=path))
        try:
            if not path.is_dir():  # no mkdir at all on a read-only folder
                path.mkdir(parents=True, exist_ok=True)
            return cls(path, os.open(path, _DIR_FLAGS))
        except OSError as err:
            raise UsageError(Msg(N_("-o {path}: cannot create or open the output folder "
                                    "({reason})"), path=path, reason=err.strerror)) from err

    def close(self) -> None:
        for fd in self._fds.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self._fds.clear()

    def __enter__(self) -> OutputDir:
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # --- folders ---------------------------------------------------------------------------

    def folder(self, rel_dir: str, create: bool = False) -> int | None:
        """The descriptor of folder ``rel_dir`` ("" is OUT itself); None when it does not
        exist and ``create`` is false. A link or a file on the way is a BlockedFolderError."""
        fd = self._fds.get(rel_dir)
        if fd is not None:
            return fd
        parent_rel, name = _split(rel_dir)
        parent = self.folder(parent_rel, create)
        if parent is None:
            return None
        try:
            fd = os.open(name, _DIR_FLAGS, dir_fd=parent)
        except FileNotFoundError:
            if not create:
                return None
            try:
                os.mkdir(name, 0o777, dir_fd=parent)
                fd = os.open(name, _DIR_FLAGS, dir_fd=parent)
            except OSError as err:
                raise self._not_a_folder(parent, rel_dir, err) from err
        except OSError as err:
            raise self._not_a_folder(parent, rel_dir, err) from err
        self._fds[rel_dir] = fd
        return fd

    def _not_a_folder(self, parent: int, rel_dir: str, err: OSError) -> RenderError:
        shown = self.path / rel_dir
        try:
            info = os.lstat(_split(rel_dir)[1], dir_fd=parent)
        except OSError:
            return RenderError(Msg(N_("{path}: cannot create or open the folder ({reason})"),
                                   path=shown, reason=err.strerror))
        if stat.S_ISLNK(info.st_mode):
            target = os.readlink(_split(rel_dir)[1], dir_fd=parent)
            return BlockedFolderError(Msg(
                N_("{path}: is a symbolic link (to {target}); dutymatrix never writes through "
                   "a link inside the output folder: remove the link (rm {path}) or build "
                   "into another folder"), path=shown, target=target))
        if not stat.S_ISDIR(info.st_mode):
            return BlockedFolderError(Msg(
                N_("{path}: is a file where the build needs a folder; move it out of the way"),
                path=shown))
        return RenderError(Msg(N_("{path}: cannot open the folder ({reason})"), path=shown,
                              reason=err.strerror))

    def _parent(self, rel: str, create: bool = False) -> tuple[int | None, str]:
        parent_rel, name = _split(rel)
        return self.folder(parent_rel, create), name

    # --- reading ---------------------------------------------------------------------------

    def lstat(self, rel: str) -> os.stat_result | None:
        """What is at ``rel`` itself; None when nothing is, or a folder on the way is a link."""
        try:
            parent, name = self._parent(rel)
            return None if parent is None else os.lstat(name, dir_fd=parent)
        except (OSError, BlockedFolderError):
            return None

    def read(self, rel: str, size: int | None = None) -> bytes | None:
        """The bytes of ``rel`` when it is a regular file (of ``size`` bytes, when given)."""
        parent, name = self._parent(rel)
        if parent is None:
            return None
        try:
            fd = os.open(name, _READ_FLAGS, dir_fd=parent)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or (size is not None and info.st_size != size):
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                return handle.read()
        except OSError:
            return None
        finally:
            os.close(fd)

    # --- writing ---------------------------------------------------------------------------

    def write(self, rel: str, data: bytes) -> None:
        """Atomically make ``rel`` hold ``data``: a new file under a fresh name, renamed over."""
        parent, name = self._parent(rel, create=True)
        assert parent is not None
        self._check_target(parent, rel, name)
        try:
            _write_in(parent, name, data)
        except OSError as err:
            raise self._write_error(rel, err) from err

    def move(self, source_rel: str, rel: str) -> None:
        """Rename the file ``source_rel`` over ``rel`` (both in OUT): its bytes are not written
        a second time. Where a rename cannot cross (a mount inside OUT), copy them."""
        source_parent, source_name = self._parent(source_rel)
        parent, name = self._parent(rel, create=True)
        assert parent is not None and source_parent is not None
        self._check_target(parent, rel, name)
        try:
            os.replace(source_name, name, src_dir_fd=source_parent, dst_dir_fd=parent)
            return
        except OSError as err:
            if err.errno != errno.EXDEV:
                raise self._write_error(rel, err) from err
        content = self.read(source_rel)
        if content is None:
            raise RenderError(Msg(N_("{path}: vanished while the build ran; is another "
                                     "build writing here? Run the build again"),
                                  path=self.path / source_rel))
        self.write(rel, content)

    def _check_target(self, parent: int, rel: str, name: str) -> None:
        try:
            info = os.lstat(name, dir_fd=parent)
        except OSError:
            return
        shown = self.path / rel
        if stat.S_ISDIR(info.st_mode):
            raise RenderError(Msg(N_("{path}: cannot write, a folder is in the way; move "
                                     "it or remove it"), path=shown))
        if stat.S_ISLNK(info.st_mode):
            self.notices.append(Msg(
                N_("{path}: was a symbolic link (to {target}); replaced the link with the "
                   "file, its target untouched"),
                path=shown, target=os.readlink(name, dir_fd=parent)))

    def _write_error(self, rel: str, err: OSError) -> RenderError:
        return RenderError(
            f"{self.path / rel}: cannot write ({err.strerror or err}); check that the output "
            "folder is writable, has space, and holds no folder or file in the way"
        )

    # --- removing --------------------------------------------------------------------------

    def remove(self, rel: str) -> str:
        """Unlink ``rel`` itself (a link is removed, its target never touched).

        Returns "" when removed, else why not: "missing", or a reason worth telling.
        """
        try:
            parent, name = self._parent(rel)
        except BlockedFolderError:
            return "a folder on the way is a symbolic link"
        try:
            info = None if parent is None else os.lstat(name, dir_fd=parent)
        except OSError:
            info = None
        if parent is None or info is None:
            return "missing"
        if stat.S_ISDIR(info.st_mode):
            return "it is a folder"
        try:
            os.unlink(name, dir_fd=parent)
        except OSError as err:
            return f"cannot remove it: {err.strerror}"
        return ""

    def remove_empty_folders(self, removed: Iterable[str]) -> None:
        """Remove the folders that removing ``removed`` left empty (never OUT itself)."""
        for rel in sorted(set(removed), reverse=True):
            self._remove_folders_upwards(_split(rel)[0])

    def _remove_folders_upwards(self, folder_rel: str) -> None:
        while folder_rel:
            parent_rel, name = _split(folder_rel)
            fd = self._fds.pop(folder_rel, None)
            if fd is not None:
                os.close(fd)
            try:
                parent = self.folder(parent_rel)
                if parent is None:
                    return
                os.rmdir(name, dir_fd=parent)  # fails on a folder that is not empty
            except (OSError, RenderError):
                return
            folder_rel = parent_rel

    def remove_temp_files(self, folders: Iterable[str]) -> list[str | Msg]:
        """Remove what interrupted builds left in ``folders``: temporary files of a process
        that is gone, and anything but a regular file that is named like one (a planted
        link). Returns a notice for each that could not be removed."""
        kept: list[str | Msg] = []
        for rel_dir in sorted(set(folders)):
            try:
                fd = self.folder(rel_dir)
            except RenderError:
                continue
            if fd is None:
                continue
            with os.scandir(fd) as entries:
                names = [(e.name, int(m["pid"])) for e in entries
                         if (m := _TEMP_NAME.match(e.name))]
            for name, pid in names:
                try:
                    if _is_stale(fd, name, pid):
                        os.unlink(name, dir_fd=fd)
                except FileNotFoundError:
                    continue
                except OSError as err:
                    kept.append(Msg(N_("{path}: a leftover temporary file; cannot remove "
                                       "it ({reason})"), path=self.path / rel_dir / name,
                                    reason=err.strerror))
        return kept

    def remove_folder_files(self, rel_dir: str) -> None:
        """Unlink every entry of the tool's own folder ``rel_dir``, then the folder."""
        try:
            fd = self.folder(rel_dir)
        except RenderError:
            return
        if fd is None:
            return
        with os.scandir(fd) as entries:
            names = [e.name for e in entries]
        for name in names:
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=fd)
        self._remove_folders_upwards(rel_dir)


def _is_stale(dir_fd: int, name: str, pid: int) -> bool:
    """A temporary file nobody is writing: its process is gone (or is this one, which
    writes none while it cleans up), or it is not a regular file at all, which this tool
    never leaves (a link planted under a temporary name)."""
    if not stat.S_ISREG(os.lstat(name, dir_fd=dir_fd).st_mode):
        return True
    return pid == os.getpid() or not _pid_alive(pid)


def _write_in(dir_fd: int, name: str, data: bytes) -> None:
    """Write ``data`` to a new file in ``dir_fd``, then rename it to ``name``.

    The temporary file is created with O_EXCL|O_NOFOLLOW under a name nobody can predict:
    a link planted in advance fails the create (another name is tried), never redirects it.
    A failed or interrupted write removes its temporary file.
    """
    for _ in range(100):
        tmp = temp_name(name)
        try:
            fd = os.open(tmp, _CREATE_FLAGS, 0o666, dir_fd=dir_fd)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(errno.EEXIST, "no free temporary name", name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=dir_fd)
        raise


def atomic_write(path: Path, data: bytes) -> None:
    """``path`` holds ``data`` or its old content, never half; a link at ``path`` is replaced.

    The folders leading to ``path`` are the caller's; the build uses ``OutputDir``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    dir_fd = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _O_CLOEXEC)
    try:
        _write_in(dir_fd, path.name, data)
    finally:
        os.close(dir_fd)
