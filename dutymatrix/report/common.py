"""What several formats share: their options, the summary line, file paths as relative URIs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath
from urllib.parse import quote

from dutymatrix.findings import Finding


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False  # ANSI colours (text format on a terminal only)


def summary_line(summary: dict[str, int]) -> str:
    """ "3 errors, 1 warning, 2 waived" (info and waived only when there are some)."""

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    parts = [count(summary.get("error", 0), "error"), count(summary.get("warning", 0), "warning")]
    if summary.get("info"):
        parts.append(f"{summary['info']} info")
    if summary.get("waived"):
        parts.append(f"{summary['waived']} waived")
    return ", ".join(parts)


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
