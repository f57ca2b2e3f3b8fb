"""The rule catalogue: every rule, listed once, DM1xx (the loader's) to DM8xx.

A rule lives in the module of its family, named for its range: DM205 is in
``checks/dm2_coverage.py``, its examples in ``checks/examples/DM205.yaml``. To add a rule:
define it in its family module, add it to ``CATALOGUE`` below, write its examples file
(docs/architecture.md, "Adding a rule").
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from dutymatrix.checks import (
    dm2_coverage,
    dm3_overlap,
    dm4_sod,
    dm5_authority,
    dm6_waivers,
    dm7_wording,
    dm8_structure,
)
from dutymatrix.findings import Rule
from dutymatrix.load import rules as dm1_load

CATALOGUE: tuple[Rule, ...] = (
    *dm1_load.LOAD_RULES,  # DM101–DM127, raised while the files are read
    dm2_coverage.NO_ACCOUNTABLE,  # DM201
    dm2_coverage.NO_RESPONSIBLE,  # DM202
    dm2_coverage.DEPARTMENT_DUTY_UNCARRIED,  # DM203
    dm2_coverage.ROLE_WITHOUT_DUTIES,  # DM204
    dm2_coverage.DEPARTMENT_WITHOUT_ROLES,  # DM205
    dm2_coverage.DUAL_CONTROL,  # DM206
    dm2_coverage.KEY_ROLE_WITHOUT_BACKUP,  # DM207
    dm2_coverage.ACCOUNTABLE_POST_VACANT,  # DM208
    dm2_coverage.UNDERSTAFFED,  # DM209
    dm3_overlap.MULTIPLE_ACCOUNTABLE,  # DM301
    dm3_overlap.SAME_DUTY,  # DM302
    dm3_overlap.NEAR_DUPLICATE,  # DM303
    dm3_overlap.CATCH_ALL_DUTY,  # DM304
    dm4_sod.SOD_CONFLICT,  # DM401
    dm4_sod.SOD_CONFLICT_RECUSAL,  # DM402
    dm5_authority.AMOUNT_UNCOVERED,  # DM501
    dm5_authority.AMOUNT_COVERED_TWICE,  # DM502
    dm5_authority.OWNER_DOES_NOT_CARRY,  # DM503
    dm5_authority.SENIORITY_INVERTED,  # DM504
    dm6_waivers.WAIVER_EXPIRED,  # DM601, raised by the engine as it applies waivers
    dm6_waivers.WAIVER_UNUSED,  # DM602
    dm6_waivers.WAIVER_SELF_APPROVED,  # DM603
    dm7_wording.NO_ACTION_VERB,  # DM701
    dm7_wording.LONG_DUTY,  # DM702
    dm8_structure.SPAN_OF_CONTROL,  # DM801
    dm8_structure.HIERARCHY_DEPTH,  # DM802
    dm8_structure.CONCENTRATION,  # DM803
)

FAMILY_MODULES: tuple[ModuleType, ...] = (
    dm1_load, dm2_coverage, dm3_overlap, dm4_sod, dm5_authority, dm6_waivers, dm7_wording,
    dm8_structure,
)

REGISTRY: dict[str, Rule] = {rule.id: rule for rule in sorted(CATALOGUE, key=lambda r: r.id)}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in REGISTRY.values()}


def _defined_in() -> dict[str, ModuleType]:
    """Rule id → the family module that defines the rule object (as a module constant,
    or in a table of rules such as the loader's ``LOAD_RULES``)."""
    where: dict[str, ModuleType] = {}
    for module in FAMILY_MODULES:
        for value in vars(module).values():
            found = value if isinstance(value, tuple) else (value,)
            for item in found:
                if isinstance(item, Rule) and REGISTRY.get(item.id) is item:
                    where.setdefault(item.id, module)
    return where


DEFINED_IN: dict[str, ModuleType] = _defined_in()


def module_path(rule_id: str) -> str:
    """``dutymatrix/checks/dm2_coverage.py``: the file that defines ``rule_id``."""
    return DEFINED_IN[rule_id].__name__.replace(".", "/") + ".py"


def lookup_rule(rule_id: str) -> Rule | None:
    """A rule by its id (DM401, case-insensitive) or its name (sod-conflict)."""
    return REGISTRY.get(rule_id.upper()) or BY_NAME.get(rule_id.lower())


def model_schema() -> dict[str, Any]:
    """The JSON Schema of a model file, ``checks.options`` typed by each rule's options."""
    from dutymatrix.load.schema import model_schema as schema_of

    return schema_of({rule.id: rule.options for rule in REGISTRY.values()})
