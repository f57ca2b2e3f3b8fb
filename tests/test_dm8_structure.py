"""DM8xx structure: spans of control, chains of command, sole Accountables — read from
the org graph (networkx) — and dotted lines (业务指导) in the loader, show, the chart
and diff."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from clock import TODAY

from dutymatrix.engine import run_check
from dutymatrix.findings import Finding
from dutymatrix.load import load_org
from dutymatrix.matrix import build_matrix
from dutymatrix.render.svg import render_orgchart_svg

HEAD = "org: {id: demo, name: 示例银行}\n"


@pytest.fixture
def check(write_org: Callable[..., Path]) -> Callable[[str], list[Finding]]:
    def run(body: str) -> list[Finding]:
        result = run_check(str(write_org({"org.yaml": HEAD + body})), today=TODAY)
        assert not result.load_failed, [f.message for f in result.findings]
        return result.active_findings

    return run


def _posts(rows: list[str]) -> str:
    return "departments:\n  - id: b\n    name: 分行\n    roles:\n" + "".join(
        f"      - {row}\n" for row in rows)


def _chain(n: int) -> list[str]:
    return ["{id: b.l1, title: 一级}"] + [
        f"{{id: b.l{i}, title: {i}级, reports_to: b.l{i - 1}}}" for i in range(2, n + 1)]


def test_span_of_control_names_the_reports_at_the_post(check) -> None:
    rows = ["{id: b.head, title: 行长}"] + [
        f"{{id: b.p{i}, title: 柜员{i}, reports_to: b.head}}" for i in range(1, 18)]
    [span] = [f for f in check(_posts(rows)) if f.rule == "DM801"]
    assert span.subject == "b.head" and len(span.related) == 17
    assert span.loc.line == 6 and "17 direct reports (at most 15)" in span.message


def test_a_long_chain_is_reported_once_where_it_passes_the_limit(check) -> None:
    findings = check(_posts(_chain(11)) + "checks:\n  options:\n    DM802: {max: 8}\n")
    [deep] = [f for f in findings if f.rule == "DM802"]
    assert deep.subject == "b.l9"
    assert deep.related == ("b.l8", "b.l7", "b.l6", "b.l5", "b.l4", "b.l3", "b.l2", "b.l1")
    assert "9 levels down" in deep.message and "2 posts below it" in deep.message


def test_sole_accountable_over_the_limit(check) -> None:
    activities = "".join(f"      - {{id: a{i}, name: 活动{i}}}\n" for i in range(1, 5))
    duties = "".join(f"          - text: 负责活动{i}\n            raci: {{ops.a{i}: A}}\n"
                     for i in range(1, 5))
    body = ("processes:\n  - id: ops\n    name: 运营\n    activities:\n" + activities
            + "departments:\n  - id: b\n    name: 分行\n    roles:\n"
            "      - id: b.boss\n        title: 主管\n        duties:\n" + duties
            + "checks:\n  options:\n    DM803: {max: 3}\n")
    [sole] = [f for f in check(body) if f.rule == "DM803"]
    assert sole.subject == "b.boss"
    assert sole.related == ("ops.a1", "ops.a2", "ops.a3", "ops.a4")
    assert [label for label, _ in sole.places] == ["ops.a1", "ops.a2", "ops.a3", "ops.a4"]


def test_reporting_cycle_comes_from_the_graph_with_its_path(
        write_org: Callable[..., Path]) -> None:
    body = _posts(["{id: b.x, title: 甲}", "{id: b.a, title: 乙, reports_to: b.c}",
                   "{id: b.b, title: 丙, reports_to: b.a}",
                   "{id: b.c, title: 丁, reports_to: b.b}",
                   "{id: b.d, title: 戊, reports_to: b.a}"])
    [cycle] = [f for f in load_org(str(write_org({"org.yaml": HEAD + body}))).errors
               if f.rule == "DM113"]
    assert "b.a → b.c → b.b → b.a" in cycle.message  # each post to its superior
    assert cycle.subject == "b.a" and set(cycle.related) == {"b.b", "b.c"}


# --- dotted lines -------------------------------------------------------------------------

DOTTED = _posts(["{id: b.head, title: 行长}",
                 "{id: b.risk, title: 风险经理, reports_to: b.head}",
                 "{id: b.credit, title: 信贷经理, reports_to: b.head}",
                 "{id: b.officer, title: 信贷员, reports_to: b.credit, dotted_to: [b.risk]}"])


def test_dotted_lines_are_validated(write_org: Callable[..., Path]) -> None:
    body = DOTTED.replace("dotted_to: [b.risk]", "dotted_to: [b.rsk, b.officer]")
    errors = load_org(str(write_org({"org.yaml": HEAD + body}))).errors
    messages = {f.rule: f.message for f in errors}
    assert "dotted-line superior `b.rsk` is not defined; did you mean `b.risk`?" \
        in messages["DM111"]
    assert messages["DM124"] == "`b.officer` has a dotted line to itself"


def test_a_dotted_line_back_up_is_not_a_reporting_cycle(
        write_org: Callable[..., Path]) -> None:
    # The head takes business guidance from the officer: a cycle of solid + dotted lines,
    # which the tree check ignores.
    body = DOTTED.replace("{id: b.head, title: 行长}",
                          "{id: b.head, title: 行长, dotted_to: [b.officer]}")
    assert load_org(str(write_org({"org.yaml": HEAD + body}))).errors == []


def test_show_prints_the_chain_and_dotted_lines(write_org: Callable[..., Path], cli) -> None:
    root = write_org({"org.yaml": HEAD + DOTTED})
    shown = json.loads(cli("show", "b.officer", "--org", str(root), "--format", "json").stdout)
    assert shown["chain"] == ["b.officer", "b.credit", "b.head"]
    assert shown["dotted_to"] == ["b.risk"]
    text = cli("show", "b.risk", "--org", str(root), "--lang", "zh").stdout
    assert "业务指导下级" in text and "b.officer" in text


def test_chart_draws_dotted_lines_dashed_without_moving_boxes(
        write_org: Callable[..., Path]) -> None:
    with_line = load_org(str(write_org({"org.yaml": HEAD + DOTTED}, name="a"))).org
    without = load_org(str(write_org({"org.yaml": HEAD + DOTTED.replace(
        ", dotted_to: [b.risk]", "")}, name="b"))).org
    svg, plain = render_orgchart_svg(with_line, "zh"), render_orgchart_svg(without, "zh")
    assert svg.count('class="dotted"') == 1
    assert 'data-from="b.risk" data-to="b.officer"' in svg
    boxes = [line for line in svg.splitlines() if "<rect" in line]
    assert boxes == [line for line in plain.splitlines() if "<rect" in line]
    assert build_matrix(with_line).graph.dotted_reports("b.risk") == ["b.officer"]


def test_diff_reports_a_new_dotted_line(write_org: Callable[..., Path], cli) -> None:
    old = write_org({"org.yaml": HEAD + DOTTED.replace(", dotted_to: [b.risk]", "")},
                    name="old")
    new = write_org({"org.yaml": HEAD + DOTTED}, name="new")
    changes = json.loads(cli("diff", str(old), str(new), "--format", "json").stdout)["changes"]
    [dotted] = [c for c in changes if c.get("field") == "dotted_to"]
    assert dotted["subject"] == "b.officer" and dotted["new"] == ["b.risk"]
    assert "业务指导上级" in dotted["summary"]
