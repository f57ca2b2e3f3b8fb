"""DM302–DM304: duty text repeated across departments, drifted copies, catch-all duties.

One pass over every duty text (``_DutyTexts``) feeds the three rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

from dutymatrix.checks._common import (
    EXAMPLE_ORG_HEAD,
    MAX_PLACES,
    TEXT_CACHE,
    fold_text,
    name_posts,
    text_loc,
)
from dutymatrix.checks.neardup import similar_clusters
from dutymatrix.findings import Finding, Rule, RuleContext, Severity
from dutymatrix.model import Duty, Org

# "Other duties as assigned" in the wordings HR actually uses.
CATCH_ALL = re.compile(
    r"交办的?其[他它]|其[他它]交办|临时交办|other (duties|tasks|work|responsibilities)"
    r"( (as|that may be))? ?(assigned|required|delegated)",
    re.IGNORECASE,
)

def is_catch_all(duty: Duty) -> bool:
    text = duty.text
    if text.plain is not None:
        return _catch_all_text(text.plain)
    return any(_catch_all_text(v) for v in (text.zh, text.en) if v)


@functools.lru_cache(maxsize=TEXT_CACHE)
def _catch_all_text(text: str) -> bool:
    return CATCH_ALL.search(text) is not None


class _DutyTexts:
    """One pass over the duty texts for DM302, DM303 and DM304.

    ``by_text``: post duties by folded text, catch-alls left out, in model order;
    ``catch_alls``: (owner, its duties, its catch-all duties) for owners that have one.
    """

    def __init__(self, org: Org) -> None:
        lang = org.locale.split("-")[0]
        self.by_text: dict[str, list[Duty]] = {}
        self.catch_alls: list[tuple[str, Sequence[Duty], list[Duty]]] = []
        self.department = {role_id: role.department for role_id, role in org.roles.items()}
        self.position: dict[int, int] = {}  # id(duty) → model order of post duties
        by_text, position = self.by_text, self.position
        for dept in org.departments:
            self._catch_alls(dept.id, dept.duties)
            for role in dept.roles:
                found = self._catch_alls(role.id, role.duties)
                for duty in role.duties:
                    if found and any(duty is c for c in found):
                        continue
                    position[id(duty)] = len(position)
                    by_text.setdefault(fold_text(duty.text.get(lang)), []).append(duty)
        for committee in org.committees:
            self._catch_alls(committee.id, committee.duties)

    def _catch_alls(self, owner: str, duties: Sequence[Duty]) -> list[Duty]:
        found = [d for d in duties if is_catch_all(d)]
        if found:
            self.catch_alls.append((owner, duties, found))
        return found

    def department_count(self, duties: Sequence[Duty]) -> int:
        department = self.department
        return len({department[d.owner] for d in duties})


def _check_duty_texts(ctx: RuleContext) -> Iterator[Finding]:
    """DM302, DM303 and DM304 in one pass over the duty texts."""
    texts = _DutyTexts(ctx.org)
    yield from _catch_all_findings(texts)
    yield from _same_duty(texts)
    yield from _near_duplicates(texts, ctx.options)


def _same_duty(texts: _DutyTexts) -> Iterator[Finding]:
    for duties in texts.by_text.values():
        if len(duties) < 2:
            continue
        departments = texts.department_count(duties)
        if departments < 2:
            continue
        posts = list(dict.fromkeys(d.owner for d in duties))
        first = duties[0]
        yield SAME_DUTY.finding(
            f"the same duty “{first.text}” is written in {len(posts)} posts of "
            f"{departments} departments: {name_posts(posts)}",
            text_loc(first),
            subject=first.owner,
            related=posts[1:],
            hint="keep the duty in the department that answers for it; "
            "elsewhere write what differs (C or I on the activity)",
            places=[(d.ref, text_loc(d)) for d in duties[:MAX_PLACES]],
        )


SAME_DUTY = Rule(
    id="DM302",
    name="same-duty-in-departments",
    severity=Severity.WARNING,
    summary="The same duty text (case, spaces and punctuation folded) in posts of "
    "different departments.",
    doc="""\
Two departments whose posts carry the very same duty either do the work twice or
neither does it. Texts are compared after Unicode NFKC folding, case folding and removal
of whitespace and punctuation. One finding per text names every post that has it (the
message names the first few; `related` holds them all). Catch-all duties (交办的其他工作)
are left out: every post has one.""",
    bad=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
          - 负责客户信用等级的评定
  - id: risk
    name: 风险部
    parent: credit
    roles:
      - id: risk.analyst
        title: 风险分析员
        duties:
          - 负责客户信用等级的评定。
""",
    good=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
          - 负责客户信用等级的评定
  - id: risk
    name: 风险部
    parent: credit
    roles:
      - id: risk.analyst
        title: 风险分析员
        duties:
          - 复核客户信用等级评定结果
""",
    check=_check_duty_texts,  # one pass yields DM302, DM303 and DM304
)


def _near_duplicates(texts: _DutyTexts, options: dict[str, object]) -> Iterator[Finding]:
    min_chars = int(options["min_chars"])  # type: ignore[call-overload]
    candidates = [t for t in texts.by_text if len(t) >= min_chars]
    threshold = float(options["threshold"])  # type: ignore[arg-type]
    ngram = int(options["ngram"])  # type: ignore[call-overload]
    for cluster in similar_clusters(candidates, threshold, n=ngram):
        duties = [d for i in cluster for d in texts.by_text[candidates[i]]]
        departments = texts.department_count(duties)
        if departments < 2:
            continue
        position = texts.position
        duties.sort(key=lambda d: position[id(d)])  # model order
        posts = list(dict.fromkeys(d.owner for d in duties))
        first = duties[0]
        yield NEAR_DUPLICATE.finding(
            f"{len(cluster)} near-identical duty texts in {len(posts)} posts of "
            f"{departments} departments, e.g. “{first.text}”: {name_posts(posts)}",
            text_loc(first),
            subject=first.owner,
            related=posts[1:],
            hint="say once which department answers for this work; "
            "make the other duties say what differs",
            places=[(f"{d.ref} “{d.text}”", text_loc(d)) for d in duties[:MAX_PLACES]],
        )


NEAR_DUPLICATE = Rule(
    id="DM303",
    name="near-duplicate-duties",
    severity=Severity.INFO,
    summary="Near-identical duties in posts of different departments, one finding per "
    "cluster.",
    doc="""\
Copies that drifted apart ("负责客户信用等级的评定" / "负责客户信用等级的评定工作") hide
the same overlap as identical text (DM302). Similarity: texts are folded (NFKC, case,
no spaces or punctuation), cut into character 3-grams, and two duties are similar when
the Jaccard index of their 3-gram sets is at least 0.8 (options `threshold`, `ngram`;
texts shorter than `min_chars`, default 8, and catch-all duties are left out). Similar
duties are grouped transitively into clusters; a cluster with at least two different
texts in posts of at least two departments gives one finding that names its posts, so a
bank whose branches copy the same post gets one finding per drifted duty, not one per
pair. The search uses prefix filtering, not an all-pairs loop, so 60,000 duties take a
fraction of a second.""",
    bad=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
          - 负责客户信用等级的评定和授信额度的核定
  - id: risk
    name: 风险部
    parent: credit
    roles:
      - id: risk.analyst
        title: 风险分析员
        duties:
          - 负责客户信用等级的评定和授信额度的核定工作
""",
    good=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
          - 负责客户信用等级的评定和授信额度的核定
  - id: risk
    name: 风险部
    parent: credit
    roles:
      - id: risk.analyst
        title: 风险分析员
        duties:
          - 负责对信用等级评定结果进行抽样复核
""",
    check=_check_duty_texts,
    options={"threshold": 0.8, "ngram": 3, "min_chars": 8},
)


def _catch_all_findings(texts: _DutyTexts) -> Iterator[Finding]:
    for owner, duties, catch_alls in texts.catch_alls:
        if len(catch_alls) > 1:
            refs = ", ".join(d.ref for d in catch_alls)
            yield CATCH_ALL_DUTY.finding(
                f"{owner} has {len(catch_alls)} catch-all duties ({refs}); keep one",
                text_loc(catch_alls[1]),
                subject=owner,
                hint="delete all but one “交办的其他工作” duty and put it last",
                places=[(d.ref, text_loc(d)) for d in catch_alls],
            )
        if catch_alls[0] is not duties[-1] and len(catch_alls) == 1:
            yield CATCH_ALL_DUTY.finding(
                f"catch-all duty {catch_alls[0].ref} “{catch_alls[0].text}” is not the last "
                f"of {owner}'s {len(duties)} duties",
                text_loc(catch_alls[0]),
                subject=owner,
                hint="move it to the end of the list",
            )


CATCH_ALL_DUTY = Rule(
    id="DM304",
    name="catch-all-duty",
    severity=Severity.WARNING,
    summary="More than one catch-all duty (交办的其他工作) in a post, or one that is not last.",
    doc="""\
By convention a duty list ends with one catch-all ("负责行领导交办的其他工作", "other
duties as assigned"). Two of them, or one in the middle, usually mean two lists were
pasted together. Applies to posts, departments and committees.""",
    bad=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.approver
        title: 审批人
        duties:
          - 负责行领导交办的其他工作
          - text: 负责贷款审批
            raci: {loan.approve: AR}
""",
    good=EXAMPLE_ORG_HEAD
    + """\
departments:
  - id: credit
    name: 信贷部
    roles:
      - id: credit.approver
        title: 审批人
        duties:
          - text: 负责贷款审批
            raci: {loan.approve: AR}
          - 负责行领导交办的其他工作
""",
    check=_check_duty_texts,
)

RULES = (SAME_DUTY, NEAR_DUPLICATE, CATCH_ALL_DUTY)
