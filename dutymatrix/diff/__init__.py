"""``dutymatrix diff``: what an org change does, in plain words, and which findings it brings.

Two versions are loaded (two folders, or a folder and its committed version at a git
revision), compared item by item (``compare``), and checked on both sides so the
findings the change introduces and resolves can be told apart (``findings``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dutymatrix.diff.change import Change
from dutymatrix.diff.compare import compare_orgs
from dutymatrix.diff.findings import compare_findings
from dutymatrix.errors import ModelLoadError, UsageError
from dutymatrix.findings import Finding, Severity
from dutymatrix.i18n import N_, resolve_lang, tr
from dutymatrix.load import LoadResult
from dutymatrix.messages import Msg, render
from dutymatrix.model import Loc, Org

__all__ = ["Change", "DiffOptions", "DiffResult", "diff_edited_copy", "render_diff", "run_diff"]

DEFAULT_ORG = "org"


@dataclass(frozen=True)
class DiffOptions:
    paths: tuple[str, ...]
    today: dt.date  # both sides are checked as of this day (waiver expiry)
    git_ref: str | None = None
    lang: str | None = None


@dataclass
class DiffResult:
    old_label: str
    new_label: str
    lang: str
    changes: list[Change] = field(default_factory=list)
    new_findings: list[Finding] = field(default_factory=list)
    resolved_findings: list[Finding] = field(default_factory=list)
    assume: list[str] = field(default_factory=list)  # whatif: the statements assumed
    notices: list[str] = field(default_factory=list)  # for stderr: what was not compared

    def has_new_findings(self, level: str) -> bool:
        """True when the change introduces a finding at ``level`` or above."""
        threshold = Severity.parse(level)
        return any(f.severity >= threshold for f in self.new_findings)


@dataclass
class _Side:
    """One loaded version: its org and its active findings, paths as the user reads them."""

    org: Org
    findings: list[Finding]
    root: str


def _relocate(loc: Loc | None, from_dir: Path, to_dir: str) -> Loc | None:
    """A position inside the temporary export, rewritten under the user's folder name."""
    if loc is None:
        return None
    try:
        inner = Path(loc.file).resolve().relative_to(from_dir.resolve())
    except ValueError:
        return loc
    shown = (Path(to_dir) / inner).as_posix() if to_dir else inner.as_posix()
    return dataclasses.replace(loc, file=shown)


def _relocate_finding(finding: Finding, from_dir: Path, to_dir: str) -> Finding:
    return dataclasses.replace(
        finding.rewritten(lambda message, _lang: message.replace(str(from_dir), to_dir)),
        loc=_relocate(finding.loc, from_dir, to_dir),
        places=tuple((label, _relocate(loc, from_dir, to_dir) or loc)
                     for label, loc in finding.places),
        waived_by=_relocate(finding.waived_by, from_dir, to_dir),
    )


def _load_side(path: Path, which: str, shown_as: str, exported_from: Path | None,
               today: dt.date, load: Callable[[], LoadResult] | None = None) -> _Side:
    """Load and check one side; a load failure names the side it happened on.

    ``load`` replaces reading the folder ``path`` (the old version read from git into
    memory, already labelled as the user's folder)."""
    from dutymatrix.engine import check_org
    from dutymatrix.load import load_org

    def shown(finding: Finding) -> Finding:
        if exported_from is None:
            return finding
        return _relocate_finding(finding, exported_from, shown_as)

    def failed(findings: Sequence[Finding]) -> ModelLoadError:
        side = (N_("[old version] {message}") if which == "old" else
                N_("[new version] {message}"))
        return ModelLoadError([
            shown(f).rewritten(lambda message, lang: tr(lang, side, message=message))
            for f in findings if f.severity >= Severity.ERROR
        ])

    loaded = load() if load is not None else load_org(str(path))
    if loaded.org is None:
        raise failed(loaded.errors)
    checked = check_org(loaded.org, loaded.findings, today=today)
    if checked.load_failed:  # a bad `checks:` section: nothing was checked
        raise failed(checked.findings)
    findings = [shown(f) for f in checked.active_findings]
    return _Side(org=loaded.org, findings=findings, root=str(path))


def _load_sides(*loads: Callable[[], _Side]) -> list[_Side]:
    """Load every side; when both are broken, report the problems of both at once."""
    sides: list[_Side] = []
    problems: list[Finding] = []
    for load in loads:
        try:
            sides.append(load())
        except ModelLoadError as err:
            problems += err.findings
    if problems:
        raise ModelLoadError(problems)
    return sides


# (the path exists, which side) → why it is not an org folder.
_NOT_A_FOLDER = {
    (True, "old"): N_("{path}: not a folder (the old org); give the folder that holds the "
                      "*.yaml files"),
    (True, "new"): N_("{path}: not a folder (the new org); give the folder that holds the "
                      "*.yaml files"),
    (False, "old"): N_("{path}: no such folder (the old org); give the folder that holds the "
                       "*.yaml files"),
    (False, "new"): N_("{path}: no such folder (the new org); give the folder that holds the "
                       "*.yaml files"),
}


def _folder(path: str, which: str) -> Path:
    folder = Path(path)
    if not folder.is_dir():
        raise UsageError(Msg(_NOT_A_FOLDER[folder.exists(), which], path=path))
    return folder


def run_diff(options: DiffOptions) -> DiffResult:
    """Load both versions, compare them and their findings."""
    from dutymatrix.matrix import build_matrix

    notices: list[str | Msg] = []
    if options.git_ref is not None:
        if len(options.paths) > 1:
            raise UsageError(Msg(N_("diff --git REF takes at most one folder: dutymatrix diff "
                                    "--git REF [ORG]")))
        org_path = options.paths[0] if options.paths else DEFAULT_ORG
        old, new, old_label, new_label = _git_sides(options, org_path, notices)
    else:
        if len(options.paths) != 2:
            raise UsageError(Msg(N_(
                "diff needs two org folders (dutymatrix diff OLD NEW) or a git revision "
                "(dutymatrix diff --git REF [ORG])")))
        old_path, new_path = options.paths
        old_dir, new_dir = _folder(old_path, "old"), _folder(new_path, "new")
        old, new = _load_sides(
            lambda: _load_side(old_dir, "old", old_path, None, options.today),
            lambda: _load_side(new_dir, "new", new_path, None, options.today),
        )
        old_label, new_label = old_path, new_path

    lang = resolve_lang(options.lang, new.org.locale)
    changes = compare_orgs(old.org, build_matrix(old.org), new.org,
                           build_matrix(new.org), lang)
    # Matched in one language (the English the rules wrote), then said in the reader's.
    appeared, resolved = compare_findings(old.findings, new.findings, roots=_roots(old, new))
    return DiffResult(old_label=old_label, new_label=new_label, lang=lang, changes=changes,
                      new_findings=in_lang(appeared, lang),
                      resolved_findings=in_lang(resolved, lang),
                      notices=[render(notice, lang) for notice in notices])


def in_lang(findings: Sequence[Finding], lang: str) -> list[Finding]:
    """``findings`` with their messages and hints said in ``lang``."""
    return [f.in_lang(lang) for f in findings]


def _git_sides(options: DiffOptions, org_path: str, notices: list[str | Msg]
               ) -> tuple[_Side, _Side, str, str]:
    """The org at the revision (read from git into memory, never written anywhere) and
    as it is in the work tree; both labelled with the user's folder name."""
    from dutymatrix.diff.git import read_org
    from dutymatrix.load import load_org_files

    assert options.git_ref is not None
    new_dir = _folder(org_path, "new")
    committed = read_org(options.git_ref, org_path)
    notices.extend(committed.notices)
    root = org_path.rstrip("/") or "."
    old, new = _load_sides(
        lambda: _load_side(Path(root), "old", root, None, options.today,
                           load=lambda: load_org_files(root, committed.files)),
        lambda: _load_side(new_dir, "new", root, None, options.today),
    )
    return old, new, f"{options.git_ref}:{root}", root


def diff_edited_copy(org_path: str, copy: Path, shown_as: str, lang: str,
                     today: dt.date) -> DiffResult:
    """Compare the org at ``org_path`` with an edited copy of it at ``copy`` (a private
    temporary folder), the copy's findings named as if it stood at ``shown_as``."""
    from dutymatrix.matrix import build_matrix

    old, new = _load_sides(
        lambda: _load_side(Path(org_path), "old", org_path, None, today),
        lambda: _load_side(copy, "new", shown_as, copy if copy.is_dir() else copy.parent,
                           today),
    )
    changes = compare_orgs(old.org, build_matrix(old.org), new.org, build_matrix(new.org),
                           lang)
    appeared, resolved = compare_findings(old.findings, new.findings,
                                          roots=_roots(old, new))
    return DiffResult(old_label=org_path, new_label=org_path, lang=lang, changes=changes,
                      new_findings=in_lang(appeared, lang),
                      resolved_findings=in_lang(resolved, lang))


def _roots(*sides: _Side) -> Sequence[str]:
    """Folder names a message may quote, so they don't make the two sides differ."""
    roots: list[str] = []
    for side in sides:
        root = side.root.rstrip("/")
        roots += [root + "/", root]
    return roots


def render_diff(result: DiffResult, fmt: str) -> str:
    from dutymatrix.diff.render import RENDERERS

    try:
        renderer = RENDERERS[fmt]
    except KeyError as err:
        raise UsageError(f"unknown diff format {fmt!r}; use one of: "
                         f"{', '.join(RENDERERS)}") from err
    return renderer(result)
