"""Command line: the only module that imports click.

Each command copies its options into a plain object and calls the core; the core never
prints. Errors a user can cause become a message on stderr and exit code 2.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from dutymatrix import runtime
from dutymatrix.errors import DutymatrixError, ModelLoadError
from dutymatrix.i18n import N_, normalise_lang, resolve_lang, tr
from dutymatrix.messages import render as render_message
from dutymatrix.report import FORMATTERS
from dutymatrix.safetext import json_safe, visible

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_ORG = "org"


def _print_load_errors(err: ModelLoadError) -> None:
    from dutymatrix.report.text import render_plain

    lang = _language(_requested_lang.get(), None)
    click.echo(render_plain(err.findings, lang), err=True)
    count = len(err.findings)
    click.echo("dutymatrix: " + tr(lang, N_("the model has {count} problem; fix it and run "
                                            "again.") if count == 1 else
                                   N_("the model has {count} problems; fix them and run "
                                      "again."), count=count), err=True)


# --- language --------------------------------------------------------------------------

LANG_CHOICES = ["zh", "zh-CN", "zh-TW", "en"]
# What --lang the running command was given (for messages printed before the org is read).
_requested_lang: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "requested_lang", default=None)


def lang_option(help_text: str = "Language of the output: zh (= zh-CN), zh-CN, zh-TW or en "
                "(default: the org's locale, else LC_ALL/LC_MESSAGES/LANG, else zh-CN).",
                ) -> Callable[[F], F]:
    def remember(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        _requested_lang.set(value)
        return value

    return click.option("--lang", type=click.Choice(LANG_CHOICES, case_sensitive=False),
                        default=None, callback=remember, is_eager=True, help=help_text)


def _org_locale(org: Any) -> str | None:
    """The ``locale`` the org's file gives (None when it gives none)."""
    if org is None or "locale" not in getattr(org, "locs", {}):
        return None
    return org.locale


def _language(requested: str | None, org: Any) -> str:
    """--lang, else the org's locale, else the environment's, else zh-CN."""
    return resolve_lang(requested, _org_locale(org), os.environ)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that every clean-up an interrupt gets
    (temporary files, PDF workers) runs for a plain ``kill`` too."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise _Terminated


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While a command runs, SIGTERM ends it like Ctrl-C (unless SIGTERM is ignored)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    if previous is signal.SIG_IGN:
        signal.signal(signal.SIGTERM, previous)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def user_errors(fn: F) -> F:
    """Turn every error a user can cause into a message and exit code 2; an interrupt into
    one line and 130 (Ctrl-C) or 143 (SIGTERM), never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with _sigterm_as_interrupt():
                return fn(*args, **kwargs)
        except _Terminated:
            click.echo("dutymatrix: " + tr(_language(_requested_lang.get(), None),
                                           N_("terminated")), err=True)
            sys.exit(143)
        except ModelLoadError as err:
            _print_load_errors(err)
            sys.exit(2)
        except DutymatrixError as err:
            # Messages quote model text and file names: no raw escape reaches the terminal.
            lang = _language(_requested_lang.get(), None)
            click.echo(visible(f"dutymatrix: {err.in_lang(lang)}"), err=True)
            sys.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("dutymatrix: " + tr(_language(_requested_lang.get(), None),
                                           N_("interrupted")), err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def _load_or_fail(org_dir: str) -> Any:
    from dutymatrix.load import load_org

    with runtime.collector_paused():
        result = load_org(org_dir)
        runtime.freeze_survivors()
    if result.org is None:
        raise ModelLoadError(result.errors)
    return result.org


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dutymatrix")
def main() -> None:
    """Check, render and compare an organisation kept as YAML (posts, duties, RACI, SoD)."""
    runtime.replace_closed_streams()


# The one place the machine's clock is read: everything below takes the date as a value.
today_option = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge waiver expiry as of this day, YYYY-MM-DD (default: the system date).",
)


def _today(given: dt.datetime | None) -> dt.date:
    return given.date() if given is not None else dt.date.today()


# --- check -----------------------------------------------------------------------------



@main.command()
@click.argument("org", default=DEFAULT_ORG, required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATTERS)),
    default=None,
    help="Report format (default: text; github when GITHUB_ACTIONS is set).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding at or above this severity remains.",
)
@click.option("--color/--no-color", default=None, help="Colour the text report.")
@lang_option("Language of the messages: zh (= zh-CN), zh-CN, zh-TW or en (default: the "
             "org's locale, else LC_ALL/LC_MESSAGES/LANG, else zh-CN; en for --format sarif).")
@today_option
@user_errors
def check(org: str, fmt: str | None, fail_on: str, color: bool | None, lang: str | None,
          today: dt.datetime | None) -> None:
    """Check the org in ORG (default: org/) and report every finding."""
    from dutymatrix.engine import run_check
    from dutymatrix.findings import Severity
    from dutymatrix.report import ReportOptions

    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") else "text"
    use_color = sys.stdout.isatty() if color is None else color
    # The process ends right after the report: no collection needs to scan the model.
    with runtime.collector_paused():
        result = run_check(org, today=_today(today))
        # SARIF goes to code scanning, searched in English unless --lang says otherwise.
        chosen = "en" if fmt == "sarif" and lang is None else _language(lang, result.org)
        output = FORMATTERS[fmt](result.in_lang(chosen),
                                 ReportOptions(color=use_color and fmt == "text", lang=chosen))
    if output:
        click.echo(output)
    threshold = Severity.parse(fail_on)
    if result.load_failed:
        runtime.exit_now(2)
    runtime.exit_now(1 if any(f.severity >= threshold for f in result.active_findings) else 0)


# --- export, schema, rules, explain ----------------------------------------------------


@main.command()
@click.argument("org", default=DEFAULT_ORG, required=False)
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@user_errors
def export(org: str, fmt: str) -> None:
    """Write the resolved model (duty numbers, full activity ids) for other tools."""
    from dutymatrix.export import export_model

    model = _load_or_fail(org)
    click.echo(json_safe(json.dumps(export_model(model), ensure_ascii=False, indent=2)))


@main.command()
@user_errors
def schema() -> None:
    """Print the JSON Schema of a model file (for editors and validators)."""
    from dutymatrix.checks import model_schema

    click.echo(json.dumps(model_schema(), ensure_ascii=False, indent=2))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@lang_option()
@user_errors
def rules(fmt: str, lang: str | None) -> None:
    """List every check: id, name, default severity, summary."""
    from dutymatrix.checks import REGISTRY

    chosen = _language(lang, None)
    if fmt == "json":
        rows = [
            {"id": r.id, "name": r.name, "severity": str(r.severity),
             "summary": r.doc(chosen)["summary"]}
            for r in REGISTRY.values()
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for rule in REGISTRY.values():
        severity = rule.severity.label(chosen)
        pad = " " * max(0, 8 - len(severity) * (1 if chosen == "en" else 2))
        click.echo(f"{rule.id}  {rule.name:<32} {severity}{pad} {rule.doc(chosen)['summary']}")


@main.command()
@click.argument("rule_id")
@lang_option()
@user_errors
def explain(rule_id: str, lang: str | None) -> None:
    """Print one check's documentation with a failing and a passing example."""
    from dutymatrix.checks import explain_rule

    click.echo(explain_rule(rule_id, _language(lang, None)))


# --- build -----------------------------------------------------------------------------


@main.command()
@click.argument("org", default=DEFAULT_ORG, required=False)
@click.option("-o", "--output", "out_dir", default="out", show_default=True)
@click.option("--only", default="", help="Comma list of: jd,raci,orgchart,audit,site.")
@lang_option("Language of the documents: zh (= zh-CN), zh-CN, zh-TW or en (default: the "
             "org's locale, else zh-CN; never the environment, so every machine builds the "
             "same files).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="PDF workers.")
@click.option("--templates", "templates_dir", default=None, help="Folder overriding templates.")
@today_option
@user_errors
def build(
    org: str,
    out_dir: str,
    only: str,
    lang: str | None,
    jobs: int | None,
    templates_dir: str | None,
    today: dt.datetime | None,
) -> None:
    """Render job descriptions, RACI charts, the org chart, the audit report and the site."""
    from dutymatrix.render.build import BuildOptions, build_org, load_for_build, parts_to_build
    from dutymatrix.render.labels import doc_lang

    options = BuildOptions(
        org_dir=Path(org),
        today=_today(today),
        out_dir=Path(out_dir),
        only=frozenset(p.strip() for p in only.split(",") if p.strip()),
        lang=normalise_lang(lang) if lang else None,
        jobs=jobs or os.cpu_count() or 1,
        templates_dir=Path(templates_dir) if templates_dir else None,
        progress=sys.stderr.isatty(),
    )
    parts = parts_to_build(options.only)
    # The collector is paused for the load only: the PDF workers are forked later and
    # WeasyPrint makes cyclic garbage that must be collected.
    with runtime.collector_paused():
        loaded = load_for_build(options)
        runtime.freeze_survivors()
    # From here on errors and an interrupt are said in the documents' language, as the
    # summary is (the org's locale, not the terminal's).
    _requested_lang.set(doc_lang(loaded.org, options.lang))
    summary = build_org(loaded.org, loaded.findings, options, parts)
    click.echo(visible(summary.describe()))


# --- diff, show ------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--git", "git_ref", default=None, help="Compare ORG with its version at REF.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text"
)
@click.option(
    "--fail-on-new",
    type=click.Choice(["error", "warning"]),
    default=None,
    help="Exit 1 when the change introduces findings at this level.",
)
@lang_option()
@today_option
@user_errors
def diff(
    paths: tuple[str, ...], git_ref: str | None, fmt: str, fail_on_new: str | None,
    lang: str | None, today: dt.datetime | None,
) -> None:
    """Compare two versions of an org: OLD NEW, or --git REF [ORG]."""
    from dutymatrix.diff import DiffOptions, render_diff, run_diff

    options = DiffOptions(paths=paths, today=_today(today), git_ref=git_ref,
                          lang=normalise_lang(lang) if lang else None)
    with runtime.collector_paused():  # two models loaded and checked; nothing forks
        result = run_diff(options)
        output = render_diff(result, fmt)
    for notice in result.notices:
        click.echo("dutymatrix: " + tr(result.lang, N_("note: {notice}"), notice=notice),
                   err=True)
    click.echo(output)
    if fail_on_new and result.has_new_findings(fail_on_new):
        sys.exit(1)


@main.command()
@click.argument("words", nargs=-1, metavar="[ORG] STATEMENT...")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text"
)
@click.option(
    "--fail-on-new",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="Exit 1 when an assumption brings a finding at this level.",
)
@lang_option()
@today_option
@user_errors
def whatif(words: tuple[str, ...], fmt: str, fail_on_new: str, lang: str | None,
           today: dt.datetime | None) -> None:
    """Check assumed changes before they are made: "E1003 acts bill-center.manager",
    "POST gains ACTIVITY LETTERS", "move OWNER#N to POST" … (files are not touched)."""
    from dutymatrix.diff import render_diff
    from dutymatrix.whatif import WhatifOptions, run_whatif

    # ORG is optional: the first word is the org when it names a folder.
    org, statements = DEFAULT_ORG, words
    if words and Path(words[0]).is_dir():
        org, statements = words[0], words[1:]
    options = WhatifOptions(org_dir=org, statements=tuple(statements), today=_today(today),
                            lang=normalise_lang(lang) if lang else None)
    with runtime.collector_paused():  # the model checked twice, as is and as assumed
        result = run_whatif(options)
        output = render_diff(result, fmt)
    click.echo(output)
    if result.has_new_findings(fail_on_new):
        sys.exit(1)


@main.command()
@click.argument("item_id")
@click.option("--org", "org", default=DEFAULT_ORG, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@lang_option()
@today_option
@user_errors
def show(item_id: str, org: str, fmt: str, lang: str | None,
         today: dt.datetime | None) -> None:
    """What a post carries, who carries an activity, what a person holds."""
    from dutymatrix.show import describe
    from dutymatrix.show_text import render_show_text

    model = _load_or_fail(org)
    data = describe(model, item_id, today=_today(today))
    if fmt == "json":
        click.echo(json_safe(json.dumps(data, ensure_ascii=False, indent=2)))
    else:
        click.echo(render_show_text(data, _language(lang, model)))


# --- apply ---------------------------------------------------------------------------


@main.command("apply")
@click.argument("workbook")
@click.argument("org", default=DEFAULT_ORG, required=False)
@click.option("--dry-run", is_flag=True, help="Show the changes; write nothing.")
@lang_option("Language of the report: zh (= zh-CN), zh-CN, zh-TW or en (default: the "
             "workbook's).")
@today_option
@user_errors
def apply_(workbook: str, org: str, dry_run: bool, lang: str | None,
           today: dt.datetime | None) -> None:
    """Write letters edited in a built raci.xlsx back into the YAML of ORG (default: org/).

    Only the edited `raci:` entries change; every other byte of the YAML stays. A letter
    added where the post has no duty on the activity adds one duty (flagged with a
    comment); where it has several, name one with a cell comment `#n`. Prints the
    changes as `diff` does; exit 2 (nothing written) for any problem in the workbook.
    """
    from dutymatrix.apply import ApplyOptions, run_apply
    from dutymatrix.diff.render import render_diff_text

    with runtime.collector_paused():  # two versions of the model loaded and checked
        result = run_apply(ApplyOptions(workbook=workbook, today=_today(today), org_dir=org,
                                        dry_run=dry_run,
                                        lang=normalise_lang(lang) if lang else None))
    lang = result.diff.lang if result.diff is not None else _language(lang, None)
    for note in result.notes:  # may quote cells of the workbook
        click.echo(visible(render_message(note, lang)), err=True)
    if result.diff is None:
        click.echo("dutymatrix apply: " + tr(
            lang, N_("{workbook}: no letter differs from {org}; nothing to write"),
            workbook=workbook, org=org))
        return
    click.echo(render_diff_text(result.diff, f"dutymatrix apply: {workbook} → {org}"))
    click.echo("")
    verb = N_("would change {path}") if dry_run else N_("wrote {path}")
    for path in result.files:
        click.echo(tr(lang, verb, path=path))
    if dry_run:
        click.echo(tr(lang, N_("dry run: nothing was written")))


# --- import, init ----------------------------------------------------------------------


@main.command("import")
@click.argument("files", nargs=-1, required=True)
@click.option("--department", default=None, help="Department name for text without headings.")
@click.option("--post", default=None,
              help="Post title for a list no heading names (default: the document's title, "
                   "else the file name).")
@click.option("--suggest-raci", is_flag=True, help="Suggest a RACI letter after each duty.")
@lang_option("Language of the messages and of the YAML comments: zh (= zh-CN), zh-CN, zh-TW "
             "or en (default: the environment's LANG, else zh-CN).")
@user_errors
def import_(files: tuple[str, ...], department: str | None, post: str | None,
            suggest_raci: bool, lang: str | None) -> None:
    """Turn legacy duty text and spreadsheets into a model skeleton on stdout.

    Reads .txt .md .html .docx (numbered duty lists), .xlsx and .csv (a duty list with
    department / post / number / duty columns, or a RACI matrix: activities down, posts
    across) and posting records (.csv, .jsonl, .json with a title and a description).
    """
    from dutymatrix.importer import ImportOptions, import_files

    result = import_files(
        ImportOptions(files=tuple(Path(f) for f in files), department=department,
                      suggest_raci=suggest_raci, post=post, lang=_language(lang, None))
    )
    for warning in result.warnings:
        click.echo(visible(warning), err=True)
    sys.stdout.write(result.yaml)


@main.command()
@click.argument("directory")
@lang_option("Language of the comments in the YAML files and of the messages: zh "
             "(= zh-CN), zh-CN, zh-TW or en (default: the environment's, else zh-CN).")
@user_errors
def init(directory: str, lang: str | None) -> None:
    """Write a small working org into DIRECTORY."""
    from dutymatrix.scaffold import write_skeleton

    chosen = _language(lang, None)
    for path in write_skeleton(Path(directory), chosen):
        click.echo(tr(chosen, N_("wrote {path}"), path=path))
    click.echo(tr(chosen, N_(
        "next: edit the YAML files, then run  dutymatrix check {dir}  to check the model "
        "and  dutymatrix build {dir} -o {dir}/out  for its documents"), dir=directory))


if __name__ == "__main__":  # pragma: no cover
    main()
