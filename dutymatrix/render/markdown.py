"""The job description as Markdown: for wikis, merge requests and plain-text review."""

from __future__ import annotations

import re

from .context import IncompatibleLine, JobDescription

# Characters that start Markdown (CommonMark + GFM) markup wherever they stand in a line:
# emphasis, code, links and images ([ opens both), strikethrough (and raw HTML: < is
# written as &lt;). Brackets of
# the round kind, {}, + and ! are plain text there and stay as written: 信贷人员(A角).
_INLINE = re.compile(r"[*`\[\]~]|_(?![A-Za-z0-9])|(?<![A-Za-z0-9])_|\\(?=[!-/:-@\[-`{-~]|$)")
# What only the start of a line turns into markup: headings, quotes, lists, thematic breaks.
_LINE_START = re.compile(r"^(#|>|[-+=]|\d+(?=[.)]))")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def md_escape(text: str, *, cell: bool = False, line_start: bool = False,
              heading: bool = False) -> str:
    """``text`` shown as written, never as markup: only what Markdown would read as syntax
    at that position is escaped (``cell``: inside a table row; ``line_start``: the text
    opens a line; ``heading``: it ends an ATX heading line)."""
    escaped = " ".join(text.replace("\r", " ").splitlines()) if text else ""
    escaped = _INLINE.sub(lambda m: "\\" + m.group(0), escaped)
    escaped = _ENTITY.sub("&amp;", escaped).replace("<", "&lt;")  # never raw HTML
    if cell:
        escaped = escaped.replace("|", "\\|")
    if line_start:
        escaped = _LINE_START.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit()
                                  else "\\" + m.group(1), escaped)
    if heading and escaped.endswith("#"):
        escaped = escaped[:-1] + "\\#"
    return escaped


def _code(text: str) -> str:
    """A code span: its content is never parsed, so it is not escaped; a fence longer
    than any run of backticks inside keeps it closed."""
    text = " ".join(text.splitlines())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _join(jd: JobDescription, items: list[str]) -> str:
    return ("、" if jd.lang != "en" else ", ").join(items)


def _colon(jd: JobDescription) -> str:
    """What follows a label: full width in Chinese (``依据：…``), ``: `` in English."""
    return "：" if jd.lang != "en" else ": "


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A GFM table; every value already escaped for a cell."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _basic(jd: JobDescription, present: list[str]) -> list[str]:
    labels = jd.labels

    def cell(text: str) -> str:
        return md_escape(text, cell=True)

    fields: list[tuple[str, str]] = [("title", cell(jd.title_status))]
    if "code" in present:
        fields.append(("code", cell(jd.code or "")))
    fields.append(("department", cell(jd.department)))
    if jd.reports_to is not None:
        fields.append(("reports_to", cell(jd.reports_to.title)))
    if "dotted_to" in present:
        fields.append(("dotted_to", _join(jd, [cell(p.title) for p in jd.dotted_to])))
    if "subordinates" in present:
        fields.append(("subordinates", _join(jd, [cell(p.title) for p in jd.subordinates])))
    if "headcount" in present:
        fields.append(("headcount", f"{jd.headcount}{labels['headcount_unit']}"))
    return _table([labels["basic"], ""], [[labels[name], value] for name, value in fields])


def _paragraph(text: str) -> list[str]:
    return [md_escape(text.strip(), line_start=True), ""]


def _duties(jd: JobDescription) -> list[str]:
    if not jd.duties:
        return [f"*{jd.labels['pending']}*", ""]
    lines = []
    for duty in jd.duties:
        mark = "：" if jd.lang != "en" else ":"
        letters = "".join(f" {_code(f'{name}{mark}{letters}')}" for name, letters in duty.letters)
        lines.append(f"{duty.n}. {md_escape(duty.text)}{letters}")
    return [*lines, ""]


def _authority(jd: JobDescription) -> list[str]:
    labels = jd.labels
    rows = []
    for band in jd.authority:
        via = labels["authority_member"].format(via=band.via) if band.via \
            else labels["authority_own"]
        rows.append([md_escape(t, cell=True) for t in (band.activity, band.range_text, via)])
    header = [labels["authority_activity"], labels["authority_range"], labels["authority_via"]]
    return _table(header, rows)


def _relations(jd: JobDescription) -> list[str]:
    labels = jd.labels
    rows = [
        [md_escape(rel.process_name, cell=True), md_escape(rel.activity_name, cell=True),
         rel.letters]
        for rel in jd.relations
    ]
    header = [labels["relations_process"], labels["relations_activity"],
              labels["relations_letters"]]
    return _table(header, rows)


def _incompatible(jd: JobDescription) -> list[str]:
    labels = jd.labels
    lines = []
    for line in jd.incompatible:
        rule_id = md_escape(line.rule_id)
        lines.append(f"- **{md_escape(line.rule_name)}**"
                     + (f"（{rule_id}）" if jd.lang != "en" else f" ({rule_id})"))
        if line.basis:
            lines.append(f"  - {labels['incompatible_basis']}{_colon(jd)}{md_escape(line.basis)}")
        if line.activities:
            lines.append(f"  - {labels['incompatible_activities']}{_colon(jd)}"
                         f"{_join(jd, [md_escape(a) for a in line.activities])}")
        if line.posts:
            lines.append(f"  - {labels['incompatible_posts']}{_colon(jd)}"
                         f"{_join(jd, [md_escape(p.title) for p in line.posts])}")
        if line.breached:
            lines.append(f"  - **{md_escape(line.breach_text(labels))}**")
            lines.extend(_breach_items(jd, line))
    return [*lines, ""]


def _breach_items(jd: JobDescription, line: IncompatibleLine) -> list[str]:
    """One nested item per activity the post carries, with the numbered duties."""
    items = []
    for activity in line.breach:
        duties = [f"{jd.labels['incompatible_duty'].format(n=n)} {md_escape(text)}"
                  for n, text in activity.duties]
        separator = "；" if jd.lang != "en" else "; "
        items.append(f"    - {md_escape(activity.activity)}{_colon(jd)}{separator.join(duties)}")
    return items


def _qualifications(jd: JobDescription) -> list[str]:
    if not jd.qualifications:
        return [f"*{jd.labels['pending']}*", ""]
    lines = [f"- {md_escape(label)}{_colon(jd)}{_join(jd, [md_escape(i) for i in items])}"
             for label, items in jd.qualifications]
    return [*lines, ""]


def render_jd_markdown(jd: JobDescription) -> str:
    labels = jd.labels
    present = jd.sections()
    lines = [f"# {labels['jd']}{_colon(jd)}{md_escape(jd.title, heading=True)}", ""]
    if jd.org_name:
        lines += [f"*{md_escape(jd.org_name)}*", ""]
    lines += _basic(jd, present)
    sections = {
        "purpose": lambda: _paragraph(jd.purpose or ""),
        "duties": lambda: _duties(jd),
        "authority": lambda: _authority(jd),
        "relations": lambda: _relations(jd),
        "incompatible": lambda: _incompatible(jd),
        "qualifications": lambda: _qualifications(jd),
        "location": lambda: _paragraph(jd.location or ""),
        "salary": lambda: _paragraph(jd.salary or ""),
    }
    for name, write in sections.items():
        if name in present:
            lines += [f"## {labels[name]}", "", *write()]
    return "\n".join(lines).rstrip("\n") + "\n"
