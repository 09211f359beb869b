"""Customers with abnormal return patterns (→ risk): many returns, on most of their orders.

Both a count and a rate: a loyal customer with fifty orders and eight returns is fine, and so is
someone who returned their only order.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...models import Order
from .. import rate
from ..filters import AnalyticsFilter
from ..return_rates import count_by
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


def judge(counts: CustomerCounts, limits: Thresholds) -> Finding | None:
    if counts.returns < limits.customer_min_returns or not counts.orders:
        return None
    own = counts.orders_with_returns / counts.orders
    population = counts.population_order_rate
    if own < limits.customer_min_order_rate or own < limits.customer_rate_multiple * population:
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


def find(session: Session, scope: AnalyticsFilter, limits: Thresholds) -> list[Finding]:
    per_customer = count_by(session, scope, Order.customer_id)
    placed = sum(counts.orders_placed for counts in per_customer.values())
    with_returns_total = sum(counts.orders_with_returns for counts in per_customer.values())
    population = rate(with_returns_total, placed)
    returns = returns_per_customer(session, scope)
    candidates = [customer for customer, count in returns.items() if count >= limits.customer_min_returns]
    emails = customer_emails(session, candidates)
    findings = []
    for customer in sorted(candidates, key=lambda c: emails.get(c, "")):
        counts = per_customer.get(customer)
        if counts is None:
            continue
        found = judge(
            CustomerCounts(
                emails.get(customer, str(customer)),
                counts.orders_placed,
                counts.orders_with_returns,
                returns[customer],
                population,
            ),
            limits,
        )
        if found:
            findings.append(with_returns(found, rma_numbers(session, scope, Order.customer_id == customer)))
    return findings
