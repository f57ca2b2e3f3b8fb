"""``dutymatrix apply RACI.xlsx [ORG]``: letters changed in a built raci.xlsx, written back
into the model files in place.

Read the edited cells (``sheet``), decide which duty each letter goes to (``plan``), edit
the YAML text at the loader's positions (``yamledit``), load the edited copy in a private
temporary folder and compare it with the model as ``diff`` does, then — unless it is a
dry run — replace the changed files atomically. Any problem refuses the whole apply:
every problem is reported, located, and nothing is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from dutymatrix.apply.plan import Plan, Planner, holder_duties
from dutymatrix.apply.sheet import read_edits
from dutymatrix.apply.yamledit import EditError, FileEditor
from dutymatrix.diff import DiffResult
from dutymatrix.errors import DutymatrixError, ModelLoadError, SheetError, UsageError
from dutymatrix.i18n import N_
from dutymatrix.messages import Msg
from dutymatrix.model import Org

__all__ = ["ApplyOptions", "ApplyResult", "run_apply"]

_BOM = "\ufeff"
MAX_APPLY_UNPACKED = 64 * 1024 * 1024


@dataclass(frozen=True)
class ApplyOptions:
    workbook: str
    today: dt.date  # the findings of both versions are checked as of this day
    org_dir: str = "org"
    dry_run: bool = False
    lang: str | None = None  # the report's language; None: the workbook's


@dataclass
class ApplyResult:
    workbook: str
    org_dir: str
    dry_run: bool
    diff: DiffResult | None = None  # None: no cell was changed
    files: list[str] = field(default_factory=list)  # changed model files (written or not)
    notes: list[str | Msg] = field(default_factory=list)


def run_apply(options: ApplyOptions) -> ApplyResult:
    from dutymatrix.load import load_org
    from dutymatrix.matrix import build_matrix
    from dutymatrix.spreadsheet import open_workbook

    label = options.workbook
    loaded = load_org(options.org_dir)
    if loaded.org is None:
        raise ModelLoadError(loaded.errors)
    org = loaded.org
    matrix = build_matrix(org)
    # Loaded whole (cell comments are read too), so the cap is lower than import's.
    workbook = open_workbook(Path(label), label, read_only=False,
                             max_unpacked=MAX_APPLY_UNPACKED)
    read = read_edits(workbook, label, org, matrix)
    planner = Planner(org, matrix, read.lang, label)
    planner.add(read.edits)
    problems = read.problems + planner.problems
    if problems:
        raise SheetError(Msg(N_("{count} problem(s) in {path}; nothing was written"),
                             count=len(problems), path=label), problems)
    result = ApplyResult(label, options.org_dir, options.dry_run, notes=read.notes)
    if not planner.plan:
        return result
    sources = _model_files(options.org_dir)
    edited = _edit_files(org, planner.plan, sources)
    result.diff = _compare(options, sources, edited, planner.plan, options.lang or read.lang)
    result.files = sorted(edited)
    if not options.dry_run:
        _write_all({sources[f]: text for f, text in edited.items()})
    return result


def _model_files(org_dir: str) -> dict[str, Path]:
    from dutymatrix.load.reader import discover

    _, files = discover(org_dir)
    # A file the loader refuses (a link out of the org folder) is never edited.
    return {f.label: f.path for f in files if not f.refused}


class _Texts:
    """Model file texts as the loader read them (BOM apart), and their editors."""

    def __init__(self, sources: dict[str, Path]):
        self.sources = sources
        self.editors: dict[str, FileEditor] = {}
        self.boms: dict[str, bool] = {}

    def editor(self, label: str) -> FileEditor:
        if label not in self.editors:
            text = self.sources[label].read_bytes().decode("utf-8")
            self.boms[label] = text.startswith(_BOM)
            self.editors[label] = FileEditor(label, text.removeprefix(_BOM))
        return self.editors[label]

    def results(self) -> dict[str, str]:
        out = {}
        for label, editor in self.editors.items():
            text = editor.result()
            if text != editor.text:
                out[label] = (_BOM if self.boms[label] else "") + text
        return out


def _edit_files(org: Org, plan: Plan, sources: dict[str, Path]) -> dict[str, str]:
    """The new text of every model file the plan changes."""
    from dutymatrix.checks.dm3_overlap import is_catch_all

    texts = _Texts(sources)
    try:
        for (owner, n), changes in plan.duty_letters.items():
            duty = holder_duties(org, owner)[n - 1]
            real = {a: ls for a, ls in changes.items() if ls != duty.raci.get(a, "")}
            if real:
                texts.editor(duty.loc.file).set_letters(duty.loc, real)
        for holder, duties in plan.new_duties.items():
            existing = holder_duties(org, holder)
            owner = org.roles.get(holder) or org.committees_by_id[holder]
            before = existing[-1].loc if existing and is_catch_all(existing[-1]) else None
            texts.editor(owner.loc.file).add_duties(owner.loc, duties, before)
        return texts.results()
    except (EditError, OSError, UnicodeDecodeError) as err:
        raise UsageError(Msg(N_("cannot edit the model files: {reason}; nothing was "
                                "written"),
                             reason=err.args[0] if isinstance(err, EditError) else err)) from err


def _compare(options: ApplyOptions, sources: dict[str, Path], edited: dict[str, str],
             plan: Plan, lang: str) -> DiffResult:
    """Load an edited copy in a private temporary folder and compare it with the model."""
    from dutymatrix.diff import diff_edited_copy
    from dutymatrix.load import load_org
    from dutymatrix.matrix import build_matrix

    org_dir = options.org_dir
    root = Path(org_dir)
    with tempfile.TemporaryDirectory(prefix="dutymatrix-apply-") as tmp:
        copy = Path(tmp) / "org"
        for label, path in sources.items():
            rel = path.relative_to(root) if root.is_dir() else Path(path.name)
            target = copy / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if label in edited:
                target.write_bytes(edited[label].encode("utf-8"))
            else:
                shutil.copyfile(path, target)
        loaded_at = copy if root.is_dir() else copy / root.name
        shown_as = org_dir if root.is_dir() else os.path.dirname(org_dir)
        try:
            result = diff_edited_copy(org_dir, loaded_at, shown_as, lang, options.today)
        except ModelLoadError as err:
            raise SheetError("the edited model would not load; nothing was "
                             "written (this is a bug, please report it)",
                             [str(f) for f in err.findings]) from err
        new = load_org(loaded_at).org
        assert new is not None  # diff_edited_copy just loaded it
        matrix = build_matrix(new)
        for (activity, holder), letters in plan.expected.items():
            if matrix.letters(activity, holder) != letters:
                raise DutymatrixError(
                    f"dutymatrix apply: after the edit `{holder}` has "
                    f"`{matrix.letters(activity, holder)}` on `{activity}`, not `{letters}`; "
                    "nothing was written (this is a bug, please report it)")
    return result


def _write_all(files: dict[Path, str]) -> None:
    """Replace each file atomically; all temporary files are written before any rename, so
    a failure (read-only folder, full disk) leaves every model file as it was."""
    for path in files:
        if path.is_symlink():
            raise UsageError(Msg(N_("{path}: a symbolic link; apply edits regular files "
                                    "only — nothing was written"), path=path))
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((Path(tmp), path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            shutil.copymode(path, tmp)
    except OSError as err:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise UsageError(Msg(N_("cannot write the model files ({reason}); nothing was "
                                "written"), reason=err.strerror or err)) from err
    for tmp, path in staged:
        os.replace(tmp, path)
