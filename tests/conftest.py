"""Shared fixtures: the repo root, the sample orgs, writing small orgs, running the CLI."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

REPO_ROOT = Path(__file__).resolve().parent.parent

# `make test-dated` runs the suite under libfaketime: every test in this process sees
# 2027-06-01 as today. The processes the tests start (a build's PDF workers, Chromium,
# pre-commit, a wheel's venv) do not inherit it: libfaketime 0.9.10 (Debian bookworm)
# breaks them whatever their date — with the monotonic clock faked, GIL and thread waits
# abort ("take_gil: PyCOND_WAIT failed") and fontTools' timer overflows; with it left
# alone, Python's time.sleep fails with EINVAL. So only the date of this process moves.
if "faketime" in os.environ.get("LD_PRELOAD", ""):
    os.environ["LD_PRELOAD"] = ":".join(
        lib for lib in os.environ["LD_PRELOAD"].split(":") if "faketime" not in lib)

SAMPLE_ORGS = [
    REPO_ROOT / "org",
    *sorted(p for p in (REPO_ROOT / "examples").glob("*") if p.is_dir()),
]


@pytest.fixture(autouse=True)
def english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests run in an English environment, whatever the machine's: a message said
    before any org is read (a missing folder, a usage error) is English, as the tests
    that quote one expect. An org's own `locale:` still wins (the sample bank is zh-CN);
    tests of the fallback pass their own environment."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)


@pytest.fixture
def write_org(tmp_path: Path) -> Callable[..., Path]:
    """write_org({"a.yaml": "...", "sub/b.yaml": "..."}) -> the org folder (dedented files)."""

    def write(files: dict[str, str], name: str = "org") -> Path:
        root = tmp_path / name
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        root.mkdir(parents=True, exist_ok=True)
        return root

    return write


@pytest.fixture
def cli() -> Callable[..., Result]:
    """cli("check", "org/", "--format", "json") -> click Result (stdout and stderr apart)."""
    from dutymatrix.cli import main

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(main, list(args), env=env, catch_exceptions=False)

    return run
