"""Command line: the only module that imports click.

Each command copies its options into a plain object and calls the core; the core never
prints. Errors a user can cause become a message on stderr and exit code 2.
"""

from __future__ import annotations

import contextlib
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
from dutymatrix.report import FORMATTERS
from dutymatrix.safetext import json_safe, visible

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_ORG = "org"


def _print_load_errors(err: ModelLoadError) -> None:
    from dutymatrix.report.text import render_plain

    click.echo(render_plain(err.findings), err=True)
    click.echo(
        f"dutymatrix: the model has {len(err.findings)} problem(s); fix them and run again.",
        err=True,
    )


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
            click.echo("dutymatrix: terminated", err=True)
            sys.exit(143)
        except ModelLoadError as err:
            _print_load_errors(err)
            sys.exit(2)
        except DutymatrixError as err:
            # Messages quote model text and file names: no raw escape reaches the terminal.
            click.echo(visible(f"dutymatrix: {err}"), err=True)
            sys.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("dutymatrix: interrupted", err=True)
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
@today_option
@user_errors
def check(org: str, fmt: str | None, fail_on: str, color: bool | None,
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
        output = FORMATTERS[fmt](result, ReportOptions(color=use_color and fmt == "text"))
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
@user_errors
def rules(fmt: str) -> None:
    """List every check: id, name, default severity, summary."""
    from dutymatrix.checks import REGISTRY

    if fmt == "json":
        rows = [
            {"id": r.id, "name": r.name, "severity": str(r.severity), "summary": r.summary}
            for r in REGISTRY.values()
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for rule in REGISTRY.values():
        click.echo(f"{rule.id}  {rule.name:<32} {rule.severity!s:<8} {rule.summary}")


@main.command()
@click.argument("rule_id")
@user_errors
def explain(rule_id: str) -> None:
    """Print one check's documentation with a failing and a passing example."""
    from dutymatrix.checks import explain_rule

    click.echo(explain_rule(rule_id))


# --- build -----------------------------------------------------------------------------


@main.command()
@click.argument("org", default=DEFAULT_ORG, required=False)
@click.option("-o", "--output", "out_dir", default="out", show_default=True)
@click.option("--only", default="", help="Comma list of: jd,raci,orgchart,audit,site.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Document language.")
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

    options = BuildOptions(
        org_dir=Path(org),
        today=_today(today),
        out_dir=Path(out_dir),
        only=frozenset(p.strip() for p in only.split(",") if p.strip()),
        lang=lang,
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
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None)
@today_option
@user_errors
def diff(
    paths: tuple[str, ...], git_ref: str | None, fmt: str, fail_on_new: str | None,
    lang: str | None, today: dt.datetime | None,
) -> None:
    """Compare two versions of an org: OLD NEW, or --git REF [ORG]."""
    from dutymatrix.diff import DiffOptions, render_diff, run_diff

    options = DiffOptions(paths=paths, today=_today(today), git_ref=git_ref, lang=lang)
    with runtime.collector_paused():  # two models loaded and checked; nothing forks
        result = run_diff(options)
        output = render_diff(result, fmt)
    for notice in result.notices:
        click.echo(f"dutymatrix: note: {notice}", err=True)
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
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None)
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
                            lang=lang)
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
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None)
@user_errors
def show(item_id: str, org: str, fmt: str, lang: str | None) -> None:
    """What a post carries, who carries an activity, what a person holds."""
    from dutymatrix.show import describe
    from dutymatrix.show_text import render_show_text

    model = _load_or_fail(org)
    data = describe(model, item_id)
    if fmt == "json":
        click.echo(json_safe(json.dumps(data, ensure_ascii=False, indent=2)))
    else:
        click.echo(render_show_text(data, lang or model.locale.split("-")[0]))


# --- apply ---------------------------------------------------------------------------


@main.command("apply")
@click.argument("workbook")
@click.argument("org", default=DEFAULT_ORG, required=False)
@click.option("--dry-run", is_flag=True, help="Show the changes; write nothing.")
@today_option
@user_errors
def apply_(workbook: str, org: str, dry_run: bool, today: dt.datetime | None) -> None:
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
                                        dry_run=dry_run))
    for note in result.notes:  # may quote cells of the workbook
        click.echo(visible(note), err=True)
    if result.diff is None:
        click.echo(f"dutymatrix apply: {workbook}: no letter differs from {org}; "
                   "nothing to write")
        return
    click.echo(render_diff_text(result.diff, f"dutymatrix apply: {workbook} → {org}"))
    click.echo("")
    verb = "would change" if dry_run else "wrote"
    for path in result.files:
        click.echo(f"{verb} {path}")
    if dry_run:
        click.echo("dry run: nothing was written")


# --- import, init ----------------------------------------------------------------------


@main.command("import")
@click.argument("files", nargs=-1, required=True)
@click.option("--department", default=None, help="Department name for text without headings.")
@click.option("--post", default=None,
              help="Post title for a list no heading names (default: the document's title, "
                   "else the file name).")
@click.option("--suggest-raci", is_flag=True, help="Suggest a RACI letter after each duty.")
@user_errors
def import_(files: tuple[str, ...], department: str | None, post: str | None,
            suggest_raci: bool) -> None:
    """Turn legacy duty text and spreadsheets into a model skeleton on stdout.

    Reads .txt .md .html .docx (numbered duty lists), .xlsx and .csv (a duty list with
    department / post / number / duty columns, or a RACI matrix: activities down, posts
    across) and posting records (.csv, .jsonl, .json with a title and a description).
    """
    from dutymatrix.importer import ImportOptions, import_files

    result = import_files(
        ImportOptions(files=tuple(Path(f) for f in files), department=department,
                      suggest_raci=suggest_raci, post=post)
    )
    for warning in result.warnings:
        click.echo(visible(warning), err=True)
    sys.stdout.write(result.yaml)


@main.command()
@click.argument("directory")
@user_errors
def init(directory: str) -> None:
    """Write a small working org into DIRECTORY."""
    from dutymatrix.scaffold import write_skeleton

    for path in write_skeleton(Path(directory)):
        click.echo(f"wrote {path}")
    click.echo(
        f"next: edit the YAML files, then run  dutymatrix check {directory}  to check the "
        f"model and  dutymatrix build {directory} -o {directory}/out  for its documents"
    )


if __name__ == "__main__":  # pragma: no cover
    main()
