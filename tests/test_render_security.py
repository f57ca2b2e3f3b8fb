"""Rendering fetches nothing outside the template folders; user templates override files."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from clock import TODAY
from pypdf import PdfReader
from render_sample import sample_org

from dutymatrix.errors import RenderError
from dutymatrix.render.build import BuildOptions, BuildSummary, build_org
from dutymatrix.render.html import builtin_templates
from dutymatrix.render.pdf import make_fetcher

pytestmark = pytest.mark.slow  # renders PDFs

SECRET = "TOP-SECRET-CONTENT-4711"

HOSTILE = """
<img src="file://{secret}">
<img src="http://127.0.0.1:9/logo.png">
<link rel="attachment" href="file://{secret}">
<link rel="stylesheet" href="http://127.0.0.1:9/x.css">
<style>
@font-face {{ font-family: Evil; src: url(file://{font}); }}
body {{ background: url(file://{secret}); }}
</style>
"""


def pdf_resources(pdf: bytes) -> tuple[int, bool]:
    """(number of embedded images, whether any file is attached)."""
    reader = PdfReader(io.BytesIO(pdf))
    images = sum(len(page.images) for page in reader.pages)
    names = reader.trailer["/Root"].get("/Names", {})
    attached = "/EmbeddedFiles" in names or any(
        annot.get_object().get("/Subtype") == "/FileAttachment"
        for page in reader.pages
        for annot in page.get("/Annots", []) or []
    )
    return images, attached


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def build(tmp_path: Path, **kwargs: object) -> tuple[Path, BuildSummary]:
    out = tmp_path / "out"
    org = kwargs.pop("org", sample_org())
    kwargs.setdefault("only", frozenset({"jd"}))
    options = BuildOptions(org_dir=Path("."), today=TODAY, out_dir=out, jobs=1, **kwargs)  # type: ignore[arg-type]
    return out, build_org(org, [], options)  # type: ignore[arg-type]


def test_fetcher_allows_data_and_template_files_only(tmp_path: Path, secret_file: Path) -> None:
    root = builtin_templates()
    fetcher = make_fetcher([str(root)])
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    css = fetcher.fetch((root / "assets" / "document.css").as_uri())
    assert b"font-family" in css.read()
    for url in (
        secret_file.as_uri(),
        "file:///etc/passwd",
        "http://127.0.0.1:9/",
        "https://example.com/logo.png",
        "ftp://example.com/x",
        (root / "assets" / ".." / ".." / ".." / "pyproject.toml").as_uri(),
    ):
        with pytest.raises(ValueError, match="refuses"):
            fetcher.fetch(url)
    assert len(fetcher.blocked) == 6


def test_fetcher_refuses_a_symlink_out_of_the_template_folder(
    tmp_path: Path, secret_file: Path
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "logo.png").symlink_to(secret_file)
    fetcher = make_fetcher([str(folder), str(builtin_templates())])
    with pytest.raises(ValueError):
        fetcher.fetch((folder / "logo.png").as_uri())


def test_hostile_user_template_embeds_nothing(tmp_path: Path, secret_file: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    jd = (builtin_templates() / "jd.html").read_text(encoding="utf-8")
    hostile = HOSTILE.format(secret=secret_file, font=secret_file)
    (templates / "jd.html").write_text(
        jd.replace("{% block body %}", "{% block body %}" + hostile, 1), encoding="utf-8"
    )
    out, summary = build(tmp_path, templates_dir=templates)
    pdf = (out / "jd" / "credit-mgmt.manager.pdf").read_bytes()
    assert SECRET.encode() not in pdf
    assert pdf_resources(pdf) == (0, False)
    refused = "\n".join(map(str, summary.warnings))
    assert str(secret_file) in refused and "127.0.0.1" in refused


def test_hostile_duty_text_is_shown_as_text(tmp_path: Path, secret_file: Path) -> None:
    duty = f'负责<img src="file://{secret_file}"><link rel="attachment" href="file:///etc/passwd">'
    out, summary = build(tmp_path, org=sample_org(manager_duty=duty))
    page = (out / "jd" / "credit-mgmt.manager.html").read_text(encoding="utf-8")
    assert "<img" not in page and "&lt;img src=" in page
    pdf = (out / "jd" / "credit-mgmt.manager.pdf").read_bytes()
    assert SECRET.encode() not in pdf and pdf_resources(pdf) == (0, False)
    assert summary.warnings == []  # escaped text is never even requested


def test_user_template_overrides_one_file(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "assets").mkdir(parents=True)
    jd = (builtin_templates() / "jd.html").read_text(encoding="utf-8")
    (templates / "jd.html").write_text(
        jd.replace("<main class=\"document\">", '<main class="document"><p>公司自定义版式</p>', 1),
        encoding="utf-8",
    )
    (templates / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8"
    )
    out, _ = build(tmp_path, templates_dir=templates, only=frozenset({"jd", "raci"}))
    assert "公司自定义版式" in (out / "jd" / "credit-mgmt.manager.html").read_text("utf-8")
    assert "公司自定义版式" not in (out / "raci" / "loan.html").read_text("utf-8")
    # the user's assets are published next to the built-in ones; built-in CSS still there
    assert (out / "assets" / "logo.svg").exists() and (out / "assets" / "document.css").exists()


def test_user_image_from_the_template_folder_is_embedded(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "assets").mkdir(parents=True)
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
        b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
        b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    (templates / "assets" / "logo.png").write_bytes(png)
    jd = (builtin_templates() / "jd.html").read_text(encoding="utf-8")
    logo = '<img src="{{ asset_base }}assets/logo.png" alt="logo" style="width:20mm">'
    (templates / "jd.html").write_text(
        jd.replace("{% block body %}", "{% block body %}" + logo, 1), encoding="utf-8"
    )
    out, summary = build(tmp_path, templates_dir=templates)
    images, _ = pdf_resources((out / "jd" / "credit-mgmt.manager.pdf").read_bytes())
    assert images >= 1 and summary.warnings == []


def test_broken_user_template_is_a_located_error(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "jd.html").write_text(
        textwrap.dedent("""\
            {% extends "base.html" %}
            {% block body %}
            {% if jd.title %}
            {% endblock %}
        """),
        encoding="utf-8",
    )
    with pytest.raises(RenderError, match=r"jd\.html:\d+: the template has a syntax error"):
        build(tmp_path, templates_dir=templates)


def test_missing_template_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="no such folder"):
        build(tmp_path, templates_dir=tmp_path / "nope")
