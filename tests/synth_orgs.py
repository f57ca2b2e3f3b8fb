"""Synthetic orgs for the chart and site tests, written with benchmarks/synth.py and loaded
once per test session (a 2,000-post org takes a moment to write and load)."""

from __future__ import annotations

import atexit
import functools
import importlib.util
import shutil
import tempfile
from pathlib import Path
from types import ModuleType

from dutymatrix.load import load_org
from dutymatrix.model import Org

SYNTH = Path(__file__).resolve().parent.parent / "benchmarks" / "synth.py"
_ROOT = Path(tempfile.mkdtemp(prefix="dm-synth-"))
atexit.register(shutil.rmtree, _ROOT, True)


@functools.cache
def _synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synth", SYNTH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def synth_dir(departments: int, posts: int, fanout: int = 5, long_titles: bool = False,
              duties: int = 3) -> Path:
    """The folder of a synthetic org: ``departments`` × ``posts`` posts."""
    name = f"d{departments}-p{posts}-f{fanout}-{'long' if long_titles else 'short'}-u{duties}"
    return _synth().write_synthetic_org(_ROOT / name, departments, posts, duties,
                                        fanout=fanout, long_titles=long_titles)


@functools.cache
def synth_org(departments: int, posts: int, fanout: int = 5, long_titles: bool = False,
              duties: int = 3) -> Org:
    result = load_org(str(synth_dir(departments, posts, fanout, long_titles, duties)))
    assert result.org is not None, result.errors
    return result.org
