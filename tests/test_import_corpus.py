"""The import corpus (tests/data/import/corpus): every text comes out with the posts and
departments a reader would name, each duty count within ±1 (``import_corpus.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_corpus import corpus_files, expectation, score

FILES = corpus_files()


def test_the_corpus_has_every_shape_and_a_sidecar_for_each_text() -> None:
    assert len(FILES) >= 40
    assert {p.suffix for p in FILES} >= {".txt", ".md", ".html", ".csv"}
    for path in FILES:
        expected = expectation(path)
        assert expected.get("posts") or expected.get("departments"), path.name


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_import_finds_the_posts_and_duty_counts(path: Path) -> None:
    result = score(path)
    assert result.within_one, "\n".join(result.problems)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["01-posting-lead-phrases.txt", "03-票据业务员.txt",
                                  "02-doc-title-fallback.md"])
def test_a_post_named_by_fallback_is_said_on_stderr(name: str) -> None:
    path = next(p for p in FILES if p.name == name)
    result = score(path)
    source = {"01": "--post", "02": "the document's title", "03": "the file name"}[name[:2]]
    assert f"(named by {source})" in result.stderr
