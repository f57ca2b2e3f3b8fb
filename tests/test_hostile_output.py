"""A hostile output folder, and builds killed at any moment, change nothing outside OUT.

Written as an attacker would: a pull request commits an ``out/`` holding links planted
where the build writes, deletes or keeps temporary files, and a tampered manifest; CI
kills the build with SIGKILL, SIGTERM or Ctrl-C half-way through.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from render_sample import sample_org

from dutymatrix.errors import RenderError
from dutymatrix.init import write_skeleton
from dutymatrix.model import Org
from dutymatrix.render import outdir
from dutymatrix.render.build import BuildOptions, BuildSummary, build_org
from dutymatrix.render.outdir import OutputDir
from dutymatrix.render.outfiles import MANIFEST_NAME, PENDING_DIR

DUTYMATRIX = str(Path(sys.executable).with_name("dutymatrix"))
SITE = frozenset({"site", "orgchart"})  # index.html and the manifest, no PDF: fast
JD = frozenset({"jd"})


def build(org: Org, out: Path, only: frozenset[str] = SITE, jobs: int = 1) -> BuildSummary:
    options = BuildOptions(org_dir=Path("."), out_dir=out, only=only, jobs=jobs)
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


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files the attacker wants overwritten or deleted; they must not change."""
    root = tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    (root / "precious.txt").write_text("the CI runner's secret", encoding="utf-8")
    (root / "sub" / "keep.txt").write_text("keep", encoding="utf-8")
    return root


# --- 1. temporary files ---------------------------------------------------------------------


def pid_max() -> int:
    try:
        return int(Path("/proc/sys/kernel/pid_max").read_text())
    except (OSError, ValueError):
        return 32768


def plant_temp_links(out: Path, outside: Path, names: list[str]) -> None:
    """The old predictable names ``.<name>.<pid>.tmp``, for every pid, as links out of
    OUT: to an existing file, or (odd pids) to a new one an open(..., "w") would create."""
    for name in names:
        for pid in range(1, pid_max() + 1):
            target = outside / "precious.txt" if pid % 2 == 0 else outside / f"new-{pid}"
            os.symlink(target, out / f".{name}.{pid}.tmp")


@pytest.fixture
def fast_tmp(tmp_path: Path) -> Iterator[Path]:
    """A folder in memory when there is one: 130,000 links on a busy disk take minutes."""
    import tempfile

    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="dm-hostile-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_temp_file_links_over_the_whole_pid_range_change_nothing_outside(
    fast_tmp: Path
) -> None:
    out = fast_tmp / "out"
    outside = fast_tmp / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("the CI runner's secret", encoding="utf-8")
    build(sample_org(), out)
    before = tree(outside)
    names = [MANIFEST_NAME, "index.html"]
    plant_temp_links(out, outside, names)
    noop = build(sample_org(), out)  # nothing to write: the links are just cleaned up
    assert noop.rebuilt == []
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    plant_temp_links(out, outside, names)
    full = build(sample_org(extra_roles=2), out)  # the site and the manifest rewritten
    assert {"index.html", "orgchart.svg"} <= set(full.rebuilt)
    assert tree(outside) == before
    for name in names:
        assert stat.S_ISREG((out / name).lstat().st_mode)
    files = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    assert "orgchart.svg" in files and b"clerk1" in (out / "orgchart.svg").read_bytes()


def test_a_guessed_temp_name_is_not_written_through(
    tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even an attacker who predicts the random part gets O_EXCL|O_NOFOLLOW: refused."""
    out = tmp_path / "out"
    build(sample_org(), out)
    guesses = iter([".index.html.guessed.tmp", ".index.html.second.tmp"])
    monkeypatch.setattr(outdir, "temp_name", lambda name: next(guesses))
    os.symlink(outside / "precious.txt", out / ".index.html.guessed.tmp")
    before = tree(outside)
    out_dir = OutputDir.open(out)
    with out_dir:
        out_dir.write("index.html", b"<html>new</html>")
    assert tree(outside) == before
    assert (out / "index.html").read_bytes() == b"<html>new</html>"


# --- 2. links where outputs go -------------------------------------------------------------


def test_a_link_where_an_output_goes_is_replaced_not_written_through(
    tmp_path: Path, outside: Path
) -> None:
    out = tmp_path / "out"
    (out / "jd").mkdir(parents=True)
    os.symlink("../../outside/precious.txt", out / "jd" / "credit-mgmt.manager.pdf")
    os.symlink(outside / "precious.txt", out / "jd" / "credit-mgmt.manager.html")
    os.symlink(outside / "created-by-build.html", out / "index.html")  # dangling
    before = tree(outside)
    summary = build(sample_org(), out, only=JD | SITE)
    assert tree(outside) == before
    for rel in ("jd/credit-mgmt.manager.pdf", "jd/credit-mgmt.manager.html", "index.html"):
        assert stat.S_ISREG((out / rel).lstat().st_mode), rel
        notice = [line for line in summary.describe().splitlines() if f"/{rel}: was a" in line]
        assert len(notice) == 1 and "symbolic link" in notice[0], rel
    assert (out / "jd" / "credit-mgmt.manager.pdf").read_bytes().startswith(b"%PDF")


def test_a_current_output_swapped_for_a_link_is_replaced(tmp_path: Path, outside: Path) -> None:
    """The link's target holds the very bytes the build would write: still never kept."""
    out = tmp_path / "out"
    build(sample_org(), out, only=JD)
    pdf = out / "jd" / "credit-mgmt.reviewer.pdf"
    copy = outside / "copy.pdf"
    copy.write_bytes(pdf.read_bytes())
    pdf.unlink()
    pdf.symlink_to(copy)
    before = tree(outside)
    summary = build(sample_org(), out, only=JD)
    assert summary.rebuilt == ["jd/credit-mgmt.reviewer.pdf"]
    assert not pdf.is_symlink() and tree(outside) == before


@pytest.fixture
def yaml_org(tmp_path: Path) -> Path:
    return write_skeleton(tmp_path / "org")[0].parent


def run_build(org: Path, out: Path, *extra: str,
              timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([DUTYMATRIX, "build", str(org), "-o", str(out), *extra],
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize(("folder", "part"), [("jd", "jd"), ("assets", "site"),
                                              (PENDING_DIR, "jd")])
def test_a_linked_folder_inside_out_stops_the_build(
    tmp_path: Path, outside: Path, yaml_org: Path, folder: str, part: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / folder).symlink_to(outside / "sub")
    before = tree(outside)
    result = run_build(yaml_org, out, "--only", part, "--jobs", "1")
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"{out / folder}: is a symbolic link (to {outside / 'sub'})" in result.stderr
    assert tree(outside) == before


def test_a_link_given_as_the_output_folder_is_refused(tmp_path: Path, outside: Path,
                                                      yaml_org: Path) -> None:
    out = tmp_path / "out"
    out.symlink_to(outside)
    before = tree(outside)
    result = run_build(yaml_org, out, "--only", "orgchart")
    assert result.returncode == 2 and "is a symbolic link" in result.stderr
    assert tree(outside) == before


def test_a_fifo_where_an_output_goes_does_not_hang_the_build(tmp_path: Path,
                                                             yaml_org: Path) -> None:
    out = tmp_path / "out"
    (out / "dept").mkdir(parents=True)
    os.mkfifo(out / "index.html")
    os.mkfifo(out / "dept" / "finance.html")
    result = run_build(yaml_org, out, "--only", "site", timeout=240)
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").read_bytes().startswith(b"<!DOCTYPE")
    assert stat.S_ISREG((out / "dept" / "finance.html").lstat().st_mode)


# --- 3. deletions ----------------------------------------------------------------------------


def test_removing_a_post_unlinks_its_links_never_their_targets(
    tmp_path: Path, outside: Path
) -> None:
    out = tmp_path / "out"
    build(sample_org(), out, only=JD)
    keep_me = out / "keep-me.txt"
    keep_me.write_text("not the tool's", encoding="utf-8")
    officer = out / "jd" / "customer-1.officer"
    officer.with_suffix(".officer.pdf").unlink()
    officer.with_suffix(".officer.pdf").symlink_to("../keep-me.txt")
    officer.with_suffix(".officer.html").unlink()
    officer.with_suffix(".officer.html").symlink_to(outside / "precious.txt")
    before = tree(outside)
    summary = build(sample_org(with_officer=False), out, only=JD)
    assert not list((out / "jd").glob("customer-1.officer.*"))
    assert {"jd/customer-1.officer.pdf", "jd/customer-1.officer.html"} <= set(summary.removed)
    assert keep_me.read_text(encoding="utf-8") == "not the tool's"
    assert tree(outside) == before


def test_a_tampered_manifest_deletes_nothing_outside(tmp_path: Path, outside: Path) -> None:
    out = tmp_path / "out"
    build(sample_org(), out)
    (out / "linked").symlink_to(outside / "sub")
    (out / PENDING_DIR).mkdir()
    (out / PENDING_DIR / "planted").symlink_to(outside / "precious.txt")
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    hostile = [
        "../outside/precious.txt", str(outside / "precious.txt"), "x/../../outside/precious.txt",
        "linked/keep.txt", "./linked/keep.txt", "linked//keep.txt", "..\\outside\\precious.txt",
        "dept/../../outside/sub/keep.txt",
    ]
    entry = {"sha256": "0" * 64, "source": "x", "kind": "site"}
    manifest["files"].update({rel: entry for rel in hostile})
    manifest["files"]["dept/typed"] = {"sha256": 1, "source": [], "kind": "site"}
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    before = tree(outside)
    summary = build(sample_org(), out)
    assert tree(outside) == before
    text = "\n".join(summary.warnings)
    assert f"{out / 'linked/keep.txt'}: listed in the manifest, not deleted" in text
    # all but linked/keep.txt, and the entry of the wrong types
    assert f"ignored {len(hostile) - 1 + 1} entries that no build writes" in text
    assert (out / "linked").is_symlink()  # not the tool's: left alone, not followed


def test_a_manifest_that_is_a_link_is_not_read_and_is_replaced(tmp_path: Path,
                                                               outside: Path) -> None:
    out = tmp_path / "out"
    build(sample_org(), out)
    fake = outside / "manifest.json"
    fake.write_text(json.dumps({"version": 1, "files": {}}), encoding="utf-8")
    (out / MANIFEST_NAME).unlink()
    (out / MANIFEST_NAME).symlink_to(fake)
    before = tree(outside)
    summary = build(sample_org(), out)
    assert any("not a regular file" in w for w in summary.warnings)
    assert stat.S_ISREG((out / MANIFEST_NAME).lstat().st_mode) and tree(outside) == before


# --- 4. resuming, read-only no-op builds -----------------------------------------------------


def test_a_no_op_build_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build(sample_org(), out, only=JD | SITE)
    manifest_before = (out / MANIFEST_NAME).stat()
    calls: list[str] = []
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    real_open = os.open

    def watched_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & writing:
            calls.append(f"open {path}")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", watched_open)
    for name in ("replace", "rename", "unlink", "mkdir", "rmdir", "link", "symlink"):
        monkeypatch.setattr(os, name, lambda *a, _n=name, **k: calls.append(_n))
    summary = build(sample_org(), out, only=JD | SITE)
    assert summary.rebuilt == [] and calls == []
    after = (out / MANIFEST_NAME).stat()
    assert (after.st_ino, after.st_mtime_ns) == (manifest_before.st_ino,
                                                 manifest_before.st_mtime_ns)


def _can_run_as_nobody() -> bool:
    return os.geteuid() == 0 and shutil.which("setpriv") is not None


@pytest.mark.skipif(not _can_run_as_nobody(), reason="needs root and setpriv to drop to nobody")
def test_a_no_op_build_succeeds_on_a_read_only_folder() -> None:
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="dm-readonly-"))  # nobody must reach it
    try:
        root.chmod(0o755)
        org = write_skeleton(root / "org")[0].parent
        out = root / "out"
        assert run_build(org, out, "--only", "jd,site", "--jobs", "1").returncode == 0
        subprocess.run(["chmod", "-R", "a-w", str(out)], check=True)
        as_nobody = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        probe = subprocess.run([*as_nobody, sys.executable, "-c", "import dutymatrix"],
                               capture_output=True)
        if probe.returncode != 0:
            pytest.skip("nobody cannot run this interpreter")
        result = subprocess.run(
            [*as_nobody, DUTYMATRIX, "build", str(org), "-o", str(out), "--only", "jd,site",
             "--jobs", "1"],
            capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(root)},
        )
        assert result.returncode == 0, result.stderr
        assert " 0 rebuilt, 0 removed" in result.stdout
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(root)], check=False)
        shutil.rmtree(root, ignore_errors=True)


# --- 6. leftovers and failed writes ----------------------------------------------------------

NEVER_A_PID = 4194305  # above the largest pid_max Linux allows


def test_leftover_temp_files_are_removed_and_nothing_else(tmp_path: Path, outside: Path) -> None:
    out = tmp_path / "out"
    build(sample_org(), out)
    leftovers = [out / f".index.html.{NEVER_A_PID}.tmp",
                 out / "dept" / f".credit-mgmt.html.{NEVER_A_PID}-0123456789ab.tmp"]
    for path in leftovers:
        path.write_text("half a file from a killed build", encoding="utf-8")
    planted = out / ".orgchart.svg.1.tmp"  # pid 1 is alive, but a link is never the tool's
    planted.symlink_to(outside / "precious.txt")
    in_flight = out / f".orgchart.svg.{os.getppid()}-0123456789ab.tmp"  # a live build's
    in_flight.write_text("being written", encoding="utf-8")
    not_ours = [out / "notes.tmp", out / ".notes.tmp", out / "dept" / ".draft.html.tmp"]
    for path in not_ours:
        path.write_text("mine", encoding="utf-8")
    before = tree(outside)
    build(sample_org(), out)
    assert not any(os.path.lexists(p) for p in [*leftovers, planted])
    assert in_flight.exists() and all(p.read_text(encoding="utf-8") == "mine" for p in not_ours)
    assert tree(outside) == before


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_keeps_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    out = tmp_path / "out"
    build(sample_org(), out)
    before = published(out)

    def fail(fd: int) -> None:
        raise error

    monkeypatch.setattr(os, "fsync", fail)
    expected = RenderError if isinstance(error, OSError) else KeyboardInterrupt
    with pytest.raises(expected) as raised:
        build(sample_org(extra_roles=1), out)
    if expected is RenderError:
        assert "cannot write (No space left on device)" in str(raised.value)
    assert published(out) == before
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


# --- 4. and 5. killed builds: workers, exit codes, resuming, consistency --------------


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
        assert len(stderr.splitlines()) == 1 and "a PDF worker ended" in stderr, stderr
        return
    word, code = ("terminated", 143) if how == "SIGTERM" else ("interrupted", 130)
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
    """The worker pool, counting the documents it is asked to render."""

    def __init__(self, jobs: int) -> None:
        from dutymatrix.render.pdf import worker_pool

        self.inner = worker_pool(jobs)  # the real pool, looked up before it is patched
        self.count = 0

    def submit(self, function: object, *args: object) -> object:
        self.count += 1
        return self.inner.submit(function, *args)  # type: ignore[arg-type]


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
    monkeypatch.setattr("dutymatrix.render.pdf.worker_pool", lambda jobs: executor)
    options = BuildOptions(org_dir=org, out_dir=out, only=JD, jobs=2)
    summary = build_org(loaded.org, loaded.findings, options)
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
    monkeypatch.setattr("dutymatrix.render.pdf.worker_pool", lambda jobs: renders)
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
        monkeypatch.setattr("dutymatrix.render.pdf.worker_pool",
                            lambda jobs, pool=resumed: pool)
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
    from dutymatrix.render.pdf import worker_pool

    pool = worker_pool(2)
    assert pool.submit(_worker_lifecycle).result(timeout=120) == (signal.SIGKILL, True, True)
