"""Builds killed at any moment: no worker survives, exit codes and one-line messages, and
the next build finishes the job without rendering again what was done.

Written as CI does it: SIGKILL, SIGTERM, Ctrl-C to the process group, the out-of-memory
killer taking one worker, a kill right after any rename a build makes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clock import TODAY
from hostile_fixtures import DUTYMATRIX, JD, SITE, build, published
from render_sample import sample_org

from dutymatrix.model import Org
from dutymatrix.render.build import BuildOptions, build_org
from dutymatrix.render.outfiles import MANIFEST_NAME, PENDING_DIR
from dutymatrix.render.pdf import WorkerPools

pytestmark = pytest.mark.slow  # builds started, killed and resumed


def synth_org(folder: Path, departments: int, posts: int) -> Path:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "synth", Path(__file__).resolve().parent.parent / "benchmarks" / "synth.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_synthetic_org(folder, departments, posts, 6)  # type: ignore[no-any-return]


def _stat_fields(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None and int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    fields = _stat_fields(pid)
    return fields is not None and fields[0] != "Z"  # a zombie has ended


def wait_for(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def pending_count(out: Path) -> int:
    """Finished documents waiting in OUT (not a temporary file being written)."""
    try:
        return sum(not name.endswith(".tmp") for name in os.listdir(out / PENDING_DIR))
    except OSError:
        return 0


def start(*args: str) -> subprocess.Popen[str]:
    """A CLI process in its own process group, with Ctrl-C not ignored (pytest may run
    in the background, where SIGINT is)."""
    return subprocess.Popen(
        [DUTYMATRIX, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def end_group(process: subprocess.Popen[str]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the session leader's pid is the group's
    except (ProcessLookupError, PermissionError):
        pass


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="looks processes up in /proc")


@needs_proc
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGINT", "Ctrl-C to the group",
                                 "SIGKILL to one worker"])
def test_killing_a_build_leaves_no_worker_alive(tmp_path: Path, how: str) -> None:
    org = synth_org(tmp_path / "org", 4, 5)
    out = tmp_path / "out"
    build_process = start("build", str(org), "-o", str(out), "--only", "jd", "--jobs", "2")
    try:
        assert wait_for(lambda: len(children_of(build_process.pid)) >= 2, 240)
        workers = children_of(build_process.pid)
        time.sleep(1.0)  # let them get into a document
        if how.startswith("Ctrl-C"):
            os.killpg(build_process.pid, signal.SIGINT)  # what a terminal does
        elif how.endswith("worker"):
            os.kill(workers[0], signal.SIGKILL)  # what the out-of-memory killer does
        else:
            os.kill(build_process.pid, getattr(signal, how))
        _, stderr = build_process.communicate(timeout=120)
        assert wait_for(lambda: not any(running(p) for p in workers), 15), workers
    finally:
        end_group(build_process)
    if how == "SIGKILL":
        assert build_process.returncode == -signal.SIGKILL
        return
    if how.endswith("worker"):
        assert build_process.returncode == 2
        # said in the org's language (zh-CN), as the build's summary would be
        assert len(stderr.splitlines()) == 1 and "PDF 工作进程意外结束" in stderr, stderr
        return
    word, code = ("已终止", 143) if how == "SIGTERM" else ("已中断", 130)
    assert (build_process.returncode, stderr.splitlines()) == (code, [f"dutymatrix: {word}"])
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


@needs_proc
def test_ctrl_c_of_check_exits_130_with_one_line(tmp_path: Path) -> None:
    org = synth_org(tmp_path / "org", 150, 10)
    check = start("check", str(org))
    ticks = os.sysconf("SC_CLK_TCK")

    def busy() -> bool:  # past start-up and imports: in the command
        fields = _stat_fields(check.pid)
        return fields is not None and (int(fields[11]) + int(fields[12])) / ticks > 0.6

    try:
        assert wait_for(busy, 120)
        check.send_signal(signal.SIGINT)
        _, stderr = check.communicate(timeout=120)
    finally:
        end_group(check)
    assert (check.returncode, stderr.splitlines()) == (130, ["dutymatrix: interrupted"])


class CountingExecutor:
    """A worker pool of its own, counting the documents it is asked to render."""

    def __init__(self, jobs: int) -> None:
        self.pools = WorkerPools()
        self.inner = self.pools.get(jobs)
        self.count = 0

    def submit(self, function: object, *args: object) -> object:
        self.count += 1
        return self.inner.submit(function, *args)  # type: ignore[arg-type]

    def counting(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Make every build in this test render through this pool."""
        monkeypatch.setattr(WorkerPools, "get", lambda pools, jobs: self)


@needs_proc
def test_a_build_killed_with_sigkill_resumes_where_it_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dutymatrix.load import load_org

    org = synth_org(tmp_path / "org", 2, 3)  # 6 posts: 12 PDF and Word documents
    out = tmp_path / "out"
    killed = start("build", str(org), "-o", str(out), "--only", "jd", "--jobs", "2")
    try:
        assert wait_for(lambda: pending_count(out) >= 2, 300)
        killed.kill()
        killed.wait(60)
    finally:
        end_group(killed)
    finished = pending_count(out)
    assert 2 <= finished < 12
    loaded = load_org(str(org))
    executor = CountingExecutor(jobs=2)
    executor.counting(monkeypatch)
    options = BuildOptions(org_dir=org, today=TODAY, out_dir=out, only=JD, jobs=2)
    try:
        summary = build_org(loaded.org, loaded.findings, options)
    finally:
        executor.pools.close()
    assert len(summary.resumed) == finished and executor.count == 12 - finished
    assert not (out / PENDING_DIR).exists()
    # (that resumed files are the very bytes a fresh build writes: the test below)
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    for rel, content in published(out).items():
        assert hashlib.sha256(content).hexdigest() == manifest[rel]["sha256"], rel
    for rel in summary.resumed:
        assert (out / rel).read_bytes()[:4] in (b"%PDF", b"PK\x03\x04"), rel


def _build_killed_after(replaces: int, org: Org, out: Path) -> int:
    """Build in a child process that SIGKILLs itself right after its n-th rename."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        try:
            real_replace, done = os.replace, [0]

            def replace(*args: object, **kwargs: object) -> None:
                real_replace(*args, **kwargs)  # type: ignore[arg-type]
                done[0] += 1
                if done[0] == replaces:
                    os.kill(os.getpid(), signal.SIGKILL)

            os.replace = replace  # type: ignore[assignment]
            build(org, out, only=JD | SITE)
        finally:
            os._exit(0)
    return os.waitpid(pid, 0)[1]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked build")
def test_sigkill_at_any_rename_leaves_every_file_old_or_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after its n-th rename (a finished PDF kept, a file published, the manifest),
    a build leaves each file old or new, a manifest that parses, and a next build that
    renders only what was not finished."""
    old_org = sample_org()
    new_org = sample_org(manager_duty="负责全行授信政策的组织实施", with_officer=False)
    base = tmp_path / "base"
    build(old_org, base, only=JD | SITE)
    reference = tmp_path / "reference"
    shutil.copytree(base, reference)
    renames = [0]
    real_replace = os.replace

    def counting(*args: object, **kwargs: object) -> None:
        renames[0] += 1
        real_replace(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", counting)
    renders = CountingExecutor(jobs=1)
    renders.counting(monkeypatch)
    build(new_org, reference, only=JD | SITE)
    monkeypatch.undo()
    old, new, total, documents = published(base), published(reference), renames[0], renders.count
    # The first renames keep each finished PDF or Word file; then files are published.
    assert documents >= 2 and total > documents + 10
    for kill_after in sorted({1, documents, total // 2, total - 1, total}):
        out = tmp_path / f"killed-{kill_after}"
        shutil.copytree(base, out)
        status = _build_killed_after(kill_after, new_org, out)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        for rel, content in published(out).items():
            assert content in (old.get(rel), new.get(rel)), (kill_after, rel)
        json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
        resumed = CountingExecutor(jobs=1)
        resumed.counting(monkeypatch)
        build(new_org, out, only=JD | SITE)  # the next build completes the job
        monkeypatch.undo()
        assert resumed.count == max(0, documents - kill_after), kill_after
        assert published(out) == new, kill_after
        assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
        assert not (out / PENDING_DIR).exists()


def _worker_lifecycle() -> tuple[int, bool, bool]:
    """In a pool worker: its parent-death signal, the pipe watch, Ctrl-C ignored."""
    import ctypes
    import threading

    value = ctypes.c_int(0)
    ctypes.CDLL(None).prctl(2, ctypes.byref(value), 0, 0, 0)  # PR_GET_PDEATHSIG
    watching = any(t.name == "dutymatrix-parent-watch" for t in threading.enumerate())
    return value.value, watching, signal.getsignal(signal.SIGINT) is signal.SIG_IGN


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_carry_both_ways_of_dying_with_their_parent() -> None:
    pools = WorkerPools()
    try:
        found = pools.get(2).submit(_worker_lifecycle).result(timeout=120)
    finally:
        pools.close()
    assert found == (signal.SIGKILL, True, True)
