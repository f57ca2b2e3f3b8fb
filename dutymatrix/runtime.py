"""Process-wide tuning, in one place: the cyclic collector and the fast exit.

Only the command line uses this module. Library calls (``load_org``, ``check_org``,
``build_org``, the report formatters) never touch the collector or the exit path, so a
program that imports dutymatrix finds the interpreter as it left it.

Why the CLI tunes the collector: a large org is a million small objects that all stay
alive while it is loaded, checked and reported. With the cyclic collector on, each of its
full passes rescans them all (loading a 10 MB org took 3× as long, the near-duplicate
search a fifth longer, the JSON report a third). None of that work creates cycles that
must be collected before the command ends, so the CLI pauses the collector for the work,
then freezes what survived so later collections never scan the model again.

A library user with an org that large can do the same::

    from dutymatrix import runtime
    with runtime.collector_paused():
        result = load_org("org/")
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off the cyclic collector for the block; its previous state is restored after.

    Reference counting still frees everything that is not in a cycle.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_survivors() -> None:
    """Move every object alive now out of the collector's reach (``gc.freeze``).

    Called once the model is built: collections after this (a report, a build) scan only
    what is allocated later, never the model.
    """
    gc.freeze()


def exit_now(code: int) -> None:
    """End the process with ``code`` without freeing the model object by object.

    Tearing down a 10 MB org takes ~0.5 s that nobody waits for. Only when stdout is a
    real file: under a test runner (captured output) this is a normal ``sys.exit``.
    """
    try:
        sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        sys.exit(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def replace_closed_streams() -> None:
    """Started with stdout or stderr closed (``>&-``), Python has None there: write to
    /dev/null instead, so no command fails on None (the exit code still says how it went).
    """
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
