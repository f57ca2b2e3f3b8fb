"""Shared fixtures: the repo root, the sample orgs, writing small orgs, running the CLI."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

REPO_ROOT = Path(__file__).resolve().parent.parent
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
