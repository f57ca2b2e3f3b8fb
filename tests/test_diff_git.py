"""diff --git: the old version comes from git history, into memory; work tree and index stay
as they are."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dutymatrix.diff.git import read_org
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


def test_reads_the_committed_version_and_leaves_the_work_tree_alone(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "org" / "org.yaml").write_text("org: {id: v2, name: 二}\n", encoding="utf-8")
    (repo / "org" / "new.yaml").write_text("people: []\n")
    git(repo, "add", "org/new.yaml")
    status_before = git(repo, "status", "--porcelain")
    monkeypatch.chdir(repo)
    committed = read_org("HEAD", "org")
    assert [path for path, _ in committed.files] == ["departments/credit.yaml", "org.yaml"]
    assert dict(committed.files)["org.yaml"].decode() == "org: {id: v1, name: 一}\n"
    assert committed.commit == git(repo, "rev-parse", "HEAD").strip()
    assert git(repo, "status", "--porcelain") == status_before
    assert (repo / "org" / "org.yaml").read_text(encoding="utf-8") == "org: {id: v2, name: 二}\n"


def test_from_another_folder_and_an_older_revision(repo: Path) -> None:
    (repo / "org" / "org.yaml").write_text("org: {id: v2, name: 二}\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "v2")
    committed = read_org("HEAD~1", str(repo / "org"))
    assert b"v1" in dict(committed.files)["org.yaml"]


def test_hidden_files_and_other_suffixes_are_not_model_files(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "org" / ".hidden.yaml").write_text("people: []\n")
    (repo / "org" / ".github").mkdir()
    (repo / "org" / ".github" / "ci.yaml").write_text("on: push\n")
    (repo / "org" / "old.yml").write_text("people: []\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "extras")
    monkeypatch.chdir(repo)
    assert [p for p, _ in read_org("HEAD", "org").files] == ["departments/credit.yaml",
                                                             "org.yaml"]


def test_unknown_revision_says_how_to_fetch_it(repo: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    monkeypatch.chdir(repo)
    with pytest.raises(GitError, match=r"unknown git revision 'origin/main'.*git fetch origin "
                                       r"main`"):
        read_org("origin/main", "org")
    with pytest.raises(GitError, match=r"invalid git revision.*start with '-'"):
        read_org("--output=/tmp/x", "org")


def test_folder_missing_at_the_revision(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "org2").mkdir()
    monkeypatch.chdir(repo)
    with pytest.raises(GitError, match=r"org2: no such folder at git revision 'HEAD'"):
        read_org("HEAD", "org2")
    (repo / "empty" / "sub").mkdir(parents=True)
    (repo / "empty" / "sub" / "notes.txt").write_text("x\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "no model")
    with pytest.raises(GitError, match=r"empty: no model files .* at git revision 'HEAD'"):
        read_org("HEAD", "empty")


def test_not_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain" / "org"
    plain.mkdir(parents=True)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(GitError, match="not inside a git repository"):
        read_org("HEAD", str(plain))
