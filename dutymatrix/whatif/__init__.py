"""``dutymatrix whatif``: check an assumed change before anybody edits the model.

The statements are applied to the loaded model in memory (the files are never touched);
both versions are checked with the same engine and compared the way ``diff`` compares
two versions, so the report reads like a diff: what the assumption changes, which
findings it brings and which it resolves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dutymatrix.diff import DiffResult
from dutymatrix.errors import ModelLoadError, UsageError
from dutymatrix.i18n import N_, resolve_lang
from dutymatrix.messages import Msg
from dutymatrix.model import Org
from dutymatrix.whatif.statements import Statement, apply_statements, parse_statement

__all__ = ["WhatifOptions", "assume", "run_whatif"]


@dataclass(frozen=True)
class WhatifOptions:
    org_dir: str
    statements: tuple[str, ...]
    today: dt.date
    lang: str | None = None


def run_whatif(options: WhatifOptions) -> DiffResult:
    """Load the org, assume the statements, and compare the findings of both."""
    from dutymatrix.load import load_org

    if not options.statements:
        raise UsageError(Msg(N_('whatif needs at least one statement, e.g. "E1003 acts '
                                'card-center.collector-1"')))
    loaded = load_org(options.org_dir)
    if loaded.org is None:
        raise ModelLoadError(loaded.errors)
    statements = [parse_statement(text, i)
                  for i, text in enumerate(options.statements, start=1)]
    return assume(loaded.org, statements, today=options.today, lang=options.lang,
                  load_findings=loaded.findings)


def assume(org: Org, statements: Sequence[Statement], *, today: dt.date,
           lang: str | None = None, load_findings: Sequence = ()) -> DiffResult:
    """The review of ``org`` against ``org`` with ``statements`` assumed."""
    from dutymatrix.diff import in_lang
    from dutymatrix.diff.compare import compare_orgs
    from dutymatrix.diff.findings import compare_findings
    from dutymatrix.engine import check_org
    from dutymatrix.matrix import build_matrix

    before = check_org(org, load_findings, today=today)
    if before.load_failed:  # a bad `checks:` section: nothing could be compared
        raise ModelLoadError(before.findings)
    after_org = apply_statements(org, statements)
    after = check_org(after_org, load_findings, today=today)
    lang = resolve_lang(lang, org.locale)
    changes = compare_orgs(org, build_matrix(org), after_org, build_matrix(after_org), lang)
    appeared, resolved = compare_findings(before.active_findings, after.active_findings)
    # A grant has no real wording: what the wording rules say of its stand-in text is noise.
    appeared = [f for f in appeared
                if not (f.rule.startswith("DM7") and f.loc and f.loc.file.startswith("<assume"))]
    return DiffResult(old_label=org.root, new_label=org.root, lang=lang, changes=changes,
                      new_findings=in_lang(appeared, lang),
                      resolved_findings=in_lang(resolved, lang),
                      assume=[s.text for s in statements])
