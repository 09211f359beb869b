"""Queries on returns."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..models import BotOffer, Order, OrderLine, Rma, RmaLine
from .lifecycle import RELEASES_ITEMS


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
