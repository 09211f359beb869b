"""Which parcel each line of an approved return travels in, and how the customer may hand it over.

Design choice: one parcel per destination. A return with a faulty phone and a jacket gives two
parcels (repair centre, main warehouse), each with its own page in the label PDF; lines the
customer keeps form a parcel with no label. Nothing here is stored: the route is computed from
the RMA and configuration each time, so fixing an address in routing/destinations.yml fixes
every label not yet posted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..config import get_settings
from ..models import Rma
from ..policy import Policy
from ..policy.current import get_policy
from ..policy.schema import ReturnMethod, Subject
from .destinations import Destination, Routing, load_routing


@dataclass(frozen=True)
class ParcelLine:
    line_no: int
    sku: str
    name: str
    quantity: int
    reason: str
    route_id: str


@dataclass(frozen=True)
class Parcel:
    destination: Destination
    lines: tuple[ParcelLine, ...]
    methods: tuple[ReturnMethod, ...] = field(default=())

    @property
    def ships(self) -> bool:
        return self.destination.ships


@lru_cache
def get_routing() -> Routing:
    """The routing file read against the policy in force (its categories and currency)."""
    policy = get_policy()
    return load_routing(get_settings().routing_file, categories=policy.categories, currency=policy.currency)


def parcels_of(rma: Rma, policy: Policy, routing: Routing) -> list[Parcel]:
    """The return's lines grouped by destination: shipping parcels first, in routing-file order."""
    grouped: dict[str, list[ParcelLine]] = {}
    subjects: dict[str, list[Subject]] = {}
    tier = rma.order.customer.tier
    for line in sorted(rma.lines, key=lambda item: item.order_line.line_no):
        ordered = line.order_line
        destination, route_id = routing.destination_for(
            category=ordered.category, reason=line.reason, unit_price_minor=ordered.unit_price_minor
        )
        grouped.setdefault(destination.id, []).append(
            ParcelLine(ordered.line_no, ordered.sku, ordered.name, line.quantity, line.reason, route_id)
        )
        subjects.setdefault(destination.id, []).append(
            Subject(
                category=ordered.category,
                sku=ordered.sku,
                tags=frozenset(ordered.tags or ()),
                final_sale=ordered.final_sale,
                tier=tier,
                reason=line.reason,
                fault=policy.fault_of(line.reason),
            )
        )
    order = list(routing.destinations)
    parcels = []
    for destination_id in sorted(grouped, key=lambda d: (not routing.destinations[d].ships, order.index(d))):
        destination = routing.destinations[destination_id]
        methods = (
            tuple(m for m in policy.return_methods if m.allows(subjects[destination_id])) if destination.ships else ()
        )
        parcels.append(Parcel(destination, tuple(grouped[destination_id]), methods))
    return parcels
