"""The exception tree. Stdlib only.

Every error a user can cause is a ``DutymatrixError``; the CLI prints its message and
exits 2. Anything else escaping to the CLI is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dutymatrix.findings import Finding


class DutymatrixError(Exception):
    """An error the user can fix; ``str(err)`` says what and how (in English).

    Raised with a ``messages.Msg`` (``UsageError(Msg(N_("{path}: …"), path=…))``) it can
    also be said in the reader's language: ``err.in_lang(lang)``.
    """

    exit_code = 2

    def in_lang(self, lang: str) -> str:
        message = self.args[0] if len(self.args) == 1 else None
        render = getattr(message, "render", None)  # a Msg (errors.py imports nothing)
        return render(lang) if callable(render) else str(self)


class UsageError(DutymatrixError):
    """Bad command-line input: an unknown id, a missing folder, a bad option value."""


class ModelLoadError(DutymatrixError):
    """The model has errors that keep it from being resolved.

    ``findings`` holds every located problem (all of them, not only the first).
    """

    def __init__(self, findings: Sequence[Finding]):
        self.findings = list(findings)
        super().__init__(f"the model has {len(self.findings)} error(s)")


class RenderError(DutymatrixError):
    """A template or document could not be rendered (a user template's syntax error)."""


class GitError(DutymatrixError):
    """``diff --git`` could not read the old version."""


class SheetError(DutymatrixError):
    """A spreadsheet that cannot be applied or imported.

    ``problems`` holds every located problem (``raci.xlsx:Sheet!C12: …``), all of them,
    not only the first; ``str(err)`` is a summary line followed by them, one a line.
    """

    def __init__(self, summary: Any, problems: Sequence[Any]):
        # The summary and each problem: a str, or a ``messages.Msg`` said in the reader's
        # language by ``in_lang`` (``str`` gives English, as ``str(err)`` does).
        self.summary = summary
        self.problems = list(problems)
        super().__init__("\n".join(str(line) for line in [summary, *self.problems]))

    def in_lang(self, lang: str) -> str:
        return "\n".join(_said(line, lang) for line in [self.summary, *self.problems])


def _said(message: Any, lang: str) -> str:
    render = getattr(message, "render", None)
    return render(lang) if callable(render) else str(message)
