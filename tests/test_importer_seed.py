"""`dutymatrix import` on the seed: the bank's departments and posts with their duty counts,
the OCR slips reported, and an output that loads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from dutymatrix.importer import ImportOptions, import_files

REPO_ROOT = Path(__file__).resolve().parent.parent
# The seed documents are not part of the repository: they sit beside the clone
# (../shared/seed) where the project keeps them, or wherever DUTYMATRIX_SEED points.
SEED_DIR = Path(os.environ.get("DUTYMATRIX_SEED") or REPO_ROOT.parent / "shared" / "seed")
SEED = SEED_DIR / "000_40fa2196a084d8fe.txt"

if not SEED.exists():  # one skip line for the module, saying why and what to do
    pytest.skip(
        f"the seed text {SEED} is not there (it is not in the repository); set "
        "DUTYMATRIX_SEED to the folder holding 000_40fa2196a084d8fe.txt to run these tests",
        allow_module_level=True,
    )

DEPARTMENT_DUTIES = {
    "资产负债管理部": 18,
    "信贷管理部": 19,
    "票据中心": 7,
    "客户一部": 14,
    "客户二部": 10,
}
POST_DUTIES = {
    "资产负债管理部经理": 10,
    "信贷管理部经理": 10,
    "票据中心经理": 8,
    "客户一部经理": 6,
    "客户二部经理": 9,
    "信贷人员": 7,
    "信贷部经理": 7,
    "信贷业务部经理": 9,
    "风控总监": 8,
    "风控专员": 4,
}


@pytest.fixture(scope="module")
def imported() -> tuple[dict, list[str], str]:
    # English comments and warnings, whatever the environment: this module-scoped fixture
    # runs before the suite's per-test English environment is set.
    result = import_files(ImportOptions(files=(SEED,), department=None, suggest_raci=True,
                                        lang="en"))
    return yaml.safe_load(result.yaml), result.warnings, result.yaml


def _departments(model: dict) -> dict[str, dict]:
    return {d["name"]: d for d in model["departments"]}


def _posts(model: dict) -> dict[str, dict]:
    return {r["title"]: r for d in model["departments"] for r in d.get("roles", [])}


@pytest.mark.parametrize(("name", "count"), sorted(DEPARTMENT_DUTIES.items()))
def test_seed_departments_have_their_duty_counts(imported, name: str, count: int) -> None:
    model, _, _ = imported
    assert len(_departments(model)[name]["duties"]) == count


@pytest.mark.parametrize(("title", "count"), sorted(POST_DUTIES.items()))
def test_seed_posts_have_their_duty_counts(imported, title: str, count: int) -> None:
    model, _, _ = imported
    assert len(_posts(model)[title]["duties"]) == count


def test_managers_sit_in_their_departments(imported) -> None:
    model, _, _ = imported
    departments = _departments(model)
    for dept, post in [("资产负债管理部", "资产负债管理部经理"), ("信贷管理部", "信贷管理部经理"),
                       ("票据中心", "票据中心经理"), ("客户一部", "客户一部经理"),
                       ("客户二部", "客户二部经理")]:
        assert post in [r["title"] for r in departments[dept]["roles"]]


def test_chunk_numbers_do_not_split_a_duty(imported) -> None:
    model, _, _ = imported
    ke_zhang = _posts(model)["科长"]["duties"]
    # "…符合\n2、听证条件的…" is one duty, not two
    assert any("符合听证条件的行政许可事项" in duty for duty in ke_zhang)
    alm = _departments(model)["资产负债管理部"]["duties"]
    assert alm[5] == "负责对人民银行准备金存款和全行头寸资金的管理"


def test_lost_and_glued_numbers_are_duties(imported) -> None:
    model, _, _ = imported
    bills = _departments(model)["票据中心"]["duties"]
    assert bills[0] == "负责全行票据贴现业务管理工作"  # "职责、负责…": lost number 1
    assert bills[2] == "负责票据贴现业务市场调研、发展规划制定"  # "; 、负责…": lost 3
    manager = _posts(model)["信贷管理部经理"]["duties"]
    assert manager[5].startswith("负责贷审会办公室日常工作")  # "…工作名6、负责": glued 6


def test_posts_without_department_heading_get_the_document_heading(imported) -> None:
    model, _, _ = imported
    departments = _departments(model)
    qiandaofang = departments["信贷业务"]
    assert [r["title"] for r in qiandaofang["roles"]][:4] == [
        "信贷业务部经理", "信贷客户经理", "风控总监", "风控专员"]


def test_prose_is_left_out_and_listed(imported) -> None:
    model, _, text = imported
    every_duty = [d for dept in model["departments"] for d in dept.get("duties", [])]
    every_duty += [d for post in _posts(model).values() for d in post.get("duties", [])]
    assert not any("直催" in d or "课程" in d for d in every_duty)
    tail = text.split("# Left out", 1)[1]
    assert "课程介绍" in tail and "审贷委员会是虚设部门" in tail


def test_ocr_slips_are_reported_not_changed(imported) -> None:
    model, warnings, _ = imported
    slips = {w.split(": ", 1)[1].split(" looks like")[0] for w in warnings if "OCR slip" in w}
    assert {"负贵", "监怪", "枪查"} <= slips
    first = next(w for w in warnings if "负贵" in w)
    file, line, col, _ = first.split(":", 3)
    assert file == str(SEED) and int(line) >= 1 and int(col) >= 1
    raw_line = SEED.read_text(encoding="utf-8").splitlines()[int(line) - 1]
    assert raw_line[int(col) - 1:int(col) + 1] == "负贵"
    assert any("负贵" in d for d in _departments(model)["信贷管理部"]["duties"])


def test_raci_suggestions_are_comments(imported) -> None:
    model, _, text = imported
    assert '"负责全行票据贴现业务管理工作"  # suggest: R' in text
    assert "# suggest: A" in text  # 负责签署…审定意见
    assert all(isinstance(d, str) for d in _departments(model)["票据中心"]["duties"])


def test_seed_import_loads(imported, tmp_path: Path) -> None:
    from dutymatrix.load import load_org

    _, _, text = imported
    (tmp_path / "org.yaml").write_text(text, encoding="utf-8")
    result = load_org(tmp_path)
    assert result.errors == []
    assert result.org is not None
    assert len(result.org.departments) == len(imported[0]["departments"])


def test_seed_import_checks_with_cli(cli, tmp_path: Path) -> None:
    imported = cli("import", str(SEED))
    assert imported.exit_code == 0
    (tmp_path / "org.yaml").write_text(imported.stdout, encoding="utf-8")
    checked = cli("check", str(tmp_path), "--format", "json")
    assert checked.exit_code in (0, 1), checked.output
