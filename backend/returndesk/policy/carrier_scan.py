"""Refund on carrier scan: pay a trusted customer back when the carrier has the parcel, not weeks
later when the warehouse has inspected it.

Trust is written in the policy's own terms, from the facts every decision already carries
(`Purchase`): enough orders in the last year to judge by, a share of them returned no higher
than the shop accepts, and optionally only some tiers. A customer the policy does not trust, or
a policy without `refund_on_carrier_scan:`, waits for the warehouse as before.

    refund_on_carrier_scan:
      on: in_transit            # the carrier's first scan; or `delivered` (at the warehouse)
      trusted:
        min_orders: 3           # orders in the last year
        max_return_rate: 0.3    # share of those orders with a return
        tiers: [gold, silver]   # optional: only these tiers
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kit.yamlnodes import Y
from .facts import Purchase

SCAN_EVENTS = ("in_transit", "delivered")  # in the order a parcel meets them


@dataclass(frozen=True)
class TrustedCustomer:
    min_orders: int = 0
    max_return_rate: float = 1.0
    tiers: frozenset[str] = frozenset()  # empty: every tier


@dataclass(frozen=True)
class CarrierScanRefund:
    on: str  # in_transit | delivered: the carrier event that triggers the refund
    trusted: TrustedCustomer


def read_carrier_scan_refund(node: Y, tiers: tuple[str, ...]) -> CarrierScanRefund:
    fields = node.fields({"on", "trusted"}, set())
    trusted = fields["trusted"].fields(set(), {"min_orders", "max_return_rate", "tiers"})
    named = frozenset(trusted["tiers"].choices(tiers, "tier")) if "tiers" in trusted else frozenset()
    return CarrierScanRefund(
        on=fields["on"].choice(SCAN_EVENTS, "carrier event"),
        trusted=TrustedCustomer(
            min_orders=trusted["min_orders"].whole("a number of orders") if "min_orders" in trusted else 0,
            max_return_rate=trusted["max_return_rate"].number("a share of orders", 0, 1)
            if "max_return_rate" in trusted
            else 1.0,
            tiers=named,
        ),
    )


def untrusted_because(trusted: TrustedCustomer, purchase: Purchase) -> str | None:
    """None when the customer is trusted; else why not, as a sentence an agent can read."""
    if trusted.tiers and purchase.customer_tier not in trusted.tiers:
        return f"the customer's tier ({purchase.customer_tier}) is not one of {', '.join(sorted(trusted.tiers))}"
    if purchase.recent_order_count < trusted.min_orders:
        return f"the customer has {purchase.recent_order_count} order(s) this year, fewer than {trusted.min_orders}"
    if purchase.recent_return_rate > trusted.max_return_rate:
        return (
            f"the customer returned {purchase.recent_return_rate:.0%} of this year's orders, "
            f"more than {trusted.max_return_rate:.0%}"
        )
    return None


def refund_on_scan(rule: CarrierScanRefund | None, purchase: Purchase, event: str) -> str | None:
    """None when `event` refunds this return now; else why not (no rule, another event, not trusted)."""
    if rule is None:
        return "the policy does not refund on a carrier scan"
    # A later scan proves the earlier one happened: a parcel delivered without an in-transit event
    # (a carrier that skipped it, or one lost) is refunded on its delivery.
    if event not in SCAN_EVENTS or SCAN_EVENTS.index(event) < SCAN_EVENTS.index(rule.on):
        return f"the policy refunds on the carrier's {rule.on.replace('_', ' ')} scan, not this one"
    return untrusted_because(rule.trusted, purchase)
