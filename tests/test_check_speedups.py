"""What the check's shortcuts must keep exactly as before: the tag libyaml's loader gives
every node, a finding's words in every language, its order, its copies."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from dutymatrix.findings import Finding, Rule, Severity, sort_findings
from dutymatrix.i18n import N_
from dutymatrix.load.yamlloader import ModelLoader
from dutymatrix.messages import Msg, Names
from dutymatrix.model import Loc, Text

# Every implicit type YAML 1.1 resolves, its near misses, and what is never resolved.
SCALARS = """\
plain: text
empty: ''
blank:
tilde: ~
nulls: [null, Null, NULL, nul]
bools: [yes, No, TRUE, off, On, y, n, 'yes', "no"]
ints: [0, -12, +7, 0x1F, 0o17, 017, 0b101, 1_000, 190:20:30, 12a]
floats: [1.5, -.5, 1e3, 1.5e3, .inf, -.INF, .nan, 6.8523015e+5, 1_0.5, 1.2.3]
dates: [2024-01-31, 2024-1-31, 2024-01-31T10:20:30Z, 2024-01-31 10:20:30.5 +8, 2024-13-01]
merge: <<
value: =
tagged: !!str 3
chinese: 负责 2024 年贷款审批
nested: {a: [1, {b: 2.0}], c: [~, '']}
"""


def _tags(node: yaml.Node) -> list[tuple[str, str, int]]:
    out = [(node.tag, type(node).__name__, node.start_mark.index)]
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            out += _tags(child)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out += _tags(key) + _tags(value)
    return out


@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", None)])
def test_the_model_loader_tags_every_node_as_the_safe_loader_does(loader: type | None) -> None:
    if loader is None:
        pytest.skip("PyYAML without libyaml")
    expected = _tags(yaml.compose(SCALARS, Loader=loader))
    assert _tags(yaml.compose(SCALARS, Loader=ModelLoader)) == expected
    assert ("tag:yaml.org,2002:timestamp", "ScalarNode", SCALARS.index("2024-01-31")) \
        in expected  # the sample does reach the resolvers


RULE = Rule("DM999", "test-rule", Severity.WARNING, N_("A test rule."), finds="", why="",
            fix="")


def _finding(subject: str, message: str | Msg, file: str = "a.yaml", line: int = 1) -> Finding:
    return RULE.finding(message, Loc(file, line, 1), subject=subject,
                        hint=Msg(N_("give a value or remove the field")),
                        places=[(Msg(N_("recusal")), Loc(file, line, 2))])


def _message(post: str) -> Msg:
    return Msg(N_("{what} `{id}`"), what=Text(zh="岗位", en="post"), id=post)


def test_a_finding_says_its_message_in_english_when_read_and_in_any_language() -> None:
    found = _finding("p", _message("p.1"))
    assert found.message == "post `p.1`"
    assert found.in_lang("zh-CN").message == "岗位 `p.1`"
    assert found.in_lang("zh-CN").places[0][0] == "回避"
    assert found.in_lang("en").hint == "give a value or remove the field"
    # Copies keep every field, and their message is the same in English.
    for copy in (found.with_severity(Severity.ERROR), dataclasses.replace(found, subject="q"),
                 found.with_fields(waived_by=Loc("w", 2))):
        assert copy.message == "post `p.1`" and copy.hint == found.hint
    assert found.with_severity(Severity.ERROR).severity is Severity.ERROR
    assert found == _finding("p", _message("p.1")) != _finding("p", _message("p.2"))
    with pytest.raises(TypeError, match="no field"):
        found.with_fields(mesage="typo")


def test_sorting_by_place_then_message_is_the_sort_key_order() -> None:
    findings = [
        _finding("b", _message("z"), line=3), _finding("b", _message("y"), line=3),
        _finding("a", _message("x"), line=3), _finding("a", "plain text", line=1),
        _finding("c", Msg(N_("{names}"), names=Names.of(["m", "n"])), "0.yaml", 9),
        _finding("b", _message("y"), line=3),
    ]
    expected = sorted(findings, key=Finding.sort_key)
    sort_findings(findings)
    assert [f.sort_key() for f in findings] == [f.sort_key() for f in expected]
    assert [f.subject for f in findings] == ["c", "a", "a", "b", "b", "b"]
    assert [f.message for f in findings][-3:] == ["post `y`", "post `y`", "post `z`"]
