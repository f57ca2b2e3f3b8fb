"""Located text edits on a model file: change one duty's ``raci:`` entries, or add duties
to a post, touching no other byte (comments, order, quoting, blank lines stay).

The file is composed again (positions only, nothing constructed) and each duty or post is
found by the position the loader recorded for it. Edits are character ranges replaced in
the original text, so what is not edited is copied, not re-emitted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import yaml
from yaml import MappingNode, Node, ScalarNode, SequenceNode

from dutymatrix.i18n import N_
from dutymatrix.load.nodes import NUMBERISH
from dutymatrix.messages import Msg
from dutymatrix.model import Loc

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FLOW_INDICATORS = frozenset(",[]{}")


@dataclass(frozen=True)
class NewDuty:
    text: str
    activity: str
    letters: str
    comment: str


class EditError(Exception):
    """A node the loader reported is not where it should be (the file changed meanwhile)."""


def scalar(value: str, flow: bool = False) -> str:
    """``value`` as a YAML scalar that reads back as this exact string."""
    plain_ok = (
        value == value.strip() and value != "" and value[:1] not in NUMBERISH
        and " #" not in value and ": " not in value and not value.endswith(":")
        and value[:1] not in "!&*|>'\"%@`#?-[]{},"
        and not (flow and _FLOW_INDICATORS & set(value))
        and "\n" not in value
    )
    if plain_ok:
        try:
            plain_ok = yaml.safe_load(f"k: {value}") == {"k": value}
        except yaml.YAMLError:
            plain_ok = False
    return value if plain_ok else json.dumps(value, ensure_ascii=False)


class FileEditor:
    """Edits of one file's text, applied together by ``result``."""

    def __init__(self, label: str, text: str):
        self.label = label
        self.text = text
        # New lines follow the file's own line ends (a Windows file stays CRLF).
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self._edits: list[tuple[int, int, int, str]] = []  # start, seq, end, new text
        root = yaml.compose(text, Loader=_Loader)
        self.duties: dict[tuple[int, int], tuple[Node, SequenceNode]] = {}
        self.holders: dict[tuple[int, int], MappingNode] = {}
        if root is not None:
            self._index(root)

    # --- finding the nodes ----------------------------------------------------------------

    def _index(self, root: Node) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, SequenceNode):
                stack.extend(node.value)
                continue
            if not isinstance(node, MappingNode):
                continue
            for key, value in node.value:
                stack.append(value)
                if not isinstance(key, ScalarNode) or not isinstance(value, SequenceNode):
                    continue
                if key.value == "duties":
                    for item in value.value:
                        self.duties[_pos(item)] = (item, value)
                elif key.value in ("roles", "committees"):
                    for item in value.value:
                        if isinstance(item, MappingNode):
                            self.holders[_pos(item)] = item

    def duty_node(self, loc: Loc) -> tuple[Node, SequenceNode]:
        found = self.duties.get((loc.line, loc.col))
        if found is None:
            raise EditError(Msg(N_("{loc}: no duty here any more (was the file changed?)"),
                                loc=loc))
        return found

    def holder_node(self, loc: Loc) -> MappingNode:
        found = self.holders.get((loc.line, loc.col))
        if found is None:
            raise EditError(Msg(N_("{loc}: no post or committee here any more"), loc=loc))
        return found

    # --- text positions -------------------------------------------------------------------

    def _replace(self, start: int, end: int, new: str) -> None:
        if self.newline != "\n":
            new = new.replace("\n", self.newline)
        self._edits.append((start, len(self._edits), end, new))

    def _line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def _line_end(self, pos: int) -> int:
        """Just past the newline that ends the line ``pos`` is on (or ends right before)."""
        if pos > 0 and self.text[pos - 1] == "\n":
            return pos
        newline = self.text.find("\n", pos)
        return len(self.text) if newline < 0 else newline + 1

    def _insert_lines(self, pos: int, lines: str) -> None:
        """Insert whole lines at ``pos`` (a line start, or the end of a file that has no
        final newline)."""
        if pos == len(self.text) and self.text and not self.text.endswith("\n"):
            lines = "\n" + lines
        self._replace(pos, pos, lines)

    # --- edits ----------------------------------------------------------------------------

    def set_letters(self, loc: Loc, changes: Mapping[str, str]) -> None:
        """Give the duty at ``loc`` these letters per activity ("" removes the entry)."""
        node, seq = self.duty_node(loc)
        if isinstance(node, ScalarNode):
            self._scalar_to_mapping(node, seq, changes)
            return
        if not isinstance(node, MappingNode):
            raise EditError(Msg(N_("{loc}: the duty is neither text nor a mapping"), loc=loc))
        raci = _pair(node, "raci")
        if raci is None:
            self._add_raci_key(node, changes)
        elif not isinstance(raci[1], MappingNode):
            raise EditError(Msg(N_("{loc}: `raci:` is not a mapping"), loc=loc))
        elif raci[1].flow_style:
            self._edit_flow_raci(node, raci, changes)
        else:
            self._edit_block_raci(node, raci, changes)

    def _entries(self, changes: Mapping[str, str], flow: bool = True) -> str:
        return ", ".join(f"{scalar(a, flow)}: {ls}" for a, ls in changes.items() if ls)

    def _scalar_to_mapping(self, node: ScalarNode, seq: SequenceNode,
                           changes: Mapping[str, str]) -> None:
        start, end = node.start_mark.index, node.end_mark.index
        source = self.text[start:end]
        single_line = node.start_mark.line == node.end_mark.line
        if seq.flow_style:
            text = source if single_line and node.style else scalar(node.value, flow=True)
            new = f"{{text: {text}, raci: {{{self._entries(changes)}}}}}"
        else:
            text = source if single_line else scalar(node.value)
            pad = " " * node.start_mark.column
            new = f"text: {text}\n{pad}raci: {{{self._entries(changes)}}}"
        self._replace(start, end, new)

    def _add_raci_key(self, node: MappingNode, changes: Mapping[str, str]) -> None:
        entries = self._entries(changes)
        if node.flow_style:
            self._replace(*[_content_end(node.value[-1][1])] * 2, f", raci: {{{entries}}}")
            return
        pad = " " * node.value[0][0].start_mark.column
        self._insert_lines(self._line_end(_content_end(node)), f"{pad}raci: {{{entries}}}\n")

    def _edit_flow_raci(self, duty: MappingNode, raci: tuple[Node, MappingNode],
                        changes: Mapping[str, str]) -> None:
        mapping = raci[1]
        pairs = mapping.value
        present = {k.value for k, _ in pairs}
        if all(a in present and changes[a] for a in changes):  # letters only: in place
            for key, value in pairs:
                if key.value in changes:
                    self._set_value(value, changes[key.value])
            return
        pieces = []
        for key, value in pairs:
            if key.value not in changes:
                pieces.append(self.text[key.start_mark.index:value.end_mark.index])
            elif changes[key.value]:
                pieces.append(self.text[key.start_mark.index:value.start_mark.index]
                              + _letters(value, changes[key.value]))
        pieces += [f"{scalar(a, True)}: {ls}" for a, ls in changes.items()
                   if a not in present and ls]
        if not pieces:
            self._remove_key(duty, raci)
            return
        start, end = mapping.start_mark.index, mapping.end_mark.index
        if pairs:
            head = self.text[start:pairs[0][0].start_mark.index]
            tail = self.text[pairs[-1][1].end_mark.index:end]
        else:
            head, tail = "{", "}"
        separator = ", "
        if len(pairs) > 1:
            separator = self.text[pairs[0][1].end_mark.index:pairs[1][0].start_mark.index]
        self._replace(start, end, head + separator.join(pieces) + tail)

    def _edit_block_raci(self, duty: MappingNode, raci: tuple[Node, MappingNode],
                         changes: Mapping[str, str]) -> None:
        pairs = raci[1].value
        present = {k.value for k, _ in pairs}
        additions = {a: ls for a, ls in changes.items() if a not in present and ls}
        kept = [k for k, _ in pairs if k.value not in changes or changes[k.value]]
        if not kept and not additions:
            self._remove_key(duty, raci)
            return
        for key, value in pairs:
            if key.value not in changes:
                continue
            if changes[key.value]:
                self._set_value(value, changes[key.value])
            else:
                self._replace(self._line_start(key.start_mark.index),
                              self._line_end(_content_end(value)), "")
        if additions:
            pad = " " * pairs[0][0].start_mark.column
            lines = "".join(f"{pad}{scalar(a)}: {ls}\n" for a, ls in additions.items())
            self._insert_lines(self._line_end(_content_end(raci[1])), lines)

    def _set_value(self, value: Node, letters: str) -> None:
        self._replace(value.start_mark.index, value.end_mark.index, _letters(value, letters))

    def _remove_key(self, mapping: MappingNode, pair: tuple[Node, Node]) -> None:
        """Take ``key: value`` out of a mapping that keeps other keys."""
        index = next(i for i, p in enumerate(mapping.value) if p[0] is pair[0])
        key, value = pair
        following = mapping.value[index + 1] if index + 1 < len(mapping.value) else None
        if mapping.flow_style:
            if index > 0:
                start = _content_end(mapping.value[index - 1][1])
                self._replace(start, value.end_mark.index, "")
            elif following is not None:
                self._replace(key.start_mark.index, following[0].start_mark.index, "")
            return
        key_start = key.start_mark.index
        if self.text[self._line_start(key_start):key_start].strip() and following is not None:
            # `- raci: …` opens the item: the next key moves up to take its place.
            self._replace(key_start, following[0].start_mark.index, "")
            return
        self._replace(self._line_start(key_start), self._line_end(_content_end(value)), "")

    def add_duties(self, holder: Loc, duties: Sequence[NewDuty], before: Loc | None) -> None:
        """Add duties to the post or committee at ``holder``: before the duty at ``before``
        (a catch-all that must stay last), else at the end of its list."""
        node = self.holder_node(holder)
        pair = _pair(node, "duties")
        if pair is None:
            self._add_duties_key(node, duties)
            return
        seq = pair[1]
        if not isinstance(seq, SequenceNode):
            raise EditError(Msg(N_("{holder}: `duties:` is not a list"), holder=holder))
        if seq.flow_style:
            self._add_to_flow_list(seq, duties)
            return
        pad = " " * seq.start_mark.column
        lines = "".join(self._duty_lines(pad, d) for d in duties)
        if before is not None:
            item, _ = self.duty_node(before)
            self._insert_lines(self._above_comments(item), lines)
        else:
            self._insert_lines(self._line_end(_content_end(seq)), lines)

    def _duty_lines(self, pad: str, duty: NewDuty) -> str:
        return (f"{pad}- text: {scalar(duty.text)}  # {duty.comment}\n"
                f"{pad}  raci: {{{scalar(duty.activity, True)}: {duty.letters}}}\n")

    def _flow_duty(self, duty: NewDuty) -> str:
        return (f"{{text: {scalar(duty.text, True)}, raci: {{{scalar(duty.activity, True)}: "
                f"{duty.letters}}}}}")

    def _above_comments(self, item: Node) -> int:
        """The start of ``item``'s line, moved up over the comment lines right above it
        (they belong to it)."""
        start = self._line_start(item.start_mark.index)
        while start > 0:
            previous = self._line_start(start - 1)
            if not self.text[previous:start].strip().startswith("#"):
                break
            start = previous
        return start

    def _add_to_flow_list(self, seq: SequenceNode, duties: Sequence[NewDuty]) -> None:
        items = ", ".join(self._flow_duty(d) for d in duties)
        if seq.value:
            self._replace(*[_content_end(seq.value[-1])] * 2, ", " + items)
        else:
            self._replace(seq.end_mark.index - 1, seq.end_mark.index - 1, items)
        self._comment_at_line_end(seq.end_mark.index, duties)

    def _comment_at_line_end(self, pos: int, duties: Sequence[NewDuty]) -> None:
        """Flag the new duties in a comment at the end of the line the flow list closes
        on, when only closing brackets (and maybe a comment) follow it there."""
        end = self.text.find("\n", pos)
        end = len(self.text) if end < 0 else end
        end -= self.text[pos:end].endswith("\r")
        rest = self.text[pos:end]
        code, hash_sign, _ = rest.partition("#")
        if code.strip(" ]}"):
            return
        note = "; ".join(d.comment for d in duties)
        self._replace(end, end, f"; {note}" if hash_sign else f"  # {note}")

    def _add_duties_key(self, node: MappingNode, duties: Sequence[NewDuty]) -> None:
        if node.flow_style:
            items = ", ".join(self._flow_duty(d) for d in duties)
            self._replace(*[_content_end(node.value[-1][1])] * 2, f", duties: [{items}]")
            self._comment_at_line_end(node.end_mark.index, duties)
            return
        pad = " " * node.value[0][0].start_mark.column
        lines = f"{pad}duties:\n" + "".join(self._duty_lines(pad + "  ", d) for d in duties)
        self._insert_lines(self._line_end(_content_end(node)), lines)

    # --- the result -----------------------------------------------------------------------

    def result(self) -> str:
        text = self.text
        last_start = len(text) + 1
        for start, _seq, end, new in sorted(self._edits, reverse=True):
            if end > last_start:
                raise EditError(Msg(N_("{path}: two edits overlap at character {start}"),
                                    path=self.label, start=start))
            text = text[:start] + new + text[end:]
            last_start = start
        return text


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _pair(mapping: MappingNode, name: str) -> tuple[Node, Node] | None:
    for key, value in mapping.value:
        if isinstance(key, ScalarNode) and key.value == name:
            return key, value
    return None


def _content_end(node: Node) -> int:
    """Where the node's own text ends: a block collection's end mark lies past the
    comments and blank lines after it, so take its last child's end instead."""
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        return node.end_mark.index
    if isinstance(node, MappingNode) and node.value:
        return _content_end(node.value[-1][1])
    if isinstance(node, SequenceNode) and node.value:
        return _content_end(node.value[-1])
    return node.start_mark.index


def _letters(value: Node, letters: str) -> str:
    """New letters in the quoting style of the value they replace."""
    style = getattr(value, "style", None)
    return f"{style}{letters}{style}" if style in ("'", '"') else letters
