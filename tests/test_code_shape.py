"""The shape the code keeps, checked: short functions, click only in the CLI.

``python tests/test_code_shape.py`` lists the functions over the limit.
"""

from __future__ import annotations

import ast
import functools
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dutymatrix"
MAX_FUNCTION_LINES = 60


@functools.cache
def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
            for path in sorted(PACKAGE.rglob("*.py"))]


def long_functions(limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """``file:line name (N lines)`` for every function or method longer than ``limit``."""
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > limit:
                    rel = path.relative_to(PACKAGE.parent)
                    found.append(f"{rel}:{node.lineno} {node.name} ({size} lines)")
    return found


def test_no_function_is_longer_than_the_limit() -> None:
    assert long_functions() == []


def test_only_the_cli_imports_click() -> None:
    importers = set()
    for path, tree in _modules():
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "click" or n.startswith("click.") for n in names):
                importers.add(path.relative_to(PACKAGE.parent).as_posix())
    assert importers == {"dutymatrix/cli.py"}


if __name__ == "__main__":
    print("\n".join(long_functions()) or f"no function over {MAX_FUNCTION_LINES} lines")
    sys.exit(0)
