"""Job description layout as a reader sees it: English with long tags, duty numbers past
9, posts with nothing written yet, the department page, Markdown that reads as written."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from clock import TODAY
from render_sample import sample_org

from dutymatrix.matrix import build_matrix
from dutymatrix.model import Activity, Duty, Org, Text
from dutymatrix.render.build import BuildOptions, build_org
from dutymatrix.render.context import jd_context
from dutymatrix.render.markdown import md_escape, render_jd_markdown

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils not installed")


def _options(**options: object) -> BuildOptions:
    return BuildOptions(org_dir=Path("."), today=TODAY, **options)  # type: ignore[arg-type]

LONG_TAGS = {
    "loan.intake": "Intake and registration of corporate credit applications",
    "loan.investigate": "Pre-loan due diligence investigation of the borrower",
    "loan.review": "Independent credit review and risk assessment",
}
LONG_DUTY = ("Review every corporate credit application against the credit policy, check the "
             "collateral valuation and the borrower's financial statements, and report the "
             "findings to the credit committee with a clear recommendation")


def english_org(duties: int = 12) -> Org:
    """The sample bank with long English activity names and a post with ``duties`` duties,
    the first of them long and tagged with three long activity names."""
    org = sample_org()
    processes = tuple(
        dataclasses.replace(p, activities=tuple(
            dataclasses.replace(a, name=Text(zh=a.name.get("zh"), en=LONG_TAGS[a.id]))
            if a.id in LONG_TAGS else a
            for a in p.activities))
        for p in org.processes
    )
    reviewer = org.roles["credit-mgmt.reviewer"]
    items = [Duty(reviewer.id, 1, Text(zh="负责审查", en=LONG_DUTY),
                  raci={"loan.intake": "C", "loan.investigate": "I", "loan.review": "R"})]
    items += [Duty(reviewer.id, n, Text(zh=f"负责第{n}项",
                                        en=f"Keep register number {n} up to date"))
              for n in range(2, duties + 1)]
    reviewer = dataclasses.replace(reviewer, duties=tuple(items))
    departments = tuple(
        dataclasses.replace(d, roles=tuple(reviewer if r.id == reviewer.id else r
                                           for r in d.roles))
        for d in org.departments
    )
    return dataclasses.replace(org, processes=processes, departments=departments)


def words(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) of the first page, from pdftotext -bbox."""
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [(html_unescape(m.group(5)), *(float(m.group(i)) for i in range(1, 5)))
            for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                 r'yMax="([\d.]+)">([^<]*)</word>', bbox)]


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("en") / "out"
    build_org(english_org(), [], _options(out_dir=out, jobs=1,
                                              lang="en", only=frozenset({"jd"})))
    return out


@pytest.mark.slow  # renders PDFs
@needs_poppler
def test_long_english_tags_leave_the_duty_text_the_full_width(english: Path) -> None:
    page = words(english / "jd" / "credit-mgmt.reviewer.pdf")
    names = [w[0] for w in page]
    text = page[names.index("Review"): names.index("recommendation") + 1]
    assert [w[0] for w in text] == LONG_DUTY.split()
    left = min(w[1] for w in text)
    right = max(w[3] for w in text)
    # A4 is 595 pt wide, 18 mm margins each side: 493 pt of text width.
    assert right - left > 0.8 * 493, (left, right)
    tag = next(w for w in page if w[0] == "Pre-loan")
    last_text_line = max(w[4] for w in text)
    assert tag[2] >= last_text_line - 1  # the tags sit below the text, not beside it


@pytest.mark.slow  # renders PDFs
@needs_poppler
def test_duty_text_starts_in_one_column_past_number_nine(english: Path) -> None:
    page = words(english / "jd" / "credit-mgmt.reviewer.pdf")
    starts = {}
    for i, word in enumerate(page[:-1]):
        if re.fullmatch(r"\d+\.", word[0]) and page[i + 1][0] == "Keep":
            starts[word[0]] = page[i + 1][1]
    assert {"9.", "10.", "12."} <= set(starts)
    assert max(starts.values()) - min(starts.values()) < 0.5, starts


@pytest.mark.slow  # renders PDFs
@needs_poppler
def test_a_post_with_nothing_written_says_so_in_every_format(tmp_path: Path) -> None:
    org = sample_org()
    officer = dataclasses.replace(org.roles["customer-1.officer"], duties=())
    org = dataclasses.replace(org, departments=tuple(
        dataclasses.replace(d, roles=tuple(officer if r.id == officer.id else r for r in d.roles))
        for d in org.departments))
    for lang, heads, pending in (("zh", ("岗位职责", "任职资格"), "待补充"),
                                 ("en", ("Duties", "Qualifications"), "To be completed")):
        out = tmp_path / lang
        build_org(org, [], _options(out_dir=out, jobs=1, lang=lang,
                                        only=frozenset({"jd"})))
        pdf = subprocess.run(["pdftotext", str(out / "jd" / "customer-1.officer.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
        markdown = (out / "jd" / "customer-1.officer.md").read_text(encoding="utf-8")
        for text in (pdf, markdown):
            assert all(head in text for head in heads), lang
            assert text.count(pending) == 2, lang
        # a post with data has no such note
        assert pending not in (out / "jd" / "credit-mgmt.manager.md").read_text(encoding="utf-8")


def test_department_page_leaves_out_columns_no_post_has(tmp_path: Path) -> None:
    build_org(sample_org(), [], _options(out_dir=tmp_path, jobs=1,
                                             only=frozenset({"site"})))

    def heads(dept: str) -> list[str]:
        page = (tmp_path / "dept" / f"{dept}.html").read_text(encoding="utf-8")
        table = page[page.index('<table class="grid">'):]
        return re.findall(r"<th[^>]*>([^<]*)</th>", table[:table.index("</thead>")])

    assert heads("credit-mgmt") == ["岗位名称", "岗位编号", "直接上级", "定员"]
    assert heads("customer-1") == ["岗位名称"]  # no code, no line, no headcount written


def test_markdown_keeps_brackets_and_escapes_only_markup() -> None:
    org = sample_org()
    officer = dataclasses.replace(org.roles["customer-1.officer"], title=Text("信贷人员(A角)"))
    org = dataclasses.replace(org, departments=tuple(
        dataclasses.replace(d, roles=tuple(officer if r.id == officer.id else r for r in d.roles))
        for d in org.departments))
    markdown = render_jd_markdown(jd_context(org, build_matrix(org), officer.id, "zh"))
    assert "# 岗位说明书：信贷人员(A角)" in markdown
    assert "| 岗位名称 | 信贷人员(A角) |" in markdown
    assert "\\(" not in markdown and "\\)" not in markdown


@pytest.mark.parametrize(("text", "where", "escaped"), [
    ("信贷人员(A角)", {}, "信贷人员(A角)"),
    ("100万元(含)以下 + 审批!", {}, "100万元(含)以下 + 审批!"),
    ("a*b*", {}, "a\\*b\\*"),
    ("[点我](http://x)", {}, "\\[点我\\](http://x)"),
    ("credit_mgmt", {}, "credit_mgmt"),
    ("_强调_", {}, "\\_强调\\_"),
    ("<script>", {}, "&lt;script>"),
    ("a|b", {}, "a|b"),
    ("a|b", {"cell": True}, "a\\|b"),
    ("1. 不是列表", {}, "1. 不是列表"),
    ("1. 不是列表", {"line_start": True}, "1\\. 不是列表"),
    ("# 不是标题", {"line_start": True}, "\\# 不是标题"),
    ("C#", {"heading": True}, "C\\#"),
    ("&amp; 与 &", {}, "&amp;amp; 与 &"),
])
def test_md_escape_escapes_what_markdown_reads_there(
    text: str, where: dict[str, bool], escaped: str
) -> None:
    assert md_escape(text, **where) == escaped


def test_activity_tags_in_markdown_are_code_spans_shown_as_written() -> None:
    org = sample_org()
    activity = Activity("loan.intake", "loan", Text("受理(含*预审*)"))
    processes = (dataclasses.replace(org.processes[0], activities=(activity,
                 *org.processes[0].activities[1:])), org.processes[1])
    org = dataclasses.replace(org, processes=processes)
    markdown = render_jd_markdown(jd_context(org, build_matrix(org), "customer-1.officer", "zh"))
    assert "`受理(含*预审*)：R`" in markdown
