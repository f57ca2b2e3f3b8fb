"""What builds in one process may share, owned by the caller: compiled template
environments and the PDF worker pools.

    with RenderSession() as session:
        build_org(org, findings, options, session=session)
        build_org(org2, findings2, options, session=session)  # warm: no recompiling,
                                                              # the same workers
``build_org`` without a session makes one and closes it before it returns, so a library
call leaves no worker process and no cache behind; nothing here lives in module state.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from .pdf import WorkerPools

if TYPE_CHECKING:
    import jinja2


class RenderSession:
    """Template environments (one per template folders and their contents) and worker
    pools; ``close`` ends the workers and drops the caches."""

    def __init__(self) -> None:
        self.pools = WorkerPools()
        self._environments: dict[tuple[tuple[str, ...], str], jinja2.Environment] = {}

    def environment(self, roots: Sequence[Path], fingerprint: str) -> jinja2.Environment:
        """The environment over ``roots``, reused while ``fingerprint`` (a hash of every
        template and asset file) is unchanged."""
        from .html import make_environment

        key = (tuple(str(r) for r in roots), fingerprint)
        env = self._environments.get(key)
        if env is None:
            env = self._environments[key] = make_environment(roots)
        return env

    def close(self) -> None:
        self.pools.close()
        self._environments.clear()

    def __enter__(self) -> RenderSession:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
