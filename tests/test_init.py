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
    result = cli("init", str(target))
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
    assert cli("init", str(target)).exit_code == 0
    for path in target.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        schema_path = (path.parent / first.split("$schema=", 1)[1]).resolve()
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_init_never_overwrites(cli: Callable[..., Result], tmp_path: Path) -> None:
    target = tmp_path / "myorg"
    assert cli("init", str(target)).exit_code == 0
    (target / "org.yaml").write_text("# mine\n", encoding="utf-8")
    again = cli("init", str(target))
    assert again.exit_code == 2
    assert "org.yaml" in again.stderr and "overwrite" in again.stderr
    assert (target / "org.yaml").read_text(encoding="utf-8") == "# mine\n"
