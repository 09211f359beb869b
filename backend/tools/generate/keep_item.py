"""Which keep-the-item offers the bot would have made on a generated line: the policy's own
`keep_item_offers` (which items, up to what value, the ladder) and `costs`, through the pieces of
policy/keep_item.py that need no assessment.

The service's `keep_item_ladder` assesses the whole line first, too slow for a million lines; here
the generator's plain numbers stand in for the assessment (no restocking fee, its own label
payer). As in the service, a rung is offered only when it costs the shop less than the physical
return, so "cost avoided by keep-item offers" is never negative. The bot's authority caps are
left out: generated history assumes the bot's limits covered what it offered.
"""

from __future__ import annotations

from returndesk.policy import Policy
from returndesk.policy.keep_item import Rung, not_covered, offered_rungs, return_cost_minor
from returndesk.policy.reasons import REASON_FAULT
from returndesk.policy.schema import Subject

from . import documents
from .world import Product


def return_cost(policy: Policy, product: Product, quantity: int, reason: str) -> int:
    """What sending the units back would cost the shop, as the service estimates it."""
    return return_cost_minor(
        policy,
        value_minor=product.price_minor * quantity,
        fee_minor=0,
        category=product.category,
        customer_pays=documents.shipping_payer([reason]) == "customer",
    )


def keep_item_rungs(policy: Policy, product: Product, quantity: int, reason: str, tier: str) -> tuple[Rung, ...]:
    """The rungs the bot would offer for `quantity` units kept for `reason` (rung n is the n-th)."""
    offers = policy.keep_item_offers
    value = product.price_minor * quantity
    subject = Subject(
        product.category, product.sku, frozenset(product.tags), product.final_sale, tier, reason, REASON_FAULT[reason]
    )
    if offers is None or not_covered(offers, subject, value):
        return ()
    return offered_rungs(policy, value, return_cost(policy, product, quantity, reason))
