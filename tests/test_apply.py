"""`dutymatrix apply RACI.xlsx ORG`: letters edited in a built workbook, back in the YAML.

Each test builds the workbook from the model (as `build` does), edits cells with
openpyxl the way a person would in Excel, applies it, and compares the whole org folder
line by line before and after.
"""

from __future__ import annotations

import difflib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result
from conftest import REPO_ROOT
from openpyxl.comments import Comment

from dutymatrix.load import load_org
from dutymatrix.matrix import build_matrix
from dutymatrix.render.hant import display_model
from dutymatrix.render.xlsx import render_raci_xlsx

pytestmark = pytest.mark.slow  # every test round-trips a workbook through openpyxl

LOAN = "贷款业务"  # the sample bank's loan process sheet


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _changed_lines(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """Every removed (-) and added (+) line over the whole folder, as difflib sees it."""
    out = []
    for name in sorted(set(before) | set(after)):
        old = before.get(name, b"").decode("utf-8").splitlines(keepends=True)
        new = after.get(name, b"").decode("utf-8").splitlines(keepends=True)
        for line in difflib.unified_diff(old, new, n=0):
            if line[:1] in "+-" and not line.startswith(("+++", "---")):
                out.append(line.rstrip("\n"))
    return out


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    """A copy of the sample bank and its raci.xlsx, as `build` writes it."""
    org = tmp_path / "org"
    shutil.copytree(REPO_ROOT / "org", org)
    _build_workbook(org, tmp_path / "raci.xlsx")
    return org


def _build_workbook(org: Path, target: Path, lang: str = "zh") -> None:
    model = load_org(org).org
    assert model is not None
    target.write_bytes(render_raci_xlsx(model, build_matrix(model), [], lang))


def _cell(sheet, activity: str, holder: str):  # type: ignore[no-untyped-def]
    """The cell of ``holder``'s column on ``activity``'s row, found by the titles."""
    header = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == activity)
    return sheet.cell(row, header.index(holder) + 1)


def _edit(workbook: Path, edits: list[tuple[str, str, str, object]]) -> None:
    wb = openpyxl.load_workbook(workbook)
    for sheet, activity, holder, value in edits:
        _cell(wb[sheet], activity, holder).value = value
    wb.save(workbook)


def _apply(cli: Callable[..., Result], org: Path, *extra: str) -> Result:
    return cli("apply", str(org.parent / "raci.xlsx"), str(org), *extra)


def _letters(org: Path, activity: str, holder: str) -> str:
    model = load_org(org).org
    assert model is not None
    return build_matrix(model).letters(activity, holder)


def test_one_changed_cell_changes_exactly_one_yaml_line_and_check_sees_it(
        bank: Path, cli: Callable[..., Result]) -> None:
    before = _snapshot(bank)
    _edit(bank.parent / "raci.xlsx", [(LOAN, "贷时审查", "信贷管理部经理", "R")])
    result = _apply(cli, bank)
    assert result.exit_code == 0, result.output
    assert _changed_lines(before, _snapshot(bank)) == [
        "-            raci: {loan.review: RA}",
        "+            raci: {loan.review: R}",
    ]
    assert "贷时审查：信贷管理部经理 失去 A" in result.output
    assert f"已写入 {bank}/departments/credit-mgmt.yaml" in result.output  # the workbook's zh
    # `check` sees the new letter: the activity has lost its only Accountable post.
    checked = cli("check", str(bank), "--format", "json")
    findings = json.loads(checked.stdout)["findings"]
    assert any(f["rule"] == "DM201" and f["subject"] == "loan.review" for f in findings)
    assert _letters(bank, "loan.review", "credit-mgmt.manager") == "R"


def test_a_traditional_workbook_applies_like_a_simplified_one(
        tmp_path: Path, cli: Callable[..., Result]) -> None:
    """A zh-TW build names sheets, activities and posts in traditional characters; the
    model stays simplified, and apply still finds every cell."""
    org = tmp_path / "org"
    shutil.copytree(REPO_ROOT / "org", org)
    model = load_org(org).org
    assert model is not None
    shown = display_model(model, "zh-TW")
    (tmp_path / "raci.xlsx").write_bytes(
        render_raci_xlsx(shown, build_matrix(shown), [], "zh-TW"))
    before = _snapshot(org)
    _edit(tmp_path / "raci.xlsx", [("貸款業務", "貸時審查", "信貸管理部經理", "R")])
    result = _apply(cli, org)
    assert result.exit_code == 0, result.output
    assert _changed_lines(before, _snapshot(org)) == [
        "-            raci: {loan.review: RA}",
        "+            raci: {loan.review: R}",
    ]


def test_a_new_letter_on_a_post_without_such_duty_adds_one_flagged_duty_before_catch_all(
        bank: Path, cli: Callable[..., Result]) -> None:
    before = _snapshot(bank)
    _edit(bank.parent / "raci.xlsx", [(LOAN, "贷款受理", "信贷管理部经理", "A")])
    result = _apply(cli, bank)
    assert result.exit_code == 0, result.output
    assert _changed_lines(before, _snapshot(bank)) == [
        "+          - text: 负责贷款受理  # dutymatrix apply 按 raci.xlsx:贷款业务!B2 新增,"
        "请改写职责措辞",
        "+            raci: {loan.intake: A}",
    ]
    model = load_org(bank).org
    assert model is not None
    duties = model.roles["credit-mgmt.manager"].duties
    assert duties[-2].text.get() == "负责贷款受理"  # the catch-all stays last
    assert "交办" in duties[-1].text.get()
    assert "新增职责 10「负责贷款受理」" in result.output


def test_several_candidate_duties_are_refused_with_their_locations(
        bank: Path, cli: Callable[..., Result]) -> None:
    before = _snapshot(bank)
    _edit(bank.parent / "raci.xlsx", [(LOAN, "贷前调查", "信贷人员(A角)", "RAC")])
    result = _apply(cli, bank)
    assert result.exit_code == 2
    assert f"raci.xlsx:{LOAN}!D3:" in result.stderr
    # Duties 1 and 2 come from the job profile: located where the profile writes them.
    assert f"#1 {bank}/profiles.yaml:9" in result.stderr
    assert f"#2 {bank}/profiles.yaml:13" in result.stderr
    assert f"#8 {bank}/departments/customer-1.yaml:55" in result.stderr
    assert "Traceback" not in result.output
    assert _snapshot(bank) == before


def test_a_cell_comment_names_the_duty_that_gets_the_letter(
        bank: Path, cli: Callable[..., Result]) -> None:
    before = _snapshot(bank)
    workbook = bank.parent / "raci.xlsx"
    wb = openpyxl.load_workbook(workbook)
    cell = _cell(wb[LOAN], "贷前调查", "信贷人员(A角)")
    cell.value = "RAC"
    cell.comment = Comment("给第 #8 条职责", "审计")
    wb.save(workbook)
    result = _apply(cli, bank)
    assert result.exit_code == 0, result.stderr
    assert _changed_lines(before, _snapshot(bank)) == [
        "-            raci: {loan.investigate: A, loan.disburse: A}",
        "+            raci: {loan.investigate: AC, loan.disburse: A}",
    ]


def test_a_letter_of_a_profile_duty_is_not_edited_for_one_post(
        bank: Path, cli: Callable[..., Result]) -> None:
    # Duty 2 of the A 角 is the job profile's: editing it would change the B 角 too.
    before = _snapshot(bank)
    workbook = bank.parent / "raci.xlsx"
    wb = openpyxl.load_workbook(workbook)
    cell = _cell(wb[LOAN], "贷前调查", "信贷人员(A角)")
    cell.value = "RAC"
    cell.comment = Comment("给第 #2 条职责", "审计")
    wb.save(workbook)
    result = _apply(cli, bank)
    assert result.exit_code == 2
    assert (f"customer-1.loan-officer-a#2 is duty 2 of job profile `loan-officer` "
            f"({bank}/profiles.yaml:13)") in result.stderr
    assert "omit: [2]" in result.stderr and "Traceback" not in result.output
    assert _snapshot(bank) == before


def test_an_owner_n_column_sets_that_one_duty(bank: Path, cli: Callable[..., Result]) -> None:
    before = _snapshot(bank)
    workbook = bank.parent / "raci.xlsx"
    wb = openpyxl.load_workbook(workbook)
    sheet = wb[LOAN]
    column = sheet.max_column + 1
    sheet.cell(1, column).value = "customer-1.loan-officer-a#8"
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "贷前调查")
    sheet.cell(row, column).value = "R"  # duty #8 had A
    disburse = next(r for r in range(2, sheet.max_row + 1)
                    if sheet.cell(r, 1).value == "贷款发放")
    sheet.cell(disburse, column).value = "A"  # the column says every letter of the duty
    wb.save(workbook)
    result = _apply(cli, bank)
    assert result.exit_code == 0, result.stderr
    lines = _changed_lines(before, _snapshot(bank))
    assert lines == ["-            raci: {loan.investigate: A, loan.disburse: A}",
                     "+            raci: {loan.investigate: R, loan.disburse: A}"]


def test_clearing_a_cell_removes_the_entry_and_an_emptied_raci_key(
        bank: Path, cli: Callable[..., Result]) -> None:
    before = _snapshot(bank)
    _edit(bank.parent / "raci.xlsx", [(LOAN, "贷时审查", "信贷管理部经理", None)])
    result = _apply(cli, bank)
    assert result.exit_code == 0, result.stderr
    assert _changed_lines(before, _snapshot(bank)) == ["-            raci: {loan.review: RA}"]
    assert _letters(bank, "loan.review", "credit-mgmt.manager") == ""


def test_dry_run_prints_the_changes_and_writes_nothing(
        bank: Path, cli: Callable[..., Result]) -> None:
    before = _snapshot(bank)
    _edit(bank.parent / "raci.xlsx", [(LOAN, "贷时审查", "信贷管理部经理", "R"),
                                      (LOAN, "贷款受理", "信贷管理部经理", "A")])
    result = _apply(cli, bank, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "贷时审查：信贷管理部经理 失去 A" in result.output
    assert f"将修改 {bank}/departments/credit-mgmt.yaml" in result.output
    assert "试运行：没有写入任何文件" in result.output
    assert _snapshot(bank) == before


def test_an_unedited_workbook_changes_nothing(bank: Path, cli: Callable[..., Result]) -> None:
    before = _snapshot(bank)
    result = _apply(cli, bank, "--lang", "en")
    assert result.exit_code == 0
    assert "nothing to write" in result.output
    assert _snapshot(bank) == before


def test_letters_typed_in_lower_case_or_with_separators_are_read(
        bank: Path, cli: Callable[..., Result]) -> None:
    _edit(bank.parent / "raci.xlsx", [(LOAN, "贷时审查", "信贷管理部经理", " r / a, c ")])
    result = _apply(cli, bank)
    assert result.exit_code == 0, result.stderr
    assert _letters(bank, "loan.review", "credit-mgmt.manager") == "RAC"


def _stale(org: Path) -> None:
    path = org / "departments/credit-mgmt.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "raci: {loan.review: RA}", "raci: {loan.review: R}"), encoding="utf-8")


def _foreign_workbook(org: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = LOAN
    wb.active.append(["活动", "信贷管理部经理"])
    wb.active.append(["贷时审查", "A"])
    wb.save(org.parent / "raci.xlsx")


def _add_column(org: Path, title: str, row_value: str) -> None:
    workbook = org.parent / "raci.xlsx"
    wb = openpyxl.load_workbook(workbook)
    sheet = wb[LOAN]
    sheet.cell(1, sheet.max_column + 1).value = title
    sheet.cell(3, sheet.max_column).value = row_value
    wb.save(workbook)


def _rename_activity(org: Path) -> None:
    workbook = org.parent / "raci.xlsx"
    wb = openpyxl.load_workbook(workbook)
    wb[LOAN].cell(3, 1).value = "贷前调査"
    wb.save(workbook)


def _two_sheets_disagree(org: Path) -> None:
    _edit(org.parent / "raci.xlsx", [(LOAN, "贷时审查", "信贷管理部经理", "R"),
                                     ("总表", "贷时审查", "信贷管理部经理", "A")])


REFUSALS = {
    "not a letter": (lambda org: _edit(org.parent / "raci.xlsx",
                                       [(LOAN, "贷时审查", "信贷管理部经理", "X")]),
                     f"raci.xlsx:{LOAN}!B4: `X`: `X` is not a RACI letter"),
    "a number": (lambda org: _edit(org.parent / "raci.xlsx",
                                   [(LOAN, "贷时审查", "信贷管理部经理", 1)]),
                 f"raci.xlsx:{LOAN}!B4: `1` is not RACI letters"),
    "a letter twice": (lambda org: _edit(org.parent / "raci.xlsx",
                                         [(LOAN, "贷时审查", "信贷管理部经理", "RR")]),
                       f"raci.xlsx:{LOAN}!B4: `RR`: a letter twice"),
    "a formula": (lambda org: _edit(org.parent / "raci.xlsx",
                                    [(LOAN, "贷时审查", "信贷管理部经理", "=B3")]),
                  f"raci.xlsx:{LOAN}!B4: a formula"),
    "unknown post": (lambda org: _add_column(org, "风险总监", "A"),
                     f"raci.xlsx:{LOAN}!I1: unknown post or committee `风险总监`"),  # after 缺位
    "unknown duty number": (lambda org: _add_column(org, "credit-mgmt.manager#99", "A"),
                            f"raci.xlsx:{LOAN}!I1: `credit-mgmt.manager` has no duty #99"),
    "unknown activity": (_rename_activity,
                         f"raci.xlsx:{LOAN}!A3: `贷前调査` is not an activity of this sheet"),
    "not written by build": (_foreign_workbook, "not a RACI workbook written by `dutymatrix "
                                                "build`"),
    "model changed since the build": (_stale, "the model has changed since this workbook "
                                              "was built"),
    "two sheets disagree": (_two_sheets_disagree,
                            f"{{wb}}:{LOAN}!B4: `R` here but `A` at {{wb}}:总表!M4 for the "
                            "same post"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_refusals_exit_2_located_and_write_nothing(
        case: str, bank: Path, cli: Callable[..., Result]) -> None:
    make, expected = REFUSALS[case]
    make(bank)
    before = _snapshot(bank)
    result = _apply(cli, bank)
    assert result.exit_code == 2, result.output
    assert expected.format(wb=bank.parent / "raci.xlsx") in result.stderr
    assert "nothing was written" in result.stderr or "not a RACI workbook" in result.stderr \
        or "has changed" in result.stderr
    assert "Traceback" not in result.output
    assert _snapshot(bank) == before


def test_every_problem_is_reported_at_once(bank: Path, cli: Callable[..., Result]) -> None:
    _edit(bank.parent / "raci.xlsx", [(LOAN, "贷时审查", "信贷管理部经理", "X"),
                                      (LOAN, "贷款发放", "信贷人员(A角)", "Q")])
    result = _apply(cli, bank)
    assert result.exit_code == 2
    assert "2 problem(s)" in result.stderr
    assert f"{LOAN}!B4" in result.stderr and f"{LOAN}!D6" in result.stderr


def test_a_file_that_is_not_a_workbook_is_a_message(
        bank: Path, cli: Callable[..., Result]) -> None:
    (bank.parent / "raci.xlsx").write_text("not a zip", encoding="utf-8")
    result = _apply(cli, bank)
    assert result.exit_code == 2
    assert "not an Excel workbook (.xlsx)" in result.stderr
    missing = cli("apply", str(bank.parent / "nope.xlsx"), str(bank))
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_the_build_writes_the_properties_apply_needs(tmp_path: Path,
                                                     cli: Callable[..., Result]) -> None:
    out = tmp_path / "out"
    result = cli("build", str(REPO_ROOT / "org"), "-o", str(out), "--only", "raci")
    assert result.exit_code == 0, result.output
    props = {p.name: p.value for p in openpyxl.load_workbook(out / "raci.xlsx").custom_doc_props}
    assert props["dutymatrix-lang"] == "zh-CN"  # the language the build speaks
    assert props["dutymatrix-org"] == "demo-bank"
    assert len(props["dutymatrix-raci-sha256"]) == 64


def test_a_model_file_that_is_a_symlink_is_not_replaced(
        bank: Path, cli: Callable[..., Result]) -> None:
    target = bank.parent / "elsewhere.yaml"
    link = bank / "departments/credit-mgmt.yaml"
    shutil.move(link, target)
    link.symlink_to(target)
    before = target.read_bytes()
    _edit(bank.parent / "raci.xlsx", [(LOAN, "贷时审查", "信贷管理部经理", "R")])
    result = _apply(cli, bank, "--lang", "en")
    assert result.exit_code == 2
    # The loader refuses a link out of the org folder (DM101) before apply reads it.
    assert "symbolic link" in result.stderr and "outside the org folder" in result.stderr
    assert link.is_symlink() and target.read_bytes() == before


def test_an_english_workbook_is_read_by_its_english_titles(
        bank: Path, cli: Callable[..., Result]) -> None:
    _build_workbook(bank, bank.parent / "raci.xlsx", lang="en")
    before = _snapshot(bank)
    _edit(bank.parent / "raci.xlsx", [("Lending", "Credit review", "Head of Credit Management",
                                       "R")])
    result = _apply(cli, bank)
    assert result.exit_code == 0, result.output
    assert "Credit review: Head of Credit Management loses A" in result.output
    assert len(_changed_lines(before, _snapshot(bank))) == 2


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", f"raci.xlsx:{LOAN}!B4：`X`：`X` 不是 RACI 字母；请使用 R, A, C, I（每个一次），或留空"),
    ("zh-TW", f"raci.xlsx:{LOAN}!B4：`X`：`X` 不是 RACI 字母；請使用"),
])
def test_refusals_are_said_in_the_chosen_language(
        lang: str, expected: str, bank: Path, cli: Callable[..., Result]) -> None:
    _edit(bank.parent / "raci.xlsx", [(LOAN, "贷时审查", "信贷管理部经理", "X")])
    before = _snapshot(bank)
    result = _apply(cli, bank, "--lang", lang)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert "nothing was written" not in result.stderr  # the summary is translated too
    assert _snapshot(bank) == before


def _libreoffice_resave(workbook: Path, profile: Path) -> Path:
    """The workbook as LibreOffice saves it (its own XML, comments and properties)."""
    import subprocess

    out = workbook.parent / "saved-by-libreoffice"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "xlsx", "--outdir", str(out), str(workbook)],
                   check=True, capture_output=True, timeout=180)
    return out / workbook.name


@pytest.mark.office
@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is not installed (apt-get install libreoffice-calc)")
def test_a_workbook_saved_by_libreoffice_applies_its_letters_and_comments(
        bank: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    before = _snapshot(bank)
    workbook = bank.parent / "raci.xlsx"
    wb = openpyxl.load_workbook(workbook)
    _cell(wb[LOAN], "贷时审查", "信贷管理部经理").value = "R"
    cell = _cell(wb[LOAN], "贷前调查", "信贷人员(A角)")
    cell.value = "RAC"
    cell.comment = Comment("给第 #8 条职责", "审计")  # which of its duties: kept by LibreOffice
    wb.save(workbook)
    saved = _libreoffice_resave(workbook, tmp_path / "profile")
    result = cli("apply", str(saved), str(bank))
    assert result.exit_code == 0, result.output
    assert sorted(_changed_lines(before, _snapshot(bank))) == sorted([
        "-            raci: {loan.review: RA}",
        "+            raci: {loan.review: R}",
        "-            raci: {loan.investigate: A, loan.disburse: A}",
        "+            raci: {loan.investigate: AC, loan.disburse: A}",
    ])
