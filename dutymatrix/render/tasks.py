"""PDF and Word outputs rendered on the worker pool, each kept on disk as soon as it is done.

A finished document goes to ``.dutymatrix-pending/`` at once (not at the end of the
build), so a build that is killed, interrupted or fails on another document leaves its
finished work behind; the next build takes it from there instead of rendering it again.
"""

from __future__ import annotations

import queue
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TextIO

from dutymatrix.errors import DutymatrixError, RenderError
from dutymatrix.i18n import N_, tr
from dutymatrix.messages import Msg

from .documents import Output
from .outdir import OutputDir
from .outfiles import Manifest, pending_path, sha256
from .pdf import WorkerPools


@dataclass(frozen=True)
class Rendered:
    sha256: str
    size: int
    pending: str | None  # where the bytes wait to be published
    content: bytes | None = None  # kept in memory when not kept on disk


class Progress:
    """A one-line bar on stderr, only when asked for (stderr is a terminal)."""

    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None,
                 lang: str = "en") -> None:
        self.total, self.done = total, 0
        self.word = tr(lang, N_("rendering"))
        self.enabled = enabled and total > 0
        self.stream = stream or sys.stderr

    def step(self, label: str = "") -> None:
        self.done += 1
        if self.enabled:
            width = 30
            filled = width * self.done // self.total
            bar = "#" * filled + "." * (width - filled)
            self.stream.write(f"\r  {self.word} [{bar}] {self.done}/{self.total} {label[:40]:<40}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()


class TaskRenderer:
    """Sends PDF and Word outputs whose inputs changed to the worker pool as they are
    described, so workers render while this process is still writing HTML."""

    def __init__(self, out: OutputDir, manifest: Manifest, jobs: int, summary: Any,
                 pools: WorkerPools) -> None:
        self.out, self.manifest, self.jobs, self.summary = out, manifest, jobs, summary
        self.pools = pools
        self.pool: Any = None
        self.submitted: list[Future[Any]] = []
        self.finished: queue.Queue[tuple[Output, Future[Any]]] = queue.Queue()
        self.rendered: dict[str, Rendered] = {}
        self.progress: Progress | None = None

    def offer(self, output: Output) -> Output:
        if output.task is None or self.manifest.is_current(self.out, output.path, output.source):
            return output
        pending = pending_path(output.path, output.source)
        kept = self.out.read(pending)
        if kept is not None:  # rendered by an earlier build that did not finish
            self.rendered[output.path] = Rendered(sha256(kept), len(kept), pending)
            self.summary.resumed.append(output.path)
            return output
        if self.pool is None:
            self.pool = self._start_pool()
        function, args = output.task
        future = self.pool.submit(function, *args)
        self.submitted.append(future)
        future.add_done_callback(lambda done, o=output: self.finished.put((o, done)))
        self._take(block=False)  # an inline pool has finished it already: keep it now
        return output

    def _start_pool(self) -> Any:
        from . import pdf as pdf_module

        if not pdf_module.harfbuzz_subset_available():
            # Said at once, on stderr: the build that follows may take minutes.
            print("dutymatrix: " + tr(self.summary.lang, pdf_module.HARFBUZZ_HINT),
                  file=sys.stderr)
            self.summary.warnings.append(Msg(N_("HarfBuzz subsetting missing (see above)")))
        return self.pools.get(self.jobs)

    def _take(self, block: bool) -> bool:
        """Keep every finished document (waiting for one when ``block``); False when none."""
        taken = False
        while True:
            try:
                output, future = self.finished.get(block=block and not taken)
            except queue.Empty:
                return taken
            taken = True
            try:
                value = future.result()  # a task's error is raised here
            except BrokenProcessPool as err:
                self.pools.discard(self.jobs)
                raise RenderError(Msg(
                    N_("{path}: a PDF worker ended while rendering it (out of memory, or "
                       "killed?); run the build again, the documents finished so far are kept"),
                    path=output.path)) from err
            self._keep(output, value)
            if self.progress is not None:
                self.progress.step(output.path)

    def _keep(self, output: Output, value: Any) -> None:
        content, blocked = value if isinstance(value, tuple) else (value, [])
        self.summary.warnings.extend(Msg(N_("{path}: refused to fetch {url}"),
                                         path=output.path, url=url) for url in blocked)
        if blocked:  # not kept on disk: a resumed build would not repeat the warning
            self.rendered[output.path] = Rendered(sha256(content), len(content), None, content)
            return
        pending = pending_path(output.path, output.source)
        self.out.write(pending, content)
        self.rendered[output.path] = Rendered(sha256(content), len(content), pending)

    def collect(self, show_progress: bool) -> dict[str, Rendered]:
        """Wait for every task; what each rendered, by output path."""
        waiting = sum(1 for f in self.submitted if not f.done()) + self.finished.qsize()
        self.progress = Progress(waiting, show_progress, lang=self.summary.lang)
        try:
            while len(self.rendered) < len(self.submitted) + len(self.summary.resumed):
                self._take(block=True)
        except BaseException as err:
            self.cancel(err)
            raise
        finally:
            self.progress.close()
        return self.rendered

    def cancel(self, err: BaseException) -> None:
        """Drop the work not done. On an interrupt, or with documents still being rendered
        (their results are not wanted), end the workers, so the program can exit at once:
        every future left then fails with BrokenProcessPool. None is cancelled first — the
        pool's own thread would raise on a cancelled one and print a traceback."""
        busy = any(not f.done() for f in self.submitted)
        if self.pool is not None and (busy or not isinstance(err, DutymatrixError)):
            self.pools.discard(self.jobs)
            return
        for future in self.submitted:
            future.cancel()
