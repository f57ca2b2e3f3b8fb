"""The Jinja environment: the user's template folder first, the built-in one second.

A company replaces any single file (its own ``jd.html``, its own ``assets/document.css``
or logo) by putting a file of the same name in ``--templates DIR``. HTML is autoescaped;
CSS lives in asset files, never in escaped variables.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from dutymatrix.errors import RenderError
from dutymatrix.i18n import N_, text_side
from dutymatrix.messages import Msg
from dutymatrix.render.textwidth import fit_em

ASSETS_DIR = "assets"


def builtin_templates() -> Path:
    """The templates shipped inside the package (a real folder: the wheel is unzipped)."""
    return Path(str(resources.files("dutymatrix") / "templates"))


def template_roots(user_dir: Path | None) -> tuple[Path, ...]:
    """Template folders in lookup order, as real paths (what the PDF fetcher allows)."""
    roots = []
    if user_dir is not None:
        if not user_dir.is_dir():
            problem = N_("not a folder") if user_dir.exists() else N_("no such folder")
            raise RenderError(Msg(
                N_("--templates {path}: {problem}; give a folder holding the template files "
                   "you want to replace (e.g. jd.html, assets/document.css)"),
                path=user_dir, problem=Msg(problem)))
        roots.append(Path(os.path.realpath(user_dir)))
    roots.append(Path(os.path.realpath(builtin_templates())))
    return tuple(roots)


def css_string(value: object) -> Markup:
    """A CSS string literal with every non-alphanumeric character escaped.

    Used for the page header and footer in ``@page`` margin boxes: nothing in the value can
    end the string or the ``<style>`` element, whatever a post title contains. A value
    wider than a header holds is cut with an ellipsis (``fit_em``): a margin box is laid
    out in time quadratic in its text, and the body shows the title whole anyway.
    """
    escaped = "".join(
        ch if (ch.isascii() and ch.isalnum()) else f"\\{ord(ch):06x}"
        for ch in fit_em(str(value))
    )
    return Markup(f'"{escaped}"')


def colon(label: object, lang: str) -> str:
    """``label: `` / ``标签：``: a label before its value, full width in Chinese
    (``{{ L.raci_legend|colon(lang) }}``)."""
    return f"{label}：" if text_side(lang) == "zh" else f"{label}: "


class _TemplateLoader(jinja2.FileSystemLoader):
    """The folder loader, with a template that is not UTF-8 reported by its path."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Any]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as err:
            found = (Path(root) / template for root in self.searchpath)
            path = next((p for p in found if p.is_file()), template)
            raise RenderError(Msg(N_("{path}: not UTF-8 text (byte {byte}); save the "
                                     "template as UTF-8"), path=path, byte=err.start)) from err


def make_environment(roots: Sequence[Path]) -> jinja2.Environment:
    """A fresh environment over ``roots`` (``RenderSession.environment`` keeps one per
    folders and contents, so a second build in one session does not recompile)."""
    env = jinja2.Environment(
        loader=_TemplateLoader([str(r) for r in roots]),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml", "svg"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    env.filters["colon"] = colon
    return env


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render ``name``; a broken (user) template becomes a RenderError with file:line."""
    try:
        return env.get_template(name).render(**context)
    except RenderError:
        raise
    except Exception as err:  # a user template can run into any error: say which, where
        raise RenderError(template_problem(err, name)) from err


def template_problem(err: Exception, name: str) -> Msg:
    """What went wrong in a template, in the reader's language: the file:line, the kind
    of error (syntax, an undefined name, a template not found, an error while running it)
    and what to do; Jinja's or Python's own English words only as a quoted detail."""
    if isinstance(err, jinja2.TemplateSyntaxError):
        where = f"{err.filename or err.name or name}:{err.lineno}"
        sentence = Msg(N_("{where}: the template has a syntax error; fix the tag or "
                          "expression on that line"), where=where)
        return _with_detail(sentence, err.message or str(err))
    position: str | Msg = _template_position(err) or Msg(N_("template {name}"), name=name)
    if isinstance(err, jinja2.TemplateNotFound):
        return Msg(N_("{where}: template {name} not found in the template folders; add it "
                      "to the --templates folder or fix the name"), where=position,
                   name=err.name)
    if isinstance(err, jinja2.UndefinedError):
        return _with_detail(_undefined(position, err.message or ""), err.message or "")
    sentence = Msg(N_("{where}: an error occurred while running the template; fix the "
                      "expression on that line"), where=position)
    return _with_detail(sentence, f"{type(err).__name__}: {err}")


# Jinja's own wording of an undefined name or attribute (jinja2/runtime.py).
_UNDEFINED_NAME = re.compile(r"'(?P<name>[^']+)' is undefined")
_NO_ATTRIBUTE = re.compile(r"'[^']+' has no attribute '(?P<name>[^']+)'")


def _undefined(where: str | Msg, detail: str) -> Msg:
    hint = N_("check the names against the built-in template of the same name")
    if match := _UNDEFINED_NAME.fullmatch(detail):
        return Msg(N_("{where}: the template uses {name}, which is not defined; {hint}"),
                   where=where, name=match["name"], hint=Msg(hint))
    if match := _NO_ATTRIBUTE.fullmatch(detail):
        return Msg(N_("{where}: the template asks for {name}, which that value does not "
                      "have; {hint}"), where=where, name=match["name"], hint=Msg(hint))
    return Msg(N_("{where}: the template uses an undefined value; {hint}"), where=where,
               hint=Msg(hint))


def _with_detail(sentence: Msg, detail: str) -> Msg:
    """The sentence, then the raw detail quoted and labelled as such (原文：“…”)."""
    return Msg(N_("{sentence} (original message: “{detail}”)"), sentence=sentence,
               detail=detail)


def _template_position(err: BaseException) -> str | None:
    """file:line of the innermost template frame of ``err`` (Jinja maps them to the
    template's own file and line), or None when the error did not come from a template."""
    position = None
    trace = err.__traceback__
    while trace is not None:
        code = trace.tb_frame.f_code
        if code.co_name in ("top-level template code", "template") or (
            code.co_name.startswith("block ") or code.co_name.startswith("macro ")
        ):
            position = f"{code.co_filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return position


def asset_files(roots: Sequence[Path]) -> Iterator[tuple[str, Path]]:
    """(relative path, file) of every asset, the first folder winning, sorted by path."""
    seen: dict[str, Path] = {}
    for root in roots:
        base = root / ASSETS_DIR
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file():
                rel = path.relative_to(root).as_posix()
                seen.setdefault(rel, path)
    yield from sorted(seen.items())


def templates_fingerprint(roots: Sequence[Path]) -> str:
    """A hash of every template and asset file: a change re-renders what uses them."""
    import hashlib

    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
        digest.update(b"\0root\0")
    return digest.hexdigest()
