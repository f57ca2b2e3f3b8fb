"""HTML → PDF with WeasyPrint: a locked-down URL fetcher and long-lived worker processes.

Security: ``TemplateFolderFetcher`` serves ``data:`` URLs and files whose real path lies
under a template folder; everything else (``file:///etc/passwd``, ``http://``, a symlink
out of the folder) is refused, so a duty text or a user template embeds nothing from
outside. Speed: each worker builds one ``FontConfiguration`` and keeps it for all its
documents (font loading caches are per configuration), with small copies of the Noto CJK
faces registered in it once (``pdffonts``: each PDF then subsets a few thousand glyphs,
not a 20 MB collection); the pools are
owned by a ``WorkerPools`` object, so a caller that keeps one (``RenderSession``) starts
a second build warm, and one that closes it leaves no process behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import mimetypes
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from dutymatrix.i18n import N_

HARFBUZZ_HINT = N_(
    "HarfBuzz subsetting (libharfbuzz-subset0) is not installed; PDFs with CJK "
    "fonts will be 50-100x slower and larger. Install it: sudo apt-get install -y "
    "libharfbuzz-subset0"
)


def harfbuzz_subset_available() -> bool:
    return ctypes.util.find_library("harfbuzz-subset") is not None


def _allowed_file(path: str, roots: Sequence[str]) -> str | None:
    """The real path of ``path`` when it lies inside one of ``roots``; else None."""
    real = os.path.realpath(path)
    for root in roots:
        if os.path.commonpath([real, root]) == root and os.path.isfile(real):
            return real
    return None


def _layered(path: str, roots: Sequence[str]) -> str | None:
    """Look a file under any root up in every root, first root first.

    The document's base URL is the first template folder; an asset the user did not
    override is found in the built-in folder.
    """
    real = os.path.realpath(path)
    for root in roots:
        if os.path.commonpath([real, root]) == root:
            rel = os.path.relpath(real, root)
            for candidate_root in roots:
                found = _allowed_file(os.path.join(candidate_root, rel), roots)
                if found:
                    return found
            return None
    return None


def make_fetcher(roots: Sequence[str]) -> Any:
    """A WeasyPrint URLFetcher allowing only ``data:`` and files under ``roots``."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class TemplateFolderFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self, allowed_roots: Sequence[str]) -> None:
            super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
            self.roots = [os.path.realpath(r) for r in allowed_roots]
            self.blocked: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                parts = urlsplit(url)
                if parts.netloc in ("", "localhost"):
                    found = _layered(unquote(parts.path), self.roots)
                    if found:
                        mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
                        with open(found, "rb") as handle:
                            body = handle.read()
                        return URLFetcherResponse(
                            Path(found).as_uri(), body, {"Content-Type": mime}
                        )
            self.blocked.append(url)
            raise ValueError(f"dutymatrix refuses to fetch {url} (outside the template folders)")

    return TemplateFolderFetcher(roots)


# --- rendering in a worker ----------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _init_worker() -> None:
    """Import WeasyPrint once and build the FontConfiguration the worker keeps."""
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint logs every refused URL at error level; the build reports them instead.
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    _STATE["font_config"] = FontConfiguration()


def _shared_stylesheets(names: Sequence[str], roots: Sequence[str]) -> list[Any]:
    """The parsed stylesheets ``names`` (paths under the template folders, the user's
    folder first), parsed once per worker and kept while the file is unchanged."""
    from weasyprint import CSS

    cache: dict[tuple[str, int, int], Any] = _STATE.setdefault("stylesheets", {})
    sheets = []
    real_roots = [os.path.realpath(r) for r in roots]
    for name in names:
        found = next(
            (f for f in (_allowed_file(os.path.join(r, name), real_roots) for r in real_roots)
             if f),
            None,
        )
        if found is None:
            continue  # a user folder without the file and no built-in one: nothing to add
        stat = os.stat(found)
        key = (found, stat.st_mtime_ns, stat.st_size)
        if key not in cache:
            cache[key] = CSS(
                filename=found, url_fetcher=make_fetcher(roots),
                font_config=_STATE["font_config"],
            )
        sheets.append(cache[key])
    return sheets


def _font_sheets(faces: Sequence[str]) -> list[Any]:
    """The ``@font-face`` sheets of the small CJK faces ``faces`` (keys of
    ``pdffonts.FACES``), made on first use and kept by the worker."""
    from .pdffonts import font_face_sheet

    cache: dict[str, Any] = _STATE.setdefault("font_sheets", {})
    for key in faces:
        if key not in cache:
            cache[key] = font_face_sheet(key, _STATE["font_config"], make_fetcher)
    return [cache[key] for key in faces if cache[key] is not None]


def render_pdf(
    html: str, roots: Sequence[str], stylesheets: Sequence[str] = (),
    faces: Sequence[str] = (),
) -> tuple[bytes, list[str]]:
    """One document: PDF bytes and the URLs the fetcher refused. ``stylesheets`` (paths
    relative to the template folders) apply to it as the base style, parsed once;
    ``faces`` are the small CJK faces its stylesheets name first (``pdffonts``)."""
    from weasyprint import HTML

    if "font_config" not in _STATE:
        _init_worker()
    fetcher = make_fetcher(roots)
    base_url = Path(roots[0]).as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    # No creation date and no random identifier: the same input gives the same bytes.
    pdf = document.write_pdf(
        font_config=_STATE["font_config"], pdf_identifier=False,
        stylesheets=[*_font_sheets(faces), *_shared_stylesheets(stylesheets, roots)],
    )
    return pdf, list(fetcher.blocked)


def run_task(function: Any, *args: Any) -> Any:
    """Entry point in the worker for any module-level function (PDF, Word)."""
    if "font_config" not in _STATE:
        _init_worker()
    return function(*args)


# --- the pool ------------------------------------------------------------------------------

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _init_pool_worker(parent_pid: int, use_deathsig: bool, scratch: str) -> None:
    """A pool worker ends with the build that started it, however that ends (kill -9 too).
    Its temporary files (WeasyPrint's copies of the fonts) go to ``scratch``, a folder the
    parent removes when it ends the pool, so a killed worker leaves nothing behind."""
    tempfile.tempdir = scratch
    # Ctrl-C reaches the whole process group: the parent decides, and ends the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited
    if use_deathsig and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(1)
    # Portable: the pipe multiprocessing gives each child reads end-of-file when its
    # parent is gone.
    parent = multiprocessing.parent_process()
    sentinel = getattr(parent, "sentinel", None)
    if sentinel is not None:
        threading.Thread(target=_exit_with_parent, args=(sentinel,), daemon=True,
                         name="dutymatrix-parent-watch").start()
    _init_worker()


def _exit_with_parent(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


class _InlineExecutor:
    """``--jobs 1``: render in this process, with the same interface as the pool."""

    def submit(self, function: Any, *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(function(*args))
        except BaseException as err:  # the caller sees it on .result()
            future.set_exception(err)
        return future


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    # ProcessPoolExecutor offers no way to stop a busy worker; its processes are known.
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.kill()


class WorkerPools:
    """The PDF worker pools one caller owns, one per size; ``close`` ends their workers.

    Workers are long-lived within it: each keeps its FontConfiguration and parsed
    stylesheets for all its documents. ``build_org`` makes one per build unless given a
    ``RenderSession``, so a library call leaves no worker process (and, with ``--jobs 1``,
    no in-process font cache) behind. A worker also ends when this process ends, however
    it ends (``kill -9`` too): see ``_init_pool_worker``.
    """

    def __init__(self) -> None:
        self._pools: dict[int, ProcessPoolExecutor] = {}
        self._scratch: dict[int, str] = {}  # the temporary folder of each pool's workers
        self._inline = False  # --jobs 1 rendered here: _STATE holds this process's cache

    def get(self, jobs: int) -> ProcessPoolExecutor | _InlineExecutor:
        """The pool of ``jobs`` workers, started on first use."""
        if jobs <= 1:
            self._inline = True
            return _InlineExecutor()
        pool = self._pools.get(jobs)
        if pool is None:
            # fork is cheap and the parent has not imported WeasyPrint; elsewhere, spawn.
            method = "fork" if sys.platform.startswith("linux") else "spawn"
            # PR_SET_PDEATHSIG fires when the *thread* that forked the worker ends: only
            # ask for it from the main thread (the pipe watch covers the rest).
            on_main_thread = threading.current_thread() is threading.main_thread()
            scratch = self._scratch[jobs] = tempfile.mkdtemp(prefix="dutymatrix-pdf-")
            pool = ProcessPoolExecutor(
                max_workers=jobs,
                mp_context=multiprocessing.get_context(method),
                initializer=_init_pool_worker,
                initargs=(os.getpid(), on_main_thread, scratch),
            )
            self._pools[jobs] = pool
        return pool

    def discard(self, jobs: int) -> None:
        """End a pool's workers, busy or not (an interrupt, a worker that died); the next
        use starts a fresh pool."""
        pool = self._pools.pop(jobs, None)
        if pool is not None:
            _kill_workers(pool)
            # Not cancel_futures: the pool's thread fails every pending future itself, and
            # raises (a traceback on stderr) on one that was cancelled under it.
            pool.shutdown(wait=False)
            # Its workers are dead, so the pool's own thread ends at once; wait for it.
            # Left running, it races the interpreter's exit hook, which then writes to
            # the pipe the thread has just closed ("Bad file descriptor", a traceback).
            manager = getattr(pool, "_executor_manager_thread", None)
            if manager is not None and manager is not threading.current_thread():
                manager.join(timeout=30)
        scratch = self._scratch.pop(jobs, None)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)

    def close(self) -> None:
        """End every worker (waiting for them to exit) and drop the in-process cache."""
        for pool in self._pools.values():
            pool.shutdown(wait=True, cancel_futures=True)
        self._pools.clear()
        for scratch in self._scratch.values():
            shutil.rmtree(scratch, ignore_errors=True)
        self._scratch.clear()
        if self._inline:
            # The FontConfiguration of --jobs 1 lives in this process; dropped now, not at
            # interpreter teardown (its __del__ needs modules that are gone by then).
            _STATE.clear()
            self._inline = False
