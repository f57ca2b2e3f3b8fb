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
from dutymatrix.render.site_labels import site_labels

BREAKOUT = '</style><script>alert("x")</script><style>'
SHORT_BREAKOUT = "</style><script>"  # fits a page header whole
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


def _jd_page(title: str, org_name: str) -> tuple[str, str]:
    """(the printable JD page, its page header) with ``title`` and ``org_name`` put in."""
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
    page = render_template(env, "jd.html", lang="zh", asset_base="", for_pdf=True,
                           labels=jd.labels, jd=jd, palette_css="", site_search=False,
                           x=site_labels("zh"))
    return page, jd.page_header


def test_a_hostile_post_or_org_title_cannot_leave_the_page_style() -> None:
    page, page_header = _jd_page(title=BREAKOUT, org_name="银行" + SHORT_BREAKOUT)
    assert BREAKOUT in page_header
    assert "<script>" not in page
    start = page.index("@page")  # the page style ends at the first "</style>" after it
    style = page[start:page.index("</style>", start)]
    header = re.search(r"@top-left \{ content: (\"[^\"]*\");", style)
    org_name = re.search(r"@top-right \{ content: (\"[^\"]*\");", style)
    assert header and org_name
    # A header wider than the margin box is cut with an ellipsis, never elsewhere.
    shown = css_unescape(header.group(1))
    assert shown.endswith("…") and page_header.startswith(shown[:-1])
    assert "</style>" in shown
    assert css_unescape(org_name.group(1)) == "银行" + SHORT_BREAKOUT
    # The title is shown in the body as escaped HTML text.
    assert "&lt;/style&gt;&lt;script&gt;" in page


def test_markdown_escape_keeps_an_ampersand_as_text() -> None:
    # An entity or character reference would be decoded ("&lt;" shown as "<"): its "&" is
    # escaped. A bare "&" is text in Markdown and stays as written.
    assert md_escape("R&D 部门 &lt;b&gt; &#60; &#x3C;") == (
        "R&D 部门 &amp;lt;b&amp;gt; &amp;#60; &amp;#x3C;")


@pytest.mark.parametrize(("text", "where", "escaped"), [
    ("<b>粗体</b>", {}, "&lt;b>粗体&lt;/b>"),
    ("*强调* _下划_ `代码`", {}, "\\*强调\\* \\_下划\\_ \\`代码\\`"),
    ("~~删除~~", {}, "\\~\\~删除\\~\\~"),
    ("[链接](http://x)", {}, "\\[链接\\](http://x)"),
    ("# 标题", {"line_start": True}, "\\# 标题"),
    ("> 引用", {"line_start": True}, "\\> 引用"),
    ("- 不是列表", {"line_start": True}, "\\- 不是列表"),
    ("+ 不是列表", {"line_start": True}, "\\+ 不是列表"),
    ("- 甲", {}, "- 甲"),  # inside a line a dash is text
    ("甲-乙", {"line_start": True}, "甲-乙"),
    ("a|b", {"cell": True}, "a\\|b"),
    ("第一行\r\n第二行", {}, "第一行  第二行"),
    ("路径 C:\\temp\\", {}, "路径 C:\\temp\\\\"),
    ("", {}, ""),
    ("精通 C#", {}, "精通 C#"),  # only a heading's closing # is markup
    ("精通 C#", {"heading": True}, "精通 C\\#"),
])
def test_markdown_escape_shows_markup_as_written(text: str, where: dict[str, bool],
                                                 escaped: str) -> None:
    assert md_escape(text, **where) == escaped
