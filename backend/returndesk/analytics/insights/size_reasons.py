"""Size reasons dominating a category's returns (→ operations: size guide and model information)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...models import OrderLine, RmaLine
from ..filters import AnalyticsFilter
from ..names import category_in_sentence
from ..reasons import reason_breakdown
from .findings import Finding, percent
from .queries import rma_numbers, with_returns
from .thresholds import Thresholds

RULE = "size_reasons_dominate_category"
SIZE_REASONS = ("size_too_small", "size_too_large")


@dataclass(frozen=True)
class CategoryReasons:
    category: str
    units_by_reason: dict[str, int]


def judge(counts: CategoryReasons, limits: Thresholds) -> Finding | None:
    total = sum(counts.units_by_reason.values())
    small, large = (counts.units_by_reason.get(reason, 0) for reason in SIZE_REASONS)
    if total < limits.size_min_units_returned or (small + large) / total < limits.size_share:
        return None
    share = (small + large) / total
    direction = "too small" if small >= large else "too large"
    category = category_in_sentence(counts.category)
    return Finding(
        rule=RULE,
        owner="operations",
        title=f"Size problems drive {percent(share)} of {category} returns",
        detail=(
            f"{small + large} of {total} returned {category} units came back for size "
            f"({small} too small, {large} too large); most often {direction}."
        ),
        suggested_action=(
            f"Review the {category} size guide and fit notes (does it run {direction.split()[1]}?), "
            "add the model's size and measurements to product pages, and consider a fit finder."
        ),
        subject_kind="category",
        subject_key=counts.category,
        metrics={
            "units_returned": total,
            "size_units": small + large,
            "size_too_small": small,
            "size_too_large": large,
            "size_share": round(share, 4),
        },
    )


def find(session: Session, scope: AnalyticsFilter, limits: Thresholds) -> list[Finding]:
    findings = []
    for row in reason_breakdown(session, scope, by="category")["rows"]:
        units = {entry["reason"]: entry["units"] for entry in row["reasons"]}
        finding = judge(CategoryReasons(row["key"], units), limits)
        if finding:
            numbers = rma_numbers(session, scope, OrderLine.category == row["key"], RmaLine.reason.in_(SIZE_REASONS))
            findings.append(with_returns(finding, numbers))
    return findings
