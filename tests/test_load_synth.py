"""The synthetic org generator writes a model the loader accepts, the same bytes each time;
and the size limit that keeps a huge file from being read."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dutymatrix.load import load_org

SYNTH = Path(__file__).resolve().parent.parent / "benchmarks" / "synth.py"


def _synth() -> object:
    spec = importlib.util.spec_from_file_location("synth", SYNTH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_org_loads_without_findings(tmp_path: Path) -> None:
    org_dir = _synth().write_synthetic_org(tmp_path / "org", 12, 4, 5, seed=3)
    result = load_org(str(org_dir))
    assert result.findings == []
    org = result.org
    assert org is not None
    assert len(org.departments) == 12 and len(org.roles) == 48
    assert all(len(r.duties) == 5 for r in org.roles.values())
    assert org.people and org.committees and org.sod_rules and org.authority and org.waivers
    assert any(d.raci for d in org.all_duties())


def test_synthetic_org_is_deterministic(tmp_path: Path) -> None:
    synth = _synth()
    first = synth.write_synthetic_org(tmp_path / "a", 3, 2, 3, seed=7)
    second = synth.write_synthetic_org(tmp_path / "b", 3, 2, 3, seed=7)
    files = sorted(p.relative_to(first) for p in first.rglob("*.yaml"))
    assert files == sorted(p.relative_to(second) for p in second.rglob("*.yaml"))
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from dutymatrix.load import reader

    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1000)
    root = tmp_path / "org"
    root.mkdir()
    (root / "org.yaml").write_text("org: {id: a, name: b}\n", encoding="utf-8")
    (root / "big.yaml").write_text("# " + "x" * 2000 + "\n", encoding="utf-8")
    result = load_org(str(root))
    [f] = result.findings
    assert f.rule == "DM117" and "too large" in f.message
    assert f.loc is not None and f.loc.file.endswith("big.yaml")
