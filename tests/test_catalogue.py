"""The rule catalogue: every rule's failing example raises it, its passing example does not."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from clock import TODAY

from dutymatrix.checks import REGISTRY, explain_rule
from dutymatrix.engine import run_check
from dutymatrix.errors import UsageError
from dutymatrix.findings import Rule

RULES = list(REGISTRY.values())


def _run_example(write_org: Callable[..., Path], text: str) -> set[str]:
    root = write_org({})
    # Examples of undecodable files (DM116) keep their raw bytes as lone surrogates.
    (root / "org.yaml").write_bytes(text.encode("utf-8", "surrogateescape"))
    result = run_check(str(root), today=TODAY)
    return {f.rule for f in result.active_findings}


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_bad_example_raises_its_rule(rule: Rule, write_org: Callable[..., Path]) -> None:
    assert rule.id in _run_example(write_org, rule.bad)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_good_example_does_not_raise_its_rule(
    rule: Rule, write_org: Callable[..., Path]
) -> None:
    assert rule.id not in _run_example(write_org, rule.good)


def test_catalogue_covers_every_family_and_is_sorted() -> None:
    ids = list(REGISTRY)
    assert ids == sorted(ids)
    families = {rule_id[:3] for rule_id in ids}
    assert families == {"DM1", "DM2", "DM3", "DM4", "DM5", "DM6", "DM7"}


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_catalogue_entry_is_complete(rule: Rule) -> None:
    assert re.fullmatch(r"DM[1-7]\d\d", rule.id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.summary and "\n" not in rule.summary
    assert rule.doc.strip()
    assert rule.bad != rule.good
    if rule.id >= "DM2":
        assert rule.id.startswith("DM6") or rule.check is not None


def test_names_are_unique() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


def test_explain_prints_doc_and_both_examples() -> None:
    text = explain_rule("DM401")
    rule = REGISTRY["DM401"]
    assert text.startswith("DM401 sod-conflict")
    assert rule.summary in text
    assert "Fails:" in text and "Passes:" in text
    assert "SOD-LOAN-1" in text  # from the examples


def test_explain_accepts_names_and_lower_case() -> None:
    assert explain_rule("sod-conflict") == explain_rule("dm401")


def test_explain_unknown_id_suggests_the_close_one() -> None:
    with pytest.raises(UsageError, match=r"DM401"):
        explain_rule("DM4O1")


def test_cli_rules_lists_every_rule(cli: Callable[..., object]) -> None:
    result = cli("rules")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.splitlines() if line.strip()]
    assert listed == list(REGISTRY)


def test_cli_explain(cli: Callable[..., object]) -> None:
    result = cli("explain", "DM401")
    assert result.exit_code == 0
    assert "sod-conflict" in result.output
    unknown = cli("explain", "DM999")
    assert unknown.exit_code == 2
    assert "unknown check id" in unknown.stderr
