"""Hostile text in a model, as a pull request could carry it: escape sequences, C1
controls, bidi overrides, zero-width characters, odd line breaks, absurd lengths and
symbolic links. Nothing raw reaches a terminal or a CI annotation; the loader names each
character where it is; line numbers are the editor's; links out of the org are refused.
(Huge texts in documents: ``test_hostile_render.py``.)"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dutymatrix.findings import Finding
from dutymatrix.load import load_org

# Independent of dutymatrix.safetext on purpose: what must never be written raw.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060"
                 "\u2066-\u2069\ufeff]")
OSC = "\x1b]0;PWNED\x07"  # retitles the terminal window

HOSTILE = (
    'org: {id: demo, name: "示例银行\\e[2J"}\n'
    "processes:\n"
    "  - id: loan\n"
    "    name: 贷款业务\n"
    "    activities:\n"
    '      - {id: approve, name: "贷款审批\\u202e批审"}\n'
    "departments:\n"
    "  - id: branch\n"
    "    name: 分行\u202e行分\n"
    "    duties:\n"
    '      - text: "关于\\e]0;PWNED\\a贷款"\n'
    "    roles:\n"
    "      - id: branch.manager\n"
    '        title: "行长\\x9b31m"\n'
    "        duties:\n"
    '          - text: "负责\\e]0;PWNED\\a审核"\n'
    "            raci: {loan.approve: A}\n"
    '          - text: "关于\\n::error file=x.yaml::PWNED"\n'
)
BROKEN = HOSTILE + '        reports_to: "nob\\e]0;PWNED\\aody\\u202e"\n'


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "dutymatrix.cli", *args], cwd=cwd,
                          capture_output=True, timeout=120,
                          env={**os.environ, "GITHUB_ACTIONS": ""})


def assert_no_raw(proc: subprocess.CompletedProcess[bytes]) -> str:
    """Neither stream has a raw control, bidi or zero-width character; stdout as text."""
    for name, stream in (("stdout", proc.stdout), ("stderr", proc.stderr)):
        text = stream.decode("utf-8")
        found = RAW.search(text)
        assert found is None, (name, found.group(), text[max(0, found.start() - 60):][:120])
        assert "Traceback" not in text
    return proc.stdout.decode("utf-8")


def org_folder(tmp_path: Path, text: str, name: str = "org") -> Path:
    root = tmp_path / name
    root.mkdir()
    (root / "org.yaml").write_text(text, encoding="utf-8", newline="")
    return root


def found(root: Path, rule: str) -> list[Finding]:
    return [f for f in load_org(str(root)).findings if f.rule == rule]


def where(finding: Finding) -> tuple[int, int]:
    assert finding.loc is not None
    return finding.loc.line, finding.loc.col


# --- terminal safety -----------------------------------------------------------------------


@pytest.mark.slow  # runs the command in a fresh process
@pytest.mark.parametrize("fmt", ["text", "github", "junit", "sarif", "json"])
def test_check_reports_carry_no_raw_escape(tmp_path: Path, fmt: str) -> None:
    root = org_folder(tmp_path, HOSTILE)
    out = assert_no_raw(run("check", str(root), "--format", fmt))
    if fmt == "json":
        messages = [f["message"] for f in json.loads(out)["findings"]]
        # The duty quoted by DM701 (no action verb) is shown, its escape written out.
        assert any("\\x1b]0;PWNED\\x07" in m for m in messages), messages
    elif fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        assert any("\\x1b]0;PWNED\\x07" in r["message"]["text"] for r in results)
    elif fmt == "junit":
        ET.fromstring(out.split("\n", 1)[1])  # still well-formed XML
    else:
        assert "\\x1b]0;PWNED\\x07" in out


@pytest.mark.slow  # runs the command in a fresh process
def test_github_annotation_cannot_be_forged_by_a_newline(tmp_path: Path) -> None:
    root = org_folder(tmp_path, HOSTILE)
    out = assert_no_raw(run("check", str(root), "--format", "github"))
    lines = out.splitlines()
    assert lines[-1].startswith("dutymatrix: ")
    for line in lines[:-1]:
        assert re.match(r"::(error|warning|notice) file=", line), line
        assert not line.startswith("::error file=x.yaml")
    assert any("%0A::error file=x.yaml::PWNED" in line for line in lines)


def test_text_report_keeps_its_own_colours(tmp_path: Path) -> None:
    from dutymatrix.engine import run_check
    from dutymatrix.report import FORMATTERS, ReportOptions

    root = org_folder(tmp_path, HOSTILE)
    result = run_check(str(root), today=dt.date(2026, 1, 1))
    out = FORMATTERS["text"](result, ReportOptions(color=True))
    assert "\x1b[1m" in out  # the tool's bold file names
    assert OSC not in out and "\x9b" not in out and "\u202e" not in out


@pytest.mark.slow  # runs the command in a fresh process
def test_show_writes_hidden_characters_out(tmp_path: Path) -> None:
    root = org_folder(tmp_path, HOSTILE)
    out = assert_no_raw(run("show", "branch.manager", "--org", str(root)))
    assert "行长\\x9b31m" in out and "负责\\x1b]0;PWNED\\x07审核" in out
    data = json.loads(assert_no_raw(run("show", "branch.manager", "--org", str(root),
                                        "--format", "json")))
    assert data["title"] == "行长\x9b31m"  # JSON keeps the exact text, escaped
    activity = assert_no_raw(run("show", "loan.approve", "--org", str(root)))
    assert "<U+202E>" in activity


@pytest.mark.slow  # runs the command in a fresh process
def test_export_json_is_exact_and_escaped(tmp_path: Path) -> None:
    root = org_folder(tmp_path, HOSTILE)
    data = json.loads(assert_no_raw(run("export", str(root))))
    assert data["departments"][0]["name"] == "分行\u202e行分"


@pytest.mark.slow  # runs the command in a fresh process
@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_writes_hidden_characters_out(tmp_path: Path, fmt: str) -> None:
    old = org_folder(tmp_path, HOSTILE, "old")
    new = org_folder(tmp_path, HOSTILE.replace("a贷款\"", "a贷款\\u202e款贷\"")
                     .replace("行长\\x9b31m", "行长\\x9b2J"), "new")
    out = assert_no_raw(run("diff", str(old), str(new), "--format", fmt))
    if fmt == "json":
        texts = json.dumps(json.loads(out), ensure_ascii=False)
        assert "\u202e" in texts  # the data is exact once parsed
    else:
        assert "<U+202E>" in out or "\\x9b" in out


@pytest.mark.slow  # runs the command in a fresh process
def test_whatif_writes_hidden_characters_out(tmp_path: Path) -> None:
    root = org_folder(tmp_path, HOSTILE)
    out = assert_no_raw(run("whatif", str(root), "branch.manager loses loan.approve"))
    assert "行长\\x9b31m" in out
    proc = run("whatif", str(root), f"branch.x{OSC} gains loan.approve A")
    assert proc.returncode == 2
    assert "branch.x\\x1b]0;PWNED\\x07" in assert_no_raw(proc) + proc.stderr.decode()


@pytest.mark.slow  # runs the command in a fresh process
def test_load_errors_on_stderr_write_the_text_out(tmp_path: Path) -> None:
    root = org_folder(tmp_path, BROKEN)
    for args in (("show", "branch.manager", "--org", str(root)),
                 ("build", str(root), "-o", str(tmp_path / "out")),
                 ("export", str(root))):
        proc = run(*args)
        assert proc.returncode == 2
        err = assert_no_raw(proc) + proc.stderr.decode("utf-8")
        assert "post `nob\\x1b]0;PWNED\\x07ody<U+202E>` is not defined" in err


@pytest.mark.slow  # runs the command in a fresh process
def test_a_file_name_with_an_escape_is_written_out(tmp_path: Path) -> None:
    root = org_folder(tmp_path, HOSTILE)
    (root / f"x{OSC}.yaml").write_text("departments: [{id: b2, name: 支行, parent: bad}]\n",
                                       encoding="utf-8")
    for fmt in ("text", "github", "json"):
        out = assert_no_raw(run("check", str(root), "--format", fmt))
        if fmt == "json":
            out = "\n".join(f["file"] for f in json.loads(out)["findings"])
        assert "x\\x1b]0;PWNED\\x07.yaml" in out


@pytest.mark.slow  # runs the command in a fresh process
def test_explain_writes_its_examples_out() -> None:
    for rule in ("DM117", "DM126"):
        assert_no_raw(run("explain", rule))
    assert "<U+202E>" in run("explain", "DM126").stdout.decode("utf-8")


# --- DM126 hidden-character --------------------------------------------------------------

_BASE = "org: {id: demo, name: 示例银行}\ndepartments:\n  - id: branch\n"


@pytest.mark.parametrize(("written", "char", "name"), [
    ("分行\u202e行分", "\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("分\u2066行", "\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("分\u200b行", "\u200b", "U+200B ZERO WIDTH SPACE"),
    ("分\u200d行", "\u200d", "U+200D ZERO WIDTH JOINER"),
    ("分行\ufeff", "\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("分行\u200f", "\u200f", "U+200F RIGHT-TO-LEFT MARK"),
])
def test_raw_hidden_character_is_located_at_itself(tmp_path: Path, written: str, char: str,
                                                    name: str) -> None:
    root = org_folder(tmp_path, _BASE + f"    name: {written}\n")
    [hidden] = found(root, "DM126")
    column = len("    name: ") + written.index(char) + 1
    assert where(hidden) == (4, column)
    assert name in hidden.message and f"column {column}" in hidden.message
    assert str(hidden.severity) == "warning" and hidden.hint


@pytest.mark.parametrize(("escape", "name"), [
    ("\\e", "U+001B ESCAPE"), ("\\a", "U+0007 BELL"), ("\\x9b", "U+009B CONTROL SEQUENCE"),
    ("\\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"), ("\\r", "U+000D CARRIAGE RETURN"),
    ("\\N", "U+0085 NEXT LINE"), ("\\U0000200B", "U+200B ZERO WIDTH SPACE"),
])
def test_escaped_hidden_character_is_located_at_its_escape(tmp_path: Path, escape: str,
                                                           name: str) -> None:
    line = f'    name: "分行\\\\{escape}行"\n'  # an escaped backslash first: not an escape
    root = org_folder(tmp_path, _BASE + line)
    [hidden] = found(root, "DM126")
    assert where(hidden) == (4, line.index(escape, line.index("\\\\") + 2) + 1)
    assert name in hidden.message and f"`{escape}`" in hidden.message


def test_visible_escapes_are_not_reported(tmp_path: Path) -> None:
    root = org_folder(tmp_path, _BASE + '    name: "分行\\t\\n\\\\e \\x41 \\u4e2d"\n')
    assert found(root, "DM126") == []


def test_bidi_override_in_a_comment_is_reported(tmp_path: Path) -> None:
    root = org_folder(tmp_path, _BASE + "    name: 分行  # 审核\u202e 注释\n")
    [hidden] = found(root, "DM126")
    assert where(hidden) == (4, 19)


def test_hidden_characters_are_capped_per_file(tmp_path: Path) -> None:
    root = org_folder(tmp_path, _BASE + "    name: " + "分\u200b" * 25 + "\n")
    hidden = found(root, "DM126")
    assert len(hidden) == 10 and "(and 15 more in this file)" in hidden[-1].message


@pytest.mark.slow  # runs the command in a fresh process
def test_hidden_characters_alone_do_not_fail_check(tmp_path: Path) -> None:
    root = org_folder(tmp_path, HOSTILE)
    proc = run("check", str(root))
    assert proc.returncode == 0, proc.stdout
    assert b"DM126" in proc.stdout


@pytest.mark.slow  # runs the command in a fresh process
@pytest.mark.parametrize("value", ["branch\u202e", '"branch\\u202e"', '"branch\\n"',
                                   '"bra\\x1bnch"'])
def test_ids_with_hidden_characters_are_malformed(tmp_path: Path, value: str) -> None:
    root = org_folder(tmp_path, f"org: {{id: demo, name: 示例}}\ndepartments:\n"
                                f"  - id: {value}\n    name: 分行\n")
    [malformed] = found(root, "DM108")
    assert where(malformed) == (3, 9)
    proc = run("check", str(root))
    assert proc.returncode == 2
    assert_no_raw(proc)


# --- DM125 text-too-long -----------------------------------------------------------------

_POST = ("    name: 分行\n    roles:\n      - id: {id}\n        title: {title}\n"
         "        duties:\n          - {duty}\n")


def _post(**values: str) -> str:
    fields = {"id": "branch.manager", "title": "行长", "duty": "负责审批", **values}
    return _BASE + _POST.format(**fields)


@pytest.mark.parametrize(("field", "value", "line", "col", "limit"), [
    ("title", "长" * 501, 7, 16, 500),
    ("duty", "负" * 20_001, 9, 13, 20_000),
    ("id", "branch." + "m" * 194, 6, 13, 200),
])
def test_over_long_values_are_located_errors(tmp_path: Path, field: str, value: str,
                                             line: int, col: int, limit: int) -> None:
    root = org_folder(tmp_path, _post(**{field: value}))
    [too_long] = found(root, "DM125")
    assert where(too_long) == (line, col)
    assert f"{len(value):,} characters" in too_long.message
    assert f"the limit is {limit:,}" in too_long.message
    assert load_org(str(root)).org is None


def test_values_at_the_limit_pass(tmp_path: Path) -> None:
    root = org_folder(tmp_path, _post(title="长" * 500, duty="负" * 20_000,
                                      id="branch." + "m" * 193))
    assert found(root, "DM125") == []


@pytest.mark.slow  # runs the command in a fresh process
def test_build_refuses_an_over_long_id_naming_its_place(tmp_path: Path) -> None:
    root = org_folder(tmp_path, _post(id="branch." + "m" * 251))
    proc = run("build", str(root), "-o", str(tmp_path / "out"))
    assert proc.returncode == 2
    err = assert_no_raw(proc) + proc.stderr.decode("utf-8")
    assert f"{root}/org.yaml:6:13: error DM125 text-too-long: post id" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow  # runs the command in a fresh process
def test_limits_are_options(tmp_path: Path) -> None:
    options = "checks:\n  options:\n    DM125: {max_name: 1000, max_text: 30000}\n"
    root = org_folder(tmp_path, _post(title="长" * 900, duty="负" * 25_000) + options)
    assert found(root, "DM125") == []
    assert run("check", str(root)).returncode == 0


@pytest.mark.parametrize(("option", "rule"), [
    ("{max_name: 0}", "DM124"), ("{max_name: x}", "DM124"), ("{max_name: true}", "DM124"),
    ("{max_titel: 10}", "DM106"),
])
def test_bad_limit_options_are_load_errors(tmp_path: Path, option: str, rule: str) -> None:
    root = org_folder(tmp_path, _post() + f"checks:\n  options:\n    DM125: {option}\n")
    [bad] = found(root, rule)
    assert "DM125" in bad.message and bad.loc is not None
    assert load_org(str(root)).org is None


# --- line numbers as an editor shows them ------------------------------------------------

_LATER = "  - id: b2\n    name: 支行\n    parent: nowhere\n"  # DM111 at the editor's 9:13


@pytest.mark.parametrize("break_char", ["\u2028", "\u2029", "\x85"])
def test_yaml_only_line_breaks_do_not_shift_later_lines(tmp_path: Path,
                                                       break_char: str) -> None:
    text = (_BASE + "    name: 分行\n    duties:\n"
            f'      - "负责{break_char}审核"\n      - 负责复核\n' + _LATER)
    root = org_folder(tmp_path, text)
    [unknown] = found(root, "DM111")
    assert where(unknown) == (10, 13)
    [hidden] = found(root, "DM126")  # and the break itself is pointed at
    assert where(hidden) == (6, 12)


def test_crlf_and_cr_files_count_lines_as_editors_do(tmp_path: Path) -> None:
    for newline in ("\r\n", "\r"):
        text = (_BASE + "    name: 分行\n" + _LATER).replace("\n", newline)
        root = org_folder(tmp_path, text, f"org{len(newline)}")
        [unknown] = found(root, "DM111")
        assert where(unknown) == (7, 13)


def test_form_feed_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    root = org_folder(tmp_path, _BASE + "    name: 分行\n    # 第二页\x0c\n")
    [error] = found(root, "DM101")
    assert where(error) == (5, 10)
    assert "U+000C FORM FEED" in error.message


def test_raw_control_character_after_cjk_text_is_at_its_column(tmp_path: Path) -> None:
    root = org_folder(tmp_path, _BASE + "    name: 信贷管理部\x1b[31m\n")
    [error] = found(root, "DM101")
    assert where(error) == (4, 16)
    assert "U+001B ESCAPE" in error.message


# --- symbolic links ----------------------------------------------------------------------

GOOD = "org: {id: demo, name: 示例银行}\n"


def _refusal(root: Path, name: str) -> Finding:
    [refused] = [f for f in found(root, "DM101") if f.loc and f.loc.file.endswith(name)]
    return refused


@pytest.mark.slow  # runs the command in a fresh process
def test_link_to_a_file_outside_the_org_is_refused_unread(tmp_path: Path) -> None:
    secret = tmp_path / "id_rsa.yaml"
    secret.write_text("departments: [{id: SECRET-KEY-MATERIAL, name: x}]\n", encoding="utf-8")
    root = org_folder(tmp_path, GOOD)
    (root / "x.yaml").symlink_to(secret)
    (root / "passwd.yaml").symlink_to("/etc/passwd")
    refused = _refusal(root, "x.yaml")
    assert where(refused) == (1, 1)
    assert f"symbolic link to {secret}, outside the org folder" in refused.message
    assert "/etc/passwd, outside the org folder" in _refusal(root, "passwd.yaml").message
    proc = run("check", str(root), "--format", "json")
    assert proc.returncode == 2 and b"SECRET-KEY-MATERIAL" not in proc.stdout


def test_link_to_a_folder_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "dept.yaml").write_text("departments: [{id: stolen, name: x}]\n",
                                       encoding="utf-8")
    root = org_folder(tmp_path, GOOD)
    (root / "depts").symlink_to(outside)
    assert "folder is a symbolic link to" in _refusal(root, "depts").message
    assert "stolen" not in str(load_org(str(root)).findings)


def test_links_inside_the_org_are_read_once(tmp_path: Path) -> None:
    root = org_folder(tmp_path, GOOD)
    (root / ".shared").mkdir()
    (root / ".shared" / "dept.txt").write_text("departments: [{id: branch, name: 分行}]\n",
                                               encoding="utf-8")
    (root / "dept.yaml").symlink_to(".shared/dept.txt")
    (root / "again.yaml").symlink_to("org.yaml")  # would define the org twice
    result = load_org(str(root))
    assert result.org is not None, result.findings
    assert [d.id for d in result.org.departments] == ["branch"]


@pytest.mark.slow  # runs the command in a fresh process
def test_dangling_link_and_fifo_are_refused_without_hanging(tmp_path: Path) -> None:
    root = org_folder(tmp_path, GOOD)
    (root / "gone.yaml").symlink_to("nowhere.yaml")
    os.mkfifo(root / "pipe.yaml")
    # In a subprocess: its timeout is the bound against a read that never returns.
    proc = run("check", str(root), "--format", "json")
    assert proc.returncode == 2
    messages = {Path(f["file"]).name: f["message"]
                for f in json.loads(assert_no_raw(proc))["findings"]}
    assert "which is not a file" in messages["gone.yaml"]
    assert "not a regular file" in messages["pipe.yaml"]
