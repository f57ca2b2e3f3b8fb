"""DM1xx: each load rule fails where it should, passes where it should, at the exact place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dutymatrix.findings import Finding, Severity
from dutymatrix.load import load_org

HEAD = "org: {id: demo, name: 示例银行}\n"
ROLE_ORG = """\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: approve, name: 贷款审批}
departments:
  - id: branch
    name: 分行
    roles:
      - id: branch.manager
        title: 行长
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: A}
"""


def only(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def where(f: Finding) -> tuple[str, int, int]:
    assert f.loc is not None
    return Path(f.loc.file).name, f.loc.line, f.loc.col


@pytest.fixture
def load(write_org: Callable[..., Path]) -> Callable[..., list[Finding]]:
    def run(files: dict[str, str] | str) -> list[Finding]:
        if isinstance(files, str):
            files = {"org.yaml": files}
        return load_org(str(write_org(files))).findings

    return run


def test_clean_org_loads_with_no_findings(write_org: Callable[..., Path]) -> None:
    result = load_org(str(write_org({"org.yaml": ROLE_ORG})))
    assert result.findings == []
    assert result.org is not None
    duty = result.org.roles["branch.manager"].duties[0]
    assert duty.raci == {"loan.approve": "A"}
    assert (duty.loc.line, duty.loc.col) == (14, 13)
    assert duty.locs["raci.loan.approve"].line == 15


def test_dm101_syntax_error_located(load: Callable[..., list[Finding]]) -> None:
    findings = load(HEAD + "departments:\n  - id: branch\n    name: [分行\n")
    [f] = only(findings, "DM101")
    assert where(f)[:2] == ("org.yaml", 5)
    assert "syntax" in f.message and f.hint


def test_dm102_duplicate_key_names_both_places(load: Callable[..., list[Finding]]) -> None:
    findings = load(HEAD + "departments:\n  - id: branch\n    name: 分行\n    name: 市分行\n")
    [f] = only(findings, "DM102")
    assert where(f) == ("org.yaml", 5, 5)
    assert "`name`" in f.message and "line 4" in f.message
    assert [(label, loc.line) for label, loc in f.places] == [("first", 4)]


def test_dm102_duplicate_raci_key(load: Callable[..., list[Finding]]) -> None:
    text = ROLE_ORG.replace("{loan.approve: A}", "{loan.approve: A, loan.approve: R}")
    [f] = only(load(text), "DM102")
    assert where(f)[:2] == ("org.yaml", 15)


def test_dm103_anchor_and_alias_refused(load: Callable[..., list[Finding]]) -> None:
    findings = load(HEAD + "departments:\n  - id: branch\n    name: &n 分行\n"
                    "  - id: b2\n    name: *n\n")
    assert [where(f) for f in only(findings, "DM103")] == [("org.yaml", 4, 11),
                                                            ("org.yaml", 6, 11)]


def test_dm103_alias_bomb_does_not_expand(load: Callable[..., list[Finding]]) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    findings = load("\n".join(lines) + "\n")
    assert only(findings, "DM103")


@pytest.mark.parametrize("value, read_as", [
    ("on", "a bool"), ("NO", "a bool"), ("0123", "a number"), ("1e3", "a number"),
    ("2024-01-01", "a date"), ("12.5", "a number"),
])
def test_dm104_yaml11_scalar_says_quote_it(load: Callable[..., list[Finding]], value: str,
                                           read_as: str) -> None:
    findings = load(HEAD + f"departments:\n  - id: branch\n    name: {value}\n")
    [f] = only(findings, "DM104")
    assert where(f) == ("org.yaml", 4, 11)
    assert read_as in f.message
    assert f.hint == f"quote it: '{value}'"


def test_dm104_quoted_value_is_a_string(write_org: Callable[..., Path]) -> None:
    result = load_org(str(write_org({"org.yaml": HEAD + "departments:\n  - id: '0123'\n"
                                     "    name: 'on'\n"})))
    assert result.findings == []
    assert result.org is not None and str(result.org.departments[0].name) == "on"


def test_dm105_unknown_section_did_you_mean(load: Callable[..., list[Finding]]) -> None:
    [f] = only(load(HEAD + "deparments: []\n"), "DM105")
    assert where(f) == ("org.yaml", 2, 1)
    assert "did you mean `departments`" in f.message


def test_dm106_unknown_field_did_you_mean(load: Callable[..., list[Finding]]) -> None:
    [f] = only(load(HEAD + "departments:\n  - id: branch\n    name: 分行\n    parnet: x\n"),
               "DM106")
    assert where(f) == ("org.yaml", 5, 5)
    assert "`parnet`" in f.message and "did you mean `parent`" in f.message


def test_dm107_wrong_type(load: Callable[..., list[Finding]]) -> None:
    [f] = only(load(HEAD + "departments:\n  - id: branch\n    name: 分行\n    roles: x\n"),
               "DM107")
    assert where(f) == ("org.yaml", 5, 12)
    assert "expected a list" in f.message


def test_dm107_number_field_rejects_string(load: Callable[..., list[Finding]]) -> None:
    text = ROLE_ORG.replace("title: 行长\n", "title: 行长\n        headcount: '3'\n")
    [f] = only(load(text), "DM107")
    assert where(f)[:2] == ("org.yaml", 13)
    assert "number" in f.message


def test_dm108_malformed_id(load: Callable[..., list[Finding]]) -> None:
    [f] = only(load(HEAD + "departments:\n  - id: credit mgmt\n    name: 信贷部\n"), "DM108")
    assert where(f) == ("org.yaml", 3, 9)
    assert "`credit mgmt`" in f.message


def test_dm108_malformed_check_id(load: Callable[..., list[Finding]]) -> None:
    [f] = only(load(HEAD + "checks:\n  disable: [DM7]\n"), "DM108")
    assert where(f) == ("org.yaml", 3, 13)


@pytest.mark.parametrize("value", ["2027-02-30", "next year", "2027-6-30"])
def test_dm109_bad_date(load: Callable[..., list[Finding]], value: str) -> None:
    waiver = f"{{rule: DM201, subject: loan, reason: 试点, expires: {value}}}"
    text = ROLE_ORG + f"waivers:\n  - {waiver}\n"
    [f] = only(load(text), "DM109")
    assert where(f) == ("org.yaml", 17, 55)


def test_dm109_accepts_date_and_quoted_iso(write_org: Callable[..., Path]) -> None:
    text = ROLE_ORG + (
        "waivers:\n  - {rule: DM201, subject: loan, reason: a, expires: 2027-06-30}\n"
        "  - {rule: DM201, subject: loan, reason: b, expires: '2027-07-01'}\n"
    )
    result = load_org(str(write_org({"org.yaml": text})))
    assert result.org is not None
    assert [str(w.expires) for w in result.org.waivers] == ["2027-06-30", "2027-07-01"]


def test_dm110_duplicate_id_across_files_names_both(load: Callable[..., list[Finding]]) -> None:
    findings = load({"a.yaml": ROLE_ORG,
                     "b/c.yaml": "departments:\n  - id: branch\n    name: 支行\n"})
    [f] = only(findings, "DM110")
    assert f.loc is not None and f.loc.file.endswith("org/b/c.yaml")
    assert (f.loc.line, f.loc.col) == (2, 9)
    assert "a.yaml:8:9" in f.message


def test_dm110_org_section_twice(load: Callable[..., list[Finding]]) -> None:
    [f] = only(load({"a.yaml": HEAD, "b.yaml": HEAD}), "DM110")
    assert where(f)[0] == "b.yaml" and "a.yaml" in f.message


def test_dm111_unknown_reference_did_you_mean(load: Callable[..., list[Finding]]) -> None:
    text = ROLE_ORG.replace("{loan.approve: A}", "{loan.aprove: A}")
    [f] = only(load(text), "DM111")
    assert where(f) == ("org.yaml", 15, 20)
    assert "did you mean `loan.approve`" in f.message


def test_dm112_department_cycle_shows_path(load: Callable[..., list[Finding]]) -> None:
    text = HEAD + ("departments:\n  - {id: root, name: 分行}\n"
                   "  - {id: a, name: 甲, parent: b}\n  - {id: b, name: 乙, parent: a}\n")
    [f] = only(load(text), "DM112")
    assert where(f) == ("org.yaml", 4, 30)
    assert "a → b → a" in f.message


def test_dm113_reporting_cycle(load: Callable[..., list[Finding]]) -> None:
    text = HEAD + ("departments:\n  - id: d\n    name: 部\n    roles:\n"
                   "      - {id: d.a, title: 甲, reports_to: d.b}\n"
                   "      - {id: d.b, title: 乙, reports_to: d.a}\n")
    [f] = only(load(text), "DM113")
    assert where(f) == ("org.yaml", 6, 41)
    assert "d.a → d.b → d.a" in f.message


def test_dm114_several_roots_named(load: Callable[..., list[Finding]]) -> None:
    text = HEAD + "departments:\n  - {id: a, name: 甲}\n  - {id: b, name: 乙}\n"
    [f] = only(load(text), "DM114")
    assert where(f) == ("org.yaml", 4, 5)
    assert "`a`" in f.message and "`b`" in f.message


def test_dm115_tab_indent(load: Callable[..., list[Finding]]) -> None:
    [f] = only(load(HEAD + "departments:\n  - id: branch\n\t  name: 分行\n"), "DM115")
    assert where(f) == ("org.yaml", 4, 1)


def test_dm116_gb18030_named(write_org: Callable[..., Path]) -> None:
    root = write_org({})
    (root / "org.yaml").write_bytes(HEAD.replace("示例银行", "").encode()
                                    + "departments:\n  - {id: a, name: 信贷部}\n".encode("gbk"))
    [f] = only(load_org(str(root)).findings, "DM116")
    assert where(f) == ("org.yaml", 3, 19)
    assert "GB18030" in f.message


def test_dm116_utf16_named(write_org: Callable[..., Path]) -> None:
    root = write_org({})
    (root / "org.yaml").write_bytes(HEAD.encode("utf-16"))
    [f] = only(load_org(str(root)).findings, "DM116")
    assert "UTF-16" in f.message


def test_dm117_binary_file(write_org: Callable[..., Path]) -> None:
    root = write_org({"org.yaml": HEAD})
    (root / "logo.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    [f] = only(load_org(str(root)).findings, "DM117")
    assert where(f) == ("logo.yaml", 3, 1)


def test_dm118_not_a_mapping(load: Callable[..., list[Finding]]) -> None:
    [f] = only(load({"a.yaml": HEAD, "b.yaml": "- departments: []\n"}), "DM118")
    assert where(f) == ("b.yaml", 1, 1)


def test_dm119_too_deep(load: Callable[..., list[Finding]]) -> None:
    assert only(load(HEAD + "x: " + "[" * 2000 + "]" * 2000 + "\n"), "DM119")
    text = HEAD + "checks:\n  options:\n    DM702: {x: " + "[" * 60 + "]" * 60 + "}\n"
    [f] = only(load(text), "DM119")
    assert where(f)[:2] == ("org.yaml", 4)


def test_dm120_empty_file_is_a_warning(write_org: Callable[..., Path]) -> None:
    result = load_org(str(write_org({"org.yaml": ROLE_ORG, "empty.yaml": "# later\n"})))
    [f] = result.findings
    assert (f.rule, f.severity, where(f)) == ("DM120", Severity.WARNING, ("empty.yaml", 1, 1))
    assert result.org is not None


def test_dm121_missing_field(load: Callable[..., list[Finding]]) -> None:
    [f] = only(load(HEAD + "departments:\n  - id: branch\n"), "DM121")
    assert where(f) == ("org.yaml", 3, 5)
    assert "`name`" in f.message


def test_dm121_no_org_section(load: Callable[..., list[Finding]]) -> None:
    [f] = only(load("departments:\n  - {id: a, name: 甲}\n"), "DM121")
    assert "org" in f.message


def test_dm122_bad_letter(load: Callable[..., list[Finding]]) -> None:
    [f] = only(load(ROLE_ORG.replace("{loan.approve: A}", "{loan.approve: AS}")), "DM122")
    assert where(f) == ("org.yaml", 15, 20)
    assert "`S`" in f.message


def test_dm122_rasci_allows_s(write_org: Callable[..., Path]) -> None:
    text = ROLE_ORG.replace("{id: demo, name: 示例银行}", "{id: demo, name: 示例银行, raci: RASCI}")
    text = text.replace("{loan.approve: A}", "{loan.approve: AS}")
    assert load_org(str(write_org({"org.yaml": text}))).findings == []


def test_dm124_bad_value(load: Callable[..., list[Finding]]) -> None:
    salary = "        salary: {min: 9000, max: 8000}\n"
    text = ROLE_ORG.replace("title: 行长\n", "title: 行长\n" + salary)
    [f] = only(load(text), "DM124")
    assert where(f) == ("org.yaml", 13, 17)


def test_every_problem_in_one_run(load: Callable[..., list[Finding]]) -> None:
    findings = load({
        "a.yaml": HEAD + "departments:\n  - id: branch\n    name: 分行\n    parnet: x\n",
        "b.yaml": "departmets: []\n",
        "c.yaml": "departments:\n  - {id: c, name: on, parent: brnch}\n",
    })
    assert {"DM106", "DM105", "DM104"} <= {f.rule for f in findings}


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    from dutymatrix.errors import UsageError

    with pytest.raises(UsageError, match="no such org folder"):
        load_org(str(tmp_path / "nope"))


def test_file_labels_join_the_folder_argument(write_org: Callable[..., Path],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_org({"org.yaml": HEAD, "departments/x.yaml": "departments: [{id: a}]\n"})
    monkeypatch.chdir(root.parent)
    [f] = only(load_org("org/").findings, "DM121")
    assert f.loc == type(f.loc)("org/departments/x.yaml", 1, 15)


def test_duty_fields_in_any_order_and_duplicates(load: Callable[..., list[Finding]]) -> None:
    text = ROLE_ORG.replace("          - text: 负责贷款审批\n            raci: {loan.approve: A}\n",
                            "          - raci: {loan.approve: A}\n            text: 负责贷款审批\n"
                            "          - {text: a, raci: {loan.approve: A}, raci: {}}\n")
    [f] = load(text)
    assert (f.rule, where(f)[1]) == ("DM102", 16)


def test_broken_org_section_does_not_hide_the_rest(load: Callable[..., list[Finding]]) -> None:
    findings = load("org: {id: demo, name: on}\ndepartments:\n  - {id: a, name: 甲}\n"
                    "  - {id: a, name: 乙, parent: x}\n")
    assert {"DM104", "DM110", "DM111"} <= {f.rule for f in findings}
