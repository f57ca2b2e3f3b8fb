"""`dutymatrix init DIR`: a small org that passes check, with the schema next to it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import yaml
from click.testing import Result


def test_init_writes_an_org_that_passes_check(cli: Callable[..., Result],
                                              tmp_path: Path) -> None:
    target = tmp_path / "myorg"
    result = cli("init", str(target), "--lang", "en")
    assert result.exit_code == 0, result.output
    # After the files it wrote, one line says what to run next on this folder.
    last = result.output.splitlines()[-1]
    assert last.startswith("next:") and f"dutymatrix check {target} " in last
    yaml_files = sorted(target.rglob("*.yaml"))
    assert len(yaml_files) >= 3
    check = cli("check", str(target), "--format", "json")
    assert check.exit_code == 0, check.output
    summary = json.loads(check.stdout)["summary"]
    assert summary["error"] == 0 and summary["warning"] == 0
    # two departments, four posts (two of them one job profile), a process, an SoD rule
    export = json.loads(cli("export", str(target)).stdout)
    assert [len(d["roles"]) for d in export["departments"]] == [3, 1]
    assert [p["id"] for p in export["profiles"]] == ["buyer"]
    buyers = [r for d in export["departments"] for r in d["roles"] if r.get("profile")]
    assert [r["duties"][0]["text"]["zh"] for r in buyers] == [
        "负责提交财务部的采购申请并跟进到货", "负责提交华东采购组的采购申请并跟进到货"]
    assert len(export["processes"]) == 1 and len(export["rules"]["sod"]) == 1


def test_every_file_names_a_schema_that_exists_and_validates_it(cli: Callable[..., Result],
                                                                tmp_path: Path) -> None:
    target = tmp_path / "myorg"
    assert cli("init", str(target), "--lang", "en").exit_code == 0
    for path in target.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        schema_path = (path.parent / first.split("$schema=", 1)[1]).resolve()
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_init_never_overwrites(cli: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "myorg"
    assert cli("init", str(target), "--lang", "en").exit_code == 0
    (target / "org.yaml").write_text("# mine\n", encoding="utf-8")
    again = cli("init", str(target), "--lang", "en")
    assert again.exit_code == 2
    assert "org.yaml" in again.stderr and "overwrite" in again.stderr
    assert (target / "org.yaml").read_text(encoding="utf-8") == "# mine\n"


def test_init_lang_zh_writes_chinese_comments_and_the_org_still_checks(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "中文组织"
    result = cli("init", str(target), "--lang", "zh", env={"LANG": "en_US.UTF-8"})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("下一步：编辑这些 YAML 文件")
    for path in target.rglob("*.yaml"):
        comments = [line for line in path.read_text(encoding="utf-8").splitlines()
                    if line.lstrip().startswith("#") and "yaml-language-server" not in line]
        assert comments, path
        # Chinese sentences: the English words left are YAML keys, ids and commands.
        assert "the" not in " ".join(comments).split(), (path, comments)
        assert all(len(line) <= 100 for line in comments)
        assert not any(line.startswith(("# ：", "# ，", "# 。")) for line in comments)
    departments = (target / "departments" / "finance.yaml").read_text(encoding="utf-8")
    assert "profile: buyer                  # 名称和职责取自 profiles.yaml" in departments
    assert "`raci` 写明该职" in departments.replace("\n# ", "")
    profiles = (target / "profiles.yaml").read_text(encoding="utf-8")
    assert "{department}、{post} 和 {org} 按各岗位填入" in profiles.replace("\n# ", "")
    check = cli("check", str(target), "--format", "json")
    assert check.exit_code == 0, check.output
    assert json.loads(check.stdout)["summary"]["error"] == 0


def test_init_lang_zh_tw_and_en_comment_in_their_language(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    assert cli("init", str(tmp_path / "tw"), "--lang", "zh-TW").exit_code == 0
    hant = (tmp_path / "tw" / "people.yaml").read_text(encoding="utf-8")
    assert "# 誰擔任哪個崗位" in hant
    assert cli("init", str(tmp_path / "en"), "--lang", "en").exit_code == 0
    english = (tmp_path / "en" / "people.yaml").read_text(encoding="utf-8")
    assert "# Who holds which post. `acting` lists posts a person covers" in english
    assert cli("check", str(tmp_path / "tw")).exit_code == 0
