"""Reading and guarded writes of bot_offers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import BotOffer


def offers_for_line(session: Session, conversation_id: str, order_line_id: int) -> list[BotOffer]:
    return list(
        session.scalars(
            select(BotOffer)
            .where(BotOffer.conversation_id == conversation_id, BotOffer.order_line_id == order_line_id)
            .order_by(BotOffer.rung)
        )
    )


def get_offer(session: Session, offer_id: int) -> BotOffer | None:
    return session.get(BotOffer, offer_id)


def set_status(session: Session, offer: BotOffer, *, expected: str, new: str, at: datetime) -> bool:
    """Move `offer` from `expected` to `new`; False when another request moved it first."""
    moved = session.execute(
        update(BotOffer)
        .where(BotOffer.id == offer.id, BotOffer.status == expected)
        .values(status=new, answered_at=at)
        .execution_options(synchronize_session=False)
    )
    session.refresh(offer)
    return moved.rowcount == 1
