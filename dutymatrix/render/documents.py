"""What a build produces: one ``Output`` per file, rendered now or described as a task.

Cheap outputs (HTML, Markdown, CSV, SVG) are rendered here and compared by content.
Expensive ones (PDF, Word) carry the hash of their input and a task for the worker pool,
so an unchanged post costs one HTML render and one hash, not a PDF.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from dutymatrix.findings import Finding
from dutymatrix.matrix import Matrix
from dutymatrix.model import Org

from . import pdf as pdf_module
from .audit_context import audit_context
from .context import jd_context
from .fonts import pdf_face
from .html import asset_files, render_template
from .markdown import render_jd_markdown
from .outfiles import id_filename, sha256
from .palette import palette_css
from .pdftext import bound_text
from .raci_context import raci_context
from .site import department_pages, site_context
from .site_labels import site_labels

KINDS = ("jd", "raci", "orgchart", "audit", "site")
OVERALL_RACI = "_all"  # ids start with a letter or digit, so this never clashes

RENDERER_VERSION = "2"  # bump when a renderer changes its output for the same input


@dataclass
class Output:
    path: str  # relative to the output folder, "/"-separated
    kind: str  # one of KINDS, or "assets"
    content: bytes | None = None  # rendered already
    source: str = ""  # hash of the input when ``task`` renders it
    task: tuple[Callable[..., Any], tuple[Any, ...]] | None = None

    def __post_init__(self) -> None:
        if self.content is not None and not self.source:
            self.source = sha256(self.content)


@dataclass
class BuildInputs:
    org: Org
    matrix: Matrix
    lang: str
    env: jinja2.Environment
    roots: tuple[str, ...]  # template folders, real paths, user first
    fingerprint: str  # of every template file and the renderer version
    findings: Sequence[Finding] | None  # None when no check was run
    summary: dict[str, int] | None
    findings_json: str | None = None
    findings_sarif: str | None = None
    site_search: bool = False  # the site is built: every page gets the search box
    today: dt.date | None = None  # the day of the check: waivers' days left


# The letter colours, one definition (palette.py) for every page, PDF and raci.xlsx.
_PALETTE_CSS = Markup(palette_css())

# Parsed once per PDF worker and applied to every document it prints (base.html links
# it only on screen).
PDF_STYLESHEETS = ("assets/document.css",)


def _html(inputs: BuildInputs, name: str, asset_base: str, for_pdf: bool, **ctx: Any) -> str:
    labels = ctx.pop("labels", None)
    return render_template(
        inputs.env,
        name,
        lang=inputs.lang,
        asset_base="" if for_pdf else asset_base,
        for_pdf=for_pdf,
        labels=labels,
        palette_css=_PALETTE_CSS,
        site_search=inputs.site_search and not for_pdf,
        x=site_labels(inputs.lang),
        **ctx,
    )


def _pdf_output(inputs: BuildInputs, path: str, kind: str, html: str,
                style: str = "serif") -> Output:
    html = bound_text(html)  # layout time linear in the text, however long a duty is
    faces = (pdf_face(inputs.lang, style),)  # the small CJK face its stylesheet names first
    return Output(
        path=path,
        kind=kind,
        source=sha256(inputs.fingerprint + "\0" + html + "\0" + ",".join(faces)),
        task=(pdf_module.render_pdf, (html, inputs.roots, PDF_STYLESHEETS, faces)),
    )


def jd_outputs(inputs: BuildInputs) -> Iterator[Output]:
    from .docx import render_jd_docx

    for role_id in inputs.org.roles:
        jd = jd_context(inputs.org, inputs.matrix, role_id, inputs.lang)
        stem = "jd/" + id_filename(role_id, "")
        page = _html(inputs, "jd.html", "../", False, jd=jd, labels=jd.labels)
        yield Output(f"{stem}.html", "jd", page.encode("utf-8"))
        printable = _html(inputs, "jd.html", "../", True, jd=jd, labels=jd.labels)
        yield _pdf_output(inputs, f"{stem}.pdf", "jd", printable)
        yield Output(
            f"{stem}.docx",
            "jd",
            source=sha256(f"{RENDERER_VERSION}\0docx\0{jd!r}"),
            task=(render_jd_docx, (jd,)),
        )
        yield Output(f"{stem}.md", "jd", render_jd_markdown(jd).encode("utf-8"))


def raci_pages(org: Org, lang: str) -> list[tuple[str, str]]:
    """(href, title) of every RACI page, the overall one first."""
    from .labels import LABELS

    pages = [(f"raci/{OVERALL_RACI}.html", LABELS[lang]["raci_overall"])]
    pages += [(f"raci/{id_filename(p.id, '.html')}", p.name.get(lang)) for p in org.processes]
    return pages


def raci_outputs(inputs: BuildInputs) -> Iterator[Output]:
    from .csvout import render_raci_csv
    from .xlsx import render_raci_xlsx

    org, matrix, lang = inputs.org, inputs.matrix, inputs.lang
    process_ids: list[str | None] = [None, *(p.id for p in org.processes)]
    for process_id in process_ids:
        stem = OVERALL_RACI if process_id is None else id_filename(process_id, "")
        table = raci_context(org, matrix, process_id, lang)
        common = {"table": table, "labels": table.labels, "file_stem": stem, "has_xlsx": True}
        page = _html(inputs, "raci.html", "../", False, **common)
        yield Output(f"raci/{stem}.html", "raci", page.encode("utf-8"))
        printable = _html(inputs, "raci.html", "../", True, **common)
        yield _pdf_output(inputs, f"raci/{stem}.pdf", "raci", printable)
        yield Output(
            f"raci/{stem}.csv", "raci", render_raci_csv(org, matrix, process_id, lang)
        )
    yield Output("raci.xlsx", "raci", render_raci_xlsx(org, matrix, inputs.findings or (), lang,
                                                      inputs.today))


def orgchart_outputs(inputs: BuildInputs) -> Iterator[Output]:
    from .orgchart_docs import orgchart_documents

    docs = orgchart_documents(inputs.org, inputs.lang)
    yield Output("orgchart.svg", "orgchart", docs.main.svg.encode("utf-8"))
    for path, chart in docs.subcharts:
        yield Output(path, "orgchart", chart.svg.encode("utf-8"))
    yield _pdf_output(inputs, "orgchart.pdf", "orgchart", docs.pdf_html, style="sans")


def audit_outputs(inputs: BuildInputs) -> Iterator[Output]:
    audit = audit_context(inputs.org, inputs.findings or (), inputs.lang,
                          matrix=inputs.matrix, today=inputs.today)
    common = {"audit": audit, "labels": audit.labels,
              "has_findings_json": inputs.findings_json is not None}
    page = _html(inputs, "audit.html", "", False, **common)
    yield Output("audit.html", "audit", page.encode("utf-8"))
    yield _pdf_output(inputs, "audit.pdf", "audit", _html(inputs, "audit.html", "", True, **common))
    if inputs.findings_json is not None:
        yield Output("findings.json", "audit", _utf8(inputs.findings_json))
    if inputs.findings_sarif is not None:
        yield Output("findings.sarif", "audit", _utf8(inputs.findings_sarif))


def _utf8(text: str) -> bytes:
    # A rule's doc may quote undecodable bytes (lone surrogates); never fail the build on it.
    return text.encode("utf-8", errors="replace")


def asset_outputs(inputs: BuildInputs) -> Iterator[Output]:
    from pathlib import Path

    for rel, path in asset_files([Path(r) for r in inputs.roots]):
        yield Output(rel, "assets", path.read_bytes())


def site_outputs(inputs: BuildInputs, present: Sequence[str]) -> Iterator[Output]:
    """The index, the chart page, the search index and the department pages;
    ``present``: every file there will be after the build."""
    from .labels import LABELS, SEVERITY_NAMES
    from .site_chart import chart_page
    from .site_search import search_index_js

    org, lang = inputs.org, inputs.lang
    pages = [f"dept/{id_filename(d.id, '.html')}" for d in org.departments]
    present = sorted({*present, *pages, "chart.html", "search-index.js"})
    site = site_context(
        org, lang, present=present, raci_pages=raci_pages(org, lang), summary=inputs.summary
    )
    labels = {**LABELS[lang], **{f"sev_{k}": v for k, v in SEVERITY_NAMES[lang].items()}}
    index = _html(inputs, "index.html", "", False, site=site, labels=labels)
    yield Output("index.html", "site", index.encode("utf-8"))
    yield Output("search-index.js", "site", search_index_js(org, lang, present).encode("utf-8"))
    downloads = [(h, h.rsplit(".", 1)[1].upper()) for h in ("orgchart.svg", "orgchart.pdf")
                 if h in present]
    page = _html(inputs, "chart.html", "", False, chart=chart_page(org, lang), labels=labels,
                 downloads=downloads)
    yield Output("chart.html", "site", page.encode("utf-8"))
    for dept in department_pages(org, lang):
        page = _html(inputs, "department.html", "../", False, site=site, dept=dept,
                     labels=labels)
        yield Output(f"dept/{id_filename(dept.id, '.html')}", "site", page.encode("utf-8"))


def findings_documents(result: Any) -> tuple[str | None, str | None]:
    """findings.json and findings.sarif through the report formatters, when they exist."""
    try:
        from dutymatrix.report import FORMATTERS, ReportOptions
    except ImportError:
        data = {
            "findings": [f.to_json() for f in result.findings],
            "summary": dict(result.summary),
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n", None
    options = ReportOptions(color=False)
    rendered: list[str | None] = []
    for fmt in ("json", "sarif"):
        formatter = FORMATTERS.get(fmt)
        try:
            text = formatter(result, options) if formatter else None
        except ImportError:  # a formatter this installation lacks: leave its file out
            text = None
        rendered.append(text.rstrip("\n") + "\n" if text is not None else None)
    return rendered[0], rendered[1]
