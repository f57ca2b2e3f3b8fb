"""Which findings a change brings and which it resolves (``dutymatrix.finding_match``,
which the engine's fix verification shares)."""

from dutymatrix.finding_match import compare_findings, finding_key

__all__ = ["compare_findings", "finding_key"]
