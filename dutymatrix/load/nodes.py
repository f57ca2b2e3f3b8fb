"""YAML nodes → checked Python values: positions, findings, scalars and mapping keys.

The low layer of reading one file: each method reads one node as one kind of value and
reports what is wrong with it as a located finding, returning ``BAD`` (never a guess).
``FileBuilder`` (``builder.py``) builds the model's objects and sections on top of it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from yaml import MappingNode, Node, ScalarNode, SequenceNode

from dutymatrix.findings import Finding
from dutymatrix.i18n import N_
from dutymatrix.load.fields import ID_PATTERN, Field
from dutymatrix.load.hidden import escaped_finding
from dutymatrix.load.positions import SourceText
from dutymatrix.load.rules import finding
from dutymatrix.messages import Msg
from dutymatrix.model import Loc, Text
from dutymatrix.safetext import HIDDEN, char_name

TAG = "tag:yaml.org,2002:"
STR_TAG = TAG + "str"
TYPE_NAMES = {TAG + "bool": N_("a bool"), TAG + "int": N_("a number"),
              TAG + "float": N_("a number"), TAG + "null": N_("null (nothing)"),
              TAG + "timestamp": N_("a date")}
_ID = re.compile(ID_PATTERN)
_DECIMAL = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$")
# Plain scalars PyYAML keeps as strings but YAML 1.2 (editors, other tools) reads as numbers.
_NUMBER_12 = re.compile(
    r"^([-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+)$"
)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
NUMBERISH = frozenset("0123456789+-.")
_new_object = object.__new__


class _Bad:
    """Marks a value that could not be read (already reported)."""


BAD: Any = _Bad()


def did_you_mean(name: str, candidates: Any) -> str | Msg:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return Msg(N_("; did you mean `{choice}`?"), choice=close[0]) if close else ""


def _kind_of(node: Node) -> Msg:
    if isinstance(node, MappingNode):
        return Msg(N_("a mapping"))
    if isinstance(node, SequenceNode):
        return Msg(N_("a list"))
    if node.tag in TYPE_NAMES:
        return Msg(TYPE_NAMES[node.tag])
    if node.tag == STR_TAG:
        return Msg(N_("a string"))
    return Msg(N_("a {tag} value"), tag=node.tag)


class NodeReader:
    """Reads single nodes of one file, reporting each problem at the node's position."""

    def __init__(self, label: str, findings: list[Finding], source: SourceText | None = None):
        self.file = label
        self.findings = findings
        self.source = source if source is not None else SourceText("")
        self.remap = self.source.remap  # libyaml's line numbers differ from an editor's
        self.escapes = self.source.escapes  # a double-quoted escape may hide a character

    # --- positions and findings ---------------------------------------------------------

    def loc(self, node: Node) -> Loc:
        # Hundreds of thousands of these per large org: fill the frozen dataclass's
        # __dict__ directly rather than through its __init__ (2.5× faster, same object).
        mark = node.start_mark
        loc = _new_object(Loc)
        fields = loc.__dict__
        fields["file"] = self.file
        if self.remap:
            fields["line"], fields["col"] = self.source.at(mark.index)
        else:
            fields["line"] = mark.line + 1
            fields["col"] = mark.column + 1
        return loc

    def report(self, rule: str, message: str | Msg, node: Node, hint: str | Msg = "",
               **extra: Any) -> None:
        self.findings.append(finding(rule, message, self.loc(node), hint=hint, **extra))

    def wrong_type(self, node: Node, expected: str | Msg, where: str) -> None:
        """``expected``: what belongs here, ``Msg(N_("a string"))``."""
        if isinstance(node, ScalarNode) and node.tag == TAG + "null":
            self.report("DM107", Msg(N_("{where} is empty; expected {expected}"), where=where,
                                     expected=expected), node,
                        hint=Msg(N_("give a value or remove the field")))
        else:
            self.report("DM107", Msg(N_("{where} is {kind}; expected {expected}"), where=where,
                                     kind=_kind_of(node), expected=expected), node,
                        hint=Msg(N_("write {expected} here"), expected=expected))

    # --- scalars --------------------------------------------------------------------------

    def string(self, node: Node, where: str) -> Any:
        if type(node) is ScalarNode:
            value: str = node.value
            if node.tag == STR_TAG:
                if not node.style and value and value[0] in NUMBERISH and \
                        _NUMBER_12.match(value):
                    self._quote_it(node, where, Msg(N_("a number")))
                    return BAD
                if self.escapes and node.style == '"' and HIDDEN.search(value):
                    self._escaped_hidden(node, where)
                return value
            if node.tag in TYPE_NAMES and node.tag != TAG + "null":
                self._quote_it(node, where, Msg(TYPE_NAMES[node.tag]))
                return BAD
        self.wrong_type(node, Msg(N_("a string")), where)
        return BAD

    def _escaped_hidden(self, node: ScalarNode, where: str) -> None:
        hidden = escaped_finding(self.file, self.source, node.start_mark.index,
                                 node.end_mark.index, where)
        if hidden is not None:
            self.findings.append(hidden)

    def _quote_it(self, node: ScalarNode, where: str, read_as: Msg) -> None:
        quote = '"' if "'" in node.value else "'"
        self.report("DM104", Msg(N_("{where}: `{value}` is read as {kind} by YAML, not a "
                                    "string"), where=where, value=node.value, kind=read_as),
                    node, hint=Msg(N_("quote it: {quoted}"),
                                   quoted=f"{quote}{node.value}{quote}"))

    def ident(self, node: Node, where: str) -> Any:
        value = self.string(node, where)
        if value is not BAD and not _ID.fullmatch(value):
            hidden = HIDDEN.search(value)
            message = (Msg(N_("{where} `{value}` is not a valid id (it has {char})"),
                           where=where, value=value, char=char_name(hidden.group()))
                       if hidden else
                       Msg(N_("{where} `{value}` is not a valid id"), where=where, value=value))
            self.report("DM108", message, node,
                        hint=Msg(N_("use letters, digits, - and _, in dot-separated parts "
                                    "(e.g. credit-mgmt.manager)")))
            return BAD
        return value

    def text(self, node: Node, where: str) -> Any:
        if type(node) is ScalarNode:
            value = self.string(node, where)
            return BAD if value is BAD else Text(plain=value)
        if type(node) is MappingNode:
            parts: dict[str, str] = {}
            for key_node, value_node in self.pairs(node, ("zh", "en", "zh-TW"), where):
                key = key_node.value
                value = self.string(value_node, f"{where}.{key}")
                if value is not BAD:
                    parts[key] = value
            if not parts:
                if not node.value:
                    self.report("DM121", Msg(N_("{where} has neither `zh` nor `en`"),
                                             where=where), node,
                                hint=Msg(N_("write a string, or {{zh: …, en: …}}")))
                return BAD
            return Text(zh=parts.get("zh"), en=parts.get("en"), zh_tw=parts.get("zh-TW"))
        self.wrong_type(node, Msg(N_("a text (a string or {{zh, en}})")), where)
        return BAD

    def number(self, node: Node, field: Field, where: str, integer: bool) -> Any:
        expected = Msg(N_("a whole number") if integer else N_("a number"))
        if type(node) is not ScalarNode or node.tag not in (TAG + "int", TAG + "float"):
            self.wrong_type(node, expected, where)
            return BAD
        text = node.value.replace("_", "")
        value: float | int
        if _DECIMAL.match(text):
            value = int(text)
        elif not integer and _FLOAT.match(text):
            value = float(text)
        else:
            self.report("DM107", Msg(N_("{where}: `{value}` is not a plain whole number")
                                     if integer else
                                     N_("{where}: `{value}` is not a plain number"),
                                     where=where, value=node.value), node,
                        hint=Msg(N_("write digits, e.g. 1000000")))
            return BAD
        if field.minimum is not None and value < field.minimum:
            self.report("DM124", Msg(N_("{where} is {value}; it must be at least {minimum}"),
                                     where=where, value=node.value,
                                     minimum=f"{field.minimum:g}"), node,
                        hint=Msg(N_("use a value ≥ {minimum}"), minimum=f"{field.minimum:g}"))
            return BAD
        return value

    def boolean(self, node: Node, where: str) -> Any:
        if type(node) is ScalarNode and node.tag == TAG + "bool" and \
                node.value.lower() in ("true", "false"):
            return node.value.lower() == "true"
        if type(node) is ScalarNode and node.tag == TAG + "bool":
            self.report("DM104", Msg(N_("{where}: `{value}` is a YAML 1.1 bool"), where=where,
                                     value=node.value), node,
                        hint=Msg(N_("write true or false")))
        else:
            self.wrong_type(node, Msg(N_("true or false")), where)
        return BAD

    def date(self, node: Node, where: str) -> Any:
        if type(node) is ScalarNode and node.tag in (TAG + "timestamp", STR_TAG):
            if _DATE.match(node.value):
                try:
                    return dt.date.fromisoformat(node.value)
                except ValueError:
                    pass
        if type(node) is ScalarNode:
            self.report("DM109", Msg(N_("{where}: `{value}` is not a date"), where=where,
                                     value=node.value), node,
                        hint=Msg(N_("write a calendar date as YYYY-MM-DD, e.g. 2027-06-30")))
        else:
            self.wrong_type(node, Msg(N_("a date (YYYY-MM-DD)")), where)
        return BAD

    def enum(self, node: Node, field: Field, where: str) -> Any:
        value = self.string(node, where)
        if value is not BAD and value not in field.choices:
            choices = ", ".join(field.choices)
            self.report("DM124", Msg(N_("{where} is `{value}`; expected one of {choices}"
                                        "{suggestion}"), where=where, value=value,
                                     choices=choices,
                                     suggestion=did_you_mean(value, field.choices)), node,
                        hint=Msg(N_("use one of {choices}"), choices=choices))
            return BAD
        return value

    # --- mappings and lists ---------------------------------------------------------------

    def pairs(self, node: MappingNode, known: Any, where: str) -> list[tuple[Node, Node]]:
        """The (key, value) pairs of ``node`` whose key is a known string, each once."""
        out: list[tuple[Node, Node]] = []
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                self.report("DM107", Msg(N_("{where} has {kind} as a key"), where=where,
                                         kind=_kind_of(key_node)), key_node,
                            hint=Msg(N_("keys are plain names")))
                continue
            key = key_node.value
            if key in seen:
                first = self.loc(seen[key])
                self.report("DM102", Msg(N_("duplicate key `{key}` in {where} (first at line "
                                            "{line})"), key=key, where=where, line=first.line),
                            key_node, hint=Msg(N_("keep one of the two")),
                            places=((Msg(N_("first")), first),))
                continue
            seen[key] = key_node
            if key not in known:
                self.report("DM106", Msg(N_("unknown field `{key}` in {where}{suggestion}"),
                                         key=key, where=where,
                                         suggestion=did_you_mean(key, known)), key_node,
                            hint=Msg(N_("known fields: {fields}"), fields=", ".join(known)))
                continue
            if key_node.tag != STR_TAG:
                self._quote_it(key_node, where, Msg(TYPE_NAMES.get(key_node.tag,
                                                                   N_("not a string"))))
                continue
            out.append((key_node, value_node))
        return out

    def seq(self, node: Node, where: str) -> list[Node] | None:
        if type(node) is SequenceNode:
            return node.value
        self.wrong_type(node, Msg(N_("a list")), where)
        return None
