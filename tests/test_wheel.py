"""The wheel ships the templates: build it, install it into a fresh venv, run ``build``.

Kept fast: no build isolation (the test venv has setuptools and wheel), the fresh venv has
no pip and borrows this venv's dependencies through a .pth line, and the build renders
one post's job description.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.wheel

REPO = Path(__file__).resolve().parent.parent

ORG = {
    "org.yaml": """
        org:
          id: tiny
          name: 小银行
          locale: zh-CN
        processes:
          - id: loan
            name: 贷款业务
            activities:
              - {id: approve, name: 贷款审批}
        departments:
          - id: credit
            name: 信贷部
            roles:
              - id: credit.manager
                title: 信贷部经理
                code: XD-001
                duties:
                  - text: 负责贷款审批
                    raci: {loan.approve: A}
    """,
}


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_installed_wheel_builds_job_descriptions(tmp_path: Path) -> None:
    # Build from a copy, so the shared checkout gets no build/ folder.
    source = tmp_path / "src"
    shutil.copytree(REPO / "dutymatrix", source / "dutymatrix",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, source / name)
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--skip-dependency-check",
        "--outdir", dist, source, cwd=tmp_path)
    (wheel,) = dist.glob("dutymatrix-*.whl")

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                    cwd=tmp_path).strip())
    # Dependencies from this venv; a plain path line, so its editable dutymatrix hook
    # (a .pth file there) is not run and the wheel is what gets imported.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
        "--no-index", wheel, cwd=tmp_path)

    org = tmp_path / "org"
    for rel, text in ORG.items():
        (org / rel).parent.mkdir(parents=True, exist_ok=True)
        (org / rel).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    location = run(python, "-c", "import dutymatrix; print(dutymatrix.__file__)",
                   cwd=tmp_path, env=env)
    assert Path(location.strip()).is_relative_to(venv)
    output = run(venv / "bin" / "dutymatrix", "build", org, "-o", tmp_path / "out",
                 "--only", "jd", "--jobs", "1", cwd=tmp_path, env=env)
    assert "index.html" not in output  # --only jd builds no site
    page = (tmp_path / "out" / "jd" / "credit.manager.html").read_text(encoding="utf-8")
    assert "岗位说明书" in page and "XD-001" in page
    assert (tmp_path / "out" / "assets" / "document.css").is_file()
    assert (tmp_path / "out" / "jd" / "credit.manager.pdf").read_bytes().startswith(b"%PDF")

    # The rules' example cases are package data: explain reads them from the wheel.
    explained = run(venv / "bin" / "dutymatrix", "explain", "DM205", cwd=tmp_path, env=env)
    assert "Fails [loan]: a department with neither posts nor child departments" in explained
    assert "Defined in dutymatrix/checks/dm2_coverage.py" in explained
