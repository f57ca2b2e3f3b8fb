"""The DM1xx family: every problem the loader reports while it reads the files.

The loader raises these itself (``reader.finding``), so they have no check function;
each is documented in the same sections as the other rules, and its examples are in
``dutymatrix/checks/examples/DM1nn.yaml`` with the rest of the catalogue's.
"""

from __future__ import annotations

from collections.abc import Mapping

from dutymatrix.findings import Finding, Rule, Severity
from dutymatrix.i18n import N_
from dutymatrix.messages import Msg
from dutymatrix.model import Loc
from dutymatrix.options import Option, at_least

ERROR = Severity.ERROR


def _rule(rule_id: str, name: str, summary: str, *, finds: str, why: str, fix: str,
          severity: Severity = ERROR, options: Mapping[str, Option] | None = None) -> Rule:
    return Rule(rule_id, name, severity, summary, finds=finds, why=why, fix=fix,
                options=options or {})


LOAD_RULES: tuple[Rule, ...] = (
    _rule(
        "DM101", "yaml-syntax", N_("The file is not valid YAML."),
        finds=N_("The position where the YAML parser stopped: an unclosed bracket or quote, a "
        "bad indent, a second document, a control character such as a form feed. An "
        "unreadable file is reported here too, and so is a symbolic link that leads out of "
        "the org folder (or to something that is not a file): it is refused unread."),
        why=N_("Nothing else in the file can be read until it is fixed; and a pull request must "
        "not make the tool read /etc/passwd or a private key through a link."),
        fix=N_("Close the bracket or quote, or fix the indentation, at the position named; "
        "replace a link by the file itself."),
    ),
    _rule(
        "DM102", "duplicate-key", N_("A mapping has the same key twice."),
        finds=N_("A key written twice in one mapping (a field, a section, a RACI activity); "
        "both places are named."),
        why=N_("YAML parsers silently keep the last of two equal keys, which loses the first "
        "value."),
        fix=N_("Keep one of the two."),
    ),
    _rule(
        "DM103", "alias-forbidden", N_("YAML anchors and aliases are not allowed."),
        finds=N_("An anchor (&a) or alias (*a) anywhere in a file."),
        why=N_("Aliases let a small file expand without bound (an alias bomb) and hide where "
        "a value was written."),
        fix=N_("Write each value out."),
    ),
    _rule(
        "DM104", "yaml11-scalar",
        N_("An unquoted value that YAML reads as a bool, number or date."),
        finds=N_("An unquoted `on`, `NO`, `0123`, `1e3` or `2024-01-01` where a string is "
        "expected (an id, a code, a text)."),
        why=N_("YAML 1.1 turns them into a bool, number or date: code 0123 would become 123."),
        fix=N_("Quote it: '0123'."),
    ),
    _rule(
        "DM105", "unknown-section", N_("A top-level key that is not a model section."),
        finds=N_("A top-level key other than org, processes, departments, committees, people, "
        "rules, waivers and checks."),
        why=N_("It is probably a typo, and everything under it would be ignored."),
        fix=N_("Correct the section name (the message suggests the nearest one)."),
    ),
    _rule(
        "DM106", "unknown-field", N_("A field the model does not know."),
        finds=N_("A field an object does not have, or an option a rule does not have (under "
        "checks.options). The message suggests the nearest known field."),
        why=N_("Unknown fields are errors, not ignored: a misspelt `reports_to` would silently "
        "drop a reporting line."),
        fix=N_("Correct the field name, or remove it."),
    ),
    _rule(
        "DM107", "wrong-type", N_("A value of the wrong type (a list where text is expected…)."),
        finds=N_("A value whose type is not the field's: text, id, list, number, true/false. "
        "An empty value is reported here too."),
        why=N_("The loader never guesses what a value of another type was meant to be."),
        fix=N_("Write the value in the field's type (the message says which)."),
    ),
    _rule(
        "DM108", "malformed-id", N_("An id with characters ids may not have."),
        finds=N_("An id that does not match ^[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*$ "
        "(letters, digits, - and _, dot-separated), or a check id in the checks section "
        "that does not look like DM101."),
        why=N_("Ids name files, URLs and references; spaces and punctuation break them."),
        fix=N_("Use letters, digits, - and _ (e.g. credit-mgmt instead of `credit mgmt`)."),
    ),
    _rule(
        "DM109", "bad-date", N_("A date that is not a calendar date (YYYY-MM-DD)."),
        finds=N_("A date field (a waiver's `expires`) that is not a calendar date, or a date "
        "where the schema does not allow one."),
        why=N_("An impossible date (2027-02-30) would make a waiver's expiry a guess."),
        fix=N_("Write a real date as YYYY-MM-DD."),
    ),
    _rule(
        "DM110", "duplicate-id", N_("Two objects with the same id (also across files)."),
        finds=N_("Two departments, posts, committees, people or processes with one id (they "
        "share one namespace; SoD rule ids and activity ids have their own). Both places "
        "are named."),
        why=N_("A reference to the id could mean either object."),
        fix=N_("Rename one of them."),
    ),
    _rule(
        "DM111", "unknown-reference", N_("A reference to an id that is not defined."),
        finds=N_("A parent, reporting line, backup, member, RACI key, SoD activity, band owner "
        "or waiver subject that names no defined id. The message suggests the nearest one."),
        why=N_("A dangling reference silently drops a reporting line or a letter."),
        fix=N_("Correct the id, or define the object it names."),
    ),
    _rule(
        "DM112", "department-cycle", N_("Departments whose parents form a cycle."),
        finds=N_("Departments whose `parent` links lead back to themselves."),
        why=N_("The department tree must be a tree: following `parent` must end at the root."),
        fix=N_("Break the cycle: give one of them the right parent."),
    ),
    _rule(
        "DM113", "reporting-cycle", N_("Posts whose reporting lines form a cycle."),
        finds=N_("Posts whose `reports_to` links lead back to themselves."),
        why=N_("Following `reports_to` from any post must end at a post that reports to "
        "nobody; seniority (DM504) and the org chart are built on it."),
        fix=N_("Break the cycle: correct one post's `reports_to`."),
    ),
    _rule(
        "DM114", "several-roots", N_("More than one department without a parent."),
        finds=N_("A second department without `parent`."),
        why=N_("An org has one root department; every other one hangs below it."),
        fix=N_("Give every department but the root its `parent`."),
    ),
    _rule(
        "DM115", "tab-indent", N_("A tab in the indentation."),
        finds=N_("A tab character in a line's indentation."),
        why=N_("YAML indents with spaces only; a tab makes the file unreadable."),
        fix=N_("Replace the tab with spaces."),
    ),
    _rule(
        "DM116", "bad-encoding", N_("The file is not UTF-8."),
        finds=N_("A file whose bytes are not UTF-8 text; the message says which encoding they "
        "look like (GB18030, Big5, UTF-16…)."),
        why=N_("Model files are UTF-8; a guess at another encoding would garble names."),
        fix=N_("Save the file again as UTF-8."),
    ),
    _rule(
        "DM117", "binary-file", N_("A binary file (NUL bytes) or one over 32 MB named *.yaml."),
        finds=N_("A *.yaml file with NUL bytes, or one over 32 MB; it is refused unread."),
        why=N_("A file with NUL bytes is not text, and one over 32 MB is not a hand-written "
        "model."),
        fix=N_("Remove it from the org folder, or split it."),
    ),
    _rule(
        "DM118", "not-a-mapping", N_("A model file whose top level is not a mapping."),
        finds=N_("A file whose top level is a list or a scalar."),
        why=N_("Each file is a mapping of sections (org:, departments: …)."),
        fix=N_("Put the content under its section key."),
    ),
    _rule(
        "DM119", "too-deep", N_("Nesting deeper than any model needs."),
        finds=N_("Nesting past the parser's limit, or more than 50 levels in check options."),
        why=N_("Absurd nesting is refused before it is read: it only serves to exhaust memory."),
        fix=N_("Options are flat values or short lists; write them so."),
    ),
    _rule(
        "DM120", "empty-file", N_("A model file with nothing in it."),
        finds=N_("An empty file, or one with only comments."),
        why=N_("It adds nothing, and may be a file whose content was lost."),
        fix=N_("Delete it or fill it in."),
        severity=Severity.WARNING,
    ),
    _rule(
        "DM121", "missing-field", N_("A required field is missing."),
        finds=N_("An object without a required field (every object needs its id and name; a "
        "post: id and title; a duty: text), or a model without an `org:` section."),
        why=N_("The object cannot be referenced or shown without it."),
        fix=N_("Add the field."),
    ),
    _rule(
        "DM122", "bad-letter", N_("A RACI letter outside the org's letter set."),
        finds=N_("A RACI letter not in `org.raci` (RACI by default; RASCI adds S), a letter "
        "given twice, or one in lower case."),
        why=N_("A letter the matrix does not know would silently count as nothing."),
        fix=N_("Use the org's letters, each at most once, upper case."),
    ),
    _rule(
        "DM123", "unknown-check-id", N_("The checks section names a check that does not exist."),
        finds=N_("An id under `checks.disable`, `checks.severity` or `checks.options` that is "
        "not a rule (`dutymatrix rules` lists them). Raised by the engine."),
        why=N_("A misspelt id would leave the rule meant running, or unconfigured."),
        fix=N_("Correct the id (the message suggests the nearest one)."),
    ),
    _rule(
        "DM124", "bad-value", N_("A value out of its range or not one of the allowed words."),
        finds=N_("A value outside its range: salary min > max, band over ≥ up_to, at_most < 1, "
        "headcount < 0, a severity other than error/warning/info, org.raci other than "
        "RACI or RASCI, a rule option of the wrong type or range (at the value)."),
        why=N_("The value cannot mean what it says; the loader never guesses a correction."),
        fix=N_("Write a value in range (the message says what is expected)."),
    ),
    _rule(
        "DM125", "text-too-long", N_("An id, name or text longer than any real one."),
        finds=N_("An id over `max_id` characters (a post id names its files); a name or title "
        "of the org, a department, post, committee, person, process, activity or SoD rule, "
        "or a post's code or location, over `max_name`; a duty, purpose, qualification, SoD "
        "basis or waiver reason over `max_text`. Checked before anything is rendered."),
        why=N_("A pasted document or a hostile value must not stall a build or break a file "
        "name. Whatever the limits, a PDF prints at most 20,000 characters of one text (the "
        "HTML, Word and Markdown versions have it all) and a page header at most about 26 "
        "full-width characters of a title, cut with an ellipsis."),
        fix=N_("Shorten it, or raise the limit under `checks.options.DM125` if a real document "
        "needs more."),
        options={
            "max_id": Option(int, 200, N_("most characters in an id"), at_least(1)),
            "max_name": Option(int, 500, N_("most characters in a name, title, code or "
                                  "location"), at_least(1)),
            "max_text": Option(int, 20000, N_("most characters in a duty, purpose, "
                                    "qualification, basis or reason"), at_least(1)),
        },
    ),
    _rule(
        "DM126", "hidden-character",
        N_("A control, bidi or zero-width character that a reader of the file cannot see."),
        finds=N_("A control character (such as ESC, U+001B, written as an escape in a "
        "double-quoted string), a bidi override or isolate (U+202E …) or a zero-width "
        "character anywhere in a file, comments included. The finding names the character "
        "and its column."),
        why=N_("A right-to-left override shows the text around it in another order than it is "
        "stored, in an editor, a pull-request review and the PDF alike (\"Trojan source\"); "
        "a zero-width space or joiner makes two names that look the same different; a "
        "control character is acted on by a terminal. Reports print such characters "
        "visibly (`\\x1b`, `<U+202E>`), never raw."),
        fix=N_("Delete the character (the finding says which and where)."),
        severity=Severity.WARNING,
    ),
    _rule(
        "DM127", "unknown-placeholder",
        N_("A job profile text with a placeholder it cannot fill."),
        finds=N_("A `{{name}}` in a profile's title, purpose, duty, qualification or location "
                 "that is not `{{department}}`, `{{post}}` or `{{org}}` (a title may use only "
                 "`{{department}}` and `{{org}}`). Reported once at the profile's line, not "
                 "once per post."),
        why=N_("Every post instantiating the profile would print the braces as written."),
        fix=N_("Use one of the placeholders, or write `{{{{` and `}}}}` for literal braces."),
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in LOAD_RULES}
MAX_REPORTED_LINES = 10  # per file, for line-by-line problems (tabs, anchors, hidden chars)


def finding(rule_id: str, message: str | Msg, loc: Loc | None, hint: str | Msg = "",
            subject: str = "", related: tuple[str, ...] = (),
            places: tuple[tuple[str | Msg, Loc], ...] = ()) -> Finding:
    return RULES_BY_ID[rule_id].finding(message, loc, subject=subject, related=related,
                                        hint=hint, places=places)
