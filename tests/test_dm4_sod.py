"""DM4xx segregation of duties: posts, people, covering backups and committee members."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from clock import TODAY, TODAY_OPTION

from dutymatrix.engine import run_check
from dutymatrix.findings import Finding, Severity

HEAD = """\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: investigate, name: 贷前调查}
      - {id: review, name: 贷时审查}
      - {id: approve, name: 贷款审批}
rules:
  sod:
    - id: SOD-LOAN-1
      name: 审贷分离
      activities: [loan.investigate, loan.review, loan.approve]
      at_most: 1
      basis: 《贷款通则》第四十条
"""

POSTS = """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.officer
        title: 信贷员
        duties:
          - text: 负责贷前调查
            raci: {loan.investigate: AR}
      - id: credit.reviewer
        title: 审查岗
        duties:
          - text: 负责贷时审查
            raci: {loan.review: AR}
      - id: credit.clerk
        title: 内勤
        duties:
          - text: 了解审批结果
            raci: {loan.approve: I}
  - id: risk
    name: 风险部
    parent: credit
    roles:
      - id: risk.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
"""


@pytest.fixture
def check(write_org: Callable[..., Path]) -> Callable[..., list[Finding]]:
    def run(body: str, head: str = HEAD) -> list[Finding]:
        result = run_check(str(write_org({"org.yaml": head + body})), today=TODAY)
        assert not result.load_failed, [f.message for f in result.findings]
        return result.active_findings

    return run


def sod(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule in ("DM401", "DM402")]


def test_separated_posts_have_no_conflict(check) -> None:
    assert sod(check(POSTS)) == []


def test_post_with_two_activities_names_duties_places_and_basis(check) -> None:
    body = POSTS.replace(
        "          - text: 负责贷前调查\n            raci: {loan.investigate: AR}\n",
        "          - text: 负责贷前调查\n            raci: {loan.investigate: AR}\n"
        "          - text: 负责贷款审批\n            raci: {loan.approve: R}\n",
    )
    [conflict] = sod(check(body))
    assert conflict.rule == "DM401" and conflict.severity is Severity.ERROR
    assert conflict.subject == "credit.officer"
    assert conflict.related[0] == "SOD-LOAN-1"
    # The sentence names the activities and the duties' numbers; no file location in it.
    assert ("贷前调查 (loan.investigate), through its duty 1; 贷款审批 (loan.approve), "
            "through its duty 2") in conflict.message
    assert "《贷款通则》第四十条" in conflict.message
    assert "org.yaml" not in conflict.message and "#" not in conflict.message
    lines = (HEAD + body).splitlines()
    investigate_line = lines.index("            raci: {loan.investigate: AR}") + 1
    approve_line = lines.index("            raci: {loan.approve: R}") + 1
    # Each duty's ref and its RACI entry are the places, listed after the sentence.
    assert [(label, loc.line, loc.col) for label, loc in conflict.places] == [
        ("credit.officer#1 loan.investigate", investigate_line, 20),
        ("credit.officer#2 loan.approve", approve_line, 20)]
    assert conflict.loc is not None and conflict.loc.line == approve_line


def test_letters_outside_the_rule_do_not_count(check) -> None:
    body = POSTS.replace(
        "raci: {loan.investigate: AR}", "raci: {loan.investigate: AR, loan.approve: C}")
    assert sod(check(body)) == []


def test_at_most_two_allows_two(check) -> None:
    body = POSTS.replace(
        "raci: {loan.investigate: AR}", "raci: {loan.investigate: AR, loan.review: R}")
    assert len(sod(check(body))) == 1
    assert sod(check(body, head=HEAD.replace("at_most: 1", "at_most: 2"))) == []


def test_person_holding_one_post_and_acting_in_another(check) -> None:
    body = POSTS + """\
people:
  - id: E1001
    name: 张三
    holds: [credit.officer]
    acting: [risk.approver]
  - id: E1002
    name: 李四
    holds: [credit.clerk]
    acting: [risk.approver]
"""
    [conflict] = sod(check(body))
    assert conflict.subject == "E1001"
    assert "acting as 审批人 (risk.approver)" in conflict.message
    assert set(conflict.related) >= {"SOD-LOAN-1", "loan.investigate", "loan.approve"}


def test_backup_while_covering(check) -> None:
    body = POSTS.replace(
        "      - id: credit.officer\n        title: 信贷员\n",
        "      - id: credit.officer\n        title: 信贷员\n        backup: credit.reviewer\n",
    )
    [conflict] = sod(check(body))
    assert conflict.subject == "credit.reviewer"
    assert conflict.related[:2] == ("SOD-LOAN-1", "credit.officer")
    assert "while covering 信贷员 (credit.officer)" in conflict.message
    lines = (HEAD + body).splitlines()
    assert conflict.loc is not None
    assert conflict.loc.line == lines.index("        backup: credit.reviewer") + 1


COMMITTEE = """\
committees:
  - id: loan-committee
    name: 审贷委员会
    members: [credit.officer, credit.clerk]
    recusal: RECUSAL
    duties:
      - text: 审批贷款
        raci: {loan.approve: A}
"""


def test_committee_member_without_recusal_is_an_error(check) -> None:
    [conflict] = sod(check(POSTS + COMMITTEE.replace("RECUSAL", "false")))
    assert conflict.rule == "DM401" and conflict.severity is Severity.ERROR
    assert conflict.subject == "credit.officer"
    assert "loan-committee" in conflict.related


def test_committee_member_with_recusal_is_a_warning_naming_the_recusal(check) -> None:
    body = POSTS + COMMITTEE.replace("RECUSAL", "true")
    [conflict] = sod(check(body))
    assert conflict.rule == "DM402" and conflict.severity is Severity.WARNING
    assert conflict.subject == "credit.officer"
    assert "recusal: true" in conflict.message
    recusal_line = (HEAD + body).splitlines().index("    recusal: true") + 1
    assert ("recusal", conflict.places[-1][1]) == conflict.places[-1]
    assert conflict.places[-1][1].line == recusal_line


def test_committee_with_incompatible_duties_of_its_own(check) -> None:
    body = POSTS + """\
committees:
  - id: loan-committee
    name: 审贷委员会
    members: [credit.clerk]
    recusal: true
    duties:
      - text: 审查贷款
        raci: {loan.review: R}
      - text: 审批贷款
        raci: {loan.approve: A}
"""
    conflicts = sod(check(body))
    # The committee itself conflicts (an error); its member adds nothing new.
    assert [(f.rule, f.subject) for f in conflicts] == [("DM401", "loan-committee")]


def test_sod_rule_severity_sets_the_finding_severity(check) -> None:
    body = POSTS.replace(
        "raci: {loan.investigate: AR}", "raci: {loan.investigate: AR, loan.approve: R}")
    head = HEAD.replace("      at_most: 1\n", "      at_most: 1\n      severity: warning\n")
    [conflict] = sod(check(body, head=head))
    assert conflict.severity is Severity.WARNING


# credit.reviewer conflicts on its own: it reviews and approves.
REVIEWER_CONFLICTS_ALONE = POSTS.replace(
    "raci: {loan.review: AR}", "raci: {loan.review: AR, loan.approve: R}")


@pytest.mark.parametrize("through", ["backup", "person", "member"])
def test_a_post_that_conflicts_alone_is_reported_once_not_again_per_combination(
        check, through: str) -> None:
    # Combining credit.reviewer with another post adds loan.investigate, but the post
    # already has its own finding: the backup, person or member would repeat it.
    body = {
        "backup": REVIEWER_CONFLICTS_ALONE.replace(
            "      - id: credit.officer\n        title: 信贷员\n",
            "      - id: credit.officer\n        title: 信贷员\n        backup: credit.reviewer\n"),
        "person": REVIEWER_CONFLICTS_ALONE
        + "people:\n  - id: E1001\n    name: 张三\n    holds: [credit.reviewer]\n"
          "    acting: [credit.officer]\n",
        "member": REVIEWER_CONFLICTS_ALONE
        + "committees:\n  - id: loan-committee\n    name: 审贷委员会\n"
          "    members: [credit.reviewer]\n    duties:\n      - text: 贷前调查复核\n"
          "        raci: {loan.investigate: A}\n",
    }[through]
    conflicts = sod(check(body))
    assert [(f.rule, f.subject, f.related[1:2]) for f in conflicts] == [
        ("DM401", "credit.reviewer", ("loan.review",))]


# --- each kind of holder: the finding whole (message, where it points, hint) -------------

@pytest.fixture
def whole(write_org: Callable[..., Path]) -> Callable[..., list[tuple]]:
    """(rule, severity, subject, related, line, column, message, hint) of each SoD finding;
    in the message the org folder is shown as ``ORG``."""
    def run(body: str, head: str = HEAD) -> list[tuple]:
        folder = write_org({"org.yaml": head + body})
        result = run_check(str(folder), today=TODAY)
        assert not result.load_failed, [f.message for f in result.findings]
        return [(f.rule, str(f.severity), f.subject, f.related, f.loc.line, f.loc.col,
                 f.message.replace(str(folder), "ORG"), f.hint)
                for f in sod(result.active_findings)]

    return run


def line(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


PEOPLE = "people:\n  - id: E1001\n    name: 张三\n    holds: HOLDS\n"


def test_person_finding_points_at_the_acting_post(whole) -> None:
    body = POSTS + PEOPLE.replace("HOLDS", "[credit.officer]") + "    acting: [risk.approver]\n"
    text = HEAD + body
    assert whole(body) == [(
        "DM401", "error", "E1001", ("SOD-LOAN-1", "loan.investigate", "loan.approve"),
        line(text, "    acting: [risk.approver]"), 13,
        "person 张三 (E1001), holding 信贷员 (credit.officer) and acting as 审批人 "
        "(risk.approver), carries 2 of the incompatible activities of 审贷分离 (SOD-LOAN-1), "
        "where at most 1 is allowed (letters RA): 贷前调查 (loan.investigate), through duty 1 "
        "of 信贷员; 贷款审批 (loan.approve), through duty 1 of 审批人 — basis: "
        "《贷款通则》第四十条",
        "give the acting post or one of the held posts to someone else")]


def test_person_holding_both_posts_points_at_holds(whole) -> None:
    body = POSTS + PEOPLE.replace("HOLDS", "[credit.officer, risk.approver]")
    [finding] = whole(body)
    assert finding[4:6] == (line(HEAD + body, "    holds: [credit.officer, risk.approver]"), 12)
    assert finding[6].startswith("person 张三 (E1001), holding 信贷员 (credit.officer), "
                                 "审批人 (risk.approver), carries 2 ")


def test_backup_finding_whole(whole) -> None:
    body = POSTS.replace(
        "      - id: credit.officer\n        title: 信贷员\n",
        "      - id: credit.officer\n        title: 信贷员\n        backup: credit.reviewer\n")
    text = HEAD + body
    [finding] = whole(body)
    assert finding[:6] == ("DM401", "error", "credit.reviewer",
                           ("SOD-LOAN-1", "credit.officer", "loan.investigate", "loan.review"),
                           line(text, "        backup: credit.reviewer"), 17)
    assert finding[6].startswith("审查岗 (credit.reviewer), while covering 信贷员 "
                                 "(credit.officer) as its backup, carries 2 of the incompatible "
                                 "activities")
    # Its own duty is "its"; the covered post's duty is named by the post.
    assert finding[6].endswith("贷前调查 (loan.investigate), through duty 1 of 信贷员; "
                               "贷时审查 (loan.review), through its duty 1 — basis: "
                               "《贷款通则》第四十条")
    assert finding[7] == "choose a backup that carries none of these activities"


@pytest.mark.parametrize(("recusal", "rule", "severity"), [
    ("false", "DM401", "error"), ("true", "DM402", "warning")])
def test_member_finding_points_at_the_members(whole, recusal: str, rule: str,
                                              severity: str) -> None:
    body = POSTS + COMMITTEE.replace("RECUSAL", recusal)
    text = HEAD + body
    [finding] = whole(body)
    assert finding[:6] == (rule, severity, "credit.officer",
                           ("SOD-LOAN-1", "loan-committee", "loan.investigate", "loan.approve"),
                           line(text, "    members: [credit.officer, credit.clerk]"), 14)
    assert finding[6].startswith("信贷员 (credit.officer), as a member of 审贷委员会 "
                                 "(loan-committee), carries 2 of the incompatible activities")
    assert "through duty 1 of 审贷委员会" in finding[6]
    if recusal == "true":
        # The recusal's location is a place of its own, not part of the sentence.
        assert finding[6].endswith(
            "— reported as a warning because 审贷委员会 (loan-committee) has recusal: true: "
            "the member must step out of the cases its post worked on")
        assert finding[7] == ("record each recusal in the committee minutes, or waive with "
                              "the compensating control")
    else:
        assert "recusal" not in finding[6]
        assert finding[7] == "replace the member, or let the committee use recusal: true"


def test_recusal_never_raises_an_info_rule_to_a_warning(whole) -> None:
    head = HEAD.replace("      at_most: 1\n", "      at_most: 1\n      severity: info\n")
    [finding] = whole(POSTS + COMMITTEE.replace("RECUSAL", "true"), head=head)
    assert finding[:2] == ("DM402", "info")


def test_post_finding_whole_without_a_basis(whole) -> None:
    body = POSTS.replace("raci: {loan.investigate: AR}",
                         "raci: {loan.investigate: AR, loan.approve: R}")
    head = HEAD.replace("      basis: 《贷款通则》第四十条\n", "")
    text = head + body
    duty = line(text, "            raci: {loan.investigate: AR, loan.approve: R}")
    assert whole(body, head=head) == [(
        "DM401", "error", "credit.officer", ("SOD-LOAN-1", "loan.investigate", "loan.approve"),
        duty, 20,
        "post 信贷员 (credit.officer) carries 2 of the incompatible activities of 审贷分离 "
        "(SOD-LOAN-1), where at most 1 is allowed (letters RA): 贷前调查 (loan.investigate), "
        "through its duty 1; 贷款审批 (loan.approve), through its duty 1",
        "move one of these duties to another post")]


def test_committee_finding_names_the_committee(whole) -> None:
    body = POSTS + """\
committees:
  - id: loan-committee
    name: 审贷委员会
    duties:
      - text: 审查贷款
        raci: {loan.review: R}
      - text: 审批贷款
        raci: {loan.approve: A}
"""
    [finding] = whole(body)
    assert finding[2] == "loan-committee"
    assert finding[6].startswith("committee 审贷委员会 (loan-committee) carries 2 ")
    # The later duty brings the second activity: that is where it points.
    assert finding[4:6] == (line(HEAD + body, "        raci: {loan.approve: A}"), 16)


def test_the_rules_letters_decide_what_counts(whole) -> None:
    # With letters R only, an A-only approval does not count; with RA it does.
    body = POSTS.replace("raci: {loan.investigate: AR}",
                         "raci: {loan.investigate: AR, loan.approve: A}")
    assert len(whole(body)) == 1
    head = HEAD.replace("      at_most: 1\n", "      at_most: 1\n      letters: R\n")
    assert whole(body, head=head) == []


def test_a_person_acting_in_two_posts_and_holding_none(whole) -> None:
    body = POSTS + ("people:\n  - id: E1001\n    name: 张三\n"
                    "    acting: [credit.officer, risk.approver]\n")
    [finding] = whole(body)
    assert finding[4:6] == (line(HEAD + body, "    acting: [credit.officer, risk.approver]"), 13)
    assert finding[6].startswith("person 张三 (E1001), acting as 信贷员 (credit.officer), "
                                 "审批人 (risk.approver), carries 2 ")


def test_a_person_with_an_empty_acting_list_points_at_holds(whole) -> None:
    body = POSTS + PEOPLE.replace("HOLDS", "[credit.officer, risk.approver]") + "    acting: []\n"
    [finding] = whole(body)
    assert finding[4] == line(HEAD + body, "    holds: [credit.officer, risk.approver]")


def test_a_person_named_by_their_id_is_named_once(whole) -> None:
    body = POSTS + PEOPLE.replace("张三", "E1001").replace("HOLDS", "[credit.officer, "
                                                                  "risk.approver]")
    [finding] = whole(body)
    assert finding[6].startswith("person E1001, holding 信贷员 (credit.officer), "
                                 "审批人 (risk.approver), ")


def test_an_activity_carried_by_two_duties_lists_both(whole) -> None:
    body = POSTS.replace(
        "          - text: 负责贷前调查\n            raci: {loan.investigate: AR}\n",
        "          - text: 负责贷前调查\n            raci: {loan.investigate: AR}\n"
        "          - text: 负责小额贷款审批\n            raci: {loan.approve: R}\n"
        "          - text: 负责贷款展期审批\n            raci: {loan.approve: A}\n")
    [finding] = whole(body)
    assert "贷款审批 (loan.approve), through its duties 2, 3" in finding[6]


def test_a_rule_without_a_name_is_named_by_its_id(whole) -> None:
    body = POSTS.replace("raci: {loan.investigate: AR}",
                         "raci: {loan.investigate: AR, loan.approve: R}")
    [finding] = whole(body, head=HEAD.replace("      name: 审贷分离\n", ""))
    assert ("incompatible activities of SOD-LOAN-1, where at most 1 is allowed (letters RA)"
            in finding[6])


def test_an_activity_nobody_carries_and_a_department_that_carries_one(whole) -> None:
    # loan.archive is in the rule but carried by no one; the department's own duty carries
    # loan.review (departments are not SoD holders).
    head = HEAD.replace("      - {id: approve, name: 贷款审批}\n",
                        "      - {id: approve, name: 贷款审批}\n"
                        "      - {id: archive, name: 档案归档}\n").replace(
        "activities: [loan.investigate, loan.review, loan.approve]",
        "activities: [loan.investigate, loan.review, loan.approve, loan.archive]")
    body = POSTS.replace("    name: 信贷部\n    roles:\n",
                         "    name: 信贷部\n    duties:\n      - text: 负责贷款审查管理\n"
                         "        raci: {loan.review: A}\n    roles:\n", 1)
    body = body.replace("raci: {loan.investigate: AR}",
                        "raci: {loan.investigate: AR, loan.approve: R}")
    assert [f[2] for f in whole(body, head=head)] == ["credit.officer"]


def test_a_conflict_after_a_post_without_one_is_still_found(whole) -> None:
    # credit.officer (one activity) comes first; credit.reviewer after it conflicts.
    body = POSTS.replace("raci: {loan.review: AR}", "raci: {loan.review: AR, loan.approve: R}")
    assert [f[2] for f in whole(body)] == ["credit.reviewer"]


def test_a_combination_skipped_as_a_repeat_does_not_hide_the_next_one(check) -> None:
    # E1001 only repeats credit.reviewer's own conflict; E1002's conflict is new.
    body = REVIEWER_CONFLICTS_ALONE + (
        "people:\n  - id: E1001\n    name: 张三\n    holds: [credit.reviewer]\n"
        "  - id: E1002\n    name: 李四\n    holds: [credit.officer]\n"
        "    acting: [risk.approver]\n")
    assert sorted(f.subject for f in sod(check(body))) == ["E1002", "credit.reviewer"]


# --- said for people: names in the sentence, locations after it (zh-CN, zh-TW, en) --------

CONFLICTING_POST = POSTS.replace("raci: {loan.investigate: AR}",
                                 "raci: {loan.investigate: AR}\n          - text: 负责贷款审批\n"
                                 "            raci: {loan.approve: R}")


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh-CN", "岗位 信贷员（credit.officer）承担了审贷分离（SOD-LOAN-1）中 2 项不相容活动（最多 "
              "1 项，计入字母 RA）：贷前调查（loan.investigate），来自其第 1 条职责；贷款审批"
              "（loan.approve），来自其第 2 条职责——依据：《贷款通则》第四十条"),
    ("zh-TW", "崗位 信貸員（credit.officer）承擔了審貸分離（SOD-LOAN-1）中 2 項不相容活動（最多 "
              "1 項，計入字母 RA）：貸前調查（loan.investigate），來自其第 1 條職責；貸款審批"
              "（loan.approve），來自其第 2 條職責——依據：《貸款通則》第四十條"),
    ("en", "post 信贷员 (credit.officer) carries 2 of the incompatible activities of "
           "审贷分离 (SOD-LOAN-1), where at most 1 is allowed (letters RA): 贷前调查 "
           "(loan.investigate), through its duty 1; 贷款审批 (loan.approve), through its duty 2 "
           "— basis: 《贷款通则》第四十条"),
])
def test_a_conflict_names_activities_in_every_language(check, lang: str, expected: str) -> None:
    [conflict] = sod(check(CONFLICTING_POST))
    assert conflict.in_lang(lang).message == expected


def test_the_text_report_and_sarif_keep_each_duty_location_after_the_sentence(
        cli: Callable[..., object], write_org: Callable[..., Path]) -> None:
    root = write_org({"org.yaml": HEAD + CONFLICTING_POST})
    lines = (HEAD + CONFLICTING_POST).splitlines()
    investigate = lines.index("            raci: {loan.investigate: AR}") + 1
    text = cli("check", str(root), "--lang", "zh", *TODAY_OPTION).output
    [sentence] = [t for t in text.splitlines() if "DM401" in t]
    assert "org.yaml" not in sentence and "#" not in sentence
    assert re.search(rf"^ +credit\.officer#1 loan\.investigate  \S*org\.yaml:{investigate}:20$",
                     text, re.MULTILINE), text
    sarif = json.loads(cli("check", str(root), "--format", "sarif", *TODAY_OPTION).output)
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "DM401"]
    related = [(r["message"]["text"], r["physicalLocation"]["region"]["startLine"])
               for r in result["relatedLocations"]]
    assert related == [("credit.officer#1 loan.investigate", investigate),
                       ("credit.officer#2 loan.approve", investigate + 2)]
    assert "org.yaml" not in result["message"]["text"]
