"""'Not as described' rising for a SKU (→ marketing: photos and descriptions).

Measured per unit sold — units returned as not-as-described per unit sold — in the last weeks of
the range against the weeks before, so a SKU that simply sells more does not look worse.
Orders of the last days have had little time to come back yet; that only makes the recent rate
look lower, never a false rise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Order, OrderLine, Product, RmaLine
from ..filters import AnalyticsFilter
from ..rollups import rollups_ready
from . import rollup_counts
from .findings import Finding, percent, times
from .queries import recent_and_earlier, returned_units_by, rma_numbers, units_sold_by, with_returns
from .thresholds import Thresholds

RULE = "not_as_described_rising"
REASON = "not_as_described"


@dataclass(frozen=True)
class NadCounts:
    sku: str
    name: str
    recent_sold: int
    recent_nad: int
    earlier_sold: int
    earlier_nad: int
    weeks: int


def judge(counts: NadCounts, limits: Thresholds) -> Finding | None:
    if counts.recent_nad < limits.nad_min_recent_units or counts.earlier_sold < limits.nad_min_earlier_units_sold:
        return None
    recent = counts.recent_nad / counts.recent_sold
    earlier = counts.earlier_nad / counts.earlier_sold
    if recent < limits.nad_rise_multiple * earlier:
        return None
    rise = f"{times(recent / earlier)} the rate before" if earlier else "none before"
    return Finding(
        rule=RULE,
        owner="marketing",
        title=f"'Not as described' returns of {counts.sku} are rising: {percent(recent)} of units sold, {rise}",
        detail=(
            f"{counts.name} ({counts.sku}): {counts.recent_nad} of {counts.recent_sold} units sold in the last "
            f"{counts.weeks} weeks came back as not as described ({percent(recent)}), against "
            f"{counts.earlier_nad} of {counts.earlier_sold} before ({percent(earlier)})."
        ),
        suggested_action=(
            "Compare the product page with the item: retake photos in neutral light, correct colour, size and "
            "material in the description, and check what changed on the page recently."
        ),
        subject_kind="sku",
        subject_key=counts.sku,
        metrics={
            "recent_units_sold": counts.recent_sold,
            "recent_not_as_described": counts.recent_nad,
            "recent_rate": round(recent, 4),
            "earlier_units_sold": counts.earlier_sold,
            "earlier_not_as_described": counts.earlier_nad,
            "earlier_rate": round(earlier, 4),
        },
    )


def _nad_units(session: Session, scope: AnalyticsFilter, rollups: bool) -> dict[str, int]:
    if rollups:
        return rollup_counts.returned_units_per_sku(session, scope, REASON)
    return returned_units_by(session, scope, OrderLine.sku, RmaLine.reason == REASON)


def _units_sold(session: Session, scope: AnalyticsFilter, skus: list[str], rollups: bool) -> dict[str, int]:
    if rollups:
        return rollup_counts.units_sold_per_sku(session, scope, skus)
    return units_sold_by(session, scope, OrderLine.sku, OrderLine.sku.in_(skus))


def find(session: Session, scope: AnalyticsFilter, limits: Thresholds) -> list[Finding]:
    recent, earlier = recent_and_earlier(scope, scope.date_to - limits.recent + timedelta(days=1))
    if earlier is None:
        return []  # the range is all "recent": nothing to compare with
    nad = RmaLine.reason == REASON
    rollups = rollups_ready(session)
    recent_nad, earlier_nad = (_nad_units(session, part, rollups) for part in (recent, earlier))
    candidates = [sku for sku, units in recent_nad.items() if units >= limits.nad_min_recent_units]
    if not candidates:
        return []
    recent_sold, earlier_sold = (_units_sold(session, part, candidates, rollups) for part in (recent, earlier))
    names = dict(session.execute(select(Product.sku, Product.name).where(Product.sku.in_(candidates))).tuples().all())
    weeks = round(limits.recent / timedelta(weeks=1))
    findings = []
    for sku in sorted(candidates):
        counts = NadCounts(
            sku,
            names.get(sku, sku),
            recent_sold.get(sku, 0),
            recent_nad[sku],
            earlier_sold.get(sku, 0),
            earlier_nad.get(sku, 0),
            weeks,
        )
        finding = judge(counts, limits)
        if finding:
            numbers = rma_numbers(session, recent, OrderLine.sku == sku, nad, Order.placed_at >= recent.start)
            findings.append(with_returns(finding, numbers))
    return findings
