"""Which findings a change brings and which it resolves.

Both sides are checked; a finding is matched by what it says, not where: rule, subject,
related ids and the message with file positions and duty numbers taken out, so a finding
whose line moved (or whose duty was renumbered) is the same finding on both sides.
``diff`` and ``whatif`` compare two versions with it; the engine compares a model with a
suggested fix's moved model with it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from dutymatrix.findings import Finding

_POSITION = re.compile(r"(\.ya?ml)(?::\d+){1,2}")
_LINE_WORD = re.compile(r"\b(line|lines|col|column)\s+\d+", re.IGNORECASE)
_LINE_ZH = re.compile(r"第\s*\d+\s*行")
_DUTY_NUMBER = re.compile(r"#\d+")
# Messages name duties by number in words ("through its duties 1, 2 and 8", "duty 3 of
# …"); findings are matched in the English the rules wrote, whatever the reader's language.
_DUTY_WORDS = re.compile(r"\b(duty|duties) \d+(?:(?:, | and |, and )\d+)*")


def finding_key(finding: Finding, roots: Sequence[str] = ()) -> tuple[str, ...]:
    """What identifies ``finding`` across two versions of an org."""
    message = finding.message
    for root in sorted((r for r in roots if r), key=len, reverse=True):
        message = message.replace(root, "")
    message = _POSITION.sub(r"\1", message)
    message = _LINE_WORD.sub(r"\1", message)
    message = _LINE_ZH.sub("行", message)
    message = _DUTY_NUMBER.sub("#", message)
    message = _DUTY_WORDS.sub(r"\1 #", message)
    related = tuple(sorted(_DUTY_NUMBER.sub("#", r) for r in finding.related))
    return (finding.rule, _DUTY_NUMBER.sub("#", finding.subject), *related, "|", message)


def compare_findings(
    old: Sequence[Finding], new: Sequence[Finding], roots: Sequence[str] = ()
) -> tuple[list[Finding], list[Finding]]:
    """(new findings, resolved findings), each in its own side's order.

    Counted as multisets: two identical findings before and three after is one new.
    """
    old_keys = Counter(finding_key(f, roots) for f in old)
    new_keys = Counter(finding_key(f, roots) for f in new)
    appeared: list[Finding] = []
    remaining = old_keys.copy()
    for finding in new:
        key = finding_key(finding, roots)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            appeared.append(finding)
    resolved: list[Finding] = []
    remaining = new_keys.copy()
    for finding in old:
        key = finding_key(finding, roots)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            resolved.append(finding)
    return appeared, resolved
