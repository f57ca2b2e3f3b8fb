"""The checks: one module per rule family, named for its range (``dm2_coverage`` holds
DM201–DM207), a flat table of every rule (``registry.CATALOGUE``), the examples as data
(``examples/DMnnn.yaml``, read by ``cases``) and ``explain``.

``dutymatrix rules`` lists ``REGISTRY``; ``dutymatrix explain ID`` prints one entry.
"""

from __future__ import annotations

from dutymatrix.checks._common import did_you_mean
from dutymatrix.checks.cases import Case, Examples, examples_for
from dutymatrix.checks.explain import SECTION_TITLES, explain_rule, printable
from dutymatrix.checks.registry import (
    BY_NAME,
    CATALOGUE,
    REGISTRY,
    lookup_rule,
    model_schema,
    module_path,
)

__all__ = [
    "BY_NAME",
    "CATALOGUE",
    "REGISTRY",
    "SECTION_TITLES",
    "Case",
    "Examples",
    "did_you_mean",
    "examples_for",
    "explain_rule",
    "lookup_rule",
    "model_schema",
    "module_path",
    "printable",
]
