"""YAML with positions → fragments → one resolved Org (+ load findings).

Contract used by every command: ``load_org(path) -> LoadResult``. ``org`` is None when
any error-level finding (DM1xx) keeps the model from being resolved; ``findings`` holds
every problem found in the run (all of them, not only the first), warnings included.
"""

from __future__ import annotations

import os
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


def load_org(path: str | os.PathLike[str]) -> LoadResult:
    """Read every ``*.yaml`` below ``path`` (sorted) into one resolved Org.

    Never raises for bad model input: every problem is a located finding. Only a missing
    or unreadable org folder raises ``UsageError``.
    """
    # Leaves the cyclic collector alone: the CLI pauses it around the load (see
    # dutymatrix.runtime), a library caller decides for itself.
    from dutymatrix.load.builder import FileBuilder
    from dutymatrix.load.reader import discover, read_all
    from dutymatrix.load.resolve import Assembler

    root, files = discover(path)
    findings: list[Finding] = []
    assembler = Assembler(root, findings)
    assembler.files = [f.label for f in files]
    read = 0
    for parsed in read_all(files, findings):
        read += 1
        builder = FileBuilder(parsed.label, findings, parsed.source)
        assembler.add(parsed.label, builder.sections(parsed.node))
    assembler.unread = read < len(files) and any(
        f.severity >= Severity.ERROR for f in findings)
    # Resolve even after errors, so one run names every problem (duplicate ids and
    # unknown references included); but never hand out a model that has errors.
    org = assembler.build()
    if any(f.severity >= Severity.ERROR for f in findings):
        org = None
    findings.sort(key=Finding.sort_key)
    return LoadResult(org, findings)


__all__ = ["LoadResult", "load_org"]
