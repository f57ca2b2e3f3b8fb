"""The escaping helpers of render/, on hostile text a user can put in the model.

A post or org *title* reaches CSS (the running page header, ``css_string``), Markdown
(``md_escape``) and spreadsheets (``neutralise``): none may end its context early.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from render_sample import sample_org

from dutymatrix.matrix import build_matrix
from dutymatrix.model import Text
from dutymatrix.render.context import jd_context
from dutymatrix.render.html import css_string, make_environment, render_template, template_roots
from dutymatrix.render.markdown import md_escape

BREAKOUT = '</style><script>alert("x")</script><style>'
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?")


def css_unescape(literal: str) -> str:
    """The value of a CSS string literal whose escapes are hex code points."""
    assert literal[0] == literal[-1] == '"'
    return _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), literal[1:-1])


@pytest.mark.parametrize("value", [BREAKOUT, '"; } body { display: none } x { content: "',
                                   "back\\slash\nnew line", "信贷管理部经理 A-1", ""])
def test_css_string_escapes_everything_but_ascii_letters_and_digits(value: str) -> None:
    literal = str(css_string(value))
    assert css_unescape(literal) == value
    inner = literal[1:-1]
    # Nothing that could close the string, the rule or the element survives.
    assert re.fullmatch(r"(?:[A-Za-z0-9]|\\[0-9a-f]{6})*", inner)


def test_css_string_keeps_ascii_letters_and_digits_as_they_are() -> None:
    assert str(css_string("XD01")) == '"XD01"'
    assert str(css_string("<")) == '"\\00003c"'


def _jd_page(title: str, org_name: str) -> str:
    org = sample_org()
    role_id = "credit-mgmt.manager"
    role = dataclasses.replace(org.roles[role_id], title=Text(title))
    dept = next(d for d in org.departments if d.id == role.department)
    new_dept = dataclasses.replace(
        dept, roles=tuple(role if r.id == role_id else r for r in dept.roles))
    org = dataclasses.replace(
        org, name=Text(org_name),
        departments=tuple(new_dept if d.id == dept.id else d for d in org.departments))
    jd = jd_context(org, build_matrix(org), role_id, "zh")
    env = make_environment(template_roots(None))
    return render_template(env, "jd.html", lang="zh", asset_base="", for_pdf=True,
                           labels=jd.labels, jd=jd)


def test_a_hostile_post_or_org_title_cannot_leave_the_page_style() -> None:
    page = _jd_page(title=BREAKOUT, org_name="示例银行" + BREAKOUT)
    assert "<script>" not in page
    style = page[page.index("<style>"):page.index("</style>")]
    header = re.search(r"@top-left \{ content: (\"[^\"]*\");", style)
    org_name = re.search(r"@top-right \{ content: (\"[^\"]*\");", style)
    assert header and org_name
    assert css_unescape(header.group(1)).endswith(BREAKOUT)
    assert css_unescape(org_name.group(1)) == "示例银行" + BREAKOUT
    # The title is shown in the body as escaped HTML text.
    assert "&lt;/style&gt;&lt;script&gt;" in page


def test_markdown_escape_keeps_an_ampersand_as_text() -> None:
    # "&lt;" in a duty must read "&lt;", not "<"; "&" itself stays visible.
    assert md_escape("R&D 部门 &lt;b&gt;") == "R&amp;D 部门 &amp;lt;b&amp;gt;"


@pytest.mark.parametrize(("text", "escaped"), [
    ("<b>粗体</b>", "\\<b\\>粗体\\</b\\>"),
    ("*强调* _下划_ `代码`", "\\*强调\\* \\_下划\\_ \\`代码\\`"),
    ("[链接](http://x)", "\\[链接\\]\\(http://x\\)"),
    ("# 标题", "\\# 标题"),
    ("1. 第一", "1\\. 第一"),
    ("- 不是列表", "\\- 不是列表"),
    ("+ 不是列表", "\\+ 不是列表"),
    ("甲-乙", "甲-乙"),
    ("a|b", "a\\|b"),
    ("第一行\r\n第二行", "第一行  第二行"),
])
def test_markdown_escape_shows_markup_as_written(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped
