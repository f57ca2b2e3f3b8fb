"""Commit subjects stay at most 72 characters (issue 10: "from now on").

The history before ``SINCE`` is left as it is (rewriting merged history would break every
clone); every commit after it, merges included, is checked. ``git log`` shows a longer
subject cut or wrapped, and ``git shortlog``/GitHub truncate it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MAX_SUBJECT = 72
# The last commit of the stop that set the rule; everything after it is held to it.
SINCE = "f2dd000f4c60c500955bf62e1b7c2ab72bc4efef"


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True,
                          text=True, encoding="utf-8", check=False)


def long_subjects(since: str = SINCE, limit: int = MAX_SUBJECT) -> list[str]:
    """``hash (N chars) subject`` for every commit after ``since`` over ``limit``."""
    log = _git("log", "--format=%h%x00%s", f"{since}..HEAD")
    assert log.returncode == 0, log.stderr
    found = []
    for line in log.stdout.splitlines():
        short, _, subject = line.partition("\0")
        if len(subject) > limit:
            found.append(f"{short} ({len(subject)} chars) {subject}")
    return found


def _history_available() -> str | None:
    """Why the check cannot run here, or None when it can."""
    if shutil.which("git") is None:
        return "git is not installed"
    if _git("rev-parse", "--git-dir").returncode != 0:
        return "not a git checkout (an unpacked sdist or wheel)"
    if _git("cat-file", "-e", f"{SINCE}^{{commit}}").returncode != 0:
        return f"commit {SINCE[:7]} is not in this clone (a shallow clone?)"
    return None


def test_commit_subjects_are_at_most_72_characters() -> None:
    reason = _history_available()
    if reason:
        pytest.skip(f"commit subjects not checked: {reason}")
    assert long_subjects() == []


def test_the_check_finds_the_long_subjects_of_older_history() -> None:
    reason = _history_available()
    if reason:
        pytest.skip(f"commit subjects not checked: {reason}")
    # The history before SINCE holds subjects of 73-83 characters: the check sees them.
    first = _git("rev-list", "--max-parents=0", "HEAD").stdout.split()[0]
    assert any("(8" in line or "(7" in line for line in long_subjects(since=first))


if __name__ == "__main__":
    print("\n".join(long_subjects()) or "every subject is at most 72 characters")
