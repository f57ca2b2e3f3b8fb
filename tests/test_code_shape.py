"""The shape the code keeps, checked: short functions, click only in the CLI, imports
that flow one way (docs/architecture.md, "Layers").

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


@functools.cache
def _nodes() -> list[tuple[Path, list[ast.AST]]]:
    """Every node of every module, walked once for all the tests below."""
    return [(path, list(ast.walk(tree))) for path, tree in _modules()]


def long_functions(limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """``file:line name (N lines)`` for every function or method longer than ``limit``."""
    found = []
    for path, nodes in _nodes():
        for node in nodes:
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
    for path, nodes in _nodes():
        for node in nodes:
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "click" or n.startswith("click.") for n in names):
                importers.add(path.relative_to(PACKAGE.parent).as_posix())
    assert importers == {"dutymatrix/cli.py"}


# docs/architecture.md, "Layers": a module imports only from its own layer or lower ones.
LAYERS = {
    "model": 0, "errors": 0, "findings": 0, "options": 0, "safetext": 0, "i18n": 0,
    "messages": 0, "finding_match": 0,
    "load": 1, "orggraph": 1,
    "matrix": 2,
    "checks": 3, "moves": 3,
    "engine": 4, "exposure": 4, "fixcheck": 4,
    "report": 5, "render": 5, "diff": 5, "importer": 5, "export": 5, "show": 5,
    "show_text": 5, "scaffold": 5, "apply": 5, "whatif": 5, "spreadsheet": 5,
    "cli": 6, "runtime": 6,
}


def _imported(node: ast.AST) -> list[str]:
    """The dutymatrix top-level modules an import statement names."""
    if isinstance(node, ast.ImportFrom) and not node.level and node.module:
        if node.module == "dutymatrix":
            return [alias.name for alias in node.names]
        if node.module.startswith("dutymatrix."):
            return [node.module.split(".")[1]]
    if isinstance(node, ast.Import):
        return [a.name.split(".")[1] for a in node.names if a.name.startswith("dutymatrix.")]
    return []


def test_imports_flow_one_way_and_only_the_cli_tunes_the_process() -> None:
    wrong = []
    for path, nodes in _nodes():
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts == ("__init__",):
            continue
        where = path.relative_to(PACKAGE.parent)
        if parts[0] not in LAYERS:
            wrong.append(f"{where}: a new top-level module; give it its layer in LAYERS")
            continue
        for node in nodes:
            for name in _imported(node):
                if LAYERS.get(name, 0) > LAYERS[parts[0]] or (
                        name == "runtime" and parts[0] != "cli"):
                    wrong.append(f"{where} imports {name}")
    assert wrong == []


if __name__ == "__main__":
    print("\n".join(long_functions()) or f"no function over {MAX_FUNCTION_LINES} lines")
    sys.exit(0)
