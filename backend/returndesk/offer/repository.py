"""Reading and guarded writes of bot_offers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import BotOffer, Order, OrderLine


def offers_for_line(session: Session, order_line_id: int) -> list[BotOffer]:
    """Every offer made for the line, from any chat, oldest first."""
    return list(session.scalars(select(BotOffer).where(BotOffer.order_line_id == order_line_id).order_by(BotOffer.id)))


def open_offers_of_order(session: Session, order_id: int) -> list[BotOffer]:
    return list(
        session.scalars(
            select(BotOffer).where(BotOffer.order_id == order_id, BotOffer.status == "offered").order_by(BotOffer.id)
        )
    )


def get_offer(session: Session, offer_id: int) -> BotOffer | None:
    return session.get(BotOffer, offer_id)


def order_and_line(session: Session, offer: BotOffer) -> tuple[Order, OrderLine]:
    """The order and the line an offer is about (both outlive their offers)."""
    order, line = session.get(Order, offer.order_id), session.get(OrderLine, offer.order_line_id)
    assert order is not None and line is not None
    return order, line


def order_line(session: Session, order_line_id: int) -> OrderLine | None:
    return session.get(OrderLine, order_line_id)


def order(session: Session, order_id: int) -> Order | None:
    return session.get(Order, order_id)


def set_status(
    session: Session, offer: BotOffer, *, expected: str, new: str, at: datetime, why: str | None = None
) -> bool:
    """Move `offer` from `expected` to `new`; False when another request moved it first."""
    moved = session.execute(
        update(BotOffer)
        .where(BotOffer.id == offer.id, BotOffer.status == expected)
        .values(status=new, answered_at=at, withdrawn_why=why)
        .execution_options(synchronize_session=False)
    )
    session.refresh(offer)
    return moved.rowcount == 1
