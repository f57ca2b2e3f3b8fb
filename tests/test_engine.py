"""The engine: configuration (disable, severity, options), validation, sorting, load failure."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from clock import TODAY

from dutymatrix.checks import REGISTRY
from dutymatrix.engine import CheckResult, check_org, resolve_config, run_check
from dutymatrix.findings import Finding, Severity
from dutymatrix.load import load_org
from dutymatrix.model import CheckConfig, Loc

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


# --- the configuration, validated (resolve_config on a CheckConfig, as the loader makes) ---

HERE = Loc("org.yaml", 40, 3)


def at(n: int) -> Loc:
    return Loc("org.yaml", n, 5)


def problems(**config: object) -> list[tuple[str, str, str, str, Loc | None, str]]:
    """(rule, name, subject, message, loc, hint) of each configuration problem."""
    _, found = resolve_config(CheckConfig(loc=HERE, **config))  # type: ignore[arg-type]
    return [(f.rule, f.name, f.subject, f.message, f.loc, f.hint) for f in found]


def test_unknown_ids_in_each_part_of_the_config_point_at_the_entry() -> None:
    locs = {"disable.DM709": at(1), "severity.DM2O8": at(2), "options.DM999": at(3)}
    hint = "`dutymatrix rules` lists the check ids"
    found = problems(disable=("DM709",), severity={"DM2O8": "warning"},
                     options={"DM999": {"x": 1}}, locs=locs)
    # The closest id comes first; the other suggestions (up to three in all) are real
    # check ids, whichever rules exist when this runs.
    expected = [("disable", "DM709", "DM702"), ("severity", "DM2O8", "DM208"),
                ("options", "DM999", "DM209")]
    assert len(found) == len(expected)
    for (section, typo, closest), problem, loc in zip(expected, found, (at(1), at(2), at(3)),
                                                      strict=True):
        rule, name, subject, message, where, said = problem
        assert (rule, name, subject, where, said) == ("DM123", "unknown-check-id", "checks",
                                                      loc, hint)
        shape = re.fullmatch(rf"checks\.{section} names `{typo}`, which is not a check "
                             r"\(did you mean (DM\d{3})((?:, DM\d{3}){0,2})\?\)", message)
        assert shape, message
        assert shape[1] == closest
        assert all(i in REGISTRY for i in re.findall(r"DM\d{3}", shape[2]))


def test_an_entry_without_its_own_position_points_at_the_section() -> None:
    [problem] = problems(disable=("DM709",))
    assert problem[4] == HERE


def test_a_severity_that_is_not_one_is_named() -> None:
    assert problems(severity={"DM207": "loud"}, locs={"severity.DM207": at(2)}) == [
        ("DM124", "bad-value", "checks",
         "checks.severity.DM207 is `loud`; use error, warning or info", at(2), "")]


def test_unknown_options_list_the_ones_the_check_has() -> None:
    found = problems(options={"DM702": {"max_lenght": 80}, "DM207": {"x": 1}},
                     locs={"options.DM702": at(3)})
    # A check without options says it takes none.
    *found, without = found
    assert without[:3] == ("DM106", "unknown-field", "checks") and without[4:] == (
        HERE, "`dutymatrix explain DM207` describes its options")
    assert without[3] == "DM207 has no option `x`: it takes none"
    assert found == [
        ("DM106", "unknown-field", "checks",
         "DM702 has no option `max_lenght` (did you mean max_length?) "
         "(options: max_length, max_words)", at(3),
         "`dutymatrix explain DM702` describes its options"),
    ]


@pytest.mark.parametrize(("rule", "name", "value", "error"), [
    ("DM303", "threshold", 1.5, "expected a number in (0, 1], got 1.5"),
    ("DM303", "threshold", 0, "expected a number in (0, 1], got 0"),
    ("DM303", "threshold", True, "expected a number, got true"),  # as YAML spells it
    ("DM303", "threshold", "高", "expected a number, got '高'"),
    ("DM303", "ngram", 0, "expected a whole number ≥ 1, got 0"),
    ("DM303", "ngram", 2.5, "expected a whole number ≥ 1, got 2.5"),
    ("DM701", "verbs", "负责", "expected a list of strings"),
    ("DM701", "verbs", ["负责", 1], "expected a list of strings"),
])
def test_a_bad_option_value_says_what_was_expected(rule: str, name: str, value: object,
                                                   error: str) -> None:
    [(*problem, hint)] = problems(options={rule: {name: value}},
                                  locs={f"options.{rule}": at(4)})
    assert tuple(problem) == ("DM124", "bad-value", "checks",
                              f"checks.options.{rule}.{name}: {error}",
                              at(4))
    # The hint says what the option is and what it takes.
    assert hint.startswith(f"{name}: ") and error.split(",")[0].split("expected ")[1] in hint


@pytest.mark.parametrize(("rule", "name", "value", "taken"), [
    ("DM303", "threshold", 1, 1.0),       # the top of (0, 1] is in
    ("DM303", "threshold", 0.5, 0.5),
    ("DM303", "ngram", 1, 1),             # the least whole number
    ("DM303", "ngram", 2.0, 2),           # a whole number written as a float
    ("DM701", "verbs", ["负责"], ["负责"]),
])
def test_good_option_values_are_taken_in_the_options_type(rule: str, name: str,
                                                          value: object, taken: object) -> None:
    settings, found = resolve_config(CheckConfig(options={rule: {name: value}}))
    assert found == []
    got = settings.options_for(REGISTRY[rule])[name]
    assert got == taken and type(got) is type(taken)


# --- what check_org hands back -----------------------------------------------------------

def test_a_bad_config_keeps_the_org_and_checks_nothing(check) -> None:
    result = check("checks:\n  options:\n    DM702: {max_lenght: 80}\n")
    assert result.load_failed and result.org is not None
    assert {f.rule for f in result.findings} == {"DM106"}


def test_loader_warnings_are_reported_and_can_be_disabled(write_org) -> None:
    # An empty model file is a loader warning (DM120), not an error.
    def rules_with(config: str) -> set[str]:
        folder = write_org({"org.yaml": ORG + config, "notes.yaml": ""})
        return rules(run_check(str(folder), today=TODAY))

    assert "DM120" in rules_with("")
    assert "DM120" not in rules_with("checks:\n  disable: [DM120]\n")


def test_disabling_the_first_checks_leaves_the_later_ones_running(check) -> None:
    first = next(r.id for r in REGISTRY.values() if r.check is not None)
    result = check(f"checks:\n  disable: [{first}]\n")
    assert first not in rules(result)
    assert "DM207" in rules(result)  # the key post has no backup


def test_checking_leaves_the_garbage_collector_as_it_found_it(write_org) -> None:
    loaded = load_org(str(write_org({"org.yaml": ORG})))
    assert loaded.org is not None and gc.isenabled()
    check_org(loaded.org, loaded.findings, today=TODAY)
    assert gc.isenabled()
    gc.disable()
    try:
        check_org(loaded.org, loaded.findings, today=TODAY)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_disabling_every_rule_of_the_first_pass_leaves_the_later_passes_running(
    check,
) -> None:
    first_pass = next(r.check for r in REGISTRY.values() if r.check is not None)
    group = [r.id for r in REGISTRY.values() if r.check is first_pass]
    result = check(f"checks:\n  disable: [{', '.join(group)}]\n")
    assert not set(group) & rules(result)
    assert "DM207" not in group and "DM207" in rules(result)  # key post, no backup


def test_a_result_said_in_chinese_translates_every_finding(check) -> None:
    result = check()
    chinese = result.in_lang("zh")
    assert [f.rule for f in chinese.findings] == [f.rule for f in result.findings]
    assert [f.message for f in chinese.findings] == [
        f.in_lang("zh").message for f in result.findings
    ]
    backup = next(f for f in chinese.findings if f.rule == "DM207")
    assert "has no backup" not in backup.message
    assert re.search(r"[\u4e00-\u9fff]", backup.message.replace("经理", ""))
