"""The Jinja environment: the user's template folder first, the built-in one second.

A company replaces any single file (its own ``jd.html``, its own ``assets/document.css``
or logo) by putting a file of the same name in ``--templates DIR``. HTML is autoescaped;
CSS lives in asset files, never in escaped variables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from dutymatrix.errors import RenderError

ASSETS_DIR = "assets"


def builtin_templates() -> Path:
    """The templates shipped inside the package (a real folder: the wheel is unzipped)."""
    return Path(str(resources.files("dutymatrix") / "templates"))


def template_roots(user_dir: Path | None) -> tuple[Path, ...]:
    """Template folders in lookup order, as real paths (what the PDF fetcher allows)."""
    roots = []
    if user_dir is not None:
        if not user_dir.is_dir():
            raise RenderError(
                f"--templates {user_dir}: no such folder; give a folder holding the template "
                "files you want to replace (e.g. jd.html, assets/document.css)"
            )
        roots.append(Path(os.path.realpath(user_dir)))
    roots.append(Path(os.path.realpath(builtin_templates())))
    return tuple(roots)


def css_string(value: object) -> Markup:
    """A CSS string literal with every non-alphanumeric character escaped.

    Used for the page header and footer in ``@page`` margin boxes: nothing in the value can
    end the string or the ``<style>`` element, whatever a post title contains.
    """
    escaped = "".join(
        ch if (ch.isascii() and ch.isalnum()) else f"\\{ord(ch):06x}" for ch in str(value)
    )
    return Markup(f'"{escaped}"')


_ENVIRONMENTS: dict[tuple[tuple[str, ...], str], jinja2.Environment] = {}


def make_environment(roots: Sequence[Path], fingerprint: str = "") -> jinja2.Environment:
    """The environment for ``roots``; reused while the template files are unchanged
    (``fingerprint``), so a second build in one process does not recompile them."""
    key = (tuple(str(r) for r in roots), fingerprint)
    if fingerprint and key in _ENVIRONMENTS:
        return _ENVIRONMENTS[key]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(r) for r in roots]),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml", "svg"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    if fingerprint:
        _ENVIRONMENTS[key] = env
    return env


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render ``name``; a broken (user) template becomes a RenderError with file:line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as err:
        where = f"{err.filename or err.name or name}:{err.lineno}"
        raise RenderError(f"{where}: template syntax error: {err.message}") from err
    except jinja2.TemplateNotFound as err:
        raise RenderError(f"template {err.name} not found in the template folders") from err
    except jinja2.UndefinedError as err:
        raise RenderError(
            f"template {name}: {err.message}; check the variable names against the built-in "
            "template of the same name"
        ) from err


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
