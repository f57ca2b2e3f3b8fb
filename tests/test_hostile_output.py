"""A hostile output folder changes nothing outside OUT.

Written as an attacker would: a pull request commits an ``out/`` holding links planted
where the build writes, deletes or keeps temporary files, a FIFO, a tampered manifest.
Builds killed half-way: test_hostile_kill.py.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_fixtures import DUTYMATRIX, JD, SITE, build, published, tree
from render_sample import sample_org

from dutymatrix.errors import RenderError
from dutymatrix.render import outdir
from dutymatrix.render.outdir import OutputDir
from dutymatrix.render.outfiles import MANIFEST_NAME, PENDING_DIR
from dutymatrix.scaffold import write_skeleton


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files the attacker wants overwritten or deleted; they must not change."""
    root = tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    (root / "precious.txt").write_text("the CI runner's secret", encoding="utf-8")
    (root / "sub" / "keep.txt").write_text("keep", encoding="utf-8")
    return root


# --- temporary files ---------------------------------------------------------------------


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


@pytest.mark.slow  # 130,000 links
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


@pytest.mark.slow  # a PDF build, or the CLI in a process
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


# --- links where outputs go -------------------------------------------------------------


@pytest.mark.slow  # a PDF build, or the CLI in a process
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
        # said in the org's language (zh-CN), as the whole summary is
        notice = [line for line in summary.describe().splitlines() if f"/{rel}：原为" in line]
        assert len(notice) == 1 and "符号链接" in notice[0], rel
    assert (out / "jd" / "credit-mgmt.manager.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.slow  # a PDF build, or the CLI in a process
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
    write_skeleton(tmp_path / "org")
    return tmp_path / "org"


def run_build(org: Path, out: Path, *extra: str,
              timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([DUTYMATRIX, "build", str(org), "-o", str(out), *extra],
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize(("folder", "part"), [("jd", "jd"), ("assets", "site"),
                                              (PENDING_DIR, "jd")])
@pytest.mark.slow  # a PDF build, or the CLI in a process
def test_a_linked_folder_inside_out_stops_the_build(
    tmp_path: Path, outside: Path, yaml_org: Path, folder: str, part: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / folder).symlink_to(outside / "sub")
    before = tree(outside)
    result = run_build(yaml_org, out, "--only", part, "--jobs", "1", "--lang", "en")
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"{out / folder}: is a symbolic link (to {outside / 'sub'})" in result.stderr
    assert tree(outside) == before


@pytest.mark.slow  # a PDF build, or the CLI in a process
def test_a_link_given_as_the_output_folder_is_refused(tmp_path: Path, outside: Path,
                                                      yaml_org: Path) -> None:
    out = tmp_path / "out"
    out.symlink_to(outside)
    before = tree(outside)
    result = run_build(yaml_org, out, "--only", "orgchart", "--lang", "en")
    assert result.returncode == 2 and "is a symbolic link" in result.stderr
    assert tree(outside) == before


@pytest.mark.slow  # a PDF build, or the CLI in a process
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


# --- deletions ----------------------------------------------------------------------------


@pytest.mark.slow  # a PDF build, or the CLI in a process
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


@pytest.mark.slow  # a PDF build, or the CLI in a process
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
    text = "\n".join(map(str, summary.warnings))
    assert f"{out / 'linked/keep.txt'}: listed in the manifest, not deleted" in text
    # all but linked/keep.txt, and the entry of the wrong types
    assert f"ignored {len(hostile) - 1 + 1} entries that no build writes" in text
    assert (out / "linked").is_symlink()  # not the tool's: left alone, not followed


@pytest.mark.slow  # a PDF build, or the CLI in a process
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
    assert any("not a regular file" in str(w) for w in summary.warnings)
    assert stat.S_ISREG((out / MANIFEST_NAME).lstat().st_mode) and tree(outside) == before


# --- a no-op build writes nothing ---------------------------------------------------------


@pytest.mark.slow  # a PDF build, or the CLI in a process
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


@pytest.mark.slow  # a PDF build, or the CLI in a process
@pytest.mark.skipif(not _can_run_as_nobody(), reason="needs root and setpriv to drop to nobody")
def test_a_no_op_build_succeeds_on_a_read_only_folder() -> None:
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="dm-readonly-"))  # nobody must reach it
    try:
        root.chmod(0o755)
        org = root / "org"
        write_skeleton(org)
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
        assert "重新生成 0 个，删除 0 个" in result.stdout  # the org's zh-CN
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(root)], check=False)
        shutil.rmtree(root, ignore_errors=True)


# --- leftovers and failed writes ----------------------------------------------------------

NEVER_A_PID = 4194305  # above the largest pid_max Linux allows


@pytest.mark.slow  # a PDF build, or the CLI in a process
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


@pytest.mark.slow  # a PDF build, or the CLI in a process
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
