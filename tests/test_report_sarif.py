"""SARIF 2.1.0: valid against the OASIS schema, relative URIs, stable fingerprints."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from clock import TODAY
from report_fixtures import REPORT_ORG

from dutymatrix.engine import CheckResult, run_check
from dutymatrix.report import FORMATTERS, ReportOptions

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)


def sarif(result: CheckResult) -> dict:
    return json.loads(FORMATTERS["sarif"](result, ReportOptions()))


@pytest.fixture
def org_dir(write_org: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_org({"departments/信贷部.yaml": REPORT_ORG})
    monkeypatch.chdir(root.parent)  # paths are reported relative to where CI runs
    return Path(root.name)


def test_output_is_valid_sarif_2_1_0(org_dir: Path) -> None:
    document = sarif(run_check(str(org_dir), today=TODAY))
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    assert document["version"] == "2.1.0"


def test_load_failure_is_valid_sarif_too(write_org: Callable[..., Path]) -> None:
    result = run_check(str(write_org({"org.yaml": "org: {id: demo\n"})), today=TODAY)
    document = sarif(result)
    jsonschema.Draft4Validator(SCHEMA).validate(document)
    assert document["runs"][0]["results"][0]["ruleId"] == "DM101"
    assert document["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_rules_come_from_the_catalogue_with_help(org_dir: Path) -> None:
    result = run_check(str(org_dir), today=TODAY)
    driver = sarif(result)["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == list(result.rules)
    sod = next(r for r in driver["rules"] if r["id"] == "DM401")
    assert sod["name"] == "sod-conflict"
    assert "Fails (" in sod["help"]["text"] and "```yaml" in sod["help"]["markdown"]


def test_results_point_at_relative_files_with_one_based_regions(org_dir: Path) -> None:
    result = run_check(str(org_dir), today=TODAY)
    run = sarif(result)["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert run["results"]
    for item in run["results"]:
        location = item["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert not uri.startswith("/") and "://" not in uri
        assert uri == "org/departments/%E4%BF%A1%E8%B4%B7%E9%83%A8.yaml"
        assert location["region"]["startLine"] >= 1 and location["region"]["startColumn"] >= 1
        assert rule_ids[item["ruleIndex"]] == item["ruleId"]


def test_waived_finding_is_a_suppressed_result(org_dir: Path) -> None:
    results = sarif(run_check(str(org_dir), today=TODAY))["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert [(r["ruleId"], r["properties"]["subject"]) for r in suppressed] == [
        ("DM207", "credit.clerk")]


def test_fingerprints_are_stable_across_runs_and_line_shifts(
    write_org: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fingerprints(text: str, name: str) -> dict[str, str]:
        root = write_org({"org.yaml": text}, name=name)
        monkeypatch.chdir(root)
        results = sarif(run_check(".", today=TODAY))["runs"][0]["results"]
        return {
            f"{r['ruleId']} {r['properties']['subject']}":
                r["partialFingerprints"]["dutymatrixFinding/v1"]
            for r in results
        }

    first = fingerprints(REPORT_ORG, "a")
    assert first == fingerprints(REPORT_ORG, "b")
    # A comment on top moves every line; the findings are the same findings.
    shifted = fingerprints("# 2026 修订\n\n" + REPORT_ORG, "c")
    assert shifted == first
    assert len(set(first.values())) == len(first)
