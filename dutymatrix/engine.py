"""Runs the enabled checks over one resolved org, applies waivers and sorts the findings.

The engine — not the rules — reads the configuration (the model's ``checks:`` section):
which rules are disabled, which severities are overridden, which options each rule
gets. It builds the matrix once and hands every rule the same ``RuleContext``.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dutymatrix.checks import REGISTRY
from dutymatrix.checks._common import did_you_mean
from dutymatrix.checks.waivers import apply_waivers
from dutymatrix.findings import Finding, Rule, RuleContext, Severity, summarize
from dutymatrix.matrix import build_matrix
from dutymatrix.model import CheckConfig, Loc, Org


@dataclass
class CheckResult:
    findings: list[Finding]  # sorted; waived ones kept, with ``waived_by`` set
    org: Org | None
    load_failed: bool = False
    rules: dict[str, Rule] = field(default_factory=lambda: dict(REGISTRY))

    @property
    def active_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.waived_by is None]

    @property
    def waived_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.waived_by is not None]

    @property
    def summary(self) -> dict[str, int]:
        return summarize(self.findings)


def run_check(org_dir: str, *, today: dt.date) -> CheckResult:
    """Load ``org_dir`` and check it as of ``today`` (waiver expiry); a model that does
    not load gives its load findings."""
    from dutymatrix.load import load_org

    loaded = load_org(org_dir)
    if loaded.errors or loaded.org is None:
        return CheckResult(findings=sorted(loaded.findings, key=Finding.sort_key), org=None,
                           load_failed=True)
    return check_org(loaded.org, loaded.findings, today=today)


def check_org(
    org: Org, load_findings: Sequence[Finding] = (), *, today: dt.date
) -> CheckResult:
    """Every enabled rule over ``org``, waivers applied; ``today`` decides waiver expiry.

    The caller passes the date (the CLI passes the machine's, or ``--today``): the same
    model gives the same findings whatever day the tests or a rebuild run.
    """
    # As in the loader: the model is hundreds of thousands of live objects and the checks
    # allocate many small ones; the cyclic collector would rescan the model again and
    # again. Nothing here creates cycles that must be collected before we return.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _check_org(org, load_findings, today)
    finally:
        if was_enabled:
            gc.enable()


def _check_org(org: Org, load_findings: Sequence[Finding], today: dt.date) -> CheckResult:
    settings, config_findings = resolve_config(org.checks)
    if config_findings:
        # A bad configuration is a model error: nothing is checked until it is fixed.
        findings = sorted([*load_findings, *config_findings], key=Finding.sort_key)
        return CheckResult(findings=findings, org=org, load_failed=True)

    matrix = build_matrix(org)
    findings = [f for f in load_findings if settings.enabled(f.rule)]
    for check, rules in _checks_by_function().items():
        enabled = [r for r in rules if settings.enabled(r.id)]
        if not enabled:
            continue
        options: dict[str, Any] = {}
        for rule in rules:  # a shared pass reads the options of every rule it yields
            options.update(settings.options_for(rule))
        context = RuleContext(org=org, matrix=matrix, options=options)
        wanted = {r.id for r in enabled}
        findings.extend(f for f in check(context) if f.rule in wanted)

    findings = apply_waivers(
        [settings.stamp(f) for f in findings],
        org,
        today,
        known_rules=REGISTRY,
        enabled=settings.enabled,
    )
    findings = [settings.stamp(f) for f in findings]
    findings.sort(key=Finding.sort_key)
    used = {rule_id: rule for rule_id, rule in REGISTRY.items() if settings.enabled(rule_id)}
    return CheckResult(findings=findings, org=org, rules=used)


def _checks_by_function() -> dict[Callable[[RuleContext], Iterable[Finding]], list[Rule]]:
    """Rules grouped by check function: one pass may yield several rules (DM401 + DM402)."""
    groups: dict[Callable[[RuleContext], Iterable[Finding]], list[Rule]] = {}
    for rule in REGISTRY.values():
        if rule.check is not None:
            groups.setdefault(rule.check, []).append(rule)
    return groups


# --- configuration ---------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """The validated ``checks:`` section."""

    disabled: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def enabled(self, rule_id: str) -> bool:
        return rule_id not in self.disabled

    def stamp(self, finding: Finding) -> Finding:
        configured = self.severity.get(finding.rule)
        if configured is None or configured == finding.severity:
            return finding
        return finding.with_severity(configured)

    def options_for(self, rule: Rule) -> dict[str, Any]:
        return {**rule.options, **self.options.get(rule.id, {})}


def resolve_config(config: CheckConfig) -> tuple[Settings, list[Finding]]:
    """Validate ``config`` against the catalogue: ids, severities, option names and values."""
    problems: list[Finding] = []

    def known(rule_id: str, where: str) -> bool:
        if rule_id in REGISTRY:
            return True
        problems.append(
            _load_finding(
                "DM123",
                f"checks.{where} names `{rule_id}`, which is not a check"
                + did_you_mean(rule_id, REGISTRY),
                config.locs.get(f"{where}.{rule_id}") or config.loc,
                hint="`dutymatrix rules` lists the check ids",
            )
        )
        return False

    disabled = frozenset(r for r in config.disable if known(r, "disable"))
    severity: dict[str, Severity] = {}
    for rule_id, level in config.severity.items():
        if known(rule_id, "severity"):
            try:
                severity[rule_id] = Severity.parse(str(level))
            except KeyError:
                problems.append(
                    _load_finding(
                        "DM124",
                        f"checks.severity.{rule_id} is `{level}`; use error, warning or info",
                        config.locs.get(f"severity.{rule_id}") or config.loc,
                    )
                )
    options: dict[str, dict[str, Any]] = {}
    for rule_id, values in config.options.items():
        if not known(rule_id, "options"):
            continue
        loc = config.locs.get(f"options.{rule_id}") or config.loc
        checked = _check_options(REGISTRY[rule_id], dict(values), loc, problems)
        options[rule_id] = checked
    return Settings(disabled, severity, options), problems


def _check_options(
    rule: Rule, values: dict[str, Any], loc: Loc, problems: list[Finding]
) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for name, value in values.items():
        if name not in rule.options:
            accepted = ", ".join(rule.options) or "none"
            problems.append(
                _load_finding(
                    "DM106",
                    f"{rule.id} has no option `{name}`{did_you_mean(name, rule.options)}"
                    f" (options: {accepted})",
                    loc,
                    hint=f"`dutymatrix explain {rule.id}` describes its options",
                )
            )
            continue
        error, coerced = _coerce_option(rule.options[name], value)
        if error:
            problems.append(
                _load_finding("DM124", f"checks.options.{rule.id}.{name}: {error}", loc)
            )
        else:
            checked[name] = coerced
    return checked


def _coerce_option(default: Any, value: Any) -> tuple[str, Any]:
    """(error, value): the value in the default's type, or why it cannot be."""
    if isinstance(default, bool):
        return ("", value) if isinstance(value, bool) else ("expected true or false", None)
    if isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"expected a number, got {value!r}", None
        if isinstance(default, int):
            if float(value) != int(value) or value < 1:
                return f"expected a whole number ≥ 1, got {value!r}", None
            return "", int(value)
        if 0 < default <= 1 and not 0 < value <= 1:
            return f"expected a number in (0, 1], got {value!r}", None
        return "", float(value)
    if isinstance(default, list):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "expected a list of strings", None
        return "", list(value)
    return ("", value) if isinstance(value, type(default)) else (
        f"expected {type(default).__name__}", None)


def _load_finding(rule_id: str, message: str, loc: Loc | None, hint: str = "") -> Finding:
    rule = REGISTRY.get(rule_id)
    if rule is None:  # the loader's catalogue is missing: still report the problem
        return Finding(rule_id, "config", Severity.ERROR, message, loc, hint=hint)
    return rule.finding(message, loc, subject="checks", hint=hint)
