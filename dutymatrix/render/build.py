"""``dutymatrix build``: gather every document in memory, then write what changed.

The only code that writes files. Order of work:
1. load and check the model (a model that does not load stops here, nothing written);
2. describe every output; render the cheap ones, and queue PDFs and Word files whose
   inputs changed on the long-lived worker pool;
3. only when everything rendered: write changed files atomically, delete files of
   removed posts that the manifest says the tool wrote, and write the manifest last.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from dutymatrix.errors import DutymatrixError, ModelLoadError, RenderError, UsageError
from dutymatrix.findings import Finding
from dutymatrix.model import Org

from .documents import (
    KINDS,
    RENDERER_VERSION,
    BuildInputs,
    Output,
    asset_outputs,
    audit_outputs,
    findings_documents,
    jd_outputs,
    orgchart_outputs,
    raci_outputs,
    site_outputs,
)
from .outfiles import (
    MANIFEST_NAME,
    Manifest,
    ManifestEntry,
    file_hash,
    prepare_out_dir,
    safe_output_path,
    sha256,
    write_output,
)
from .pdf import WorkerPools
from .session import RenderSession

HTML_KINDS = frozenset({"jd", "raci", "audit", "site"})


@dataclass(frozen=True)
class BuildOptions:
    org_dir: Path
    today: dt.date  # the audit report and RACI findings are checked as of this day
    out_dir: Path = Path("out")
    only: frozenset[str] = frozenset()  # empty = everything
    lang: str | None = None  # None = the org's locale
    jobs: int = 1
    templates_dir: Path | None = None
    progress: bool = False  # a progress bar on stderr (the CLI sets it when stderr is a TTY)


@dataclass
class BuildSummary:
    out_dir: Path
    lang: str
    kinds: tuple[str, ...]
    rebuilt: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def index(self) -> Path | None:
        index = self.out_dir / "index.html"
        return index if index.exists() else None

    def describe(self, limit: int = 12) -> str:
        lines = [
            f"built {', '.join(self.kinds)} ({self.lang}) in {self.out_dir}: "
            f"{len(self.rebuilt)} rebuilt, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged"
        ]
        for title, paths in (("rebuilt", self.rebuilt), ("removed", self.removed)):
            if paths:
                shown = ", ".join(paths[:limit])
                more = f" … and {len(paths) - limit} more" if len(paths) > limit else ""
                lines.append(f"  {title}: {shown}{more}")
        lines += [f"  warning: {w}" for w in self.warnings]
        if self.index is not None:
            lines.append(f"open {self.index}")
        return "\n".join(lines)


class Progress:
    """A one-line bar on stderr, only when asked for (stderr is a terminal)."""

    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None) -> None:
        self.total, self.done = total, 0
        self.enabled = enabled and total > 0
        self.stream = stream or sys.stderr

    def step(self, label: str = "") -> None:
        self.done += 1
        if self.enabled:
            width = 30
            filled = width * self.done // self.total
            bar = "#" * filled + "." * (width - filled)
            self.stream.write(f"\r  rendering [{bar}] {self.done}/{self.total} {label[:40]:<40}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()


def parts_to_build(only: Iterable[str]) -> tuple[str, ...]:
    """The parts named by ``--only`` (every part when empty), in build order."""
    wanted = set(only)
    unknown = sorted(wanted - set(KINDS))
    if unknown:
        raise UsageError(
            f"--only {','.join(unknown)}: unknown part; choose from {','.join(KINDS)}"
        )
    return tuple(k for k in KINDS if not wanted or k in wanted)


def load_for_build(options: BuildOptions) -> Any:
    """The loaded model of ``options.org_dir``; one that does not load raises."""
    from dutymatrix.load import load_org

    if not options.org_dir.is_dir():
        raise UsageError(f"{options.org_dir}: no such folder; give the folder of the org model")
    result = load_org(str(options.org_dir))
    if result.org is None:
        raise ModelLoadError(result.errors)
    return result


def _inputs(org: Org, load_findings: Sequence[Finding], options: BuildOptions,
            kinds: Sequence[str], session: RenderSession) -> BuildInputs:
    from dutymatrix.matrix import build_matrix

    from .html import template_roots, templates_fingerprint
    from .labels import doc_lang

    roots = template_roots(options.templates_dir)
    fingerprint = RENDERER_VERSION + templates_fingerprint(roots)
    inputs = BuildInputs(
        org=org,
        matrix=build_matrix(org),
        lang=doc_lang(org, options.lang),
        env=session.environment(roots, fingerprint),
        roots=tuple(str(r) for r in roots),
        fingerprint=fingerprint,
        findings=None,
        summary=None,
    )
    if {"raci", "audit", "site"} & set(kinds):
        from dutymatrix.engine import check_org

        result = check_org(org, list(load_findings), today=options.today)
        inputs.findings = list(result.findings)
        inputs.summary = dict(result.summary)
        if "audit" in kinds:
            inputs.findings_json, inputs.findings_sarif = findings_documents(result)
    return inputs


def _describe_outputs(inputs: BuildInputs, kinds: Sequence[str]) -> Iterator[Output]:
    producers = {
        "jd": jd_outputs,
        "raci": raci_outputs,
        "orgchart": orgchart_outputs,
        "audit": audit_outputs,
    }
    for kind in kinds:
        if kind in producers:
            yield from producers[kind](inputs)
    if HTML_KINDS & set(kinds):
        yield from asset_outputs(inputs)


def _present_after(outputs: Sequence[Output], manifest: Manifest, out_dir: Path,
                   built_kinds: Iterable[str]) -> list[str]:
    """Files there will be after this build: new ones and earlier ones of parts not built."""
    present = {o.path for o in outputs}
    for rel, entry in manifest.files.items():
        if entry.kind not in built_kinds and (out_dir / rel).exists():
            present.add(rel)
    return sorted(present)


class TaskRenderer:
    """Sends PDF and Word outputs whose inputs changed to the worker pool as they are
    described, so workers render while this process is still writing HTML."""

    def __init__(self, manifest: Manifest, options: BuildOptions, summary: BuildSummary,
                 pools: WorkerPools):
        self.manifest, self.options, self.summary = manifest, options, summary
        self.pools = pools
        self.pool: Any = None
        self.futures: list[tuple[Output, Future[Any]]] = []

    def offer(self, output: Output) -> Output:
        if output.task is None:
            return output
        if self.manifest.is_current(self.options.out_dir, output.path, output.source):
            return output
        if self.pool is None:
            self.pool = self._start_pool()
        function, args = output.task
        self.futures.append((output, self.pool.submit(function, *args)))
        return output

    def _start_pool(self) -> Any:
        from . import pdf as pdf_module

        if not pdf_module.harfbuzz_subset_available():
            # Said at once, on stderr: the build that follows may take minutes.
            print(pdf_module.HARFBUZZ_HINT, file=sys.stderr)
            self.summary.warnings.append("HarfBuzz subsetting missing (see above)")
        return self.pools.get(self.options.jobs)

    def collect(self) -> dict[str, bytes]:
        """Wait for every task; PDF bytes and Word bytes by output path."""
        results: dict[str, bytes] = {}
        progress = Progress(len(self.futures), self.options.progress)
        try:
            for output, future in self.futures:
                value = future.result()
                if isinstance(value, tuple):
                    content, blocked = value
                    self.summary.warnings.extend(
                        f"{output.path}: refused to fetch {url}" for url in blocked
                    )
                else:
                    content = value
                results[output.path] = content
                progress.step(output.path)
        except BaseException as err:
            self.cancel()
            if not isinstance(err, (KeyboardInterrupt, DutymatrixError)):
                self.pools.discard(self.options.jobs)  # a worker may have died
            raise
        finally:
            progress.close()
        return results

    def cancel(self) -> None:
        for _, future in self.futures:
            future.cancel()


def run_build(options: BuildOptions) -> BuildSummary:
    """Load the org in ``options.org_dir`` and build it; see ``build_org``."""
    kinds = parts_to_build(options.only)
    loaded = load_for_build(options)
    return build_org(loaded.org, loaded.findings, options, kinds)


def build_org(org: Org, load_findings: Sequence[Finding], options: BuildOptions,
              kinds: Sequence[str] | None = None,
              session: RenderSession | None = None) -> BuildSummary:
    """Build the documents of an already loaded ``org`` into ``options.out_dir``.

    ``session`` keeps templates compiled and PDF workers running for later builds; without
    one, the build makes its own and ends its workers before it returns.
    """
    if session is None:
        with RenderSession() as own:
            return _build(org, load_findings, options, kinds, own)
    return _build(org, load_findings, options, kinds, session)


def _build(org: Org, load_findings: Sequence[Finding], options: BuildOptions,
           kinds: Sequence[str] | None, session: RenderSession) -> BuildSummary:
    kinds = tuple(kinds) if kinds is not None else parts_to_build(options.only)
    inputs = _inputs(org, load_findings, options, kinds, session)
    prepare_out_dir(options.out_dir)
    out_dir = options.out_dir
    manifest = Manifest.load(out_dir)
    # Pages get the search box when the site is built now or stays from an earlier build.
    inputs.site_search = "site" in kinds or "search-index.js" in manifest.files
    summary = BuildSummary(out_dir=out_dir, lang=inputs.lang, kinds=kinds)
    if manifest.warning:
        summary.warnings.append(manifest.warning)

    # Parts this build owns: their files are rewritten, or deleted when no longer produced.
    built_kinds = {*kinds, "assets"} if HTML_KINDS & set(kinds) else set(kinds)

    # 1. Describe and render everything in memory; nothing is written yet.
    outputs, targets, rendered = _render_all(inputs, kinds, manifest, options, summary,
                                             session, built_kinds)

    # 2. Write what changed, each file atomically.
    new_manifest = Manifest(
        files={rel: e for rel, e in manifest.files.items() if e.kind not in built_kinds}
    )
    for output in outputs:
        rel = output.path
        content = output.content if output.content is not None else rendered.get(rel)
        if content is None:  # a task output whose inputs did not change
            new_manifest.files[rel] = manifest.files[rel]
            summary.unchanged.append(rel)
            continue
        content_hash = sha256(content)
        if file_hash(targets[rel]) == content_hash:
            summary.unchanged.append(rel)
        else:
            write_output(targets[rel], content)
            summary.rebuilt.append(rel)
        new_manifest.files[rel] = ManifestEntry(content_hash, output.source, output.kind)

    # 3. Delete files of removed posts and processes — only files the manifest lists.
    for rel, entry in sorted(manifest.files.items()):
        if rel in targets or entry.kind not in built_kinds:
            continue
        try:
            path = safe_output_path(out_dir, rel)
        except RenderError:
            continue  # a tampered manifest must not make us delete elsewhere
        if path.is_file():
            path.unlink()
            summary.removed.append(rel)
        new_manifest.files.pop(rel, None)
    write_output(out_dir / MANIFEST_NAME, new_manifest.to_bytes())
    _remove_empty_dirs(out_dir, summary.removed)
    return summary


def _render_all(inputs: BuildInputs, kinds: Sequence[str], manifest: Manifest,
                options: BuildOptions, summary: BuildSummary, session: RenderSession,
                built_kinds: set[str]) -> tuple[list[Any], dict[str, Path], dict[str, bytes]]:
    """Every output described, and the changed ones rendered (PDFs on the workers)."""
    out_dir = options.out_dir
    tasks = TaskRenderer(manifest, options, summary, session.pools)
    try:
        outputs = [tasks.offer(o) for o in _describe_outputs(inputs, kinds)]
        if "site" in kinds:
            present = _present_after(outputs, manifest, out_dir, built_kinds)
            outputs.extend(site_outputs(inputs, [*present, "index.html"]))
        targets = {o.path: safe_output_path(out_dir, o.path) for o in outputs}
        if len(targets) != len(outputs):
            raise RenderError("two documents would be written to one file; ids must be unique")
    except BaseException:
        tasks.cancel()
        raise
    return outputs, targets, tasks.collect()


def _remove_empty_dirs(out_dir: Path, removed: Sequence[str]) -> None:
    for rel in removed:
        folder = (out_dir / rel).parent
        while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
            os.rmdir(folder)
            folder = folder.parent
