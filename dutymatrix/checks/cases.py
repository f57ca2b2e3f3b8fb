"""The catalogue's examples, kept as data: ``dutymatrix/checks/examples/DMnnn.yaml``.

One file per rule; each case in it is a whole one-file org that the rule must report
(``expect: fail``) or must not (``expect: pass``), optionally with the exact number of
findings (``count``). ``tests/test_catalogue.py`` runs every case through the engine and
validates its org against the model's JSON Schema; ``dutymatrix explain DMnnn`` prints
them. A case may start from a shared org head (``head: loan``, the heads are in
``examples/heads.yaml``) so the same ten lines are not written out in every case.

A case file::

    rule: DM205
    cases:
      - name: a department with neither posts nor child departments
        expect: fail
        count: 1
        head: loan
        org: |
          departments:
            - ...

``raw: true`` marks a case whose org stands for bytes that are not UTF-8 text: each
``\\xNN`` in it is the byte NN (DM116's GB18030 file).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

EXAMPLES_DIR = "examples"
HEADS_FILE = "heads.yaml"
EXPECTATIONS = ("fail", "pass")
CASE_KEYS = frozenset({"name", "expect", "count", "head", "org", "raw"})
_RAW_BYTE = re.compile(r"\\x([0-9a-fA-F]{2})")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: SARIF reads every file


class ExampleFileError(ValueError):
    """A case file that does not have the shape above (a bug in the package's data)."""


@dataclass(frozen=True)
class Case:
    """One example: a whole org file and whether the rule reports it."""

    name: str
    expect: str  # "fail": the rule is reported; "pass": it is not
    body: str  # the org text after the head
    head_name: str = ""
    head: str = ""
    count: int | None = None  # with "fail": exactly this many findings of the rule
    raw: bool = False

    @property
    def text(self) -> str:
        """The org file as text (``\\xNN`` escapes still in it for a raw case)."""
        return self.head + self.body

    def file_bytes(self) -> bytes:
        """The bytes of the org file, as the loader reads them."""
        if not self.raw:
            return self.text.encode("utf-8")
        pieces: list[bytes] = []
        position = 0
        for match in _RAW_BYTE.finditer(self.text):
            pieces.append(self.text[position : match.start()].encode("utf-8"))
            pieces.append(bytes([int(match.group(1), 16)]))
            position = match.end()
        pieces.append(self.text[position:].encode("utf-8"))
        return b"".join(pieces)


@dataclass(frozen=True)
class Examples:
    """The cases of one rule, in file order, and where they are kept."""

    rule: str
    path: str  # relative to the package: dutymatrix/checks/examples/DM205.yaml
    cases: tuple[Case, ...]

    @property
    def failing(self) -> tuple[Case, ...]:
        return tuple(c for c in self.cases if c.expect == "fail")

    @property
    def passing(self) -> tuple[Case, ...]:
        return tuple(c for c in self.cases if c.expect == "pass")


def _folder() -> Any:
    return resources.files("dutymatrix.checks") / EXAMPLES_DIR


def example_path(rule_id: str) -> str:
    return f"dutymatrix/checks/{EXAMPLES_DIR}/{rule_id}.yaml"


@functools.cache
def heads() -> dict[str, str]:
    """The shared org heads by name."""
    data = yaml.load((_folder() / HEADS_FILE).read_text(encoding="utf-8"), Loader=_LOADER)
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ExampleFileError(f"{HEADS_FILE}: expected a mapping of head name to org text")
    return data


def example_files() -> list[str]:
    """Every rule id that has a case file, sorted."""
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in _folder().iterdir()
        if entry.name.endswith(".yaml") and entry.name != HEADS_FILE
    )


@functools.cache
def examples_for(rule_id: str) -> Examples:
    """The cases of ``rule_id``; ``ExampleFileError`` when its file is missing or bad."""
    path = example_path(rule_id)
    source = _folder() / f"{rule_id}.yaml"
    if not source.is_file():
        raise ExampleFileError(f"{path}: missing; every rule needs its examples")
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=_LOADER)
    if not isinstance(data, dict) or data.get("rule") != rule_id:
        raise ExampleFileError(f"{path}: expected `rule: {rule_id}` and `cases:`")
    raw_cases = data.get("cases")
    if set(data) != {"rule", "cases"} or not isinstance(raw_cases, list) or not raw_cases:
        raise ExampleFileError(f"{path}: expected exactly `rule:` and a list of `cases:`")
    cases = tuple(_case(path, i, raw) for i, raw in enumerate(raw_cases, start=1))
    return Examples(rule_id, path, cases)


def _case(path: str, number: int, raw: Any) -> Case:
    where = f"{path}: case {number}"
    if not isinstance(raw, dict) or not CASE_KEYS >= set(raw):
        unknown = sorted(set(raw) - CASE_KEYS) if isinstance(raw, dict) else []
        raise ExampleFileError(f"{where}: expected a mapping of {sorted(CASE_KEYS)}"
                               + (f", not {unknown}" if unknown else ""))
    name, expect, body = raw.get("name"), raw.get("expect"), raw.get("org")
    if not isinstance(name, str) or not name.strip():
        raise ExampleFileError(f"{where}: `name` says what the case shows")
    if expect not in EXPECTATIONS:
        raise ExampleFileError(f"{where} ({name}): `expect` is fail or pass")
    if not isinstance(body, str):
        raise ExampleFileError(f"{where} ({name}): `org` is the org text")
    count = raw.get("count")
    if count is not None and (expect != "fail" or not isinstance(count, int) or count < 1):
        raise ExampleFileError(f"{where} ({name}): `count` is a number ≥ 1, on fail cases")
    head_name = raw.get("head", "")
    if head_name and head_name not in heads():
        raise ExampleFileError(f"{where} ({name}): no head `{head_name}` in {HEADS_FILE}")
    return Case(name=name, expect=expect, body=body, head_name=head_name,
                head=heads()[head_name] if head_name else "", count=count,
                raw=raw.get("raw") is True)
