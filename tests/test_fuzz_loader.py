"""The loader on anything: never a traceback or a hang, always a located finding."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dutymatrix.load import load_org
from dutymatrix.load.fields import OBJECTS, SECTIONS

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FILES = sorted(
    p for folder in ("org", "examples") for p in (REPO_ROOT / folder).rglob("*.yaml")
)
FIXTURE = b"""\
org: {id: demo, name: {zh: \xe7\xa4\xba\xe4\xbe\x8b, en: Demo}}
processes:
  - id: loan
    name: loan
    activities: [{id: approve, name: approve}]
departments:
  - id: branch
    name: branch
    roles:
      - id: branch.manager
        title: manager
        reports_to: branch.manager
        duties:
          - text: approve loans
            raci: {loan.approve: A}
rules:
  sod: [{id: S1, activities: [loan.approve]}]
waivers: [{rule: S1, subject: branch, reason: r, expires: 2027-06-30}]
"""
SEEDS = [FIXTURE, *(p.read_bytes() for p in SAMPLE_FILES)]
FIELD_NAMES = sorted({*SECTIONS, *(name for table in OBJECTS.values() for name in table),
                      "zh", "en"})
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def assert_located(files: dict[str, bytes]) -> None:
    """Load ``files`` as an org: no exception; every error has a file and a line."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "org"
        for name, data in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        result = load_org(str(root))
    for finding in result.findings:
        assert finding.loc is not None, finding
        assert finding.loc.file and finding.loc.line >= 1 and finding.loc.col >= 1, finding
        assert finding.message
    if result.errors:
        assert result.org is None


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.sampled_from(["on", "NO", "0123", "1e3", "2024-02-30", "loan.approve", "RASCI", "A",
                     "branch", "DM101", "", " ", "a b"]),
    st.text(max_size=8),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=6))
structures = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(keys, children, max_size=5)),
    max_leaves=25,
)


@pytest.mark.slow
@FUZZ
@given(st.dictionaries(st.sampled_from(sorted(SECTIONS)) | st.text(max_size=5), structures,
                       max_size=5),
       st.booleans())
def test_random_structures(document: dict[str, Any], flow: bool) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow)
    assert_located({"org.yaml": FIXTURE, "extra.yaml": text.encode("utf-8")})


def _mutate(data: bytes, ops: list[tuple[int, int, int, bytes]]) -> bytes:
    for op, position, length, blob in ops:
        pos = position % (len(data) + 1)
        if op == 0:  # insert
            data = data[:pos] + blob + data[pos:]
        elif op == 1:  # delete
            data = data[:pos] + data[pos + length:]
        elif op == 2 and data:  # flip bits
            pos = min(pos, len(data) - 1)
            data = data[:pos] + bytes([data[pos] ^ (length % 255 + 1)]) + data[pos + 1:]
        else:  # truncate
            data = data[:pos]
    return data


mutations = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 1 << 16), st.integers(0, 64),
              st.binary(max_size=8) | st.sampled_from([b"\t", b"&a ", b"*a", b"\x00", b"- ",
                                                       b": ", b"{", b"[", b"'", b"\xff"])),
    min_size=1, max_size=4,
)


@pytest.mark.slow  # fuzzing
@FUZZ
@given(st.sampled_from(range(len(SEEDS))), mutations)
def test_byte_mutations_of_samples(index: int, ops: list[tuple[int, int, int, bytes]]) -> None:
    assert_located({"org.yaml": _mutate(SEEDS[index], ops)})


@pytest.mark.slow  # fuzzing
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations)
def test_check_on_garbage_exits_2_without_traceback(cli: Callable[..., Any],
                                                    ops: list[tuple[int, int, int, bytes]]
                                                    ) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "org.yaml").write_bytes(_mutate(FIXTURE, ops))
        result = cli("check", str(root), "--format", "json")
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert "DM1" in result.output


# Characters a hostile model may carry (raw, or as double-quoted escapes): controls,
# C1, bidi and zero-width characters, and the line breaks libyaml counts but editors don't.
HOSTILE = ["\x0c", "\x1b", "\x07", "\x9b", "\x85", "\u2028", "\u2029", "\u202e", "\u2066",
           "\u200b", "\ufeff", "\r", "\r\n", '"\\e"', '"\\u202e"', '"x\\x9by"', '"\\N"',
           "\\", '"', "\n"]
_EDITOR_LINES = re.compile(r"\r\n|\r|\n")


def assert_within_the_file(files: dict[str, str]) -> None:
    """Load ``files`` (text): every finding and place is at a line and column the file
    has, counted as an editor does (an end-of-line or end-of-file column included)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "org"
        root.mkdir()
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8", newline="")
        result = load_org(str(root))
    for finding in result.findings:
        assert finding.loc is not None, finding
        for loc in (finding.loc, *(place for _, place in finding.places)):
            lines = _EDITOR_LINES.split(files[Path(loc.file).name])
            assert 1 <= loc.line <= len(lines), (finding, len(lines))
            assert 1 <= loc.col <= len(lines[loc.line - 1]) + 1, (finding, lines[loc.line - 1])


@pytest.mark.slow  # fuzzing
@FUZZ
@given(st.sampled_from(range(len(SEEDS))),
       st.lists(st.tuples(st.integers(0, 1 << 16), st.sampled_from(HOSTILE)),
                min_size=1, max_size=6))
def test_hostile_characters_keep_positions_in_the_file(
        index: int, inserts: list[tuple[int, str]]) -> None:
    text = SEEDS[index].decode("utf-8")
    for position, chars in inserts:
        at = position % (len(text) + 1)
        text = text[:at] + chars + text[at:]
    assert_within_the_file({"org.yaml": text, "extra.yaml": "departments: []\n"})


@pytest.mark.slow
def test_pathological_inputs() -> None:
    cases = {
        "deep-flow.yaml": b"x: " + b"[" * 100_000 + b"\n",
        "deep-block.yaml": b"".join(b" " * i + b"a:\n" for i in range(3000)),
        "long-line.yaml": b"org: " + b"x" * 2_000_000 + b"\n",
        "many-keys.yaml": b"departments:\n  - id: a\n" + b"    name: x\n" * 20_000,
        "bom.yaml": b"\xef\xbb\xbforg: {id: a, name: b}\n",
        "controls.yaml": b"org: {id: a, name: \x07\x1b}\n",
        "bidi.yaml": "org: {id: a, name: \u202e\u2066b\u200b}\n# \u202e\n".encode(),
        "breaks.yaml": "org:\u2028  id: a\x0c\n  name: \"b\\e\\N\u2029\"\n\x85x: 1\n".encode(),
        "crlf.yaml": b"org:\r\n  id: a\r\n  name: b\r\n",
        "only-doc.yaml": b"---\n...\n",
        "two-docs.yaml": b"a: 1\n---\nb: 2\n",
        "tags.yaml": b"org: !!python/object:os.system {id: a}\n",
        "merge.yaml": b"org: {<<: {id: a}, name: b}\n",
        "complex-key.yaml": b"? [a, b]\n: c\n",
    }
    for name, data in cases.items():
        assert_located({name: data})
