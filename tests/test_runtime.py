"""Process-wide state: library calls leave the interpreter as they found it; the CLI's
tuning lives in dutymatrix.runtime and restores what it changes."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from clock import TODAY

from dutymatrix import runtime
from dutymatrix.engine import check_org
from dutymatrix.load import load_org

SAMPLE = Path(__file__).resolve().parent.parent / "org"


@contextmanager
def counting_collections() -> Iterator[list[int]]:
    """Counts the cyclic collections that start inside the block."""
    started: list[int] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(callback)
    try:
        yield started
    finally:
        gc.callbacks.remove(callback)


@contextmanager
def collector(enabled: bool) -> Iterator[None]:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        yield
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("enabled", [True, False])
def test_load_and_check_keep_the_callers_collector_setting(enabled: bool) -> None:
    frozen = gc.get_freeze_count()
    with collector(enabled):
        loaded = load_org(SAMPLE)
        assert loaded.org is not None
        check_org(loaded.org, loaded.findings, today=TODAY)
        assert gc.isenabled() is enabled
    assert gc.get_freeze_count() == frozen


def test_load_does_not_pause_an_enabled_collector() -> None:
    with collector(True), counting_collections() as started:
        load_org(SAMPLE)
    assert started, "load_org ran with the collector paused"


def test_collector_paused_holds_collections_and_restores_the_setting() -> None:
    with collector(True):
        with counting_collections() as started, runtime.collector_paused():
            assert not gc.isenabled()
            load_org(SAMPLE)
        assert started == []
        assert gc.isenabled()
        with pytest.raises(RuntimeError), runtime.collector_paused():
            raise RuntimeError("boom")
        assert gc.isenabled()
    with collector(False):
        with runtime.collector_paused():
            pass
        assert not gc.isenabled()  # a paused collector is not switched on by the block


@pytest.mark.slow  # prints PDFs
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_leaves_no_worker_and_no_cache_behind(tmp_path: Path, jobs: int) -> None:
    from render_sample import sample_org

    from dutymatrix.render import pdf
    from dutymatrix.render.build import BuildOptions, build_org

    options = BuildOptions(org_dir=Path("."), out_dir=tmp_path, jobs=jobs, today=TODAY,
                           only=frozenset({"jd"}))
    build_org(sample_org(), [], options)
    assert list((tmp_path / "jd").glob("*.pdf"))
    assert multiprocessing.active_children() == []
    assert pdf._STATE == {}  # --jobs 1 rendered here, and dropped its font cache


@pytest.mark.slow  # prints PDFs
def test_a_session_keeps_its_workers_for_the_next_build_until_closed(tmp_path: Path) -> None:
    from render_sample import sample_org

    from dutymatrix.render.build import BuildOptions, build_org
    from dutymatrix.render.session import RenderSession

    org = sample_org()
    with RenderSession() as session:
        for n in (1, 2):
            options = BuildOptions(org_dir=Path("."), out_dir=tmp_path / str(n), jobs=2,
                                   today=TODAY, only=frozenset({"jd"}))
            build_org(org, [], options, session=session)
            if n == 1:
                workers = {p.pid for p in multiprocessing.active_children()}
                assert workers
        assert {p.pid for p in multiprocessing.active_children()} == workers
        assert session.pools.get(2) is session.pools.get(2)
    assert multiprocessing.active_children() == []
