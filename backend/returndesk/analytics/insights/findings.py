"""A finding: what a rule noticed, who should act, what they could do, and the returns behind it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

Owner = Literal["product", "operations", "marketing", "logistics", "risk"]
SubjectKind = Literal["sku", "category", "carrier", "warehouse", "customer"]
MAX_RETURNS = 20  # RMA numbers listed per finding: enough to open a few, not a data dump


@dataclass(frozen=True)
class Finding:
    rule: str
    owner: Owner
    title: str
    detail: str
    suggested_action: str
    subject_kind: SubjectKind
    subject_key: str
    metrics: dict[str, float | int] = field(default_factory=dict)
    returns: tuple[str, ...] = ()  # RMA numbers, formatted RMA-XXXX-XXXX-XXXX, newest first

    @property
    def subject(self) -> tuple[str, str]:
        return self.subject_kind, self.subject_key

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON (GET /analytics/insights)."""
        return {
            "rule": self.rule,
            "owner": self.owner,
            "title": self.title,
            "detail": self.detail,
            "suggested_action": self.suggested_action,
            "subject": {"kind": self.subject_kind, "key": self.subject_key},
            "metrics": self.metrics,
            "returns": list(self.returns),
        }


def excess_sigmas(observed: int, expected: float) -> float:
    """How many standard deviations `observed` lies above `expected` for a count (Poisson): above
    3.5 happens by chance well under once in a thousand."""
    return (observed - expected) / math.sqrt(expected) if expected > 0 else math.inf


def percent(value: float) -> str:
    return f"{value * 100:.0f} %"


def times(value: float) -> str:
    return f"{value:.1f}×"
