"""Files → YAML node trees, refusing what must not be read.

The byte-level gate runs before the parser: symbolic links out of the org folder, size,
NUL bytes, encoding. Then libyaml composes the node tree (positions included; nothing is
constructed, so duplicate keys and YAML 1.1 scalars are still visible to the builder).
Anchors and aliases are refused before anything is built, so an alias bomb never
expands. Positions are the ones an editor shows (``positions.py``).
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from dutymatrix.errors import UsageError
from dutymatrix.findings import Finding
from dutymatrix.i18n import N_
from dutymatrix.load.positions import SourceText
from dutymatrix.load.rules import MAX_REPORTED_LINES, finding
from dutymatrix.load.yamlloader import USES_LIBYAML, ModelLoader
from dutymatrix.messages import Msg
from dutymatrix.model import Loc
from dutymatrix.safetext import char_name

MAX_FILE_BYTES = 32 * 1024 * 1024

_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32-LE"),
    (b"\x00\x00\xfe\xff", "UTF-32-BE"),
    (b"\xff\xfe", "UTF-16-LE"),
    (b"\xfe\xff", "UTF-16-BE"),
)
_GUESSES = (("gb18030", "GB18030 (GBK)"), ("big5", "Big5"), ("latin-1", "Latin-1"))
_SAVE_AS_UTF8 = Msg(N_("save the file as UTF-8"))
_LINK_HINT = Msg(N_("remove the link from the org folder (or replace it by a copy of what it "
                     "names)"))


@dataclass
class SourceFile:
    label: str  # the path as the user would type it (org folder + relative path)
    path: Path
    refused: str | Msg = ""  # why it is not read (a symbolic link out of the org folder)
    data: bytes | None = None  # the content, when it comes from memory (a git revision)


@dataclass
class ParsedFile:
    label: str
    node: yaml.MappingNode
    source: SourceText


def discover(org_dir: str | os.PathLike[str]) -> tuple[str, list[SourceFile]]:
    """The model files of ``org_dir`` (or the one file it names), sorted by path."""
    arg = os.fspath(org_dir)
    root = Path(arg)
    if root.is_file():  # named on the command line: a link is followed
        return arg, [SourceFile(arg.replace(os.sep, "/"), root)]
    if not root.exists():
        raise UsageError(Msg(N_("{path}: no such org folder; give the folder that holds the "
                                "*.yaml files"), path=arg))
    if not root.is_dir():
        raise UsageError(Msg(N_("{path}: not a folder or a file"), path=arg))
    try:
        os.listdir(root)
    except OSError as err:
        raise UsageError(f"{arg}: cannot read the org folder ({err.strerror})") from err
    prefix = arg.replace(os.sep, "/")
    real_root = os.path.realpath(root)
    found = sorted(_walk(root, real_root))
    # A link to a model file that is read anyway is left out: reading it again would
    # define everything in it twice.
    regular = {os.path.join(real_root, rel) for rel, _, _, link in found if not link}
    files = []
    for rel, path, refused, link in found:
        if link and not refused and os.path.realpath(path) in regular:
            continue
        label = rel if prefix in (".", "./") else posixpath.join(prefix, rel)
        files.append(SourceFile(label, path, refused))
    return arg, files


def _walk(root: Path, real_root: str) -> Iterator[tuple[str, Path, str, bool]]:
    """(relative path, path, why it is refused or "", is a link) of each model file."""
    # os.walk does not follow symlinked folders, so a link loop cannot hang the walk;
    # hidden folders (.git, .github) are not part of the model.
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in dirnames:
            path = Path(dirpath) / name
            if path.is_symlink():  # not followed; one out of the org folder is said so
                refused = _link_refusal(path, real_root, folder=True)
                if refused:
                    yield path.relative_to(root).as_posix(), path, refused, True
        for name in filenames:
            if name.endswith(".yaml") and not name.startswith("."):
                path = Path(dirpath) / name
                rel = path.relative_to(root).as_posix()
                if path.is_symlink():
                    yield rel, path, _link_refusal(path, real_root), True
                else:
                    yield rel, path, "", False


def _link_refusal(path: Path, real_root: str, folder: bool = False) -> str:
    """Why the symbolic link ``path`` is not read ("" for a link to a model file inside
    the org folder: it is read like the file it names)."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    real = os.path.realpath(path)
    try:
        inside = os.path.commonpath([real_root, real]) == real_root
    except ValueError:  # another drive (Windows)
        inside = False
    if not inside:
        return Msg(N_("refused: this folder is a symbolic link to {target}, outside the org "
                      "folder; it is not read") if folder else
                   N_("refused: this file is a symbolic link to {target}, outside the org "
                      "folder; it is not read"), target=target)
    if folder:
        return ""  # its files are read where they are
    if not os.path.isfile(real):
        return Msg(N_("refused: this file is a symbolic link to {target}, which is not a "
                      "file"), target=target)
    return ""


def in_memory(root: str, files: list[tuple[str, bytes]]) -> list[SourceFile]:
    """Sources for files held in memory, labelled as ``discover`` labels files of ``root``."""
    prefix = root.replace(os.sep, "/")
    return [SourceFile(rel if prefix in (".", "./") else posixpath.join(prefix, rel),
                       Path(rel), data=data)
            for rel, data in sorted(files)]


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """(line, column) of byte ``offset``; the column counts characters, as an editor does."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _decode(label: str, data: bytes, findings: list[Finding]) -> str | None:
    """The file's text, or None after reporting why it cannot be read."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            findings.append(finding(
                "DM116", Msg(N_("the file is {encoding} (it starts with a {encoding} "
                                "byte-order mark), not UTF-8"), encoding=name),
                Loc(label, 1, 1), hint=_SAVE_AS_UTF8))
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
                "DM117", Msg(N_("binary file: it contains NUL bytes")), Loc(label, line, col),
                hint=Msg(N_("remove it from the org folder, or rename it so it does not end "
                            "in .yaml"))))
            return None
        findings.append(finding(
            "DM116", Msg(N_("the file looks like {encoding} without a byte-order mark, not "
                            "UTF-8"), encoding=encoding),
            Loc(label, 1, 1), hint=_SAVE_AS_UTF8))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _line_col(data, err.start)
        guess: str | Msg = Msg(N_("an unknown encoding"))
        for codec, name in _GUESSES:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                continue
            guess = name
            break
        findings.append(finding(
            "DM116", Msg(N_("invalid UTF-8 (byte 0x{byte}); the file looks like {encoding}"),
                         byte=f"{data[err.start]:02x}", encoding=guess),
            Loc(label, line, col),
            hint=Msg(N_("save the file as UTF-8 (e.g. iconv -f {encoding} -t UTF-8)"),
                     encoding=str(guess).split()[0])))
        return None


def _anchors(label: str, source: SourceText) -> list[Finding]:
    """Every anchor and alias in the file (only parsed event by event when one may exist)."""
    found: list[Finding] = []
    try:
        for event in yaml.parse(source.text, Loader=ModelLoader):
            if isinstance(event, yaml.AliasEvent):
                what, name = N_("YAML alias {name} is not allowed"), f"*{event.anchor}"
            elif getattr(event, "anchor", None):
                what, name = N_("YAML anchor {name} is not allowed"), f"&{event.anchor}"
            else:
                continue
            found.append(finding(
                "DM103", Msg(what, name=name),
                Loc(label, *source.mark(event.start_mark)),
                hint=Msg(N_("write the value out in full instead of using anchors and "
                            "aliases"))))
            if len(found) >= MAX_REPORTED_LINES:
                break
    except yaml.YAMLError:
        pass  # the syntax error is reported by compose
    return found


def _syntax_error(label: str, source: SourceText, err: yaml.YAMLError) -> list[Finding]:
    text = source.text
    if isinstance(err, yaml.reader.ReaderError):
        # libyaml refuses control characters unescaped; it names no line, only the index.
        ch = chr(err.character) if isinstance(err.character, int) else str(err.character)
        index = err.position
        if USES_LIBYAML:  # libyaml counts bytes of the UTF-8 text
            index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
        return [finding("DM101", Msg(N_("{char} is not allowed in a YAML file"),
                                     char=char_name(ch)),
                        Loc(label, *source.at(index)),
                        hint=Msg(N_("delete it (if a text needs it, write an escape such as "
                                    "\\t in a double-quoted string)")))]
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, col = source.mark(mark) if mark is not None else (1, 1)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    if "maximum nesting depth" in str(problem):
        return [finding("DM119", Msg(N_("nesting too deep for a model file")),
                        Loc(label, line, col),
                        hint=Msg(N_("flatten the structure; no model field nests this deep")))]
    tab_lines = [m.start() for m in _TAB_INDENT.finditer(text)]
    if tab_lines:
        out = []
        for start in tab_lines[:MAX_REPORTED_LINES]:
            out.append(finding("DM115", Msg(N_("tab character in the indentation")),
                               Loc(label, *source.at(text.index("\t", start))),
                               hint=Msg(N_("indent with spaces only (YAML forbids tabs)"))))
        return out
    context = getattr(err, "context", None)
    message = f"{context}, {problem}" if context else str(problem)
    # The parser's own words (libyaml's English) are quoted as they are.
    return [finding("DM101", Msg(N_("YAML syntax error: {problem}"), problem=message),
                    Loc(label, line, col),
                    hint=Msg(N_("fix the YAML at this position (brackets, quotes, "
                                "indentation)")))]


def _read_bytes(source: SourceFile, findings: list[Finding]) -> bytes | None:
    """The file's bytes: a regular file, at most MAX_FILE_BYTES."""
    label = source.label
    if source.refused:
        findings.append(finding("DM101", source.refused, Loc(label, 1, 1), hint=_LINK_HINT))
        return None
    if source.data is not None:  # from git, into memory (diff/git.py caps it at MAX_FILE_BYTES)
        return source.data
    # A link ``discover`` let through (to a file inside the org folder, or named on the
    # command line) is read at what it names; nothing else follows a link.
    path = os.path.realpath(source.path) if source.path.is_symlink() else source.path
    try:
        # O_NONBLOCK: a FIFO named *.yaml must not hang the open; it is refused below.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) |
                     getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        findings.append(finding("DM101", Msg(N_("cannot read the file: {reason}"),
                                             reason=err.strerror),
                                Loc(label, 1, 1), hint=Msg(N_("check the file's permissions"))))
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            findings.append(finding("DM101", Msg(N_("refused: not a regular file")),
                                    Loc(label, 1, 1),
                                    hint=Msg(N_("remove it from the org folder"))))
            return None
        if info.st_size > MAX_FILE_BYTES:
            findings.append(finding(
                "DM117", Msg(N_("file too large ({size} MB; the limit is {limit} MB)"),
                             size=info.st_size // (1024 * 1024),
                             limit=MAX_FILE_BYTES // (1024 * 1024)), Loc(label, 1, 1),
                hint=Msg(N_("split it into several files (one per department is usual)"))))
            return None
        return handle.read(MAX_FILE_BYTES + 1)


def read_file(source: SourceFile, findings: list[Finding]) -> ParsedFile | None:
    """The parsed file, or None (the reason is in ``findings``)."""
    data = _read_bytes(source, findings)
    return None if data is None else parse_bytes(source.label, data, findings)


def parse_bytes(label: str, data: bytes, findings: list[Finding]) -> ParsedFile | None:
    """One model file's bytes (read from disk or from git) parsed, or None (the reason
    is in ``findings``); hidden characters are reported either way."""
    from dutymatrix.load.hidden import scan_raw

    text = _decode(label, data, findings)
    if text is None:
        return None
    source = SourceText(text)
    findings.extend(scan_raw(label, source))
    if "&" in text or "*" in text:
        anchor_findings = _anchors(label, source)
        if anchor_findings:
            findings.extend(anchor_findings)
            return None
    try:
        node = yaml.compose(text, Loader=ModelLoader)
    except yaml.YAMLError as err:
        findings.extend(_syntax_error(label, source, err))
        return None
    except (RecursionError, MemoryError, ValueError) as err:  # defensive: parser limits
        findings.append(finding("DM119", Msg(N_("the file cannot be parsed: {error}"),
                                             error=type(err).__name__),
                                Loc(label, 1, 1), hint=Msg(N_("simplify the file's structure"))))
        return None
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
        findings.append(finding("DM120", Msg(N_("empty file")), Loc(label, 1, 1),
                                hint=Msg(N_("delete the file or add a section (departments: "
                                            "…)"))))
        return None
    if not isinstance(node, yaml.MappingNode):
        kind = Msg(N_("a list") if isinstance(node, yaml.SequenceNode) else N_("a single value"))
        findings.append(finding(
            "DM118", Msg(N_("the top level is {kind}, not a mapping of sections"), kind=kind),
            Loc(label, *source.mark(node.start_mark)),
            hint=Msg(N_("start the file with a section key, e.g. `departments:`"))))
        return None
    return ParsedFile(label, node, source)


def read_all(files: list[SourceFile], findings: list[Finding]) -> Iterator[ParsedFile]:
    for source in files:
        parsed = read_file(source, findings)
        if parsed is not None:
            yield parsed
