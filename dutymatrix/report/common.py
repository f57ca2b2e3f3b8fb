"""What several formats share: their options, the summary line, file paths as relative URIs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath
from urllib.parse import quote

from dutymatrix.findings import Finding
from dutymatrix.i18n import N_, text_side, tr


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False  # ANSI colours (text format on a terminal only)
    lang: str = "en"  # the report's own words; the findings come already in it


# (one, several) for each count of the summary line.
_COUNTED = {
    "error": (N_("{count} error"), N_("{count} errors")),
    "warning": (N_("{count} warning"), N_("{count} warnings")),
    "info": (N_("{count} info"), N_("{count} info")),
    "waived": (N_("{count} waived"), N_("{count} waived")),
}


def summary_line(summary: dict[str, int], lang: str = "en") -> str:
    """ "3 errors, 1 warning, 2 waived" / "错误 3 个，警告 1 个，已豁免 2 个" (info and
    waived only when there are some)."""
    parts = []
    for key, (one, several) in _COUNTED.items():
        n = summary.get(key, 0)
        if n or key in ("error", "warning"):
            parts.append(tr(lang, one if n == 1 else several, count=n))
    return ("，" if text_side(lang) == "zh" else ", ").join(parts)


def hint_line(hint: str, lang: str) -> str:
    """``hint: …`` / ``提示：…`` (修改建议)."""
    return tr(lang, N_("hint: {hint}"), hint=hint)


@lru_cache(maxsize=4096)  # a big org has thousands of findings in a few hundred files
def relative_path(path: str) -> str:
    """A reported file path as a relative POSIX path (absolute ones made relative to cwd)."""
    if os.path.isabs(path):
        try:
            path = os.path.relpath(path)
        except ValueError:  # another drive on Windows: keep the name only
            path = os.path.basename(path)
    return PurePath(path).as_posix()


@lru_cache(maxsize=4096)
def relative_uri(path: str) -> str:
    """A relative URI reference for SARIF ``artifactLocation.uri`` (percent-encoded)."""
    return quote(relative_path(path), safe="/-._~")


def location_text(finding: Finding) -> str:
    return str(finding.loc) if finding.loc else "(no file)"
