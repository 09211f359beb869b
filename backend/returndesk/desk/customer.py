"""One customer as the desk sees them: orders, returns, return rate beside the shop's, earlier
cases and keep-item offers, and the language they speak with us."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..errors import InvalidInput, NotFound
from ..escalation.view import language_name
from ..models import Customer
from ..models.rma_number import format_rma_number
from . import repository as found
from .query import refuse_control_characters
from .search import order_hit

MAX_KEY = 254


def load_customer(session: Session, key: str) -> Customer:
    """By email address or by id; 404 when there is no such customer, 422 for neither."""
    key = key.strip()
    if not key or len(key) > MAX_KEY:
        raise InvalidInput(f"name the customer by email address or id (at most {MAX_KEY} characters)")
    refuse_control_characters(key, "the customer's email address")
    if key.isdigit():
        customer = found.customer_by_id(session, int(key)) if len(key) < 10 else None
    elif "@" in key:
        customer = found.customer_by_email(session, key)
    else:
        raise InvalidInput("name the customer by email address (like ana@example.com) or by id (a number)")
    if customer is None:
        raise NotFound(f"there is no customer {key}")
    return customer


def rate(returned: int, ordered: int) -> float | None:
    return round(returned / ordered, 4) if ordered else None


def customer_view(session: Session, customer: Customer) -> dict[str, Any]:
    orders = found.orders_of(session, customer)
    order_ids = [order.id for order in orders]
    rmas = found.returns_of(session, order_ids)
    cases = found.cases_of(session, customer.email, [order.number for order in orders])
    offers = found.offers_of(session, order_ids)
    counts: dict[int, int] = {}
    for rma in rmas:
        counts[rma.order_id] = counts.get(rma.order_id, 0) + 1
    # The language of the latest conversation or return: what the desk should answer in.
    spoken = [(c.created_at, c.locale) for c in cases] + [(r.created_at, r.locale) for r in rmas]
    locale = max(spoken)[1] if spoken else None
    return {
        "id": customer.id,
        "email": customer.email,
        "name": customer.name,
        "phone": customer.phone,
        "tier": customer.tier,
        "since": customer.created_at,
        "locale": locale,
        "language": language_name(locale) if locale else None,
        "return_rate": rate(found.units_returned(session, customer.id), found.units_ordered(session, customer.id)),
        "shop_return_rate": rate(found.units_returned(session), found.units_ordered(session)),
        "orders": [order_hit(order, counts.get(order.id, 0)).model_dump() for order in orders],
        "returns": [
            {
                "rma_number": format_rma_number(rma.number),
                "order_number": rma.order.number,
                "status": rma.status,
                "created_at": rma.created_at,
                "items": [line.order_line.name for line in rma.lines],
                "refund_estimate_minor": rma.refund_estimate_minor,
                "currency": rma.currency,
            }
            for rma in rmas
        ],
        "cases": [
            {
                "reference": case.reference,
                "status": case.status,
                "trigger": case.trigger,
                "summary": case.summary,
                "created_at": case.created_at,
                "order_number": case.order_number,
            }
            for case in cases
        ],
        "offers": [
            {
                "id": offer.id,
                "kind": offer.kind,
                "status": offer.status,
                "amount_minor": offer.amount_minor,
                "currency": offer.currency,
                "created_at": offer.created_at,
            }
            for offer in offers
        ],
    }
