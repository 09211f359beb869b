"""An exchange's price difference under the policy: who pays when the replacement costs more or less.

Pure: two unit prices and a quantity in, the settlement out. The policy's exchange resolution says
it (`resolutions.exchange.price_difference`, policies/README.md); without the key a dearer variant
is paid by the customer and a cheaper one's difference is refunded, as the exchange flow always did.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Policy

DEARER_SETTLEMENTS = ("customer_pays", "waived", "not_allowed")
CHEAPER_SETTLEMENTS = ("refund", "not_refunded")


@dataclass(frozen=True)
class PriceDifference:
    # "none" (same price), customer_pays, waived (the shop pays), refund, not_refunded, not_allowed
    settlement: str
    amount_minor: int  # the whole difference over the units, never negative

    @property
    def allowed(self) -> bool:
        return self.settlement != "not_allowed"

    @property
    def customer_owes_minor(self) -> int:
        return self.amount_minor if self.settlement == "customer_pays" else 0

    @property
    def refund_minor(self) -> int:
        return self.amount_minor if self.settlement == "refund" else 0


def price_difference(
    policy: Policy, paid_unit_minor: int, replacement_unit_minor: int, quantity: int
) -> PriceDifference:
    """What happens to the difference when `quantity` units paid at one price come back for another."""
    exchange = next((res for res in policy.resolutions if res.kind == "exchange"), None)
    dearer = exchange.dearer if exchange else "not_allowed"
    cheaper = exchange.cheaper if exchange else "not_refunded"
    amount = abs(replacement_unit_minor - paid_unit_minor) * quantity
    if amount == 0:
        return PriceDifference("none", 0)
    return PriceDifference(dearer if replacement_unit_minor > paid_unit_minor else cheaper, amount)
