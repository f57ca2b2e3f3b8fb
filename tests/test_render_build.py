"""The build pipeline: the files it writes, determinism, incremental and atomic writes."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from clock import TODAY
from render_sample import sample_org

from dutymatrix.errors import RenderError, UsageError
from dutymatrix.model import Org, Text
from dutymatrix.render.build import BuildOptions, BuildSummary, build_org
from dutymatrix.render.outdir import atomic_write, check_relpath
from dutymatrix.render.outfiles import MANIFEST_NAME, id_filename

pytestmark = pytest.mark.slow  # whole builds, PDFs included

ROLE_IDS = ["credit-mgmt.manager", "credit-mgmt.reviewer", "customer-1.officer"]


def build(org: Org, out: Path, **options: object) -> BuildSummary:
    defaults: dict[str, object] = {"org_dir": Path("."), "today": TODAY, "out_dir": out,
                                    "jobs": 2}
    return build_org(org, [], BuildOptions(**{**defaults, **options}))  # type: ignore[arg-type]


def files_of(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != MANIFEST_NAME
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildSummary]:
    out = tmp_path_factory.mktemp("build") / "out"
    return out, build(sample_org(), out)


def test_build_writes_every_document_of_the_design(built: tuple[Path, BuildSummary]) -> None:
    out, summary = built
    files = files_of(out)
    for role_id in ROLE_IDS:
        for suffix in ("html", "pdf", "docx", "md"):
            assert f"jd/{role_id}.{suffix}" in files
    for stem in ("_all", "loan", "card"):
        for suffix in ("html", "pdf", "csv"):
            assert f"raci/{stem}.{suffix}" in files
    for name in ("raci.xlsx", "orgchart.svg", "audit.html", "audit.pdf", "index.html",
                 "findings.json", "dept/credit-mgmt.html"):
        assert name in files
    assert files["jd/credit-mgmt.manager.pdf"].startswith(b"%PDF")
    assert files["jd/credit-mgmt.manager.docx"].startswith(b"PK")
    assert sorted(summary.rebuilt) == sorted(files)
    assert f"{out / 'index.html'}" in summary.describe()


@pytest.fixture
def prebuilt(built: tuple[Path, BuildSummary], tmp_path: Path) -> Path:
    """A copy of the module's full build: incremental tests start from a current folder."""
    out = tmp_path / "out"
    shutil.copytree(built[0], out)
    return out


def test_two_builds_are_byte_identical(built: tuple[Path, BuildSummary], tmp_path: Path) -> None:
    first, _ = built
    second = tmp_path / "again"
    build(sample_org(), second, jobs=1)
    assert files_of(first) == files_of(second)


def test_unchanged_model_rebuilds_nothing(prebuilt: Path) -> None:
    out = prebuilt
    again = build(sample_org(), out)
    assert again.rebuilt == [] and again.removed == []
    assert "重新生成 0 个" in again.describe()  # the sample org's zh-CN


def test_editing_one_post_rebuilds_that_post_only(prebuilt: Path) -> None:
    out = prebuilt
    before = files_of(out)
    summary = build(sample_org(manager_duty="负责全行信贷制度的组织实施"), out)
    after = files_of(out)
    changed = sorted(rel for rel in after if after[rel] != before.get(rel))
    assert set(changed) == set(summary.rebuilt)
    assert {f"jd/credit-mgmt.manager.{s}" for s in ("html", "pdf", "docx", "md")} <= set(changed)
    assert not [rel for rel in changed if rel.startswith("jd/") and "manager" not in rel]
    assert "jd/credit-mgmt.manager.pdf" in summary.describe()


def test_removed_post_files_are_deleted_and_nothing_else(prebuilt: Path) -> None:
    out = prebuilt
    (out / "jd" / "notes.txt").write_text("mine", encoding="utf-8")  # not the tool's file
    summary = build(sample_org(with_officer=False), out)
    assert not list((out / "jd").glob("customer-1.officer.*"))
    assert {f"jd/customer-1.officer.{s}" for s in ("html", "pdf", "docx", "md")} <= set(
        summary.removed
    )
    assert (out / "jd" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert b"customer-1.officer" not in (out / "index.html").read_bytes()


def test_only_builds_the_parts_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(sample_org(), out, only=frozenset({"jd"}))
    names = set(files_of(out))
    assert "jd/credit-mgmt.manager.pdf" in names
    assert not any(n.startswith("raci") or n.startswith("audit") for n in names)
    build(sample_org(), out, only=frozenset({"orgchart"}))
    assert "jd/credit-mgmt.manager.pdf" in files_of(out)  # other parts are left alone
    with pytest.raises(UsageError, match="--only"):
        build(sample_org(), out, only=frozenset({"jds"}))


def test_failed_build_leaves_previous_files_whole(prebuilt: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = prebuilt
    before = files_of(out)

    def broken(*args: object) -> object:
        raise RenderError("simulated failure half-way through the PDFs")

    monkeypatch.setattr("dutymatrix.render.pdf.render_pdf", broken)
    with pytest.raises(RenderError):
        build(sample_org(manager_duty="负责别的事情"), out, jobs=1)
    assert files_of(out) == before  # not even the cheap HTML of the edited post
    assert not list(out.rglob("*.tmp"))


def test_atomic_write_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "doc.pdf"
    target.write_bytes(b"old")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.pdf"]


@pytest.mark.parametrize("rel", ["../x.html", "jd/../../x.html", "/etc/passwd", "jd//x", "."])
def test_output_paths_cannot_leave_the_output_folder(tmp_path: Path, rel: str) -> None:
    with pytest.raises(RenderError):
        check_relpath(rel)


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "a/b", ".hidden", "a..b", "x\\y", ""])
def test_ids_that_would_escape_are_refused(bad_id: str) -> None:
    with pytest.raises(RenderError):
        id_filename(bad_id, ".pdf")


def test_a_symlink_out_of_the_output_folder_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "jd").symlink_to(elsewhere)
    with pytest.raises(RenderError, match="jd: is a symbolic link"):
        build(sample_org(), out, only=frozenset({"jd"}))
    assert list(elsewhere.iterdir()) == []


def test_english_build_uses_english_labels(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(sample_org(), out, only=frozenset({"jd"}), lang="en")
    page = (out / "jd" / "credit-mgmt.manager.html").read_text(encoding="utf-8")
    assert "Job Description" in page and "Head of Credit Management" in page
    assert "岗位职责" not in page


def test_default_language_follows_the_org_locale(tmp_path: Path) -> None:
    org = dataclasses.replace(sample_org(), locale="en-GB", name=Text(zh="示例", en="Demo"))
    out = tmp_path / "out"
    summary = build(org, out, only=frozenset({"jd"}))
    assert summary.lang == "en"


def test_progress_bar_only_when_asked(prebuilt: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(sample_org(manager_duty="负责甲"), prebuilt, only=frozenset({"jd"}), progress=False)
    assert "rendering" not in capsys.readouterr().err
    build(sample_org(manager_duty="负责乙"), prebuilt, only=frozenset({"jd"}), progress=True)
    assert "正在生成 [" in capsys.readouterr().err  # the sample org's zh-CN


def test_a_file_changed_by_hand_is_rendered_again(prebuilt: Path) -> None:
    (prebuilt / "jd" / "credit-mgmt.reviewer.pdf").write_bytes(b"edited by someone")
    summary = build(sample_org(), prebuilt, only=frozenset({"jd"}))
    assert summary.rebuilt == ["jd/credit-mgmt.reviewer.pdf"]
    assert (prebuilt / "jd" / "credit-mgmt.reviewer.pdf").read_bytes().startswith(b"%PDF")
