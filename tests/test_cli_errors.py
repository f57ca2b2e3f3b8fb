"""What a user who gets something wrong sees: a located message and exit code 2, never a
Python traceback, for every command (the loader's own errors are fuzzed elsewhere)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

TINY = {
    "org.yaml": """
        org:
          id: tiny
          name: {zh: 小银行, en: Tiny Bank}
          locale: zh-CN
        processes:
          - id: loan
            name: 贷款业务
            activities:
              - {id: approve, name: 贷款审批}
        departments:
          - id: credit
            name: 信贷部
            roles:
              - id: credit.manager
                title: {zh: 信贷部经理, en: Credit Manager}
                duties:
                  - text: 负责贷款审批
                    raci: {loan.approve: A}
    """,
}


def assert_user_error(result: Result, *fragments: str) -> None:
    """Exit code 2, every fragment on stderr, no traceback anywhere."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


# --- build --templates: a user's broken template ------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p>{{ 1 / 0 }}</p>\n", "ZeroDivisionError"),
        ('line one\n{{ "a" + 1 }}\n', "TypeError"),
        ("{% macro m() %}{{ 1 / 0 }}{% endmacro %}{{ m() }}\n", "ZeroDivisionError"),
    ],
)
def test_template_runtime_error_names_the_template_line(
    write_org: Callable[..., Path],
    cli: Callable[..., Result],
    tmp_path: Path,
    source: str,
    expected: str,
) -> None:
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "index.html").write_text(source, encoding="utf-8")
    org = write_org(TINY)
    result = cli("build", "--lang", "en",
                 str(org), "-o", str(tmp_path / "out"), "--only", "site",
                 "--templates", str(templates))
    line = source.count("\n", 0, source.index("{{")) + 1
    assert_user_error(result, f"index.html:{line}:", expected)


def test_template_that_is_not_utf8_is_named(
    write_org: Callable[..., Path], cli: Callable[..., Result], tmp_path: Path
) -> None:
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "index.html").write_bytes("<p>{{ org.name }} 组织</p>".encode("gb18030"))
    result = cli("build", "--lang", "en",
                 str(write_org(TINY)), "-o", str(tmp_path / "out"), "--only", "site",
                 "--templates", str(templates))
    assert_user_error(result, "index.html: not UTF-8", "save the template as UTF-8")


def test_missing_include_names_the_including_line(
    write_org: Callable[..., Path], cli: Callable[..., Result], tmp_path: Path
) -> None:
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "index.html").write_text("<p>x</p>\n{% include 'gone.html' %}\n",
                                          encoding="utf-8")
    result = cli("build", "--lang", "en",
                 str(write_org(TINY)), "-o", str(tmp_path / "out"), "--only", "site",
                 "--templates", str(templates))
    assert_user_error(result, "index.html:2:", "gone.html not found")


def test_templates_option_naming_a_file_says_it_is_not_a_folder(
    write_org: Callable[..., Path], cli: Callable[..., Result], tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "jd.html"
    not_a_folder.write_text("<p></p>", encoding="utf-8")
    result = cli("build", "--lang", "en",
                 str(write_org(TINY)), "-o", str(tmp_path / "out"),
                 "--templates", str(not_a_folder))
    assert_user_error(result, "jd.html: not a folder")


# --- build: what the output folder and the model's sizes can do ---------------------------


@pytest.mark.slow
def test_post_title_longer_than_word_allows_still_builds(
    write_org: Callable[..., Path], cli: Callable[..., Result], tmp_path: Path
) -> None:
    long_title = "信贷审批与风险管理" * 40  # 360 characters; Word's core title holds 255
    org = write_org({"org.yaml": TINY["org.yaml"].replace("信贷部经理", long_title)})
    out = tmp_path / "out"
    result = cli("build", str(org), "-o", str(out), "--only", "jd", "--jobs", "1")
    assert result.exit_code == 0, result.output
    from docx import Document

    document = Document(str(out / "jd" / "credit.manager.docx"))
    assert long_title in "\n".join(p.text for p in document.paragraphs + [
        p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ])


def test_id_too_long_for_a_file_name_is_a_user_error(
    write_org: Callable[..., Path], cli: Callable[..., Result], tmp_path: Path
) -> None:
    long_id = "credit." + "a" * 300
    org = write_org({"org.yaml": TINY["org.yaml"].replace("credit.manager", long_id)})
    result = cli("build", "--lang", "en",
                 str(org), "-o", str(tmp_path / "out"), "--only", "jd", "--jobs", "1",
                 "--lang", "en")
    # Refused by the loader (DM125) at the id itself, before any file name is made.
    assert_user_error(result, "org.yaml:", "DM125", "post id", "the limit is 200")


@pytest.mark.slow
def test_a_file_in_the_way_of_an_output_is_named(
    write_org: Callable[..., Path], cli: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "jd" / "credit.manager.html").mkdir(parents=True)
    result = cli("build", "--lang", "en",
                 str(write_org(TINY)), "-o", str(out), "--only", "jd", "--jobs", "1")
    assert_user_error(result, "credit.manager.html: cannot write", "in the way")


@pytest.mark.slow
def test_a_duty_of_several_pages_renders_in_the_pdfs(
    write_org: Callable[..., Path], tmp_path: Path
) -> None:
    # A pasted document as one duty used to take minutes (flex and grid layouts in
    # WeasyPrint); the timeout turns such a hang into a failure, it is not a benchmark.
    long_text = "负责审批贷款业务并对风险负责" * 640  # ~9,000 characters, four pages
    org = write_org({"org.yaml": TINY["org.yaml"].replace("负责贷款审批", long_text)})
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "dutymatrix.cli", "build", str(org), "-o", str(out),
         "--only", "jd,audit", "--jobs", "1"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    for pdf in (out / "jd" / "credit.manager.pdf", out / "audit.pdf"):
        from pypdf import PdfReader

        text = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
        assert long_text[-40:] in "".join(text.split()), pdf


# --- diff ---------------------------------------------------------------------------------

BROKEN = {"org.yaml": TINY["org.yaml"].replace("id: credit.manager", "id: credit/manager")}


def test_diff_of_two_broken_sides_reports_both(
    write_org: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    old = write_org(BROKEN, name="old")
    new = write_org(BROKEN, name="new")
    result = cli("diff", str(old), str(new), "--lang", "en")
    assert_user_error(result, "old/org.yaml:", "[old version]", "new/org.yaml:", "[new version]")


def test_diff_of_a_file_says_it_is_not_a_folder(
    write_org: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    org = write_org(TINY)
    result = cli("diff", str(org / "org.yaml"), str(org))
    assert_user_error(result, "org.yaml: not a folder (the old org)")


# --- import -------------------------------------------------------------------------------


def test_import_of_a_folder_says_it_is_a_folder(cli: Callable[..., Result], tmp_path: Path) -> None:
    folder = tmp_path / "duties"
    folder.mkdir()
    assert_user_error(cli("import", str(folder)), "duties: is a folder; name the files")


def test_import_of_a_zip_renamed_docx_is_a_user_error(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    import zipfile

    fake = tmp_path / "duties.docx"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("notes.txt", "一、信贷部经理")
    assert_user_error(cli("import", str(fake)), "duties.docx: not a readable .docx file")


# --- init ---------------------------------------------------------------------------------


def test_init_where_a_file_blocks_a_subfolder_names_it(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "neworg"
    target.mkdir()
    (target / "departments").write_text("not a folder", encoding="utf-8")
    result = cli("init", str(target), "--lang", "en")
    assert_user_error(result, "departments: cannot create the folder")


# --- standard output closed or cut short ----------------------------------------------------


def _run_with_stdout_closed(*args: str) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "dutymatrix.cli", *args],
        stdout=None, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
        preexec_fn=lambda: os.close(1),  # as `dutymatrix ... >&-` does
    )


@pytest.mark.slow
@pytest.mark.parametrize("command", ["check", "import"])
def test_commands_run_with_stdout_closed(
    write_org: Callable[..., Path], tmp_path: Path, command: str
) -> None:
    org = write_org(TINY)
    duties = tmp_path / "duties.txt"
    duties.write_text("一、信贷部经理\n1、负责贷款审批。\n", encoding="utf-8")
    args = [str(org)] if command == "check" else [str(duties)]
    result = _run_with_stdout_closed(command, *args)
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    assert result.returncode in (0, 1)  # check's exit code still tells the findings


@pytest.mark.slow
def test_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    duties = tmp_path / "duties.txt"
    duties.write_text(
        "一、信贷部经理\n" + "".join(f"{n}、负责贷款审批第{n}项工作。\n" for n in range(1, 20000)),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "dutymatrix.cli", "import", str(duties)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert process.stdout is not None
    process.stdout.close()  # like `| head -1`, before the YAML (over 1 MB) is written
    _, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
