"""`dutymatrix check`: exit codes, --fail-on, formats, GITHUB_ACTIONS, stdout is the report."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (REPO_ROOT / "examples").glob("*") if p.is_dir())
SAMPLE_ORGS = [REPO_ROOT / "org", *EXAMPLES]

CLEAN = """\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: approve, name: 贷款审批}
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
"""
WARNING_ONLY = CLEAN + """\
      - id: credit.assistant
        title: 助理
"""
ERROR = CLEAN.replace("raci: {loan.approve: AR}", "raci: {loan.approve: R}")

Cli = Callable[..., Result]


def org(write_org: Callable[..., Path], text: str) -> str:
    return str(write_org({"org.yaml": text}))


def test_clean_org_exits_0(cli: Cli, write_org) -> None:
    result = cli("check", org(write_org, CLEAN), "--format", "text", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("0 errors, 0 warnings")
    chinese = cli("check", org(write_org, CLEAN), "--format", "text", "--lang", "zh")
    assert chinese.output.strip().endswith("错误 0 个，警告 0 个")


def test_errors_exit_1_and_fail_on_moves_the_threshold(cli: Cli, write_org) -> None:
    assert cli("check", org(write_org, ERROR)).exit_code == 1
    warning_org = org(write_org, WARNING_ONLY)
    assert cli("check", warning_org).exit_code == 0
    assert cli("check", warning_org, "--fail-on", "warning").exit_code == 1


def test_load_failure_exits_2_and_reports_in_the_format(cli: Cli, write_org) -> None:
    broken = org(write_org, "org: {id: demo, name: [oops\n")
    result = cli("check", broken, "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["load_failed"] is True
    assert [f["rule"] for f in data["findings"]] == ["DM101"]


def test_missing_folder_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("check", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_print_only_the_document(cli: Cli, write_org, fmt: str) -> None:
    result = cli("check", org(write_org, ERROR), "--format", fmt)
    json.loads(result.stdout)  # nothing but the document on stdout


def test_junit_is_xml(cli: Cli, write_org) -> None:
    result = cli("check", org(write_org, ERROR), "--format", "junit")
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>')


def test_github_is_the_default_under_github_actions(cli: Cli, write_org) -> None:
    result = cli("check", org(write_org, ERROR), env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::error file=")
    plain = cli("check", org(write_org, ERROR), env={"GITHUB_ACTIONS": ""})
    assert not plain.stdout.startswith("::")


def test_config_error_exits_2(cli: Cli, write_org) -> None:
    result = cli("check", org(write_org, CLEAN + "checks:\n  disable: [DM799]\n"))
    assert result.exit_code == 2
    assert "DM123" in result.stdout


@pytest.mark.parametrize("sample", SAMPLE_ORGS, ids=lambda p: p.name)
def test_sample_orgs_check_without_crashing(cli: Cli, sample: Path) -> None:
    result = cli("check", str(sample), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    for finding in data["findings"]:
        assert finding["file"] and finding["line"] >= 1, finding


@pytest.mark.slow  # runs the command in a fresh process
def test_real_process_flushes_the_whole_report_before_exiting(write_org) -> None:
    # The command skips interpreter teardown in a real process; nothing may be lost.
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "dutymatrix.cli", "check", org(write_org, ERROR),
         "--format", "json"],
        capture_output=True, check=False,
    )
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data["summary"]["error"] >= 1


WAIVED = ERROR + """\
      - id: credit.head
        title: 部门负责人
waivers:
  - rule: DM201
    subject: loan.approve
    reason: 试运行
    control: 每周复核
    approved_by: credit.head
    expires: 2026-12-31
"""


def test_today_decides_waiver_expiry(cli: Cli, write_org) -> None:
    # The waiver covers the only error (DM201) through 2026-12-31, and not a day longer.
    folder = org(write_org, WAIVED)
    held = cli("check", folder, "--format", "json", "--today", "2026-12-31")
    assert held.exit_code == 0
    held_report = json.loads(held.stdout)
    assert [f["rule"] for f in held_report["waived"]] == ["DM201"]
    assert "DM601" not in [f["rule"] for f in held_report["findings"]]
    lapsed = cli("check", folder, "--format", "json", "--today", "2027-01-01")
    assert lapsed.exit_code == 1
    lapsed_report = json.loads(lapsed.stdout)
    assert lapsed_report["waived"] == []
    assert {"DM201", "DM601"} <= {f["rule"] for f in lapsed_report["findings"]}


def test_today_that_is_not_a_date_is_a_usage_error(cli: Cli, write_org) -> None:
    result = cli("check", org(write_org, CLEAN), "--today", "2026-02-30")
    assert result.exit_code == 2
    assert "--today" in result.stderr and "Traceback" not in result.output
