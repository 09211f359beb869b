"""Which keep-the-item offers the bot would have made on a generated line, by the default policy.

Mirrors policy/keep_item.py on the generator's plain numbers (the real function needs a whole
policy assessment per line, too slow for a million lines): a rung is offered only when it costs
the shop less than the physical return, so "cost avoided by keep-item offers" is never negative.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import documents
from .profile import HANDLING_MINOR, LABEL_COST_MINOR, RECOVERY_PERCENT

if TYPE_CHECKING:  # orders.py asks this module which lines can be kept
    from .orders import Wanted

KEEP_ITEM_RUNGS = ((1, 0.20), (2, 0.35))  # the default policy's first two rungs


def return_cost_minor(wanted: Wanted) -> int:
    """What sending the units back would cost the shop, as policy/keep_item.py estimates it: the
    refund (less the label when the customer pays it), handling, the label when the shop pays it,
    minus what the item recovers when resold."""
    value = wanted.line.product.price_minor * wanted.quantity
    customer_pays = documents.shipping_payer([wanted.reason]) == "customer"
    refund = max(0, value - (LABEL_COST_MINOR if customer_pays else 0))
    shop_label = 0 if customer_pays else LABEL_COST_MINOR
    recovered = value * RECOVERY_PERCENT[wanted.line.product.category] // 100
    return refund + HANDLING_MINOR + shop_label - recovered


def keep_item_rungs(wanted: Wanted) -> list[tuple[int, int]]:
    """(rung, amount) the bot would offer: like the service, only rungs cheaper than the return."""
    cost = return_cost_minor(wanted)
    rungs = []
    for rung, share in KEEP_ITEM_RUNGS:
        amount = max(1, round(wanted.line.product.price_minor * share)) * wanted.quantity
        if amount < cost:
            rungs.append((rung, amount))
    return rungs
