"""YAML with positions → fragments → one resolved Org (+ load findings).

Contract used by every command: ``load_org(path) -> LoadResult``. ``org`` is None when
any error-level finding (DM1xx) keeps the model from being resolved; ``findings`` holds
every problem found in the run (all of them, not only the first), warnings included.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dutymatrix.findings import Finding, Severity
from dutymatrix.model import Org


@dataclass
class LoadResult:
    org: Org | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity >= Severity.ERROR]
