"""Runs the enabled checks over one resolved org, applies waivers and sorts the findings.

The engine — not the rules — reads the configuration (the model's ``checks:`` section):
which rules are disabled, which severities are overridden, which options each rule
gets. It builds the matrix once and hands every rule the same ``RuleContext``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from dutymatrix.checks import REGISTRY, did_you_mean
from dutymatrix.checks.dm6_waivers import apply_waivers
from dutymatrix.findings import (
    Finding,
    Rule,
    RuleContext,
    Scope,
    Severity,
    sort_findings,
    summarize,
)
from dutymatrix.fixcheck import verify_fixes
from dutymatrix.i18n import N_
from dutymatrix.load.rule_options import check_rule_options
from dutymatrix.matrix import Matrix, build_matrix
from dutymatrix.messages import Msg
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

    def in_lang(self, lang: str) -> CheckResult:
        """The same result with every finding's message and hint said in ``lang``."""
        return replace(self, findings=[f.in_lang(lang) for f in self.findings])


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
    # The collector is left as the caller set it (the CLI pauses it: dutymatrix.runtime).
    return _check_org(org, load_findings, today)


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
        # A shared pass reads the options of every rule it yields, each under its rule.
        options = {rule.id: settings.options_for(rule) for rule in rules}
        context = RuleContext(org=org, matrix=matrix, options=options)
        wanted = {r.id for r in enabled}
        findings.extend(f for f in check(context) if f.rule in wanted)

    # Each proposed fix is kept only if the checks, run on its moved model, hold it.
    findings = verify_fixes(findings, org, matrix, _scoped_runner(settings), settings.stamp)
    findings = apply_waivers(
        [settings.stamp(f) for f in findings],
        org,
        today,
        known_rules=REGISTRY,
        enabled=settings.enabled,
    )
    findings = [settings.stamp(f) for f in findings]
    sort_findings(findings)
    used = {rule_id: rule for rule_id, rule in REGISTRY.items() if settings.enabled(rule_id)}
    return CheckResult(findings=findings, org=org, rules=used)


def _scoped_runner(settings: Settings) -> Callable[[Org, Matrix, Scope], list[Finding]]:
    """Runs the enabled ``scoped`` rules over a scope of a (moved) model: severities
    stamped as configured, no waivers, no fix search (``fixes`` is 0 there)."""
    groups = []
    options: dict[str, dict[str, Any]] = {}  # one context serves every group: ids differ
    for check, rules in _checks_by_function().items():
        wanted = frozenset(r.id for r in rules if r.scoped and settings.enabled(r.id))
        if wanted:
            options.update({rule.id: {**settings.options_for(rule),
                                      **({"fixes": 0} if "fixes" in rule.options else {})}
                            for rule in rules})
            groups.append((check, wanted))

    def run(org: Org, matrix: Matrix, scope: Scope) -> list[Finding]:
        context = RuleContext(org=org, matrix=matrix, options=options, scope=scope)
        found = []
        for check, wanted in groups:
            found += [settings.stamp(f) for f in check(context) if f.rule in wanted]
        return found

    return run


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
        """Every option of ``rule``: the configured value, else the declared default."""
        configured = self.options.get(rule.id, {})
        return {name: configured.get(name, option.default)
                for name, option in rule.options.items()}


def resolve_config(config: CheckConfig) -> tuple[Settings, list[Finding]]:
    """Validate ``config`` against the catalogue: ids, severities, option names and values."""
    problems: list[Finding] = []

    def known(rule_id: str, where: str) -> bool:
        if rule_id in REGISTRY:
            return True
        problems.append(
            _load_finding(
                "DM123",
                Msg(N_("checks.{section} names `{rule}`, which is not a check{suggestion}"),
                    section=where, rule=rule_id, suggestion=did_you_mean(rule_id, REGISTRY)),
                config.locs.get(f"{where}.{rule_id}") or config.loc,
                hint=Msg(N_("`dutymatrix rules` lists the check ids")),
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
                        Msg(N_("checks.severity.{rule} is `{level}`; use error, warning or "
                               "info"), rule=rule_id, level=level),
                        config.locs.get(f"severity.{rule_id}") or config.loc,
                    )
                )
    options: dict[str, dict[str, Any]] = {}
    for rule_id, values in config.options.items():
        if known(rule_id, "options"):
            options[rule_id], wrong = check_rule_options(REGISTRY[rule_id], values, config)
            problems.extend(wrong)
    return Settings(disabled, severity, options), problems


def _load_finding(rule_id: str, message: Msg, loc: Loc | None, hint: str | Msg = "") -> Finding:
    rule = REGISTRY.get(rule_id)
    if rule is None:  # the loader's catalogue is missing: still report the problem
        return Finding(rule_id, "config", Severity.ERROR, str(message), loc, hint=str(hint))
    return rule.finding(message, loc, subject="checks", hint=hint)
