"""The DM1xx catalogue: every problem the loader reports, with a failing and a passing example.

Each ``bad`` example is a complete one-file org that raises exactly its rule (among
possibly others); each ``good`` example is the same org with the problem fixed. The
examples that need bytes which are not UTF-8 text (DM116) are written with
``str.encode("utf-8", "surrogateescape")``: the lone surrogates stand for raw bytes.
"""

from __future__ import annotations

from typing import Any

from dutymatrix.findings import Finding, Rule, Severity
from dutymatrix.model import Loc

ERROR = Severity.ERROR

_HEAD = "org: {id: demo, name: 示例银行}\n"

_GOOD = """\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: approve, name: 贷款审批}
departments:
  - id: branch
    name: 分行
    roles:
      - id: branch.manager
        title: 行长
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: A}
"""


def _rule(rule_id: str, name: str, summary: str, doc: str, bad: str, good: str = _GOOD,
          severity: Severity = ERROR, options: dict[str, Any] | None = None) -> Rule:
    return Rule(id=rule_id, name=name, severity=severity, summary=summary, doc=doc,
                bad=bad, good=good, options=options or {})


LOAD_RULES: tuple[Rule, ...] = (
    _rule(
        "DM101", "yaml-syntax", "The file is not valid YAML.",
        "The YAML parser stopped at this position (an unclosed bracket or quote, a bad "
        "indent, a second document, a control character such as a form feed). Nothing "
        "else in the file can be read until it is fixed. An unreadable file is reported "
        "here too, and so is a symbolic link that leads out of the org folder (or to "
        "something that is not a file): it is refused unread, so a pull request cannot "
        "make the tool read /etc/passwd or a private key through a link.",
        _HEAD + "departments:\n  - id: branch\n    name: [分行\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n",
    ),
    _rule(
        "DM102", "duplicate-key", "A mapping has the same key twice.",
        "YAML parsers silently keep the last of two equal keys, which loses the first "
        "value. Both places are named; keep one.",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n    name: 市分行\n",
        _HEAD + "departments:\n  - id: branch\n    name: 市分行\n",
    ),
    _rule(
        "DM103", "alias-forbidden", "YAML anchors and aliases are not allowed.",
        "Anchors (&a) and aliases (*a) let a small file expand without bound (an alias "
        "bomb) and hide where a value was written. Write each value out.",
        _HEAD + "departments:\n  - id: branch\n    name: &n 分行\n"
        "  - id: branch2\n    name: *n\n    parent: branch\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n"
        "  - id: branch2\n    name: 分行\n    parent: branch\n",
    ),
    _rule(
        "DM104", "yaml11-scalar", "An unquoted value that YAML reads as a bool, number or date.",
        "Where a string is expected (an id, a code, a text), YAML 1.1 turns `on`, `NO`, "
        "`0123`, `1e3` or `2024-01-01` into a bool, number or date. Quote it.",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n    roles:\n"
        "      - id: branch.manager\n        title: 行长\n        code: 0123\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n    roles:\n"
        "      - id: branch.manager\n        title: 行长\n        code: '0123'\n",
    ),
    _rule(
        "DM105", "unknown-section", "A top-level key that is not a model section.",
        "A model file is a mapping of org, processes, departments, committees, people, "
        "rules, waivers and checks. Anything else is probably a typo.",
        _HEAD + "deparments:\n  - id: branch\n    name: 分行\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n",
    ),
    _rule(
        "DM106", "unknown-field", "A field the model does not know.",
        "Unknown fields are errors, not ignored: a misspelt `reports_to` would silently drop "
        "a reporting line. The message suggests the nearest known field.",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n    parnet: head-office\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n",
    ),
    _rule(
        "DM107", "wrong-type", "A value of the wrong type (a list where text is expected…).",
        "Each field has a type: text, id, list, number, true/false. An empty value is "
        "reported here too.",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n    roles: branch.manager\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n    roles:\n"
        "      - {id: branch.manager, title: 行长}\n",
    ),
    _rule(
        "DM108", "malformed-id", "An id with characters ids may not have.",
        "Ids match ^[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*$ (letters, digits, - and "
        "_, dot-separated). Check ids in the checks section look like DM101.",
        _HEAD + "departments:\n  - id: credit mgmt\n    name: 信贷管理部\n",
        _HEAD + "departments:\n  - id: credit-mgmt\n    name: 信贷管理部\n",
    ),
    _rule(
        "DM109", "bad-date", "A date that is not a calendar date (YYYY-MM-DD).",
        "Dates are allowed only where the schema says date (a waiver's `expires`).",
        _GOOD + "waivers:\n  - rule: DM201\n    subject: loan.approve\n    reason: 试点\n"
        "    expires: 2027-02-30\n",
        _GOOD + "waivers:\n  - rule: DM201\n    subject: loan.approve\n    reason: 试点\n"
        "    expires: 2027-02-28\n",
    ),
    _rule(
        "DM110", "duplicate-id", "Two objects with the same id (also across files).",
        "Departments, posts, committees, people and processes share one id namespace; SoD "
        "rule ids and activity ids have their own. Both places are named.",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n  - id: branch\n    name: 支行\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n"
        "  - id: sub-branch\n    name: 支行\n    parent: branch\n",
    ),
    _rule(
        "DM111", "unknown-reference", "A reference to an id that is not defined.",
        "Parents, reporting lines, backups, members, RACI keys, SoD activities, band owners "
        "and waiver subjects must name a defined id. The message suggests the nearest one.",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n"
        "  - id: credit\n    name: 信贷部\n    parent: brnch\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n"
        "  - id: credit\n    name: 信贷部\n    parent: branch\n",
    ),
    _rule(
        "DM112", "department-cycle", "Departments whose parents form a cycle.",
        "The department tree must be a tree: following `parent` must end at the root.",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n"
        "  - id: a\n    name: 甲部\n    parent: b\n  - id: b\n    name: 乙部\n    parent: a\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n"
        "  - id: a\n    name: 甲部\n    parent: branch\n  - id: b\n    name: 乙部\n"
        "    parent: a\n",
    ),
    _rule(
        "DM113", "reporting-cycle", "Posts whose reporting lines form a cycle.",
        "Following `reports_to` from any post must end at a post that reports to nobody.",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n    roles:\n"
        "      - {id: branch.a, title: 甲, reports_to: branch.b}\n"
        "      - {id: branch.b, title: 乙, reports_to: branch.a}\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n    roles:\n"
        "      - {id: branch.a, title: 甲}\n"
        "      - {id: branch.b, title: 乙, reports_to: branch.a}\n",
    ),
    _rule(
        "DM114", "several-roots", "More than one department without a parent.",
        "An org has one root department; every other one names its `parent`.",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n  - id: credit\n    name: 信贷部\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n"
        "  - id: credit\n    name: 信贷部\n    parent: branch\n",
    ),
    _rule(
        "DM115", "tab-indent", "A tab in the indentation.",
        "YAML indents with spaces only; a tab makes the file unreadable. Replace it with "
        "spaces.",
        _HEAD + "departments:\n  - id: branch\n\t  name: 分行\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n",
    ),
    _rule(
        "DM116", "bad-encoding", "The file is not UTF-8.",
        "Model files are UTF-8. The message says which encoding the bytes look like (GB18030, "
        "Big5, UTF-16…); save the file again as UTF-8.",
        "org: {id: demo, name: \udcca\udcbe\udcc0\udcfd}\n",
        _HEAD,
    ),
    _rule(
        "DM117", "binary-file", "A binary file (NUL bytes) or one over 32 MB named *.yaml.",
        "A file with NUL bytes is not text, and one over 32 MB is not a hand-written model; "
        "either is refused unread. Remove it from the org folder, or split it.",
        _HEAD + "departments:\x00\x00\x00\n",
        _HEAD,
    ),
    _rule(
        "DM118", "not-a-mapping", "A model file whose top level is not a mapping.",
        "Each file is a mapping of sections (org:, departments: …), not a list or a scalar.",
        "- org: {id: demo, name: 示例银行}\n",
        _HEAD,
    ),
    _rule(
        "DM119", "too-deep", "Nesting deeper than any model needs.",
        "Absurd nesting is refused before it is read (the parser's limit, or more than 50 "
        "levels in check options).",
        _HEAD + "checks:\n  options:\n    DM702: {x: " + "[" * 60 + "]" * 60 + "}\n",
        _HEAD + "checks:\n  options:\n    DM702: {max_length: 80}\n",
    ),
    _rule(
        "DM120", "empty-file", "A model file with nothing in it.",
        "An empty file (or one with only comments) adds nothing; delete it or fill it in.",
        "# nothing here yet\n",
        _HEAD,
        severity=Severity.WARNING,
    ),
    _rule(
        "DM121", "missing-field", "A required field is missing.",
        "Every object needs its id and name (a post: id and title; a duty: text); the org "
        "needs an `org:` section.",
        _HEAD + "departments:\n  - id: branch\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n",
    ),
    _rule(
        "DM122", "bad-letter", "A RACI letter outside the org's letter set.",
        "RACI letters come from `org.raci` (RACI by default; RASCI adds S). Each letter at "
        "most once, upper case.",
        _GOOD.replace("raci: {loan.approve: A}", "raci: {loan.approve: AS}"),
        _GOOD,
    ),
    _rule(
        "DM123", "unknown-check-id", "The checks section names a check that does not exist.",
        "`checks.disable`, `checks.severity` and `checks.options` take ids listed by "
        "`dutymatrix rules`.",
        _GOOD + "checks:\n  disable: [DM999]\n",
        _GOOD + "checks:\n  disable: [DM701]\n",
    ),
    _rule(
        "DM124", "bad-value", "A value out of its range or not one of the allowed words.",
        "Salary min ≤ max, band over < up_to, at_most ≥ 1, headcount ≥ 0, severity one of "
        "error/warning/info, org.raci RACI or RASCI.",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n    roles:\n"
        "      - id: branch.manager\n        title: 行长\n"
        "        salary: {min: 9000, max: 8000}\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n    roles:\n"
        "      - id: branch.manager\n        title: 行长\n"
        "        salary: {min: 8000, max: 9000}\n",
    ),
    _rule(
        "DM125", "text-too-long", "An id, name or text longer than any real one.",
        "Limits are checked before anything is rendered, so a pasted document or a hostile "
        "value cannot stall a build or break a file name: ids at most 200 characters "
        "(`max_id`; a post id names its files), names and titles of the org, departments, "
        "posts, committees, people, processes, activities and SoD rules, and a post's "
        "code and location, at most 500 (`max_name`), duties, purposes, qualifications, "
        "SoD bases and waiver reasons at most 20,000 (`max_text`). Raise a limit under "
        "`checks.options.DM125` if a real document needs more. Whatever the limits, a "
        "PDF prints at most 20,000 characters of one text (the HTML, Word and Markdown "
        "versions have it all) and a page header at most about 26 full-width characters "
        "of a title, cut with an ellipsis.",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n    roles:\n"
        "      - id: branch.manager\n        title: 行长兼信贷管理部总经理及风险管理委员会主任\n"
        "checks:\n  options:\n    DM125: {max_name: 12}\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n    roles:\n"
        "      - id: branch.manager\n        title: 行长\n"
        "checks:\n  options:\n    DM125: {max_name: 12}\n",
        options={"max_id": 200, "max_name": 500, "max_text": 20000},
    ),
    _rule(
        "DM126", "hidden-character",
        "A control, bidi or zero-width character that a reader of the file cannot see.",
        "A right-to-left override (U+202E) or isolate shows the text around it in another "
        "order than it is stored, in an editor, a pull-request review and the PDF alike "
        "(\"Trojan source\"); a zero-width space or joiner makes two names that look the "
        "same different; a control character such as ESC (U+001B), written as an escape "
        "in a double-quoted string, is acted on by a terminal. The finding names the "
        "character and its column (comments are scanned too). Reports print such "
        "characters visibly (`\\x1b`, `<U+202E>`), never raw.",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n    roles:\n"
        "      - id: branch.manager\n        title: 行长\u202e理经\n",
        _HEAD + "departments:\n  - id: branch\n    name: 分行\n    roles:\n"
        "      - id: branch.manager\n        title: 行长\n",
        severity=Severity.WARNING,
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in LOAD_RULES}
MAX_REPORTED_LINES = 10  # per file, for line-by-line problems (tabs, anchors, hidden chars)


def finding(rule_id: str, message: str, loc: Loc | None, hint: str = "",
            subject: str = "", related: tuple[str, ...] = (),
            places: tuple[tuple[str, Loc], ...] = ()) -> Finding:
    return RULES_BY_ID[rule_id].finding(message, loc, subject=subject, related=related,
                                        hint=hint, places=places)
