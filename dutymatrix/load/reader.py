"""Files → YAML node trees, refusing what must not be read.

The byte-level gate runs before the parser: size, NUL bytes, encoding. Then libyaml
composes the node tree (positions included; nothing is constructed, so duplicate keys
and YAML 1.1 scalars are still visible to the builder). Anchors and aliases are refused
before anything is built, so an alias bomb never expands.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from dutymatrix.errors import UsageError
from dutymatrix.findings import Finding
from dutymatrix.load.rules import RULES_BY_ID
from dutymatrix.model import Loc

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_REPORTED_LINES = 10  # per file, for line-by-line problems (tabs, anchors)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32-LE"),
    (b"\x00\x00\xfe\xff", "UTF-32-BE"),
    (b"\xff\xfe", "UTF-16-LE"),
    (b"\xfe\xff", "UTF-16-BE"),
)
_GUESSES = (("gb18030", "GB18030 (GBK)"), ("big5", "Big5"), ("latin-1", "Latin-1"))


@dataclass
class SourceFile:
    label: str  # the path as the user would type it (org folder + relative path)
    path: Path
    data: bytes | None = None  # the content, when it comes from memory (a git revision)


def finding(rule_id: str, message: str, loc: Loc | None, hint: str = "",
            subject: str = "", related: tuple[str, ...] = (),
            places: tuple[tuple[str, Loc], ...] = ()) -> Finding:
    return RULES_BY_ID[rule_id].finding(message, loc, subject=subject, related=related,
                                        hint=hint, places=places)


def discover(org_dir: str | os.PathLike[str]) -> tuple[str, list[SourceFile]]:
    """The model files of ``org_dir`` (or the one file it names), sorted by path."""
    arg = os.fspath(org_dir)
    root = Path(arg)
    if root.is_file():
        return arg, [SourceFile(arg.replace(os.sep, "/"), root)]
    if not root.exists():
        raise UsageError(f"{arg}: no such org folder; give the folder that holds the *.yaml files")
    if not root.is_dir():
        raise UsageError(f"{arg}: not a folder or a file")
    try:
        os.listdir(root)
    except OSError as err:
        raise UsageError(f"{arg}: cannot read the org folder ({err.strerror})") from err
    prefix = arg.replace(os.sep, "/")
    found: list[tuple[str, Path]] = []
    # os.walk does not follow symlinked folders, so a link loop cannot hang the walk;
    # hidden folders (.git, .github) are not part of the model.
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.endswith(".yaml") and not name.startswith("."):
                path = Path(dirpath) / name
                rel = path.relative_to(root).as_posix()
                found.append((rel, path))
    found.sort()
    files = []
    for rel, path in found:
        label = rel if prefix in (".", "./") else posixpath.join(prefix, rel)
        files.append(SourceFile(label, path))
    return arg, files


def in_memory(root: str, files: list[tuple[str, bytes]]) -> list[SourceFile]:
    """Sources for files held in memory, labelled as ``discover`` labels files of ``root``."""
    prefix = root.replace(os.sep, "/")
    return [SourceFile(rel if prefix in (".", "./") else posixpath.join(prefix, rel),
                       Path(rel), data)
            for rel, data in sorted(files)]


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def _decode(source: SourceFile, data: bytes, findings: list[Finding]) -> str | None:
    """The file's text, or None after reporting why it cannot be read."""
    label = source.label
    for bom, name in _BOMS:
        if data.startswith(bom):
            findings.append(finding(
                "DM116", f"the file is {name} (it starts with a {name} byte-order mark), "
                "not UTF-8", Loc(label, 1, 1), hint="save the file as UTF-8"))
            return None
    nul = data.find(b"\x00")
    if nul >= 0:
        head = data[:200]
        if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
            encoding = "UTF-16-LE"
        elif len(head) >= 4 and head[0::2].count(0) > len(head) // 4 and head[1::2].count(0) == 0:
            encoding = "UTF-16-BE"
        else:
            line, col = _line_col(data, nul)
            findings.append(finding(
                "DM117", "binary file: it contains NUL bytes", Loc(label, line, col),
                hint="remove it from the org folder, or rename it so it does not end in .yaml"))
            return None
        findings.append(finding(
            "DM116", f"the file looks like {encoding} without a byte-order mark, not UTF-8",
            Loc(label, 1, 1), hint="save the file as UTF-8"))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _line_col(data, err.start)
        guess = "an unknown encoding"
        for codec, name in _GUESSES:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                continue
            guess = name
            break
        findings.append(finding(
            "DM116", f"invalid UTF-8 (byte 0x{data[err.start]:02x}); the file looks like {guess}",
            Loc(label, line, col),
            hint=f"save the file as UTF-8 (e.g. iconv -f {guess.split()[0]} -t UTF-8)"))
        return None


def _anchors(label: str, text: str) -> list[Finding]:
    """Every anchor and alias in ``text`` (only parsed event by event when one may exist)."""
    found: list[Finding] = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                what, name = "alias", f"*{event.anchor}"
            elif getattr(event, "anchor", None):
                what, name = "anchor", f"&{event.anchor}"
            else:
                continue
            mark = event.start_mark
            found.append(finding(
                "DM103", f"YAML {what} {name} is not allowed", Loc(label, mark.line + 1,
                                                                   mark.column + 1),
                hint="write the value out in full instead of using anchors and aliases"))
            if len(found) >= MAX_REPORTED_LINES:
                break
    except yaml.YAMLError:
        pass  # the syntax error is reported by compose
    return found


def _syntax_error(label: str, text: str, err: yaml.YAMLError) -> list[Finding]:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    if "maximum nesting depth" in str(problem):
        return [finding("DM119", "nesting too deep for a model file", Loc(label, line, col),
                        hint="flatten the structure; no model field nests this deep")]
    tab_lines = [m.start() for m in _TAB_INDENT.finditer(text)]
    if tab_lines:
        out = []
        for start in tab_lines[:MAX_REPORTED_LINES]:
            tab_line = text.count("\n", 0, start) + 1
            tab_col = text.index("\t", start) - start + 1
            out.append(finding("DM115", "tab character in the indentation",
                               Loc(label, tab_line, tab_col),
                               hint="indent with spaces only (YAML forbids tabs)"))
        return out
    context = getattr(err, "context", None)
    message = f"{context}, {problem}" if context else str(problem)
    return [finding("DM101", f"YAML syntax error: {message}", Loc(label, line, col),
                    hint="fix the YAML at this position (brackets, quotes, indentation)")]


def read_file(source: SourceFile, findings: list[Finding]) -> yaml.Node | None:
    """The file's root node, or None (the reason is in ``findings``)."""
    label = source.label
    try:
        size = source.path.stat().st_size if source.data is None else len(source.data)
        if size > MAX_FILE_BYTES:
            findings.append(finding(
                "DM117", f"file too large ({size // (1024 * 1024)} MB; the limit is "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB)", Loc(label, 1, 1),
                hint="split it into several files (one per department is usual)"))
            return None
        data = source.path.read_bytes() if source.data is None else source.data
    except OSError as err:
        findings.append(finding("DM101", f"cannot read the file: {err.strerror}",
                                Loc(label, 1, 1), hint="check the file's permissions"))
        return None
    text = _decode(source, data, findings)
    if text is None:
        return None
    if "&" in text or "*" in text:
        anchor_findings = _anchors(label, text)
        if anchor_findings:
            findings.extend(anchor_findings)
            return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as err:
        findings.extend(_syntax_error(label, text, err))
        return None
    except (RecursionError, MemoryError, ValueError) as err:  # defensive: parser limits
        findings.append(finding("DM119", f"the file cannot be parsed: {type(err).__name__}",
                                Loc(label, 1, 1), hint="simplify the file's structure"))
        return None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
        findings.append(finding("DM120", "empty file", Loc(label, 1, 1),
                                hint="delete the file or add a section (departments: …)"))
        return None
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        mark = node.start_mark
        findings.append(finding(
            "DM118", f"the top level is {kind}, not a mapping of sections",
            Loc(label, mark.line + 1, mark.column + 1),
            hint="start the file with a section key, e.g. `departments:`"))
        return None
    return node


def read_all(files: list[SourceFile], findings: list[Finding]) -> Iterator[tuple[str, yaml.Node]]:
    for source in files:
        node = read_file(source, findings)
        if node is not None:
            yield source.label, node
