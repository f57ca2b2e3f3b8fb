"""The job description as Markdown: for wikis, merge requests and plain-text review."""

from __future__ import annotations

import re

from .context import JobDescription

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax so a duty text is shown as written, never as markup or HTML."""
    escaped = _SPECIAL.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))
    # A leading "1." or "-" would start a list ("+" is escaped above).
    escaped = re.sub(r"^(\d+)\.", r"\1\\.", escaped)
    escaped = re.sub(r"^-", r"\\-", escaped)
    return escaped.replace("&", "&amp;")


def _join(jd: JobDescription, items: list[str]) -> str:
    return ("、" if jd.lang == "zh" else ", ").join(items)


def render_jd_markdown(jd: JobDescription) -> str:
    labels = jd.labels
    present = jd.sections()
    lines = [f"# {md_escape(labels['jd'])}: {md_escape(jd.title)}", ""]
    if jd.org_name:
        lines += [f"*{md_escape(jd.org_name)}*", ""]

    fields: list[tuple[str, str]] = [("title", md_escape(jd.title))]
    if "code" in present:
        fields.append(("code", md_escape(jd.code or "")))
    fields.append(("department", md_escape(jd.department)))
    if jd.reports_to is not None:
        fields.append(("reports_to", md_escape(jd.reports_to.title)))
    if "subordinates" in present:
        fields.append(("subordinates", _join(jd, [md_escape(p.title) for p in jd.subordinates])))
    if "headcount" in present:
        fields.append(("headcount", f"{jd.headcount}{labels['headcount_unit']}"))
    lines += [f"| {labels['basic']} | |", "|---|---|"]
    lines += [f"| {labels[name]} | {value} |" for name, value in fields]
    lines.append("")

    if "purpose" in present:
        lines += [f"## {labels['purpose']}", "", md_escape(jd.purpose or ""), ""]
    if "duties" in present:
        lines += [f"## {labels['duties']}", ""]
        for duty in jd.duties:
            letters = "".join(
                f" `{md_escape(name)}:{letters}`" for name, letters in duty.letters
            )
            lines.append(f"{duty.n}. {md_escape(duty.text)}{letters}")
        lines.append("")
    if "authority" in present:
        lines += [
            f"## {labels['authority']}",
            "",
            f"| {labels['authority_activity']} | {labels['authority_range']} | "
            f"{labels['authority_via']} |",
            "|---|---|---|",
        ]
        for band in jd.authority:
            via = (
                labels["authority_member"].format(via=band.via)
                if band.via
                else labels["authority_own"]
            )
            lines.append(
                f"| {md_escape(band.activity)} | {md_escape(band.range_text)} | {md_escape(via)} |"
            )
        lines.append("")
    if "relations" in present:
        lines += [
            f"## {labels['relations']}",
            "",
            f"| {labels['relations_process']} | {labels['relations_activity']} | "
            f"{labels['relations_letters']} |",
            "|---|---|---|",
        ]
        for rel in jd.relations:
            lines.append(
                f"| {md_escape(rel.process_name)} | {md_escape(rel.activity_name)} | "
                f"{rel.letters} |"
            )
        lines.append("")
    if "incompatible" in present:
        lines += [f"## {labels['incompatible']}", ""]
        for line in jd.incompatible:
            lines.append(f"- **{md_escape(line.rule_name)}** ({md_escape(line.rule_id)})")
            if line.basis:
                lines.append(f"  - {labels['incompatible_basis']}: {md_escape(line.basis)}")
            lines.append(
                f"  - {labels['incompatible_activities']}: "
                f"{_join(jd, [md_escape(a) for a in line.activities])}"
            )
            if line.posts:
                lines.append(
                    f"  - {labels['incompatible_posts']}: "
                    f"{_join(jd, [md_escape(p.title) for p in line.posts])}"
                )
        lines.append("")
    if "qualifications" in present:
        lines += [f"## {labels['qualifications']}", ""]
        for label, items in jd.qualifications:
            lines.append(f"- {md_escape(label)}: {_join(jd, [md_escape(i) for i in items])}")
        lines.append("")
    if "location" in present:
        lines += [f"## {labels['location']}", "", md_escape(jd.location or ""), ""]
    if "salary" in present:
        lines += [f"## {labels['salary']}", "", md_escape(jd.salary or ""), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
