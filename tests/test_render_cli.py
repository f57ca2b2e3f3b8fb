"""``dutymatrix build`` from the command line: output, exit codes, user errors."""

from __future__ import annotations

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


@pytest.mark.slow
def test_build_writes_the_site_and_says_where_index_is(
    write_org: Callable[..., Path], cli: Callable[..., Result], tmp_path: Path
) -> None:
    org = write_org(TINY)
    out = tmp_path / "out"
    result = cli("build", str(org), "-o", str(out), "--jobs", "1", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert str(out / "index.html") in result.stdout
    assert (out / "jd" / "credit.manager.pdf").exists() and (out / "audit.html").exists()
    assert "Credit Manager" in (out / "index.html").read_text(encoding="utf-8")
    again = cli("build", str(org), "-o", str(out), "--jobs", "1", "--lang", "en")
    assert "0 rebuilt" in again.stdout


def test_model_that_does_not_load_exits_2_and_writes_nothing(
    write_org: Callable[..., Path], cli: Callable[..., Result], tmp_path: Path
) -> None:
    org = write_org({"org.yaml": "org:\n  id: x\n  name: y\n  bogus: 1\n"})
    out = tmp_path / "out"
    result = cli("build", str(org), "-o", str(out))
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "org.yaml" in result.stderr
    assert not out.exists()


def test_unknown_part_is_a_usage_error(
    write_org: Callable[..., Path], cli: Callable[..., Result], tmp_path: Path
) -> None:
    result = cli("build", str(write_org(TINY)), "-o", str(tmp_path / "o"), "--only", "pdf")
    assert result.exit_code == 2 and "--only pdf" in result.stderr
