"""A broken template in a user's `--templates` folder: a sentence in the reader's language.

The sentence names the template file and line and the kind of error — a syntax error, an
undefined name, a template not found, an error while running it — and says what to do.
Jinja's and Python's own English words are kept only as a labelled, quoted detail
(原文：“…”), never as the sentence. The build exits 2 and prints no traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

ORG = """\
org: {id: demo, name: 示例银行}
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.officer
        title: 信贷员
        duties: [负责贷前调查]
"""

# (kind, jd.html, line of the error, what the sentence says in zh-CN / zh-TW / en).
BROKEN = {
    "syntax": ('{% extends "base.html" %}\n{% block content %}\n{{ post.title }\n'
               "{% endblock %}\n", 3,
               ("模板语法错误", "範本語法錯誤", "the template has a syntax error"),
               "unexpected '}'"),
    "undefined": ("<p>\n{{ nosuch.thing }}\n</p>\n", 2,
                  ("模板使用了未定义的名称 nosuch", "範本使用了未定義的名稱 nosuch",
                   "the template uses nosuch, which is not defined"),
                  "'nosuch' is undefined"),
    "not-found": ('<p>\n{% include "missing.html" %}\n</p>\n', 2,
                  ("在模板文件夹中找不到模板 missing.html", "在範本資料夾中找不到範本 missing.html",
                   "template missing.html not found in the template folders"),
                  None),
    "running": ("<p>\n\n{{ 1 // 0 }}\n</p>\n", 3,
                ("运行模板时出错", "執行範本時發生錯誤",
                 "an error occurred while running the template"),
                "ZeroDivisionError: integer division or modulo by zero"),
}
LANGS = {"zh-CN": 0, "zh-TW": 1, "en": 2}
LABELLED = {"zh-CN": "（原文：“{}”）", "zh-TW": "（原文：「{}」）",
            "en": " (original message: “{}”)"}
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize("lang", list(LANGS))
@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_broken_template_is_said_in_the_readers_language(
        cli: Callable[..., object], write_org: Callable[..., Path], tmp_path: Path,
        kind: str, lang: str) -> None:
    source, line, says, detail = BROKEN[kind]
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "jd.html").write_text(source, encoding="utf-8")
    result = cli("build", str(write_org({"org.yaml": ORG})), "-o", str(tmp_path / "out"),
                 "--only", "jd", "--templates", str(templates), "--lang", lang)
    assert result.exit_code == 2, result.output
    error = result.stderr.strip()
    assert "Traceback" not in result.output + result.stderr
    [message] = error.splitlines()
    separator = ": " if lang == "en" else "："
    assert message.startswith(f"dutymatrix: {templates / 'jd.html'}:{line}{separator}"), error
    assert says[LANGS[lang]] in message, error
    if detail is None:
        assert "原文" not in message and "original message" not in message
    else:
        # The raw detail only at the end, quoted and labelled; the sentence is without it.
        assert message.endswith(LABELLED[lang].format(detail)), error
        sentence = message.removesuffix(LABELLED[lang].format(detail))
        assert detail not in sentence
    if lang == "en":
        assert not CJK.search(message)
    else:
        # Apart from the path, the quoted detail and the names it quotes, no English words.
        words = re.sub(r"^dutymatrix: |\S*/\S*|--templates|missing\.html|nosuch", "",
                       sentence if detail else message)
        assert not re.search(r"[A-Za-z]{3,}", words), message
