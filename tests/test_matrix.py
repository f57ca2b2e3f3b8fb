"""The matrix: who carries what, and the SoD subjects (persons, backups, members)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dutymatrix.load import load_org
from dutymatrix.matrix import Entry, Matrix, SodSubject, Source, build_matrix

ORG = """\
org: {id: demo, name: 示例银行}
processes:
  - id: loan
    name: 贷款业务
    activities:
      - {id: apply, name: 贷款申请}
      - {id: approve, name: 贷款审批}
      - {id: review, name: 贷款复核}
departments:
  - id: credit
    name: 信贷部
    duties:
      - text: 负责贷款复核的管理
        raci: {loan.review: A}
    roles:
      - id: credit.manager
        title: 经理
        backup: credit.deputy
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: A}
          - text: 组织贷款审批的执行
            raci: {loan.approve: R}
          - text: 参与贷款申请的咨询
            raci: {loan.apply: C}
      - id: credit.deputy
        title: 副经理
        backup: credit.deputy
        duties:
          - text: 受理贷款申请
            raci: {loan.apply: R, loan.review: I}
      - id: credit.clerk
        title: 专员
        duties:
          - text: 登记贷款申请
            raci: {loan.apply: R}
committees:
  - id: loan-committee
    name: 贷审会
    members: [credit.clerk]
    duties:
      - text: 审议贷款复核
        raci: {loan.review: RA}
people:
  - id: E1
    name: 王磊
    holds: [credit.clerk]
    acting: [credit.manager, credit.clerk]
"""


@pytest.fixture
def matrix(write_org: Callable[..., Path]) -> Matrix:
    loaded = load_org(str(write_org({"org.yaml": ORG})))
    assert loaded.org is not None and not loaded.errors
    return build_matrix(loaded.org)


def test_letters_of_several_duties_merge_in_raci_order(matrix: Matrix) -> None:
    # 经理 is A through duty 1 and R through duty 2: one cell, "RA".
    assert matrix.letters("loan.approve", "credit.manager") == "RA"
    assert matrix.by_holder["credit.manager"] == {"loan.approve": "RA", "loan.apply": "C"}


def test_entries_keep_each_duty_s_own_letters(matrix: Matrix) -> None:
    manager = [e for e in matrix.entries if e.holder == "credit.manager"]
    assert [(e.activity, e.letters, e.duty.n) for e in manager] == [
        ("loan.approve", "A", 1), ("loan.approve", "R", 2), ("loan.apply", "C", 3),
    ]
    assert all(isinstance(e, Entry) and e.duty.owner == e.holder for e in matrix.entries)


def test_department_duties_are_entries_but_not_holders(matrix: Matrix) -> None:
    assert [(e.activity, e.holder, e.letters, e.duty.text.plain)
            for e in matrix.department_entries] == [
        ("loan.review", "credit", "A", "负责贷款复核的管理"),
    ]
    assert "credit" not in matrix.by_holder


def test_carried_defaults_to_responsible_and_accountable(matrix: Matrix) -> None:
    # The C on loan.apply is not carried; only the R and A letters are given back.
    assert matrix.carried("credit.manager") == {"loan.approve": "RA"}
    assert matrix.carried("credit.deputy") == {"loan.apply": "R"}
    assert matrix.carried("credit.deputy", "I") == {"loan.review": "I"}
    assert matrix.carried("credit.manager", "CA") == {"loan.approve": "A", "loan.apply": "C"}
    assert matrix.carried("nobody") == {}


def test_carrying_duties_defaults_to_responsible_and_accountable(matrix: Matrix) -> None:
    assert [d.n for d in matrix.carrying_duties("credit.manager", "loan.approve")] == [1, 2]
    assert matrix.carrying_duties("credit.manager", "loan.apply") == []
    assert [d.n for d in matrix.carrying_duties("credit.manager", "loan.apply", "C")] == [3]


def test_sod_subjects_are_posts_committees_persons_backups_members(matrix: Matrix) -> None:
    own = "own"
    assert matrix.sod_subjects() == [
        SodSubject("role", "credit.manager", (Source("credit.manager", own),)),
        SodSubject("role", "credit.deputy", (Source("credit.deputy", own),)),
        SodSubject("role", "credit.clerk", (Source("credit.clerk", own),)),
        SodSubject("committee", "loan-committee", (Source("loan-committee", own),)),
        # acting in a post one already holds adds nothing
        SodSubject("person", "E1", (Source("credit.clerk", "holds"),
                                    Source("credit.manager", "acting"))),
        # the deputy covering the manager; the deputy's own self-backup and the clerk
        # without a backup give no backup subject
        SodSubject("backup", "credit.deputy", (Source("credit.deputy", own),
                                               Source("credit.manager", "covers")),
                   context="credit.manager"),
        SodSubject("member", "credit.clerk", (Source("credit.clerk", own),
                                              Source("loan-committee", "member-of")),
                   context="loan-committee"),
    ]


def test_subject_carries_uses_the_letters_asked_for(matrix: Matrix) -> None:
    backup = next(s for s in matrix.sod_subjects() if s.kind == "backup")
    carried = matrix.subject_carries(backup, ["loan.apply", "loan.review"], "I")
    assert {act: [(src.via, d.owner, d.n) for src, d in pairs]
            for act, pairs in carried.items()} == {
        "loan.review": [("own", "credit.deputy", 1)],
    }
    member = next(s for s in matrix.sod_subjects() if s.kind == "member")
    carried = matrix.subject_carries(member, ["loan.apply", "loan.review"], "RA")
    assert {act: [(src.via, d.owner) for src, d in pairs]
            for act, pairs in carried.items()} == {
        "loan.apply": [("own", "credit.clerk")],
        "loan.review": [("member-of", "loan-committee")],
    }
