"""One file's node tree → raw objects (field values + positions), reading by the field table.

Nothing here knows other files: references are kept as strings and resolved later
(``resolve.py``). Every problem becomes a located finding; reading goes on after it, so
one run reports them all. A value that cannot be read is left out of its object (and
the object out of the model), never guessed. Single nodes (scalars, mapping keys) are
read by ``NodeReader`` (``nodes.py``); this module reads objects, lists and sections.
"""

from __future__ import annotations

import re
from typing import Any

from yaml import MappingNode, Node, ScalarNode, SequenceNode

from dutymatrix.i18n import N_
from dutymatrix.load.fields import CHECK_ID_PATTERN, OBJECTS, SECTIONS, SEVERITIES, Field
from dutymatrix.load.nodes import (
    BAD,
    NUMBERISH,
    STR_TAG,
    TAG,
    NodeReader,
    did_you_mean,
)
from dutymatrix.load.rules import finding
from dutymatrix.messages import Msg
from dutymatrix.model import Loc, Text

MAX_OPTION_DEPTH = 50
_COUNT = Field("int", minimum=1)  # an item of a `numbers` list (a duty number)

_CHECK_ID = re.compile(CHECK_ID_PATTERN)


class Obj:
    """A mapping read by its table: field values, their positions, its own position."""

    __slots__ = ("loc", "locs", "values")

    def __init__(self, values: dict[str, Any], locs: dict[str, Loc], loc: Loc):
        self.values = values
        self.locs = locs
        self.loc = loc


class RawDuty:
    __slots__ = ("loc", "locs", "raci", "text")

    def __init__(self, text: Text, raci: dict[str, str], loc: Loc, locs: dict[str, Loc]):
        self.text = text
        self.raci = raci
        self.loc = loc
        self.locs = locs


class FileBuilder(NodeReader):
    """Reads the sections of one file into ``sections`` (section name → raw values)."""

    # --- objects and lists ----------------------------------------------------------------

    def obj(self, node: Node, table: str, where: str) -> Obj | None:
        if type(node) is not MappingNode:
            self.wrong_type(node, Msg(N_("a mapping (the fields of {where})"), where=where),
                            where)
            return None
        fields = OBJECTS[table]
        values: dict[str, Any] = {}
        locs: dict[str, Loc] = {}
        present = set()
        for key_node, value_node in self.pairs(node, fields, where):
            name = key_node.value
            present.add(name)
            value = self.value(value_node, fields[name], f"{where}.{name}", name, locs)
            if value is not BAD:
                values[name] = value
                locs[name] = self.loc(value_node)
        for name, field in fields.items():
            if field.required and name not in present:
                self.report("DM121", Msg(N_("{where} has no `{name}`"), where=where, name=name),
                            node, hint=Msg(N_("add `{name}:` (required)"), name=name))
        return Obj(values, locs, self.loc(node))

    def value(self, node: Node, field: Field, where: str, name: str,
              locs: dict[str, Loc]) -> Any:
        kind = field.kind
        if kind == "text":
            return self.text(node, where)
        if kind in ("ref", "str", "letters"):
            return self.string(node, where)
        if kind in ("id", "local-id"):
            return self.ident(node, where)
        if kind == "duties":
            return self.duties(node, where)
        if kind == "raci":
            read_raci = self.raci(node, where)
            if read_raci is BAD:
                return BAD
            locs.update(read_raci[1])
            return read_raci[0]
        if kind == "list":
            items = self.seq(node, where)
            if items is None:
                return BAD
            out = []
            for i, item in enumerate(items):
                read = self.obj(item, field.target, f"{where}[{i + 1}]")
                if read is not None:
                    out.append(read)
            return out
        if kind == "object":
            read = self.obj(node, field.target, where)
            return BAD if read is None else read
        if kind == "refs":
            return self.string_list(node, where, name, locs)
        if kind == "numbers":
            return self.numbers(node, where, name, locs)
        if kind == "texts":
            items = self.seq(node, where)
            if items is None:
                return BAD
            texts = [self.text(item, f"{where}[{i + 1}]") for i, item in enumerate(items)]
            return tuple(t for t in texts if t is not BAD)
        if kind == "int":
            return self.number(node, field, where, integer=True)
        if kind == "number":
            return self.number(node, field, where, integer=False)
        if kind == "bool":
            return self.boolean(node, where)
        if kind == "enum":
            return self.enum(node, field, where)
        if kind == "date":
            return self.date(node, where)
        if kind == "checks-list":
            ids = self.string_list(node, where, name, locs)
            return BAD if ids is BAD else tuple(i for i in ids if self._check_id(i, locs, name))
        if kind == "checks-severity":
            return self.check_severity(node, where, locs)
        if kind == "checks-options":
            return self.check_options(node, where, locs)
        raise AssertionError(f"unknown field kind {kind}")  # a bug in the field table

    def string_list(self, node: Node, where: str, name: str, locs: dict[str, Loc]) -> Any:
        items = self.seq(node, where)
        if items is None:
            return BAD
        out: list[str] = []
        for i, item in enumerate(items):
            value = self.string(item, f"{where}[{i + 1}]")
            if value is not BAD:
                out.append(value)
                locs.setdefault(f"{name}.{value}", self.loc(item))
        return tuple(out)

    def numbers(self, node: Node, where: str, name: str, locs: dict[str, Loc]) -> Any:
        items = self.seq(node, where)
        if items is None:
            return BAD
        out: list[int] = []
        for i, item in enumerate(items):
            value = self.number(item, _COUNT, f"{where}[{i + 1}]", integer=True)
            if value is not BAD:
                out.append(value)
                locs.setdefault(f"{name}.{value}", self.loc(item))
        return tuple(out)

    def duties(self, node: Node, where: str) -> Any:
        items = self.seq(node, where)
        if items is None:
            return BAD
        out: list[RawDuty | None] = []
        for i, item in enumerate(items):
            if type(item) is MappingNode:
                simple = self._simple_duty(item)
                if simple is not None:
                    out.append(simple)
                    continue
            duty_where = f"{where}[{i + 1}]"
            loc = self.loc(item)
            if type(item) is ScalarNode:
                text = self.text(item, duty_where)
                out.append(None if text is BAD else RawDuty(text, {}, loc, {"text": loc}))
                continue
            read = self.obj(item, "duty", duty_where)
            if read is None or "text" not in read.values:
                out.append(None)  # keeps the numbering of the duties after it
                continue
            raci = read.values.get("raci", {})
            out.append(RawDuty(read.values["text"], raci, loc, read.locs))
        return out

    def _simple_duty(self, node: MappingNode) -> RawDuty | None:
        """The common ``{text: …, raci: {…}}`` duty read in one pass (the hot path of a
        large org), or None when anything is unusual: the general path then reads it
        again and reports what is wrong."""
        text = None
        seen_raci = False
        raci: dict[str, str] = {}
        locs: dict[str, Loc] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode or key_node.tag != STR_TAG:
                return None
            name = key_node.value
            if name == "text" and text is None and type(value_node) is ScalarNode:
                value = value_node.value
                if value_node.tag != STR_TAG or (not value_node.style and value[:1] in NUMBERISH) \
                        or (self.escapes and value_node.style == '"'):
                    return None  # the general path checks it (and any escape in it)
                text = Text(plain=value)
                locs["text"] = self.loc(value_node)
            elif name == "raci" and not seen_raci and type(value_node) is MappingNode:
                for activity_node, letters_node in value_node.value:
                    if type(activity_node) is not ScalarNode or \
                            type(letters_node) is not ScalarNode or \
                            activity_node.tag != STR_TAG or letters_node.tag != STR_TAG:
                        return None
                    activity = activity_node.value
                    letters = letters_node.value
                    if activity in raci or (not activity_node.style and
                                            activity[:1] in NUMBERISH) or \
                            (not letters_node.style and letters[:1] in NUMBERISH):
                        return None
                    raci[activity] = letters
                    locs["raci." + activity] = self.loc(activity_node)
                seen_raci = True
            else:
                return None
        if text is None:
            return None
        return RawDuty(text, raci, self.loc(node), locs)

    def raci(self, node: Node, where: str) -> Any:
        if type(node) is not MappingNode:
            self.wrong_type(node, Msg(N_("a mapping {{activity-id: letters}}")), where)
            return BAD
        raci: dict[str, str] = {}
        locs: dict[str, Loc] = {}
        for key_node, value_node in node.value:
            activity = self.string(key_node, f"{where} key")
            if activity is BAD:
                continue
            if activity in raci:
                first = locs[f"raci.{activity}"]
                self.report("DM102", Msg(N_("duplicate key `{key}` in {where} (first at line "
                                            "{line})"), key=activity, where=where,
                                         line=first.line), key_node,
                            hint=Msg(N_("give the letters once, e.g. RA")),
                            places=((Msg(N_("first")), first),))
                continue
            letters = self.string(value_node, f"{where}.{activity}")
            if letters is BAD:
                continue
            raci[activity] = letters
            locs[f"raci.{activity}"] = self.loc(key_node)
        return raci, locs

    # --- the checks section ---------------------------------------------------------------

    def _check_id(self, value: str, locs: dict[str, Loc], name: str) -> bool:
        if _CHECK_ID.fullmatch(value):
            return True
        self.findings.append(finding(
            "DM108", Msg(N_("`{value}` is not a check id"), value=value),
            locs.get(f"{name}.{value}"),
            hint=Msg(N_("check ids look like DM301; `dutymatrix rules` lists them"))))
        return False

    def check_severity(self, node: Node, where: str, locs: dict[str, Loc]) -> Any:
        if type(node) is not MappingNode:
            self.wrong_type(node, Msg(N_("a mapping {{DMnnn: error|warning|info}}")), where)
            return BAD
        out: dict[str, str] = {}
        for key_node, value_node in node.value:
            rule = self.string(key_node, f"{where} key")
            if rule is BAD:
                continue
            locs[f"severity.{rule}"] = self.loc(key_node)
            if not self._check_id(rule, locs, "severity"):
                continue
            level = self.enum(value_node, Field("enum", choices=SEVERITIES), f"{where}.{rule}")
            if level is not BAD:
                out[rule] = level
        return out

    def check_options(self, node: Node, where: str, locs: dict[str, Loc]) -> Any:
        if type(node) is not MappingNode:
            self.wrong_type(node, Msg(N_("a mapping {{DMnnn: {{option: value}}}}")), where)
            return BAD
        out: dict[str, dict[str, Any]] = {}
        for key_node, value_node in node.value:
            rule = self.string(key_node, f"{where} key")
            if rule is BAD:
                continue
            locs[f"options.{rule}"] = self.loc(key_node)
            if not self._check_id(rule, locs, "options"):
                continue
            if type(value_node) is not MappingNode:
                self.wrong_type(value_node, Msg(N_("a mapping of options")), f"{where}.{rule}")
                continue
            for option_node, option_value in value_node.value:  # the engine reports here
                if type(option_node) is ScalarNode:
                    locs[f"options.{rule}.{option_node.value}"] = self.loc(option_node)
                    locs[f"options.{rule}.{option_node.value}.value"] = self.loc(option_value)
            value = self.plain(value_node, f"{where}.{rule}", 1)
            if value is not BAD:
                out[rule] = value
        return out

    def plain(self, node: Node, where: str, depth: int) -> Any:
        """Free-form option values: mappings, lists and scalars, nesting capped."""
        if depth > MAX_OPTION_DEPTH:
            self.report("DM119", Msg(N_("{where} nests more than {depth} levels"), where=where,
                                     depth=MAX_OPTION_DEPTH), node,
                        hint=Msg(N_("options are flat values or short lists")))
            return BAD
        if type(node) is MappingNode:
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.string(key_node, f"{where} key")
                value = self.plain(value_node, f"{where}.{key}", depth + 1)
                if key is BAD or value is BAD:
                    return BAD
                out[key] = value
            return out
        if type(node) is SequenceNode:
            items = [self.plain(item, where, depth + 1) for item in node.value]
            return BAD if any(item is BAD for item in items) else items
        tag = node.tag
        if tag == STR_TAG:
            return node.value
        if tag == TAG + "null":
            return None
        if tag == TAG + "bool":
            return self.boolean(node, where)
        if tag in (TAG + "int", TAG + "float"):
            return self.number(node, Field("number"), where, integer=False)
        self.wrong_type(node, Msg(N_("a string, number, true/false or a list")), where)
        return BAD

    # --- the file -------------------------------------------------------------------------

    def sections(self, root: MappingNode) -> list[tuple[str, Any, Loc]]:
        """(section, raw value, position of the section key) for each readable section."""
        out: list[tuple[str, Any, Loc]] = []
        seen: dict[str, Node] = {}
        sections = Msg(N_("sections: {sections}"), sections=", ".join(SECTIONS))
        for key_node, value_node in root.value:
            if type(key_node) is not ScalarNode or key_node.tag != STR_TAG:
                shown = key_node.value if type(key_node) is ScalarNode else "…"
                self.report("DM105", Msg(N_("`{key}` is not a model section"), key=shown),
                            key_node, hint=sections)
                continue
            name = key_node.value
            if name in seen:
                first = self.loc(seen[name])
                self.report("DM102", Msg(N_("duplicate section `{name}` (first at line "
                                            "{line})"), name=name, line=first.line),
                            key_node, hint=Msg(N_("merge the two into one section")),
                            places=((Msg(N_("first")), first),))
                continue
            seen[name] = key_node
            field = SECTIONS.get(name)
            if field is None:
                self.report("DM105", Msg(N_("unknown section `{name}`{suggestion}"), name=name,
                                         suggestion=did_you_mean(name, SECTIONS)),
                            key_node, hint=sections)
                continue
            value = self.value(value_node, field, name, name, {})
            if value is not BAD:
                out.append((name, value, self.loc(key_node)))
        return out
