"""'Damaged in transit' concentrated on one carrier or one warehouse (→ logistics: packaging).

Each carrier (warehouse) is compared with all the others together, per unit shipped, so a big
carrier is not blamed for its volume.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...models import Order, RmaLine
from .. import rate
from ..filters import AnalyticsFilter
from ..return_rates import count_by
from .findings import Finding, SubjectKind, percent, times
from .queries import returned_units_by, rma_numbers, with_returns
from .thresholds import Thresholds

RULE = "transit_damage_concentrated"
REASON = "damaged_in_transit"
COLUMNS = {"carrier": Order.carrier, "warehouse": Order.ships_from}


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
    findings = []
    damaged = RmaLine.reason == REASON
    for kind, column in COLUMNS.items():
        shipped = {key: counts.units_sold for key, counts in count_by(session, scope, column).items() if key}
        broken = returned_units_by(session, scope, column, damaged)
        total_shipped, total_broken = sum(shipped.values()), sum(broken.values())
        for name in sorted(shipped):
            own_broken = broken.get(name, 0)
            counts = DamageCounts(
                kind, name, shipped[name], own_broken, total_shipped - shipped[name], total_broken - own_broken
            )
            finding = judge(counts, limits)
            if finding:
                findings.append(with_returns(finding, rma_numbers(session, scope, column == name, damaged)))
    return findings
