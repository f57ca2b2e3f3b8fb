"""The JSON Schema agrees with the loader: samples validate, unknown fields fail both."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from clock import TODAY

from dutymatrix.checks import model_schema
from dutymatrix.engine import run_check
from dutymatrix.load import load_org

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FILES = sorted(
    p for folder in ("org", "examples") for p in (REPO_ROOT / folder).rglob("*.yaml")
)
GOOD = """\
org: {id: demo, name: {zh: 示例银行, en: Demo Bank}, raci: RASCI}
processes:
  - id: loan
    name: 贷款业务
    activities: [{id: approve, name: 贷款审批, dual_control: true}]
departments:
  - id: branch
    name: 分行
    duties: [负责全行工作]
    roles:
      - id: branch.manager
        title: 行长
        headcount: 1
        duties: [{text: 负责贷款审批, raci: {loan.approve: AS}}]
        qualifications: {education: 本科, skills: [信贷]}
        salary: {min: 1, max: 2.5, per: month}
committees: [{id: c, name: 委员会, members: [branch.manager], recusal: true}]
people: [{id: E1, name: 张三, holds: [branch.manager]}]
rules:
  sod: [{id: S1, activities: [loan.approve], at_most: 1, letters: RA, severity: warning}]
  authority:
    - {activity: loan.approve, bands: [{by: c, up_to: 100}, {by: branch.manager, over: 100}]}
waivers: [{rule: S1, subject: c, reason: 试点, approved_by: branch.manager, expires: 2027-01-31}]
checks: {disable: [DM701], severity: {DM302: warning}, options: {DM702: {max_length: 80}}}
"""


def _as_json(value: Any) -> Any:
    """What an editor's YAML 1.2 reader hands the schema: dates are strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value


def _errors(text: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(model_schema())
    return [e.message for e in validator.iter_errors(_as_json(yaml.safe_load(text)))]


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(model_schema())


def test_committed_schema_equals_command_output(cli: Callable[..., Any]) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    committed = (REPO_ROOT / "schema" / "dutymatrix.schema.json").read_text(encoding="utf-8")
    assert json.loads(result.output) == json.loads(committed), (
        "schema/dutymatrix.schema.json is stale: run `dutymatrix schema > "
        "schema/dutymatrix.schema.json`"
    )


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_sample_file_validates(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _errors(text) == []
    assert text.startswith("# yaml-language-server: $schema="), "editors need the $schema line"


def test_full_model_validates_and_loads(write_org: Callable[..., Path]) -> None:
    assert _errors(GOOD) == []
    result = load_org(str(write_org({"org.yaml": GOOD})))
    assert [f.rule for f in result.findings] == []


@pytest.mark.parametrize("old, new", [
    ("    name: 分行\n", "    name: 分行\n    colour: red\n"),  # unknown field
    ("        headcount: 1\n", "        headcount: many\n"),  # wrong type
    ("    duties: [负责全行工作]\n", "    duties: 负责全行工作\n"),  # a string, not a list
    ("severity: warning}]", "severity: fatal}]"),  # not one of the words
    ("rules:\n", "rulez:\n"),  # unknown section
    ("  - id: branch\n", "  - id: branch office\n"),  # malformed id
    ("{education: 本科,", "{education: {zh: 本科, fr: licence},"),  # text with a foreign key
    ("expires: 2027-01-31", "expires: soon"),  # not a date
])
def test_bad_file_fails_both_schema_and_loader(write_org: Callable[..., Path], old: str,
                                               new: str) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new)
    assert _errors(text), "the schema accepted it"
    assert load_org(str(write_org({"org.yaml": text}))).errors, "the loader accepted it"


def test_required_fields_agree(write_org: Callable[..., Path]) -> None:
    text = GOOD.replace("      - id: branch.manager\n        title: 行长\n",
                        "      - id: branch.manager\n")
    assert any("'title' is a required property" in e for e in _errors(text))
    findings = load_org(str(write_org({"org.yaml": text}))).findings
    assert any(f.rule == "DM121" and "`title`" in f.message for f in findings)


@pytest.mark.parametrize("options", [
    "{DM702: {max_length: 0}}",  # below the option's range
    "{DM303: {threshold: 1.5}}",  # above it
    "{DM702: {max_lenght: 80}}",  # not an option of the rule
    "{DM207: {strict: true}}",  # a rule without options
    "{DM701: {verbs: 把关}}",  # a string, not a list
])
def test_rule_options_are_typed_in_both_schema_and_engine(write_org: Callable[..., Path],
                                                          options: str) -> None:
    text = GOOD.replace("options: {DM702: {max_length: 80}}", f"options: {options}")
    assert _errors(text), "the schema accepted it"
    result = run_check(str(write_org({"org.yaml": text})), today=TODAY)
    assert result.load_failed and {f.rule for f in result.findings} <= {"DM106", "DM124"}


def test_option_schema_carries_each_options_doc_and_default() -> None:
    options = model_schema()["$defs"]["checks"]["properties"]["options"]["properties"]
    threshold = options["DM303"]["properties"]["threshold"]
    assert threshold["type"] == "number" and threshold["default"] == 0.8
    assert threshold["exclusiveMinimum"] == 0 and threshold["maximum"] == 1
    assert "Jaccard" in threshold["description"]
    from dutymatrix.checks.registry import REGISTRY

    # every rule that declares options, and only those, has its block
    assert set(options) == {rule.id for rule in REGISTRY.values() if rule.options}
    assert {"DM303", "DM401", "DM402", "DM801"} <= set(options)
    fixes = options["DM401"]["properties"]["fixes"]
    assert fixes["type"] == "integer" and fixes["default"] == 3 and fixes["minimum"] == 0
