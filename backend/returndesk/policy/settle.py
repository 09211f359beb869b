"""Who pays the return shipping, and what each way of settling costs the shop.

The cost estimates let a later component offer first the cheapest resolution the customer
accepts. They are estimates in minor units, and may be negative (resale recovery above the
money handed back): they rank options, they are not booked anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..kit.money import percent_of
from .assess import Fired, LineAssessment
from .decision import FaultSide, ResolutionOption
from .explain import say
from .schema import Policy

# When lines of one parcel disagree, the shop's side wins: one label, and if any item in the
# box is the shop's (or the carrier's) fault, the customer should not pay to send it back.
_PAYER_RANK = {FaultSide.MERCHANT: 2, FaultSide.CARRIER: 1, FaultSide.CUSTOMER: 0}


def shipping_payer(policy: Policy, lines: Sequence[LineAssessment]) -> tuple[FaultSide, Fired]:
    for rule_id, when in policy.shipping.free_returns:
        if any(when.matches(line.subject) for line in lines):
            return FaultSide.MERCHANT, Fired(rule_id)
    payers = [policy.shipping.payer[line.fault] for line in lines] or [FaultSide.CUSTOMER]
    payer = max(payers, key=_PAYER_RANK.__getitem__)
    if payer is FaultSide.CUSTOMER:
        return payer, Fired("shipping.customer_pays")
    return payer, Fired("shipping.merchant_pays")


def resolution_options(
    policy: Policy,
    locale: str,
    lines: Sequence[LineAssessment],
    refund_minor: int,
    payer: FaultSide,
    preferred: str | None,
) -> tuple[ResolutionOption, ...]:
    costs = policy.costs
    goods = sum(line.value_minor for line in lines)
    # The shop pays for the label whenever the customer does not.
    shipping = policy.shipping.label_cost_minor if payer is not FaultSide.CUSTOMER else 0
    recovery = sum(percent_of(line.value_minor, costs.recovery(line.subject.category)) for line in lines)
    overhead = shipping + costs.handling_minor - recovery
    options = []
    for res in policy.resolutions:
        if not all(res.when.matches(line.subject) and line.allows(res.kind) for line in lines):
            continue
        bonus = 0
        if res.kind == "refund":
            amount, cost = refund_minor, refund_minor + overhead
        elif res.kind == "store_credit":
            bonus = percent_of(refund_minor, res.bonus_percent)
            amount = refund_minor + bonus
            # Credit is spent on goods: it costs the shop what those goods cost it.
            cost = percent_of(amount, costs.goods_cost_percent) + overhead
        else:  # exchange: the same goods again, sent out once more
            amount = goods
            cost = percent_of(goods, costs.goods_cost_percent) + costs.outbound_shipping_minor + overhead
        text = say(
            policy, locale, "resolutions", res.kind, {"amount_minor": amount, "bonus_percent": res.bonus_percent}
        )
        options.append(ResolutionOption(res.kind, text, amount, bonus, cost))
    options.sort(key=lambda option: option.kind != preferred)  # stable: policy order otherwise
    return tuple(options)
