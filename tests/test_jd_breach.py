"""The JD of a post that itself breaks an SoD rule says so, in every format and in `show`.

HR hands the job description out: a post that carries incompatible activities together
must not read as if it kept the rule (the rule, the activities, the numbered duties).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from clock import TODAY
from render_sample import sample_org

from dutymatrix.matrix import build_matrix
from dutymatrix.model import Duty, Org, SodRule, Text
from dutymatrix.render.build import BuildOptions, build_org
from dutymatrix.render.context import jd_context

OFFICER = "customer-1.officer"


def breaching_org() -> Org:
    """The sample bank where the officer investigates (duty 1) and approves (duty 2),
    and a two-activity rule the officer carries whole (nothing left to 'never also hold')."""
    org = sample_org()
    officer = dataclasses.replace(org.roles[OFFICER], duties=(
        Duty(OFFICER, 1, Text(zh="负责贷前调查", en="Investigate loan applications"),
             raci={"loan.investigate": "RA"}),
        Duty(OFFICER, 2, Text(zh="负责小额贷款审批", en="Approve small loans"),
             raci={"loan.approve": "R"}),
    ))
    departments = tuple(
        dataclasses.replace(d, roles=tuple(officer if r.id == OFFICER else r for r in d.roles))
        for d in org.departments)
    pair = SodRule(id="SOD-PAIR", name=Text(zh="调查与审批分离", en="Investigate apart"),
                   activities=("loan.investigate", "loan.approve"), basis=Text("《贷款通则》"))
    return dataclasses.replace(org, departments=departments,
                               sod_rules=(*org.sod_rules, pair))


def test_a_rule_the_post_carries_whole_is_not_left_out() -> None:
    org = breaching_org()
    jd = jd_context(org, build_matrix(org), OFFICER, "zh")
    lines = {line.rule_id: line for line in jd.incompatible}
    assert set(lines) == {"SOD-LOAN-1", "SOD-PAIR"}
    pair = lines["SOD-PAIR"]
    assert pair.activities == () and pair.breached
    assert [(b.activity, [n for n, _ in b.duties]) for b in pair.breach] == [
        ("贷前调查", [1]), ("贷款审批", [2])]
    # SOD-LOAN-1: two of three carried — a breach, and review is still never to be held
    assert lines["SOD-LOAN-1"].breached and lines["SOD-LOAN-1"].activities == ("贷时审查",)


def test_a_post_that_keeps_the_rule_has_no_breach() -> None:
    org = sample_org()
    jd = jd_context(org, build_matrix(org), OFFICER, "zh")
    assert [line.breached for line in jd.incompatible] == [False]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    outs = {}
    for lang in ("zh", "en"):
        out = tmp_path_factory.mktemp(lang) / "out"
        build_org(breaching_org(), [], BuildOptions(
            org_dir=Path("."), today=TODAY, out_dir=out, jobs=1, lang=lang,
            only=frozenset({"jd"})))
        outs[lang] = out / "jd"
    return outs


def _texts(jd_dir: Path, post: str) -> dict[str, str]:
    import docx

    document = docx.Document(str(jd_dir / f"{post}.docx"))
    texts = {
        "md": (jd_dir / f"{post}.md").read_text(encoding="utf-8"),
        "html": (jd_dir / f"{post}.html").read_text(encoding="utf-8"),
        "docx": "\n".join(p.text for p in document.paragraphs),
    }
    if shutil.which("pdftotext"):
        texts["pdf"] = subprocess.run(["pdftotext", str(jd_dir / f"{post}.pdf"), "-"],
                                      capture_output=True, text=True, check=True).stdout
    return texts


@pytest.mark.slow  # renders PDFs
@pytest.mark.parametrize(("lang", "breach", "duty"), [
    ("zh", "本岗位违反该控制要求：同时承担 2 项（最多 1 项）", "职责 2"),
    ("en", "This post breaks the rule: it carries 2 of these", "duty 2"),
])
def test_every_jd_format_states_the_breach_with_its_duties(
        built: dict[str, Path], lang: str, breach: str, duty: str) -> None:
    texts = _texts(built[lang], OFFICER)
    assert shutil.which("pdftotext") is None or "pdf" in texts
    approve = "负责小额贷款审批" if lang == "zh" else "Approve small loans"
    for fmt, text in texts.items():
        flat = " ".join(text.split())
        assert flat.count(" ".join(breach.split())) == 2, fmt  # SOD-LOAN-1 and SOD-PAIR
        assert "SOD-PAIR" in flat, fmt
        assert duty in flat and approve in flat, fmt


@pytest.mark.slow  # renders PDFs
def test_a_post_without_a_breach_says_nothing_of_one(built: dict[str, Path]) -> None:
    for fmt, text in _texts(built["zh"], "credit-mgmt.reviewer").items():
        assert "违反该控制要求" not in text, fmt


def test_show_names_the_duties_behind_a_breach(cli: Callable[..., Result],
                                               write_org: Callable[..., Path]) -> None:

    org = write_org({"org.yaml": """
        org: {id: demo, name: 示例银行}
        processes:
          - id: loan
            name: 贷款业务
            activities:
              - {id: investigate, name: 贷前调查}
              - {id: disburse,    name: 贷款发放}
        departments:
          - id: credit
            name: 信贷部
            roles:
              - id: credit.officer
                title: 信贷员
                duties:
                  - text: 负责贷前调查
                    raci: {loan.investigate: AR}
                  - text: 负责贷款发放
                    raci: {loan.disburse: R}
        rules:
          sod:
            - {id: SOD-3, name: 贷放分控, activities: [loan.investigate, loan.disburse]}
        """})
    shown = cli("show", "credit.officer", "--org", str(org), "--format", "json")
    assert shown.exit_code == 0, shown.output
    [row] = json.loads(shown.stdout)["incompatible"]
    assert row["over_limit"] and row["carried_by"] == {
        "loan.investigate": ["credit.officer#1"], "loan.disburse": ["credit.officer#2"]}
    # The org gives no `locale:` (the tests' environment is English): ask for Chinese.
    text = cli("show", "credit.officer", "--org", str(org), "--lang", "zh").stdout
    assert "违反该控制要求" in text and "credit.officer#2" in text
