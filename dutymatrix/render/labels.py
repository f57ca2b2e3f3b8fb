"""Document labels, through the message catalogues: section titles, field names, furniture.

Every label is an English msgid (``N_``), or a msgid with a context (``C_``) where one
English word reads differently in Chinese by place ("Location": 工作地点 on a job
description, 位置 in the audit report). ``LABELS[lang]`` is the labels of one language,
for any spelling ``i18n.normalise_lang`` reads ("zh", "zh-TW", "en" …); templates index it
by key (``labels.jd``), so a company's own template keeps working in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from dutymatrix.i18n import DEFAULT_LANG, LANGS, N_, normalise_lang, resolve_lang, translations
from dutymatrix.model import Org

Msgid = str | tuple[str, str]  # a msgid, or (context, msgid)


def C_(context: str, message: str) -> tuple[str, str]:
    """Mark ``message`` for extraction with a context (``msgctxt``)."""
    return (context, message)


def translate(lang: str, message: Msgid) -> str:
    """One label in ``lang`` (a code of LANGS)."""
    catalogue = translations(lang)
    if isinstance(message, tuple):
        return catalogue.pgettext(*message)
    return catalogue.gettext(message)


def lang_code(lang: str) -> str:
    """``lang`` as a code of LANGS; the old "zh" reads as zh-CN, anything unknown as en."""
    return normalise_lang(lang) or "en"


class Labels(Mapping[str, Mapping[str, str]]):
    """Labels by key in English; indexed by a language, the labels in that language."""

    def __init__(self, msgids: Mapping[str, Msgid],
                 derive: Callable[[dict[str, str]], None] | None = None) -> None:
        self._msgids = msgids
        self._derive = derive
        self._cache: dict[str, Mapping[str, str]] = {}

    def __getitem__(self, lang: str) -> Mapping[str, str]:
        code = lang_code(lang)
        found = self._cache.get(code)
        if found is None:
            translated = {key: translate(code, msgid) for key, msgid in self._msgids.items()}
            if self._derive is not None:
                self._derive(translated)
            found = self._cache[code] = translated
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(LANGS)

    def __len__(self) -> int:
        return len(LANGS)


def _split_around(text: str, *names: str) -> list[str]:
    """"第 {n} 页 / 共 {m} 页" → ["第 ", " 页 / 共 ", " 页"]: the text between placeholders."""
    parts = []
    for name in names:
        before, _, text = text.partition("{" + name + "}")
        parts.append(before)
    return [*parts, text]


def _derive_page_labels(labels: dict[str, str]) -> None:
    # CSS counters, Word PAGE fields and Excel &P codes go between these pieces, so the
    # translation keeps its own word order around the two numbers.
    labels["page_n"], labels["page_of"], labels["page_end"] = _split_around(
        labels["page_footer"], "n", "m")
    labels["headcount_unit"] = _split_around(labels["headcount_value"], "n")[1]


LABELS = Labels({
    "jd": N_("Job Description"),
    "title": C_("jd", "Post"),
    "vacant_mark": N_(" (vacant)"),
    "code": N_("Post code"),
    "department": C_("jd", "Department"),
    "reports_to": N_("Reports to"),
    "dotted_to": N_("Dotted line to"),  # 业务指导上级 (matrix reporting)
    # A post named with its department: a dotted-line superior in another department.
    "post_in_department": N_("{title} ({department})"),
    "subordinates": N_("Direct reports"),
    "headcount": N_("Headcount"),
    # The headcount figure; a language may add its counter word ("{n}人").
    "headcount_value": N_("{n}"),
    "basic": N_("Post details"),
    "purpose": N_("Purpose"),
    "duties": N_("Duties"),
    "authority": N_("Authority"),
    "authority_activity": N_("Matter"),
    "authority_range": N_("Approval limit"),
    "authority_via": N_("Exercised"),
    "authority_own": N_("by this post"),
    "authority_member": N_("as a member of {via}"),
    "relations": N_("Working relationships"),
    "relations_activity": C_("jd", "Activity"),
    "relations_process": C_("jd", "Process"),
    "relations_letters": N_("Role"),
    "incompatible": N_("Incompatible duties"),
    "incompatible_rule": N_("Control"),
    "incompatible_basis": N_("Basis"),
    "incompatible_activities": C_("jd", "Must never also hold"),
    "incompatible_posts": N_("Currently held by"),
    "incompatible_breach": N_("This post breaks the rule: it carries {n} of these "
                              "activities (at most {at_most} allowed)"),
    "incompatible_duty": N_("duty {n}"),
    "qualifications": N_("Qualifications"),
    "q_education": N_("Education"),
    "q_experience": N_("Experience"),
    "q_skills": N_("Skills"),
    "q_certificates": N_("Certificates"),
    "q_other": N_("Other"),
    "location": C_("jd", "Location"),
    "salary": N_("Salary range"),
    "page_header": N_("Job Description"),
    "page_footer": N_("Page {n} of {m}"),
    "raci": N_("RACI matrix"),
    "raci_overall": N_("All processes"),
    "raci_activity": N_("Activity"),
    "raci_process": N_("Process"),
    "raci_filter": N_("Filter activities or posts…"),
    "raci_legend": N_("Legend"),
    "raci_dual": N_("dual control"),
    "raci_gaps": N_("Gaps"),
    "raci_gap_A": N_("no A"),
    "raci_gap_R": N_("no R"),
    "raci_gap_legend": N_("nobody is Accountable for, or nobody does, the activity"),
    "raci_block": N_("Part {i} of {n} · holders {first}–{last} of {total}"),
    "pending": N_("To be completed"),
    "committees": N_("Committees"),
    "letter_R": N_("R Responsible"),
    "letter_A": N_("A Accountable"),
    "letter_S": N_("S Support"),
    "letter_C": N_("C Consulted"),
    "letter_I": N_("I Informed"),
    "audit": N_("Internal Control Review"),
    "audit_summary": N_("Summary"),
    "audit_none": N_("No findings."),
    "audit_rule": N_("Rule"),
    "audit_location": N_("Location"),
    "audit_subject": N_("Subject"),
    "audit_related": N_("Related"),
    "audit_duties": N_("Duties involved"),
    "audit_hint": N_("Remedy"),
    "audit_waived_by": N_("Waived by"),
    "audit_family": N_("Family"),
    "audit_total": N_("Total"),
    "audit_waivers": N_("Waiver register"),
    "audit_no_waivers": N_("No waivers on file."),
    "audit_w_rule": N_("Rule"),
    "audit_w_subject": N_("Subject"),
    "audit_w_reason": N_("Reason"),
    "audit_w_control": N_("Compensating control"),
    "audit_w_approver": N_("Approved by"),
    "audit_w_expires": N_("Expires"),
    "audit_w_days": N_("Days left"),
    "audit_w_status": N_("Status"),
    "audit_w_covers": N_("Covers"),
    "audit_w_none": N_("none"),
    "audit_ws_matched": N_("In force"),
    "audit_ws_expired": N_("Expired: findings reported again"),
    "audit_ws_unused": N_("Matches no finding"),
    "audit_ws_self-approved": N_("Self-approved: void"),
    "audit_people": N_("People with a conflict"),
    "audit_no_people": N_("Nobody carries incompatible duties."),
    "audit_p_person": N_("Person"),
    "audit_p_holds": N_("Holds"),
    "audit_p_acting": N_("Acting in"),
    "audit_p_rules": N_("Rules broken"),
    "audit_p_waived": N_("waived"),
    "audit_ranking": N_("Ranking by conflicts"),
    "audit_r_holder": N_("Post or person"),
    "audit_r_kind": N_("Kind"),
    "audit_r_errors": N_("Errors"),
    "audit_r_warnings": N_("Warnings"),
    "audit_r_rules": N_("Rules"),
    "audit_sod": N_("Segregation of duties matrix"),
    "audit_sod_note": N_("Each cell lists the rule's activities the post, committee or "
                         "person carries; red marks a conflict (more than the rule allows)."),
    "audit_fixes": N_("Verified moves"),
    "kind_role": N_("Post"),
    "kind_committee": N_("Committee"),
    "kind_person": N_("Person"),
    "site": N_("Organisation documents"),
    "site_departments": N_("Departments and posts"),
    "site_processes": N_("Process RACI charts"),
    "site_documents": N_("Documents"),
    "site_orgchart": N_("Organisation chart"),
    "site_xlsx": N_("RACI workbook (Excel)"),
    "site_audit": N_("Internal control review"),
    "site_findings_json": N_("Findings (JSON)"),
    "site_department_duties": N_("Department duties"),
    "site_posts": N_("Posts"),
    "site_parent": N_("Parent department"),
    "site_children": N_("Sub-departments"),
    "site_home": N_("Home"),
    "site_formats": N_("Other formats"),
    "generated": N_("Generated by dutymatrix"),
}, derive=_derive_page_labels)

# The severities as a human reads them; headings of the audit report and the site.
SEVERITY_NAMES = Labels({
    "error": C_("severity", "Errors"), "warning": C_("severity", "Warnings"),
    "info": C_("severity", "Notes"), "waived": C_("severity", "Waived"),
})

# One finding's severity, in the findings sheet and beside a finding: 错误 / error.
SEVERITY_WORDS = Labels({
    "error": N_("error"), "warning": N_("warning"), "info": N_("info"), "waived": N_("waived"),
})

FAMILY_NAMES = Labels({
    "DM1xx": N_("Model and structure"),
    "DM2xx": N_("Coverage gaps"),
    "DM3xx": N_("Overlaps"),
    "DM4xx": N_("Segregation of duties"),
    "DM5xx": N_("Approval authority"),
    "DM6xx": N_("Waivers"),
    "DM7xx": N_("Wording"),
    "DM8xx": N_("Structure"),
})


def doc_lang(org: Org, requested: str | None) -> str:
    """The document language, a code of LANGS: the one asked for ("zh" reads as zh-CN),
    else the org's locale, else zh-CN. The environment is not asked: the same model
    builds the same documents on every machine."""
    if requested:
        return lang_code(requested)
    if org.locale and normalise_lang(org.locale) is None:
        return "en"  # an org written in a language we do not speak reads best in English
    return resolve_lang(None, org.locale or DEFAULT_LANG, environ={})
