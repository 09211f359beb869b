"""Queries on returns, their statuses, and what keeps them open."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import distinct, exists, func, select, update
from sqlalchemy.orm import Session, selectinload

from ..models import BotOffer, Order, OrderLine, Rma, RmaLine, utcnow
from ..models.exchange import ExchangeReservation
from ..models.notification import NotificationOutbox
from ..models.payment import RefundPayment, StockLevel
from .status import RELEASES_ITEMS, RmaStatus


def get_rma(session: Session, number: str) -> Rma | None:
    return session.scalars(
        select(Rma)
        .where(Rma.number == number)
        .options(selectinload(Rma.lines).selectinload(RmaLine.order_line), selectinload(Rma.events))
    ).one_or_none()


def rmas_of_order(session: Session, order_id: int) -> list[Rma]:
    return list(
        session.scalars(
            select(Rma)
            .where(Rma.order_id == order_id)
            .order_by(Rma.id.desc())
            .options(selectinload(Rma.lines).selectinload(RmaLine.order_line), selectinload(Rma.events))
        )
    )


def goods_in_returns(session: Session, order: Order) -> int:
    """Value of the order's goods in returns still in play (not kept: a kept item stays bought)."""
    value = session.scalar(
        select(func.sum(RmaLine.quantity * OrderLine.unit_price_minor))
        .join(Rma, RmaLine.rma_id == Rma.id)
        .join(OrderLine, RmaLine.order_line_id == OrderLine.id)
        .where(Rma.order_id == order.id, Rma.status.not_in([s.value for s in RELEASES_ITEMS]))
    )
    return int(value or 0)


def quantities_in_returns(session: Session, order: Order) -> dict[int, int]:
    """Units of each order line (by line_no) already claimed: by returns still in play, or kept by
    the customer under an accepted keep-the-item offer (paid for once, not returnable again)."""
    in_returns = session.execute(
        select(RmaLine.order_line_id, func.sum(RmaLine.quantity))
        .join(Rma, RmaLine.rma_id == Rma.id)
        .where(Rma.order_id == order.id, Rma.status.not_in([s.value for s in RELEASES_ITEMS]))
        .group_by(RmaLine.order_line_id)
    )
    kept = session.execute(
        select(BotOffer.order_line_id, func.sum(BotOffer.quantity))
        .where(BotOffer.order_id == order.id, BotOffer.status == "accepted")
        .group_by(BotOffer.order_line_id)
    )
    by_id: dict[int, int] = defaultdict(int)
    for line_id, units in (*in_returns.all(), *kept.all()):
        by_id[line_id] += int(units or 0)
    claimed: dict[int, int] = defaultdict(int)
    for line in order.lines:
        claimed[line.line_no] = by_id[line.id]
    return claimed


def returns_holding_line(session: Session, order_line_id: int) -> list[str]:
    """RMA numbers of the returns still in play that hold units of the order line, oldest first."""
    return list(
        session.scalars(
            select(Rma.number)
            .join(RmaLine, RmaLine.rma_id == Rma.id)
            .where(RmaLine.order_line_id == order_line_id, Rma.status.not_in([s.value for s in RELEASES_ITEMS]))
            .order_by(Rma.id)
        )
    )


def rma_by_id(session: Session, rma_id: int) -> Rma | None:
    return session.get(Rma, rma_id)


def move_status(session: Session, rma_id: int, *, expected: str, to: str) -> bool:
    """The guarded ``UPDATE ... WHERE status = :expected``; False when another writer moved it first."""
    result = session.execute(
        update(Rma)
        .where(Rma.id == rma_id, Rma.status == expected)
        .values(status=to, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def reservations_of(session: Session, rma_id: int) -> list[ExchangeReservation]:
    return list(session.scalars(select(ExchangeReservation).where(ExchangeReservation.rma_id == rma_id)).all())


def add_stock(session: Session, sku: str, quantity: int) -> None:
    # Relative, in one statement: a concurrent exchange taking the same SKU cannot be lost.
    session.execute(
        update(StockLevel)
        .where(StockLevel.sku == sku)
        .values(on_hand=StockLevel.on_hand + quantity)
        .execution_options(synchronize_session=False)
    )


def customer_history(
    session: Session, customer_id: int, *, now: datetime, lookback_days: int, year_days: int
) -> tuple[int, int, int]:
    """(returns in play opened in the lookback, orders in the year, of those the ones returned)."""
    active = Rma.status.not_in([status.value for status in RELEASES_ITEMS])
    mine = Order.customer_id == customer_id
    year = Order.placed_at >= now - timedelta(days=year_days)
    # One round trip for all three counts: this runs on every return request.
    recent_returns, orders, returned = session.execute(
        select(
            select(func.count(Rma.id))
            .join(Order, Rma.order_id == Order.id)
            .where(mine, active, Rma.created_at >= now - timedelta(days=lookback_days))
            .scalar_subquery(),
            select(func.count(Order.id)).where(mine, year).scalar_subquery(),
            select(func.count(distinct(Order.id)))
            .join(Rma, Rma.order_id == Order.id)
            .where(mine, year, active)
            .scalar_subquery(),
        )
    ).one()
    return recent_returns, orders, returned


# Statuses that keep a return open: money not yet at the customer, a message not yet sent.
UNFINISHED_PAYMENT = ("pending", "failed")
UNSENT_NOTIFICATION = ("pending",)


def finished_returns(session: Session, *, limit: int = 200) -> list[Rma]:
    """Resolved returns whose refunds all settled and whose notifications all went out."""
    payment_open = exists().where(RefundPayment.rma_id == Rma.id, RefundPayment.status.in_(UNFINISHED_PAYMENT))
    notification_open = exists().where(
        NotificationOutbox.rma_id == Rma.id, NotificationOutbox.status.in_(UNSENT_NOTIFICATION)
    )
    query = (
        select(Rma)
        .where(Rma.status == RmaStatus.RESOLVED.value, ~payment_open, ~notification_open)
        .order_by(Rma.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def has_pending_refund(session: Session, rma_id: int) -> bool:
    pending = select(RefundPayment.id).where(RefundPayment.rma_id == rma_id, RefundPayment.status == "pending")
    return session.scalar(pending.limit(1)) is not None
