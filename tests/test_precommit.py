"""The pre-commit hook for real: `pre-commit try-repo` installs dutymatrix from this
repository into its own environment and runs `dutymatrix-check` on another repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # installs the hook and runs git in a scratch repository

REPO_ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"

ORG = """
org: {id: hook-demo, name: 钩子示例}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: investigate, name: 贷前调查}
      - {id: approve,     name: 贷款审批}
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.manager
        title: 信贷部经理
        duties:
          - text: 负责审批贷款
            raci: {loan.approve: AR}
      - id: credit.officer
        title: 客户经理
        reports_to: credit.manager
        duties:
          - text: 负责贷前调查
            raci: {loan.investigate: AR}
%(extra_duty)s
rules:
  sod:
    - id: SOD-LOAN-1
      name: 审贷分离
      activities: [loan.investigate, loan.approve]
      at_most: 1
"""

# The conflict: the officer also approves loans.
CONFLICT = """\
          - text: 负责审批小额贷款
            raci: {loan.approve: R}"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=repo, check=True, capture_output=True)


def _try_repo(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The committed state of this repository (--ref): other work in progress in the
    # checkout does not leak into the hook's environment.
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(REPO_ROOT), "dutymatrix-check", "--ref", head,
         "--all-files", "--color", "never"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=900,
    )


@pytest.mark.skipif(not PRE_COMMIT.exists() or shutil.which("git") is None,
                    reason="needs pre-commit and git")
def test_pre_commit_hook_blocks_a_conflict_and_passes_once_fixed(tmp_path: Path) -> None:
    if not (REPO_ROOT / ".git").exists() or not (REPO_ROOT / ".pre-commit-hooks.yaml").exists():
        pytest.skip("needs the dutymatrix git checkout")
    repo = tmp_path / "org-repo"
    model = repo / "org" / "org.yaml"
    model.parent.mkdir(parents=True)
    model.write_text(textwrap.dedent(ORG % {"extra_duty": CONFLICT}).lstrip(), encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("GITHUB_ACTIONS", None)  # plain text output, whatever CI runs this test

    failing = _try_repo(repo, env)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "dutymatrix check" in failing.stdout and "Failed" in failing.stdout
    assert "SOD-LOAN-1" in failing.stdout and "credit.officer" in failing.stdout

    model.write_text(textwrap.dedent(ORG % {"extra_duty": ""}).lstrip(), encoding="utf-8")
    _git(repo, "add", ".")
    passing = _try_repo(repo, env)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
