"""'Damaged in transit' concentrated on one carrier or one warehouse (→ logistics: packaging).

Each carrier (warehouse) is compared with all the others together, per unit shipped, so a big
carrier is not blamed for its volume. Carriers are judged first; warehouses then without the
parcels of a carrier already found, so one bad carrier cannot make the warehouse that happened
to hand it more parcels look bad too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import InstrumentedAttribute, Session

from ...models import Order, RmaLine
from .. import rate
from ..filters import AnalyticsFilter
from ..rollups import rollups_ready
from . import rollup_counts
from .findings import Finding, SubjectKind, percent, times
from .queries import returned_units_by, rma_numbers, units_sold_by, with_returns
from .thresholds import Thresholds

RULE = "transit_damage_concentrated"
REASON = "damaged_in_transit"
COLUMNS: dict[SubjectKind, InstrumentedAttribute[str | None]] = {
    "carrier": Order.carrier,
    "warehouse": Order.ships_from,
}


@dataclass(frozen=True)
class DamageCounts:
    kind: SubjectKind  # carrier | warehouse
    name: str
    units_shipped: int
    units_damaged: int
    others_shipped: int
    others_damaged: int


def judge(counts: DamageCounts, limits: Thresholds) -> Finding | None:
    if counts.units_damaged < limits.damage_min_units or not counts.units_shipped:
        return None
    own, others = counts.units_damaged / counts.units_shipped, rate(counts.others_damaged, counts.others_shipped)
    if others and own < limits.damage_multiple * others:
        return None
    vs = f"{times(own / others)} the others' rate" if others else "the others have none"
    what = "carrier" if counts.kind == "carrier" else "warehouse"
    return Finding(
        rule=RULE,
        owner="logistics",
        title=f"Parcels via {what} {counts.name} arrive damaged {vs}",
        detail=(
            f"{counts.units_damaged} of {counts.units_shipped} units shipped via {counts.name} came back as damaged "
            f"in transit ({percent(own)}), against {percent(others)} for the other {what}s."
        ),
        suggested_action=(
            f"Review packaging for parcels via {counts.name} (fragile goods first), raise the damage rate with "
            f"the {what}, and claim the damaged returns from them."
        ),
        subject_kind=counts.kind,
        subject_key=counts.name,
        metrics={
            "units_shipped": counts.units_shipped,
            "units_damaged": counts.units_damaged,
            "damage_rate": round(own, 4),
            "others_damage_rate": round(others, 4),
        },
    )


def find(session: Session, scope: AnalyticsFilter, limits: Thresholds) -> list[Finding]:
    findings: list[Finding] = []
    damaged = RmaLine.reason == REASON
    for kind, column in COLUMNS.items():
        found_carriers = [f.subject_key for f in findings if f.subject_kind == "carrier"]
        others = [Order.carrier.is_(None) | Order.carrier.not_in(found_carriers)] if found_carriers else []
        if rollups_ready(session):
            shipped, broken = rollup_counts.shipped_and_damaged(session, scope, kind, found_carriers)
        else:
            shipped = units_sold_by(session, scope, column, *others)
            broken = returned_units_by(session, scope, column, damaged, *others)
        total_shipped, total_broken = sum(shipped.values()), sum(broken.values())
        for name in sorted(shipped):
            own_broken = broken.get(name, 0)
            counts = DamageCounts(
                kind, name, shipped[name], own_broken, total_shipped - shipped[name], total_broken - own_broken
            )
            finding = judge(counts, limits)
            if finding:
                numbers = rma_numbers(session, scope, column == name, damaged, *others)
                findings.append(with_returns(finding, numbers))
    return findings
