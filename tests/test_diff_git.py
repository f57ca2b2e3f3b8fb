"""diff --git: the old version comes from git history; work tree and index stay as they are."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dutymatrix.diff.git import export_org
from dutymatrix.errors import GitError


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True,
        env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
             "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
             "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo),
             "PATH": "/usr/bin:/bin:/usr/local/bin"},
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "org" / "departments").mkdir(parents=True)
    (root / "org" / "org.yaml").write_text("org: {id: v1, name: 一}\n", encoding="utf-8")
    (root / "org" / "departments" / "credit.yaml").write_text("departments: []\n")
    (root / "org" / "notes.txt").write_text("not a model file\n")
    (root / "README").write_text("outside the org\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "v1")
    return root


def test_export_reads_the_committed_version_and_leaves_the_work_tree_alone(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "org" / "org.yaml").write_text("org: {id: v2, name: 二}\n", encoding="utf-8")
    (repo / "org" / "new.yaml").write_text("people: []\n")
    git(repo, "add", "org/new.yaml")
    status_before = git(repo, "status", "--porcelain")
    monkeypatch.chdir(repo)
    exported = export_org("HEAD", "org", tmp_path / "old")
    files = sorted(p.relative_to(exported).as_posix() for p in exported.rglob("*") if p.is_file())
    assert files == ["departments/credit.yaml", "org.yaml"]
    assert (exported / "org.yaml").read_text(encoding="utf-8") == "org: {id: v1, name: 一}\n"
    assert git(repo, "status", "--porcelain") == status_before
    assert (repo / "org" / "org.yaml").read_text(encoding="utf-8") == "org: {id: v2, name: 二}\n"


def test_export_from_another_folder_and_an_older_revision(repo: Path, tmp_path: Path) -> None:
    (repo / "org" / "org.yaml").write_text("org: {id: v2, name: 二}\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "v2")
    exported = export_org("HEAD~1", str(repo / "org"), tmp_path / "old")
    assert "v1" in (exported / "org.yaml").read_text(encoding="utf-8")


def test_unknown_revision_says_how_to_fetch_it(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.chdir(repo)
    with pytest.raises(GitError, match=r"unknown git revision 'origin/main'.*fetch"):
        export_org("origin/main", "org", tmp_path / "old")
    with pytest.raises(GitError, match="invalid git revision"):
        export_org("--output=/tmp/x", "org", tmp_path / "old")


def test_folder_missing_at_the_revision(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    (repo / "org2").mkdir()
    monkeypatch.chdir(repo)
    with pytest.raises(GitError, match=r"org2: no model files .* at git revision 'HEAD'"):
        export_org("HEAD", "org2", tmp_path / "old")


def test_not_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain" / "org"
    plain.mkdir(parents=True)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(GitError, match="not inside a git repository"):
        export_org("HEAD", str(plain), tmp_path / "old")
