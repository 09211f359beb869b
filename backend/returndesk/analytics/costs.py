"""What returns cost the shop beyond the money handed back, and what keep-item offers saved.

The model, in the policy's own terms (``costs:`` and ``shipping:`` of the policy file):
- shipping: the return label for every return that was sent back (it reached in_transit or
  received) when the shop pays it (the stored decision's ``shipping_payer`` is not the
  customer), plus ``outbound_shipping`` for every exchange item sent out;
- handling: ``handling`` per return the warehouse received (receiving, inspecting, restocking);
- loss by QC grade, from ``inventory_movements`` (units that came back, at their unit price):
  resalable goes back to stock, no loss; refurbishable resells at the category's
  ``recovery_percent``, so the rest of the price is lost; unsellable recovers nothing, so the
  shop loses what the goods cost it (``goods_cost_percent`` of the price);
- compensation: refunds and store credit booked without a return (goodwill, partial refunds
  where the customer keeps the item), at face value;
- coupons: coupon ledger entries at face value;
- avoided by keep-item: for every accepted bot offer, what the physical return would have cost
  (``return_cost_minor``, fixed when offered) minus what the offer gave.
Returns count while not rejected or cancelled; money is in the policy's currency.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from ..kit.money import percent_of
from ..models import (
    BotOffer,
    ExchangeOrder,
    InventoryMovement,
    LedgerEntry,
    Order,
    OrderLine,
    Rma,
    RmaEvent,
    RmaLine,
    WarehouseReceipt,
)
from ..policy import Policy
from . import money
from .cycle_times import facts_in, returns_in
from .filters import AnalyticsFilter, counted_returns, order_lines_in
from .rollups import money_daily, money_in, money_sums, return_facts, rollups_ready

GRADES = ("resalable", "refurbishable", "unsellable")
SENT_BACK = ("in_transit", "received")


def return_costs(session: Session, scope: AnalyticsFilter, policy: Policy) -> dict[str, Any]:
    """The `costs` object of GET /analytics/summary."""
    labels, receipts, exchanges = _per_return_counts(session, scope)
    shipping = labels * policy.shipping.label_cost_minor + exchanges * policy.costs.outbound_shipping_minor
    handling = receipts * policy.costs.handling_minor
    loss = loss_by_grade(session, scope, policy)
    compensation, coupons = _ledger_costs(session, scope)
    avoided = _avoided_by_keep_item(session, scope)
    total = shipping + handling + sum(loss.values()) + compensation + coupons
    currency = policy.currency
    return {
        "shipping": money(shipping, currency),
        "handling": money(handling, currency),
        "loss_by_grade": {grade: money(loss[grade], currency) for grade in GRADES},
        "compensation": money(compensation, currency),
        "coupons": money(coupons, currency),
        "total": money(total, currency),
        "avoided_by_keep_item": money(avoided, currency),
    }


def _per_return_counts(session: Session, scope: AnalyticsFilter) -> tuple[int, int, int]:
    """(labels the shop paid, returns received, exchange items sent) for the returns in scope."""
    if rollups_ready(session):
        facts = return_facts.c
        flags = (facts.shop_label, facts.has_receipt, facts.has_exchange)
        query = select(*(func.count().filter(flag) for flag in flags)).where(*facts_in(scope))
        labels, receipts, exchanges = session.execute(query).one()
        return int(labels), int(receipts), int(exchanges)
    sent_back = exists(select(RmaEvent.id).where(RmaEvent.rma_id == Rma.id, RmaEvent.to_status.in_(SENT_BACK)))
    shop_pays = Rma.decision["shipping_payer"].as_string() != "customer"
    query = (
        select(
            func.sum(case((and_(shop_pays, sent_back), 1), else_=0)),
            func.count(WarehouseReceipt.id),
            func.count(ExchangeOrder.id),
        )
        .select_from(Rma)
        .join(Order, Order.id == Rma.order_id)
        .outerjoin(WarehouseReceipt, WarehouseReceipt.rma_id == Rma.id)
        .outerjoin(ExchangeOrder, ExchangeOrder.rma_id == Rma.id)
        .where(*returns_in(scope))
    )
    labels, receipts, exchanges = session.execute(query).one()
    return int(labels or 0), int(receipts or 0), int(exchanges or 0)


def loss_by_grade(session: Session, scope: AnalyticsFilter, policy: Policy) -> dict[str, int]:
    """Minor units lost per grade (see the module docstring), rounded once per grade and category."""
    if rollups_ready(session):
        grade = func.substr(money_daily.c.measure, 6)  # 'loss_unsellable' -> 'unsellable'
        query = (
            select(grade, money_daily.c.category, func.sum(money_daily.c.amount))
            .where(*money_in(scope), money_daily.c.measure.like("loss\\_%"))
            .group_by(grade, money_daily.c.category)
        )
    else:
        query = _live_value_by_grade(scope)
    loss: dict[str, int] = defaultdict(int)
    for grade_name, category, value in session.execute(query):
        if grade_name == "refurbishable":
            loss[grade_name] += percent_of(int(value), Decimal(100) - policy.costs.recovery(category))
        elif grade_name == "unsellable":
            loss[grade_name] += percent_of(int(value), policy.costs.goods_cost_percent)
    return {name: loss[name] for name in GRADES}


def _live_value_by_grade(scope: AnalyticsFilter) -> Any:
    return (
        select(
            InventoryMovement.grade,
            OrderLine.category,
            func.sum(InventoryMovement.quantity * OrderLine.unit_price_minor),
        )
        .join(RmaLine, RmaLine.id == InventoryMovement.rma_line_id)
        .join(Rma, Rma.id == RmaLine.rma_id)
        .join(OrderLine, OrderLine.id == RmaLine.order_line_id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(*order_lines_in(scope), counted_returns())
        .group_by(InventoryMovement.grade, OrderLine.category)
    )


def _ledger_costs(session: Session, scope: AnalyticsFilter) -> tuple[int, int]:
    """(compensation, coupons): money given while the goods stay with the customer, and coupons."""
    if rollups_ready(session):
        given, coupons = money_sums(session, scope, "compensation", "coupons")
        return given, coupons
    compensation = and_(LedgerEntry.kind.in_(("refund", "store_credit")), LedgerEntry.rma_id.is_(None))
    query = (
        select(
            func.sum(case((compensation, LedgerEntry.amount_minor), else_=0)),
            func.sum(case((LedgerEntry.kind == "coupon", LedgerEntry.amount_minor), else_=0)),
        )
        .select_from(LedgerEntry)
        .join(OrderLine, OrderLine.id == LedgerEntry.order_line_id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(*order_lines_in(scope), or_(compensation, LedgerEntry.kind == "coupon"))
    )
    given, coupons = session.execute(query).one()
    return int(given or 0), int(coupons or 0)


def _avoided_by_keep_item(session: Session, scope: AnalyticsFilter) -> int:
    if rollups_ready(session):
        return money_sums(session, scope, "avoided")[0]
    query = (
        select(func.sum(BotOffer.return_cost_minor - BotOffer.amount_minor))
        .select_from(BotOffer)
        .join(OrderLine, OrderLine.id == BotOffer.order_line_id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(*order_lines_in(scope), BotOffer.status == "accepted")
    )
    return int(session.execute(query).scalar() or 0)
