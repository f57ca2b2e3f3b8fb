"""Vacant posts (with a `people:` section, a post nobody holds or acts in): the JD and
`show` say 空缺; without `people:` nothing is vacant."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from render_sample import sample_org

from dutymatrix.matrix import build_matrix
from dutymatrix.model import Org, Person, Text
from dutymatrix.render.context import jd_context
from dutymatrix.render.docx import render_jd_docx
from dutymatrix.render.markdown import render_jd_markdown


def _staffed() -> Org:
    org = sample_org()
    people = (Person("E1", Text("张三"), holds=("credit-mgmt.manager",)),
              Person("E2", Text("李四"), acting=("customer-1.officer",)))
    return dataclasses.replace(org, people=people)


def test_the_jd_of_a_vacant_post_says_so_in_its_particulars() -> None:
    import io

    import docx

    org = _staffed()
    matrix = build_matrix(org)
    vacant = jd_context(org, matrix, "credit-mgmt.reviewer", "zh")
    assert vacant.vacant and "信贷审查岗（空缺）" in render_jd_markdown(vacant)
    document = docx.Document(io.BytesIO(render_jd_docx(vacant)))
    assert "信贷审查岗（空缺）" in [c.text for c in document.tables[0].rows[0].cells]
    english = jd_context(org, matrix, "credit-mgmt.reviewer", "en")
    assert "Credit Reviewer (vacant)" in render_jd_markdown(english)
    for held in ("credit-mgmt.manager", "customer-1.officer"):  # held, or acted in
        assert not jd_context(org, matrix, held, "zh").vacant
    bare = sample_org()  # no people: section, nothing is vacant
    assert not jd_context(bare, build_matrix(bare), "credit-mgmt.reviewer", "zh").vacant


def test_show_marks_a_vacant_post(cli: Callable[..., Result],
                                  write_org: Callable[..., Path]) -> None:
    org = write_org({"org.yaml": """
        org: {id: demo, name: 示例银行}
        departments:
          - id: credit
            name: 信贷部
            roles:
              - {id: credit.a, title: 甲岗, duties: [负责甲事]}
              - {id: credit.b, title: 乙岗, duties: [负责乙事]}
        people:
          - {id: E1, name: 张三, holds: [credit.a]}
        """})
    shown = {r: json.loads(cli("show", r, "--org", str(org), "--format", "json").stdout)
             for r in ("credit.a", "credit.b")}
    assert (shown["credit.a"]["vacant"], shown["credit.b"]["vacant"]) == (False, True)
    assert "空缺：是" in cli("show", "credit.b", "--org", str(org), "--lang", "zh").stdout
