"""What a return gives back, line by line: a pure function, table-tested like the policy.

Per RMA line: what was paid for the units sent back (unit price × quantity), less the line's
share of any order-level discount, less the restocking fee the policy decided for the line,
less the line's share of the return label when the policy deducts it from the refund. Never
more than is still unrefunded on the order line (a keep-item offer may have paid part of it).

Shares are pro-rated by value with the largest-remainder method, so the parts add up to the
whole to the cent: 10.00 split over three equal lines is 3.34 + 3.33 + 3.33, never 9.99.
Orders carry no order-level discount today (models/order.py has none); the parameter is here
so the rule is written and tested once the shop starts sending one.

The outbound delivery a policy gives back (`shipping.outbound_refund`, in the decision as
`outbound_shipping_refund_minor`) is not any line's: it is paid as its own ledger entry with no
order line, against the order's shipping balance (`orders.shipping_refunded_minor`, at most
`shipping_paid_minor`; ledger/service.py). `delivery_refund` says how much of it a refund pays.
It is kept apart from the lines so the label deduction reads right.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReturnedLine:
    line_no: int
    unit_price_minor: int
    quantity: int  # units sent back (or kept, on the returnless path)
    restocking_fee_minor: int = 0
    unrefunded_minor: int | None = None  # what is left on the order line; None: all of it

    @property
    def paid_minor(self) -> int:
        return self.unit_price_minor * self.quantity


@dataclass(frozen=True)
class LineRefund:
    line_no: int
    paid_minor: int
    discount_minor: int
    restocking_fee_minor: int
    label_deduction_minor: int
    amount_minor: int


def split_by_weight(total_minor: int, weights: Sequence[int]) -> list[int]:
    """`total_minor` in parts proportional to `weights` that add up exactly (largest remainder)."""
    whole = sum(weights)
    if total_minor <= 0 or whole <= 0:
        return [0] * len(weights)
    floors = [total_minor * weight // whole for weight in weights]
    remainders = sorted(
        range(len(weights)), key=lambda i: (-(total_minor * weights[i] % whole), i)
    )  # ties: the earlier line takes the extra cent
    for i in remainders[: total_minor - sum(floors)]:
        floors[i] += 1
    return floors


def refund_amounts(
    lines: Sequence[ReturnedLine],
    *,
    label_deducted_minor: int = 0,
    order_discount_minor: int = 0,
    order_goods_minor: int | None = None,
) -> list[LineRefund]:
    """The refund per returned line. `order_goods_minor` is the value of the whole order's goods
    (the discount was given on all of it, so a returned line carries only its share)."""
    paid = [line.paid_minor for line in lines]
    goods = order_goods_minor if order_goods_minor is not None else sum(paid)
    discounts = [
        min(p, order_discount_minor * p // goods) if goods else 0 for p in paid
    ]  # each line's share of the order's discount, rounded down: never over-deduct
    fees = [min(line.restocking_fee_minor, p - d) for line, p, d in zip(lines, paid, discounts, strict=True)]
    before_label = [p - d - f for p, d, f in zip(paid, discounts, fees, strict=True)]
    label = split_by_weight(min(label_deducted_minor, sum(before_label)), before_label)
    result = []
    for line, p, d, f, lab, left in zip(lines, paid, discounts, fees, label, before_label, strict=True):
        amount = left - lab
        if line.unrefunded_minor is not None:
            amount = min(amount, line.unrefunded_minor)
        result.append(LineRefund(line.line_no, p, d, f, lab, max(0, amount)))
    return result


def from_decision(decision: Mapping[str, Any]) -> tuple[dict[str, int], int]:
    """The restocking fee per line (by line number) and the label deducted, from a stored decision.

    The engine's refund estimate is goods − fees − deducted label + any outbound delivery given
    back, and each line's estimate is its goods − fee; so what was deducted for the label is the
    difference of the two once the outbound delivery is taken out.
    """
    lines = decision.get("lines") or []
    fees = {str(line["line_id"]): int(line.get("restocking_fee_minor") or 0) for line in lines}
    per_line = sum(int(line.get("refund_estimate_minor") or 0) for line in lines)
    goods_refund = int(decision.get("refund_estimate_minor") or 0) - int(
        decision.get("outbound_shipping_refund_minor") or 0
    )
    deducted = max(0, per_line - goods_refund)
    return fees, deducted


def delivery_refund(decision: Mapping[str, Any], *, whole_return_arrived: bool, shipping_left_minor: int) -> int:
    """The outbound delivery this refund gives back: what the decision promised, only when every
    unit of the return arrived (or is kept) — the promise was for the whole order coming back, so
    a partial receipt pays none of it — and never more than is still unrefunded of the delivery."""
    promised = int(decision.get("outbound_shipping_refund_minor") or 0)
    if not whole_return_arrived or promised <= 0:
        return 0
    return max(0, min(promised, shipping_left_minor))
