"""Turning stored orders and a customer's history into the policy engine's facts."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..models import Order, OrderLine, utcnow
from ..policy import Item, Policy, Purchase, ReturnLine, ReturnRequest
from ..policy.current import get_policy
from . import repository

DEFAULT_LOOKBACK_DAYS = 90  # "recent returns" when the policy names no look-back period
RETURN_RATE_DAYS = 365  # share of the last year's orders that came back


def item_facts(line: OrderLine) -> Item:
    return Item(
        line_id=str(line.line_no),
        sku=line.sku,
        category=line.category,
        unit_price_minor=line.unit_price_minor,
        quantity=line.quantity,
        final_sale=line.final_sale,
        tags=frozenset(line.tags),
    )


def purchase_facts(session: Session, order: Order, policy: Policy) -> Purchase:
    """The order as the engine sees it. Days are the shop's calendar days (policy.timezone): a
    parcel signed for at 00:30 in Beijing arrived that Beijing day, not the UTC day before."""
    count, rate, orders = _customer_history(session, order.customer_id, _lookback_days(policy))
    return Purchase(
        placed_on=policy.local_date(order.placed_at),
        delivered_on=policy.local_date(order.delivered_at) if order.delivered_at else None,
        customer_tier=order.customer.tier,
        currency=order.currency,
        order_total_minor=order.total_minor,
        shipping_paid_minor=order.shipping_paid_minor,
        recent_return_count=count,
        recent_return_rate=rate,
        recent_order_count=orders,
        # Only a policy that refunds the outbound delivery asks whether the order is all back.
        goods_returned_before_minor=repository.goods_in_returns(session, order)
        if policy.shipping.outbound_refund
        else 0,
    )


def today(policy: Policy | None = None) -> date:
    """The shop's calendar day now (policy.timezone; default: the policy in force)."""
    return (policy or get_policy()).local_date(utcnow())


def _lookback_days(policy: Policy) -> int:
    rule = policy.review.get("review.frequent_returns")
    return rule.lookback_days if rule is not None and rule.lookback_days else DEFAULT_LOOKBACK_DAYS


def _customer_history(session: Session, customer_id: int, lookback_days: int) -> tuple[int, float, int]:
    """Recent returns, the share of the year's orders that came back, and those orders' count."""
    recent_returns, orders, returned = repository.customer_history(
        session, customer_id, now=utcnow(), lookback_days=lookback_days, year_days=RETURN_RATE_DAYS
    )
    return recent_returns, returned / orders if orders else 0.0, orders


def request_as_json(request: ReturnRequest) -> dict[str, Any]:
    """The engine's input as stored beside its decision, so a dispute can replay it."""
    return _jsonable(asdict(request))


def request_from_json(stored: dict[str, Any]) -> ReturnRequest:
    """The stored engine input back as facts, to decide again (e.g. when evidence arrives)."""
    purchase = dict(stored["purchase"])
    for key in ("placed_on", "delivered_on"):
        purchase[key] = date.fromisoformat(purchase[key]) if purchase.get(key) else None
    lines = tuple(
        ReturnLine(
            item=Item(**{**line["item"], "tags": frozenset(line["item"].get("tags", ()))}),
            quantity=line["quantity"],
            reason=line["reason"],
        )
        for line in stored["lines"]
    )
    return ReturnRequest(
        purchase=Purchase(**purchase),
        lines=lines,
        today=date.fromisoformat(stored["today"]),
        answers=dict(stored.get("answers", {})),
        evidence=dict(stored.get("evidence", {})),
        preferred_resolution=stored.get("preferred_resolution"),
        reason_disputed=stored.get("reason_disputed", False),
        evidence_suspect=stored.get("evidence_suspect", False),
        locale=stored.get("locale", "en"),
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, frozenset | set):
        return sorted(_jsonable(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return value
