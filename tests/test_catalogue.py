"""The rule catalogue: every rule's example cases (dutymatrix/checks/examples/*.yaml) do
what they say, its entry is complete, and ``explain`` shows where it is defined."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml
from clock import TODAY

from dutymatrix.checks import REGISTRY, Case, examples_for, explain_rule, model_schema
from dutymatrix.checks import cases as cases_module
from dutymatrix.checks.registry import CATALOGUE, FAMILY_MODULES, module_path
from dutymatrix.engine import run_check
from dutymatrix.errors import UsageError
from dutymatrix.findings import Rule

RULES = list(REGISTRY.values())
CASES = [(rule.id, case) for rule in RULES for case in examples_for(rule.id).cases]
CASE_IDS = [f"{rule.id}-{n}-{case.expect}" for rule in RULES
            for n, case in enumerate(examples_for(rule.id).cases, start=1)]


def _findings_of(rule_id: str, case: Case, write_org: Callable[..., Path]) -> list[object]:
    root = write_org({})
    (root / "org.yaml").write_bytes(case.file_bytes())
    result = run_check(str(root), today=TODAY)
    return [f for f in result.active_findings if f.rule == rule_id]


@pytest.mark.parametrize(("rule_id", "case"), CASES, ids=CASE_IDS)
def test_example_case(rule_id: str, case: Case, write_org: Callable[..., Path]) -> None:
    found = _findings_of(rule_id, case, write_org)
    if case.expect == "pass":
        assert found == [], f"{case.name}: {rule_id} reported"
    elif case.count is not None:
        assert len(found) == case.count, f"{case.name}: {len(found)} findings"
    else:
        assert found, f"{case.name}: {rule_id} not reported"


def _as_json(value: object) -> object:
    """What an editor's YAML 1.2 reader hands the schema: dates are strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value


# The loader's failing cases are broken files on purpose; every other case is a model
# file an editor would accept.
VALID_CASES = [(r, c) for r, c in CASES if c.expect == "pass" or not r.startswith("DM1")]


@pytest.mark.parametrize(("rule_id", "case"), VALID_CASES,
                         ids=[f"{r}-{c.expect}-{i}" for i, (r, c) in enumerate(VALID_CASES)])
def test_example_org_validates_against_the_schema(rule_id: str, case: Case) -> None:
    validator = jsonschema.Draft202012Validator(model_schema())
    document = _as_json(yaml.safe_load(case.file_bytes()))
    errors = [e.message for e in validator.iter_errors(document)]
    assert errors == [], f"{rule_id} {case.name}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_has_failing_and_passing_cases(rule: Rule) -> None:
    examples = examples_for(rule.id)
    assert len(examples.failing) >= 2 and len(examples.passing) >= 2
    names = [c.name for c in examples.cases]
    assert len(set(names)) == len(names)


def test_every_example_file_belongs_to_a_rule() -> None:
    assert cases_module.example_files() == sorted(REGISTRY)


def test_catalogue_lists_each_rule_once_sorted_in_every_family() -> None:
    ids = [rule.id for rule in CATALOGUE]
    assert len(ids) == len(set(ids)) == len(REGISTRY)
    assert ids == sorted(ids) == list(REGISTRY)
    assert {rule_id[:3] for rule_id in ids} == {"DM1", "DM2", "DM3", "DM4", "DM5", "DM6",
                                                "DM7", "DM8"}


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_catalogue_entry_is_complete(rule: Rule) -> None:
    assert re.fullmatch(r"DM[1-8]\d\d", rule.id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.summary and "\n" not in rule.summary
    assert rule.finds.strip() and rule.why.strip() and rule.fix.strip()
    if rule.id >= "DM2" and not rule.id.startswith("DM6"):
        assert rule.check is not None
    for option in rule.options.values():
        assert option.doc.strip()


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_explain_names_the_module_that_defines_the_rule(rule: Rule) -> None:
    text = explain_rule(rule.id)
    match = re.search(r"^Defined in (\S+\.py); examples in (\S+\.yaml)$", text, re.M)
    assert match, text[:300]
    path, examples = match.groups()
    assert path == module_path(rule.id)
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    assert module in FAMILY_MODULES
    defined = [v for v in vars(module).values() if v is rule] + [
        item for v in vars(module).values() if isinstance(v, tuple) for item in v
        if item is rule]
    assert defined, f"{path} does not define {rule.id}"
    if rule.check is not None:
        assert rule.check.__module__ == module.__name__
    assert (Path(__file__).resolve().parent.parent / examples).is_file()


def test_names_are_unique() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


def test_explain_prints_the_sections_in_order_and_every_case() -> None:
    text = explain_rule("DM303")
    positions = [text.index(title) for title in (
        "What it finds", "Why it matters", "Options (under checks.options.DM303)",
        "Examples", "How to fix")]
    assert positions == sorted(positions)
    assert "threshold: a number in (0, 1], default 0.8" in text
    for case in examples_for("DM303").cases:
        assert f": {case.name}\n" in text
    assert text.count("start with:") == 1  # the shared head is printed once


def test_explain_shows_control_characters_and_raw_bytes_as_escapes() -> None:
    tab = explain_rule("DM115")
    assert "\t" not in tab and "\\t" in tab
    raw = explain_rule("DM116")
    assert "\\xca\\xbe" in raw


def test_explain_accepts_names_and_lower_case() -> None:
    assert explain_rule("sod-conflict") == explain_rule("dm401")


def test_explain_unknown_id_suggests_the_close_one() -> None:
    with pytest.raises(UsageError, match=r"DM401"):
        explain_rule("DM4O1")


def test_a_broken_case_file_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "heads.yaml").write_text("loan: 'org: {id: a, name: b}\n'\n", encoding="utf-8")
    (tmp_path / "DM205.yaml").write_text(
        "rule: DM205\ncases:\n  - {name: x, expect: maybe, org: ''}\n", encoding="utf-8")
    monkeypatch.setattr(cases_module, "_folder", lambda: tmp_path)
    cases_module.examples_for.cache_clear()
    cases_module.heads.cache_clear()
    try:
        with pytest.raises(cases_module.ExampleFileError, match=r"DM205.yaml: case 1 .*fail"):
            cases_module.examples_for("DM205")
    finally:
        cases_module.examples_for.cache_clear()
        cases_module.heads.cache_clear()


def test_cli_rules_lists_every_rule(cli: Callable[..., object]) -> None:
    result = cli("rules")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.splitlines() if line.strip()]
    assert listed == list(REGISTRY)
    rows = json.loads(cli("rules", "--format", "json").output)
    assert [row["id"] for row in rows] == list(REGISTRY)


def test_cli_explain(cli: Callable[..., object]) -> None:
    result = cli("explain", "DM401", "--lang", "en")
    assert result.exit_code == 0
    assert "sod-conflict" in result.output
    assert "Defined in dutymatrix/checks/dm4_sod.py" in result.output
    unknown = cli("explain", "DM999", "--lang", "en")
    assert unknown.exit_code == 2
    assert "unknown check id" in unknown.stderr
