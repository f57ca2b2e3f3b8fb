"""`dutymatrix build` speaks the documents' language: the org's locale, or --lang.

The summary, its warnings and the errors of a build follow the document language, not the
terminal's (a zh-CN bank's CI on an English runner still reads Chinese).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("jd", "raci", "orgchart", "audit", "site")


def _without_ids(line: str, out: Path) -> str:
    """The line without the output path, file paths and part names: only its words left."""
    line = line.replace(str(out), "")
    line = re.sub(r"[\w./-]+\.(?:html|pdf|docx|md|svg|xlsx|csv|json|js|css)", "", line)
    for kind in KINDS:
        line = re.sub(rf"\b{kind}\b", "", line)
    return line


@pytest.mark.slow  # renders the sample bank's org chart
def test_the_sample_bank_builds_with_a_chinese_summary(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    env = {"LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"}  # the terminal's language: ignored
    result = cli("build", str(ROOT / "org"), "-o", str(out), "--only", "orgchart", env=env)
    assert result.exit_code == 0, result.output
    first, *rest = result.stdout.splitlines()
    assert first.startswith("已生成 orgchart（简体中文）到 "), first
    assert re.search(r"：重新生成 \d+ 个，删除 0 个，未变 0 个$", first), first
    for line in (first, *rest):
        assert not re.search("[A-Za-z]", _without_ids(line, out)), line
    again = cli("build", str(ROOT / "org"), "-o", str(out), "--only", "orgchart", env=env)
    assert "：重新生成 0 个，删除 0 个，未变 " in again.stdout


@pytest.mark.slow
def test_lang_chooses_the_summary_language(cli: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "out"
    hant = cli("build", str(ROOT / "org"), "-o", str(out), "--only", "orgchart",
               "--lang", "zh-TW")
    assert hant.stdout.startswith("已產生 orgchart（繁體中文）到 "), hant.stdout
    assert "重新產生" in hant.stdout and "個" in hant.stdout
    english = cli("build", str(ROOT / "org"), "-o", str(out), "--only", "orgchart",
                  "--lang", "en")
    assert re.match(r"built orgchart \(English\) in .*: \d+ rebuilt, 0 removed, 0 unchanged",
                    english.stdout), english.stdout


def test_a_build_error_is_said_in_the_orgs_language(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    in_the_way = tmp_path / "out"
    in_the_way.write_text("not a folder", encoding="utf-8")
    result = cli("build", str(ROOT / "org"), "-o", str(in_the_way), "--only", "orgchart",
                 env={"LANG": "en_US.UTF-8"})
    assert result.exit_code == 2
    assert result.stderr == f"dutymatrix: -o {in_the_way}：已存在且不是文件夹；请另选输出文件夹\n"
    english = cli("build", str(ROOT / "org"), "-o", str(in_the_way), "--lang", "en")
    assert "exists and is not a folder; choose another output folder" in english.stderr


def test_a_broken_template_is_reported_in_traditional_chinese(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "index.html").write_text("<p>{{ 1 / 0 }}</p>\n", encoding="utf-8")
    result = cli("build", str(ROOT / "org"), "-o", str(tmp_path / "out"), "--only", "site",
                 "--templates", str(templates), "--lang", "zh-TW")
    assert result.exit_code == 2
    assert "index.html:1：執行範本時發生錯誤，請修正該行的運算式" in result.stderr, result.stderr
    assert result.stderr.rstrip().endswith("（原文：「ZeroDivisionError: division by zero」）")
