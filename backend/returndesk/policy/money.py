"""Money in the policy: the fees and the refund estimate of a return.

Amounts are integer minor units (`kit/money.py`). A refund estimate is never negative and never
more than the value of the goods returned (the service separately refuses refunds above what was
paid).
"""

from __future__ import annotations

from decimal import Decimal

from ..kit.money import percent_of


def restocking_fee(line_value: int, quantity: int, *, percent: Decimal | None, fixed_minor: int | None) -> int:
    """A percent of the line's value, or a fixed amount per returned unit; at most the value."""
    fee = percent_of(line_value, percent) if percent is not None else (fixed_minor or 0) * quantity
    return min(fee, line_value)


def refund_estimate(goods_minor: int, fees_minor: int, label_deducted_minor: int) -> int:
    return max(0, goods_minor - fees_minor - label_deducted_minor)
