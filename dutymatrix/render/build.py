"""``dutymatrix build``: gather every document, then publish what changed.

The only code that writes files, all of them through ``OutputDir`` (no link in the output
folder is ever followed). Order of work:
1. load and check the model (a model that does not load stops here, nothing written);
2. describe every output; render the cheap ones, and queue PDFs and Word files whose
   inputs changed on the long-lived worker pool, each kept in ``.dutymatrix-pending/`` as
   it finishes (a killed build resumes from there);
3. only when everything rendered: remove leftover temporary files, write changed files
   atomically, delete files of removed posts that the manifest says the tool wrote,
   write the manifest last (not at all when nothing changed), drop the pending folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dutymatrix.errors import ModelLoadError, RenderError, UsageError
from dutymatrix.findings import Finding
from dutymatrix.i18n import N_, tr
from dutymatrix.messages import Msg, render
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
from .outdir import OutputDir, check_relpath
from .outfiles import PENDING_DIR, Manifest, ManifestEntry, sha256
from .session import RenderSession
from .tasks import Rendered, TaskRenderer

HTML_KINDS = frozenset({"jd", "raci", "audit", "site"})
# The document language as the summary names it ("built jd (简体中文) in out: …").
LANGUAGE_NAMES = {"zh-CN": N_("Simplified Chinese"), "zh-TW": N_("Traditional Chinese"),
                  "en": N_("English")}


@dataclass(frozen=True)
class BuildOptions:
    org_dir: Path
    today: dt.date  # the audit report and RACI findings are checked as of this day
    out_dir: Path = Path("out")
    only: frozenset[str] = frozenset()  # empty = everything
    lang: str | None = None  # zh-CN, zh-TW or en ("zh" reads as zh-CN); None = the org's locale
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
    resumed: list[str] = field(default_factory=list)  # finished by an interrupted build
    warnings: list[str | Msg] = field(default_factory=list)  # said in `lang` by describe

    @property
    def index(self) -> Path | None:
        index = self.out_dir / "index.html"
        return index if index.exists() else None

    def describe(self, limit: int = 12) -> str:
        """The summary in the build's document language (the org's, not the terminal's)."""
        lang = self.lang
        lines = [tr(lang, N_("built {parts} ({language}) in {out}: {rebuilt} rebuilt, "
                             "{removed} removed, {unchanged} unchanged"),
                    parts=_listed(self.kinds, lang),
                    language=tr(lang, LANGUAGE_NAMES[lang]), out=self.out_dir,
                    rebuilt=len(self.rebuilt), removed=len(self.removed),
                    unchanged=len(self.unchanged))]
        for title, title_more, paths in (
                (N_("rebuilt: {paths}"), N_("rebuilt: {paths} … and {count} more"),
                 self.rebuilt),
                (N_("removed: {paths}"), N_("removed: {paths} … and {count} more"),
                 self.removed)):
            if paths:
                more = len(paths) - limit
                lines.append("  " + tr(lang, title_more if more > 0 else title,
                                       paths=_listed(paths[:limit], lang), count=more))
        if self.resumed:
            lines.append("  " + tr(lang, N_("resumed: {count} document(s) an interrupted "
                                            "build had rendered"), count=len(self.resumed)))
        lines += ["  " + tr(lang, N_("warning: {warning}"), warning=render(w, lang))
                  for w in self.warnings]
        if self.index is not None:
            lines.append(tr(lang, N_("open {index}"), index=self.index))
        return "\n".join(lines)


def _listed(items: Sequence[object], lang: str) -> str:
    return ("、" if lang != "en" else ", ").join(str(i) for i in items)


def parts_to_build(only: Iterable[str]) -> tuple[str, ...]:
    """The parts named by ``--only`` (every part when empty), in build order."""
    wanted = set(only)
    unknown = sorted(wanted - set(KINDS))
    if unknown:
        raise UsageError(Msg(N_("--only {unknown}: unknown part; choose from {kinds}"),
                             unknown=",".join(unknown), kinds=",".join(KINDS)))
    return tuple(k for k in KINDS if not wanted or k in wanted)


def load_for_build(options: BuildOptions) -> Any:
    """The loaded model of ``options.org_dir``; one that does not load raises."""
    from dutymatrix.load import load_org

    if not options.org_dir.is_dir():
        raise UsageError(Msg(N_("{path}: no such folder; give the folder of the org model"),
                                 path=options.org_dir))
    result = load_org(str(options.org_dir))
    if result.org is None:
        raise ModelLoadError(result.errors)
    return result


def _inputs(org: Org, load_findings: Sequence[Finding], options: BuildOptions,
            kinds: Sequence[str], session: RenderSession) -> BuildInputs:
    from dutymatrix.matrix import build_matrix

    from .hant import display_model
    from .html import template_roots, templates_fingerprint
    from .labels import doc_lang

    roots = template_roots(options.templates_dir)
    fingerprint = RENDERER_VERSION + templates_fingerprint(roots)
    lang = doc_lang(org, options.lang)
    shown = display_model(org, lang)  # zh-TW: texts in traditional, for display only
    inputs = BuildInputs(
        org=shown,
        matrix=build_matrix(shown),
        lang=lang,
        env=session.environment(roots, fingerprint),
        roots=tuple(str(r) for r in roots),
        fingerprint=fingerprint,
        findings=None,
        summary=None,
        today=options.today,
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


def _present_after(outputs: Sequence[Output], manifest: Manifest, out: OutputDir,
                   built_kinds: Iterable[str]) -> list[str]:
    """Files there will be after this build: new ones and earlier ones of parts not built."""
    present = {o.path for o in outputs}
    for rel, entry in manifest.files.items():
        if entry.kind not in built_kinds and out.lstat(rel) is not None:
            present.add(rel)
    return sorted(present)


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
    with OutputDir.open(options.out_dir) as out:
        summary = BuildSummary(out_dir=options.out_dir, lang=inputs.lang, kinds=kinds)
        _build_into(out, inputs, options, kinds, summary, session)
        summary.warnings.extend(out.notices)
    return summary


def _build_into(out: OutputDir, inputs: BuildInputs, options: BuildOptions,
                kinds: Sequence[str], summary: BuildSummary, session: RenderSession) -> None:
    manifest = Manifest.load(out)
    summary.warnings.extend(manifest.warnings)
    # Pages get the search box when the site is built now or stays from an earlier build.
    inputs.site_search = "site" in kinds or "search-index.js" in manifest.files
    # Parts this build owns: their files are rewritten, or deleted when no longer produced.
    built_kinds = {*kinds, "assets"} if HTML_KINDS & set(kinds) else set(kinds)

    # 1. Describe and render everything; nothing is published yet.
    out.folder(PENDING_DIR)  # a link planted there stops the build before any work
    tasks = TaskRenderer(out, manifest, options.jobs, summary, session.pools)
    try:
        outputs = [tasks.offer(o) for o in _checked(out, _describe_outputs(inputs, kinds))]
        if "site" in kinds:
            present = _present_after(outputs, manifest, out, built_kinds)
            outputs.extend(_checked(out, site_outputs(inputs, [*present, "index.html"])))
        if len({o.path for o in outputs}) != len(outputs):
            raise RenderError(Msg(N_("two documents would be written to one file; "
                                      "ids must be unique")))
    except BaseException as err:
        tasks.cancel(err)
        raise
    rendered = tasks.collect(options.progress)

    # 2. Publish. The manifest goes first, still listing the files about to be deleted:
    # a build killed from here on leaves a manifest that tells every finished file (by its
    # hash) from one still to publish, and forgets no file it has to delete.
    folders = {"", PENDING_DIR, *(_folder_of(rel) for rel in [*manifest.files,
                                                                *(o.path for o in outputs)])}
    summary.warnings.extend(out.remove_temp_files(folders))
    entries = {o.path: _entry(o, manifest, rendered) for o in outputs}
    kept = {rel: e for rel, e in manifest.files.items() if e.kind not in built_kinds}
    doomed = {rel: e for rel, e in manifest.files.items()
              if e.kind in built_kinds and rel not in entries}
    journal = Manifest(files={**kept, **doomed, **entries}, raw=manifest.raw)
    journal.save(out)
    for output in outputs:
        _publish(out, output, rendered.get(output.path), summary)
    _delete_removed(out, doomed, summary)
    Manifest(files={**kept, **entries}, raw=journal.raw).save(out)
    out.remove_folder_files(PENDING_DIR)  # what is left: work of builds no one will need


def _folder_of(rel: str) -> str:
    return rel.rpartition("/")[0]


def _checked(out: OutputDir, outputs: Iterable[Output]) -> Iterator[Output]:
    """Refuse a path that is not plain, or whose folder is a link or a file, as soon as it
    is described: before its PDF is rendered, before anything is written."""
    for output in outputs:
        check_relpath(output.path)
        out.folder(_folder_of(output.path))
        yield output


def _entry(output: Output, manifest: Manifest, rendered: dict[str, Rendered]) -> ManifestEntry:
    if output.content is not None:
        content = output.content
        return ManifestEntry(sha256(content), output.source, output.kind, len(content))
    done = rendered.get(output.path)
    if done is None:  # a task output whose inputs did not change
        return manifest.files[output.path]
    return ManifestEntry(done.sha256, output.source, output.kind, done.size)


def _publish(out: OutputDir, output: Output, done: Rendered | None,
             summary: BuildSummary) -> None:
    """Write ``output`` unless the folder holds it already."""
    rel = output.path
    if output.content is not None:
        if out.read(rel, size=len(output.content)) == output.content:
            summary.unchanged.append(rel)
        else:
            out.write(rel, output.content)
            summary.rebuilt.append(rel)
        return
    if done is None:
        summary.unchanged.append(rel)
        return
    on_disk = out.read(rel, size=done.size)
    if on_disk is not None and sha256(on_disk) == done.sha256:
        summary.unchanged.append(rel)
        return
    if done.pending is None:
        assert done.content is not None
        out.write(rel, done.content)
    else:
        out.move(done.pending, rel)
    summary.rebuilt.append(rel)


def _delete_removed(out: OutputDir, doomed: dict[str, ManifestEntry],
                    summary: BuildSummary) -> None:
    """Delete the files of removed posts and processes: only files the manifest lists,
    reached without following a link, and a link itself rather than its target."""
    for rel in sorted(doomed):
        why_not = out.remove(rel)
        if not why_not:
            summary.removed.append(rel)
        elif why_not != "missing":
            summary.warnings.append(Msg(N_("{path}: listed in the manifest, not deleted "
                                           "({reason})"), path=out.path / rel, reason=why_not))
    out.remove_empty_folders(summary.removed)
