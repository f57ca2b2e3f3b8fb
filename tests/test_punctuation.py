"""Chinese output is punctuated in full width where the tool speaks (labels, brackets round
an id, list separators) — in what it prints and renders, not only in its catalogues
(tests/test_catalogues.py checks those). What the model says is the user's: a duty text
written with ASCII commas stays as written, so the model's own texts are taken out first.
Locations (file:line:col), ids, refs and YAML keys stay ASCII.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from clock import TODAY
from conftest import REPO_ROOT

from dutymatrix.engine import check_org
from dutymatrix.load import load_org
from dutymatrix.matrix import build_matrix
from dutymatrix.messages import to_traditional
from dutymatrix.model import Org
from dutymatrix.render.build import BuildOptions, _inputs
from dutymatrix.render.context import jd_context
from dutymatrix.render.documents import audit_outputs, jd_outputs
from dutymatrix.render.markdown import render_jd_markdown
from dutymatrix.render.session import RenderSession
from dutymatrix.report import FORMATTERS, ReportOptions
from dutymatrix.show import describe
from dutymatrix.show_text import render_show_text

SAMPLE = REPO_ROOT / "org"
CHINESE = ("zh-CN", "zh-TW")
_IDEOGRAPH = r"[\u4e00-\u9fff]"
# An ASCII mark touching a Chinese character, or ASCII brackets round Chinese words.
_ASCII_MARK_BY_CHINESE = re.compile(
    rf"\({_IDEOGRAPH}[^()\n]*\)|{_IDEOGRAPH}[,;:()]|[,;()]{_IDEOGRAPH}")
# A model text quoted in a sentence, perhaps cut short (“…”, 「…」).
_QUOTED = re.compile(r"“[^”\n]*”|「[^」\n]*」")


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def model_texts(folder: Path) -> list[str]:
    """Every text the user wrote in the model (both scripts), longest first."""
    texts = {s for path in folder.rglob("*.yaml")
             for s in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))}
    texts |= {to_traditional(t) for t in texts}
    return sorted((t for t in texts if re.search(_IDEOGRAPH, t)), key=len, reverse=True)


def offending(output: str, texts: list[str]) -> list[str]:
    """The tool's ASCII marks next to Chinese in ``output``, each with its line."""
    for text in texts:
        output = output.replace(text, "\0")
    output = _QUOTED.sub("\0", output)
    return [f"{m.group(0)!r} in {line.strip()[:100]!r}"
            for line in output.splitlines() for m in _ASCII_MARK_BY_CHINESE.finditer(line)]


@pytest.fixture(scope="module")
def org() -> Org:
    loaded = load_org(str(SAMPLE))
    assert loaded.org is not None
    return loaded.org


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return model_texts(SAMPLE)


def test_the_check_helps_itself_when_the_tool_slips() -> None:
    """The check finds a slip and leaves the model's words alone."""
    assert offending("所属部门: 信贷部", []) == ["'门:' in '所属部门: 信贷部'"]
    assert offending("人员 王磊（E1003）(兼岗)", []) == ["'(兼岗)' in '人员 王磊（E1003）(兼岗)'"]
    assert offending("1. 规定,了解", ["规定,了解"]) == []
    assert offending("第 7 条职责“针对客户,及时…”没有", []) == []
    assert offending("岗位 信贷员（credit.officer） org/people.yaml:14:13", []) == []


@pytest.mark.parametrize("lang", CHINESE)
def test_show_pages_punctuate_in_full_width(org: Org, texts: list[str], lang: str) -> None:
    ids = [*org.roles, *org.people_by_id, *org.committees_by_id, *org.departments_by_id,
           *org.processes_by_id]
    pages = "\n".join(render_show_text(describe(org, i, today=TODAY), lang) for i in ids)
    assert "所属部门" in pages or "所屬部門" in pages
    assert offending(pages, texts) == []


@pytest.mark.parametrize("lang", CHINESE)
def test_check_text_punctuates_in_full_width(org: Org, texts: list[str], lang: str) -> None:
    result = check_org(org, today=TODAY).in_lang(lang)
    report = FORMATTERS["text"](result, ReportOptions(lang=lang))
    assert "DM401" in report
    assert offending(report, texts) == []


@pytest.mark.parametrize("lang", CHINESE)
def test_jd_markdown_punctuates_in_full_width(org: Org, texts: list[str], lang: str) -> None:
    matrix = build_matrix(org)
    pages = "\n".join(render_jd_markdown(jd_context(org, matrix, role, lang))
                      for role in org.roles)
    assert "# 岗位说明书：" in pages or "# 崗位說明書：" in pages
    assert offending(pages, texts) == []


def _visible_text(page: str) -> str:
    body = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


@pytest.mark.parametrize("lang", CHINESE)
def test_audit_report_and_jd_pages_punctuate_in_full_width(texts: list[str], lang: str) -> None:
    loaded = load_org(str(SAMPLE))
    options = BuildOptions(org_dir=SAMPLE, today=TODAY, lang=lang)
    session = RenderSession()
    try:
        inputs = _inputs(loaded.org, list(loaded.findings), options, ["audit", "jd"], session)
        audit = next(o for o in audit_outputs(inputs) if o.path == "audit.html")
        pages = [o for o in jd_outputs(inputs) if o.path.endswith(".html")]
    finally:
        session.close()
    assert audit.content is not None and len(pages) == len(loaded.org.roles)
    text = _visible_text(audit.content.decode("utf-8"))
    assert "已豁免" in text or "已豁免" in to_traditional(text)
    assert offending(text, texts) == []
    jd_text = "\n".join(_visible_text(page.content.decode("utf-8")) for page in pages
                         if page.content is not None)
    assert offending(jd_text, texts) == []
