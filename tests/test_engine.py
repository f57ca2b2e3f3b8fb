"""The engine: configuration (disable, severity, options), validation, sorting, load failure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from clock import TODAY

from dutymatrix.engine import CheckResult, check_org, run_check
from dutymatrix.findings import Finding, Severity
from dutymatrix.load import load_org

ORG = """\
org: {id: demo, name: 示例银行}
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
        title: 经理
        key: true
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: A}
          - 信贷档案的整理
"""


@pytest.fixture
def check(write_org: Callable[..., Path]) -> Callable[[str], CheckResult]:
    def run(config: str = "") -> CheckResult:
        return run_check(str(write_org({"org.yaml": ORG + config})), today=TODAY)

    return run


def rules(result: CheckResult) -> set[str]:
    return {f.rule for f in result.active_findings}


def test_default_run(check) -> None:
    result = check()
    assert not result.load_failed
    assert {"DM202", "DM207", "DM701"} <= rules(result)
    assert result.summary == {"error": 1, "warning": 1, "info": 1, "waived": 0}


def test_findings_are_sorted_by_place(check) -> None:
    findings = check().findings
    assert findings == sorted(findings, key=Finding.sort_key)


def test_disable_a_rule(check) -> None:
    result = check("checks:\n  disable: [DM701, DM207]\n")
    assert "DM701" not in rules(result) and "DM207" not in rules(result)
    assert "DM701" not in result.rules  # the catalogue used (SARIF) leaves it out too
    assert "DM202" in rules(result)


def test_change_a_severity(check) -> None:
    result = check("checks:\n  severity: {DM207: warning, DM701: error}\n")
    by_rule = {f.rule: f.severity for f in result.active_findings}
    assert by_rule["DM207"] is Severity.WARNING
    assert by_rule["DM701"] is Severity.ERROR


def test_unknown_rule_id_is_a_load_error_with_a_suggestion(check) -> None:
    result = check("checks:\n  disable: [DM207]\n  severity: {DM709: warning}\n")
    assert result.load_failed
    [problem] = result.findings
    assert problem.rule == "DM123"
    assert "DM701" in problem.message  # did you mean
    assert problem.loc is not None and problem.loc.line == ORG.count("\n") + 3


def test_unknown_option_and_bad_value(check) -> None:
    result = check(
        "checks:\n  options:\n    DM702: {max_lenght: 80}\n    DM303: {threshold: 1.5}\n"
    )
    assert result.load_failed
    by_rule = {f.rule: f.message for f in result.findings}
    assert "max_length" in by_rule["DM106"]  # did you mean
    assert "(0, 1]" in by_rule["DM124"]


def test_option_errors_point_at_the_option_or_its_value(check) -> None:
    config = ("checks:\n  options:\n    DM303:\n      threshold: 2\n      ngram: 2.5\n"
              "      min_char: 4\n    DM701: {verbs: 把关}\n    DM702: {max_words: true}\n")
    result = check(config)
    assert result.load_failed
    first = ORG.count("\n") + 4  # the line of `threshold: 2`
    found = {(f.rule, f.loc.line, f.loc.col): f for f in result.findings if f.loc}
    threshold = found[("DM124", first, 18)]
    assert threshold.message == "checks.options.DM303.threshold: expected a number in (0, 1], got 2"
    assert "Jaccard" in threshold.hint  # the option's own doc
    assert found[("DM124", first + 1, 14)].message.endswith("expected a whole number ≥ 1, got 2.5")
    assert "(did you mean min_chars?)" in found[("DM106", first + 2, 7)].message
    assert found[("DM124", first + 3, 20)].message.endswith("expected a list of strings")
    assert found[("DM124", first + 4, 24)].message.endswith("expected a number, got true")
    assert len(result.findings) == 5


def test_huge_or_odd_option_values_are_findings_not_tracebacks(check) -> None:
    huge = "9" * 400
    result = check(f"checks:\n  options:\n    DM303: {{threshold: {huge}}}\n"
                   f"    DM702: {{max_words: [{', '.join(['x'] * 50)}]}}\n")
    messages = [f.message for f in result.findings if f.rule == "DM124"]
    assert len(messages) == 2
    assert messages[0].endswith("got 99999999999999999999…")  # cut, not 400 digits
    assert len(messages[1]) < 150


def test_each_rule_of_a_shared_pass_gets_its_own_options(write_org: Callable[..., Path]) -> None:
    """DM701 and DM702 share one pass over the duties; each reads its own options."""
    org = ORG.replace("          - 信贷档案的整理\n", "          - 把关信贷档案的整理和保管工作\n")
    config = "checks:\n  options:\n    DM701: {verbs: [把关]}\n    DM702: {max_length: 8}\n"
    result = run_check(str(write_org({"org.yaml": org + config})), today=TODAY)
    found = rules(result)
    assert "DM701" not in found and "DM702" in found


def test_option_values_reach_the_rule(check) -> None:
    long_org = "checks:\n  options:\n    DM702: {max_length: 5}\n"
    assert "DM702" in rules(check(long_org))
    assert "DM702" not in rules(check())


def test_load_failure_returns_only_load_findings(write_org: Callable[..., Path]) -> None:
    result = run_check(str(write_org({"org.yaml": "org: {id: demo, name: [broken\n"})), today=TODAY)
    assert result.load_failed and result.org is None
    assert {f.rule for f in result.findings} == {"DM101"}


def test_check_org_is_deterministic(write_org: Callable[..., Path]) -> None:
    loaded = load_org(str(write_org({"org.yaml": ORG})))
    assert loaded.org is not None
    first = check_org(loaded.org, loaded.findings, today=TODAY)
    second = check_org(loaded.org, loaded.findings, today=TODAY)
    assert [f.to_json() for f in first.findings] == [f.to_json() for f in second.findings]
