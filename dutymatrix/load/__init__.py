"""YAML with positions → fragments → one resolved Org (+ load findings).

Contract used by every command: ``load_org(path) -> LoadResult``. ``org`` is None when
any error-level finding (DM1xx) keeps the model from being resolved; ``findings`` holds
every problem found in the run (all of them, not only the first), warnings included.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dutymatrix.findings import Finding, Severity, sort_findings
from dutymatrix.model import Org

if TYPE_CHECKING:
    from dutymatrix.load.reader import SourceFile


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
    from dutymatrix.load.reader import discover

    root, files = discover(path)
    return _load_sources(root, files)


def load_org_files(root: str, files: list[tuple[str, bytes]]) -> LoadResult:
    """``load_org`` for files held in memory: (path inside the org folder, content).

    Findings are labelled as if the files were in a folder named ``root`` (``org`` gives
    ``org/departments/x.yaml:12:3``); nothing is read from or written to the disk.
    """
    from dutymatrix.load.reader import in_memory

    return _load_sources(root, in_memory(root, files))


def _load_sources(root: str, files: list[SourceFile]) -> LoadResult:
    from dutymatrix.load.builder import FileBuilder
    from dutymatrix.load.reader import read_all
    from dutymatrix.load.resolve import Assembler

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
    sort_findings(findings)
    return LoadResult(org, findings)


__all__ = ["LoadResult", "load_org", "load_org_files"]
