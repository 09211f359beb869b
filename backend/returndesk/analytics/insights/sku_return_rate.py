"""A SKU that comes back far more often than the rest of its category (→ product: design, quality).

The SKU is compared with the *other* items of its category, so one bad SKU cannot hide by
raising its own benchmark.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...models import OrderLine
from .. import rate
from ..filters import AnalyticsFilter
from ..names import category_in_sentence
from ..rollups import rollups_ready
from . import rollup_counts
from .findings import Finding, excess_sigmas, percent, times
from .queries import returned_units_by, rma_numbers, sku_sales, with_returns
from .thresholds import Thresholds

RULE = "sku_return_rate_above_category"


@dataclass(frozen=True)
class SkuCounts:
    sku: str
    name: str
    category: str
    units_sold: int
    units_returned: int
    others_sold: int  # the rest of the category
    others_returned: int


def judge(counts: SkuCounts, limits: Thresholds) -> Finding | None:
    if counts.units_sold < limits.sku_min_units_sold or counts.units_returned < limits.sku_min_units_returned:
        return None
    own, others = counts.units_returned / counts.units_sold, rate(counts.others_returned, counts.others_sold)
    if not others or own < limits.sku_rate_multiple * others:
        return None
    sigmas = excess_sigmas(counts.units_returned, others * counts.units_sold)
    if sigmas < limits.min_excess_sigmas:
        return None
    multiple = own / others
    category = category_in_sentence(counts.category)
    return Finding(
        rule=RULE,
        owner="product",
        title=f"SKU {counts.sku} comes back {times(multiple)} as often as other {category} items",
        detail=(
            f"{counts.name} ({counts.sku}): {counts.units_returned} of {counts.units_sold} units returned "
            f"({percent(own)}), against {percent(others)} for the rest of {category}."
        ),
        suggested_action=(
            "Check the product's design and quality with the supplier: read the returns' reasons and the "
            "warehouse's QC grades, and inspect stock for a bad batch."
        ),
        subject_kind="sku",
        subject_key=counts.sku,
        metrics={
            "units_sold": counts.units_sold,
            "units_returned": counts.units_returned,
            "unit_rate": round(own, 4),
            "category_rate_without_sku": round(others, 4),
            "multiple": round(multiple, 2),
            "excess_sigmas": round(sigmas, 1),
        },
    )


def _sales_and_returns(session: Session, scope: AnalyticsFilter) -> tuple[dict[str, tuple], dict[str, int]]:
    """(name, category, units sold) and units returned per SKU: from the rollups once filled."""
    if rollups_ready(session):
        both = rollup_counts.sku_sales_and_returns(session, scope)
        return {sku: row[:3] for sku, row in both.items()}, {sku: row[3] for sku, row in both.items()}
    return sku_sales(session, scope), returned_units_by(session, scope, OrderLine.sku)


def find(session: Session, scope: AnalyticsFilter, limits: Thresholds) -> list[Finding]:
    sales, returned = _sales_and_returns(session, scope)
    category_sold: dict[str, int] = defaultdict(int)
    category_returned: dict[str, int] = defaultdict(int)
    for sku, (_, category, units) in sales.items():
        category_sold[category] += units
        category_returned[category] += returned.get(sku, 0)
    findings = []
    for sku, (name, category, units) in sorted(sales.items()):
        back = returned.get(sku, 0)
        counts = SkuCounts(
            sku, name, category, units, back, category_sold[category] - units, category_returned[category] - back
        )
        finding = judge(counts, limits)
        if finding:
            findings.append(with_returns(finding, rma_numbers(session, scope, OrderLine.sku == sku)))
    return findings
