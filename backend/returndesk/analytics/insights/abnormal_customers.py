"""Customers with abnormal return patterns (→ risk): many returns, on most of their orders.

Both a count and a rate: a loyal customer with fifty orders and eight returns is fine, and so is
someone who returned their only order. And beyond chance: among a million customers, some return
8 of 12 orders by bad luck alone, so the pattern must be one a customer who returns like everybody
else would show less than once in a million (binomial tail).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Order, Rma
from .. import rate
from ..filters import AnalyticsFilter, counted_returns
from ..rollups import FREQUENT_RETURNS_FLOOR, rollups_ready
from . import rollup_counts
from .findings import Finding, percent, times
from .queries import customer_emails, returns_per_customer, rma_numbers, with_returns
from .thresholds import Thresholds

RULE = "abnormal_customer_returns"


@dataclass(frozen=True)
class CustomerCounts:
    email: str
    orders: int
    orders_with_returns: int
    returns: int
    population_order_rate: float  # all customers' orders with a return, per order


def chance(orders: int, with_returns: int, population_rate: float) -> float:
    """P(at least `with_returns` of `orders` come back) for a customer returning like the population."""
    p = population_rate
    return sum(math.comb(orders, k) * p**k * (1 - p) ** (orders - k) for k in range(with_returns, orders + 1))


def judge(counts: CustomerCounts, limits: Thresholds) -> Finding | None:
    if counts.returns < limits.customer_min_returns or not counts.orders:
        return None
    own = counts.orders_with_returns / counts.orders
    population = counts.population_order_rate
    if own < limits.customer_min_order_rate or own < limits.customer_rate_multiple * population:
        return None
    if population and chance(counts.orders, counts.orders_with_returns, population) > limits.customer_max_chance:
        return None
    return Finding(
        rule=RULE,
        owner="risk",
        title=f"Customer {counts.email} returned {percent(own)} of their orders",
        detail=(
            f"{counts.returns} returns on {counts.orders_with_returns} of {counts.orders} orders "
            f"({percent(own)}), {times(own / population) if population else 'far above'} the rate of all customers "
            f"({percent(population)})."
        ),
        suggested_action=(
            "Review the customer's returns and QC findings for wardrobing or empty-box claims; if confirmed, "
            "route their next returns to review or limit free returns for them."
        ),
        subject_kind="customer",
        subject_key=counts.email,
        metrics={
            "orders": counts.orders,
            "orders_with_returns": counts.orders_with_returns,
            "returns": counts.returns,
            "order_return_rate": round(own, 4),
            "population_order_rate": round(population, 4),
        },
    )


def _orders(session: Session, scope: AnalyticsFilter, customers: list[int] | None) -> dict[int | None, tuple]:
    """(orders placed, orders with a counted return) per customer, or for everybody (key None)."""
    has_return = select(Rma.id).where(Rma.order_id == Order.id, counted_returns()).correlate(Order).exists()
    key = Order.customer_id if customers is not None else None
    columns = [func.count(Order.id), func.count(Order.id).filter(has_return)]
    query = select(*(([key] if key is not None else []) + columns)).where(
        Order.placed_at >= scope.start, Order.placed_at < scope.end
    )
    if customers is not None:
        query = query.where(Order.customer_id.in_(customers)).group_by(Order.customer_id)
        return {row[0]: (int(row[1]), int(row[2])) for row in session.execute(query)}
    placed, returned = session.execute(query).one()
    return {None: (int(placed), int(returned or 0))}


def _everybody(session: Session, scope: AnalyticsFilter) -> tuple[int, int]:
    return _orders(session, scope, None)[None]


def _returns_per_customer(session: Session, scope: AnalyticsFilter, limits: Thresholds) -> dict[int, int]:
    if limits.customer_min_returns >= FREQUENT_RETURNS_FLOOR and rollups_ready(session):
        # Only customers with that many returns ever can have them in the range: a few thousand
        # instead of every customer who returned anything.
        return rollup_counts.frequent_returns_per_customer(session, scope)
    return returns_per_customer(session, scope)


def find(session: Session, scope: AnalyticsFilter, limits: Thresholds) -> list[Finding]:
    returns = _returns_per_customer(session, scope, limits)
    candidates = [customer for customer, count in returns.items() if count >= limits.customer_min_returns]
    if not candidates:
        return []
    everybody = rollup_counts.orders_with_returns if rollups_ready(session) else _everybody
    placed, returned = everybody(session, scope)
    population = rate(returned, placed)
    per_customer = _orders(session, scope, candidates)
    emails = customer_emails(session, candidates)
    findings = []
    for customer in sorted(candidates, key=lambda c: emails.get(c, "")):
        orders, with_returns_count = per_customer.get(customer, (0, 0))
        counts = CustomerCounts(emails.get(customer, str(customer)), orders, with_returns_count, returns[customer],
                                population)  # fmt: skip
        found = judge(counts, limits)
        if found:
            findings.append(with_returns(found, rma_numbers(session, scope, Order.customer_id == customer)))
    return findings
