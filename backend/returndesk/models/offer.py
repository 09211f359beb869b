"""Keep-the-item offers the bot made instead of a physical return, and what the customer answered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UtcDateTime, utcnow

OPEN = text("status = 'offered'")


class BotOffer(Base):
    __tablename__ = "bot_offers"
    __table_args__ = (
        # One open offer per order line, whichever chat asks: the offer is about the units, so two
        # chats (or two parallel requests) can never hold two payable offers for the same item.
        Index("uq_bot_offers_open_per_line", "order_line_id", unique=True, sqlite_where=OPEN, postgresql_where=OPEN),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The chat that asked first; recorded for the timeline and analytics, it does not own the offer.
    conversation_id: Mapped[str] = mapped_column(String(128), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), index=True)
    reason: Mapped[str] = mapped_column(String(64))
    # Units the customer keeps if they accept: they no longer count as returnable (rma/repository.py)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    rung: Mapped[int] = mapped_column(Integer)  # 1 = the first step of the line's ladder
    kind: Mapped[str] = mapped_column(String(16))  # refund (keep the item, partial refund) | coupon
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    # What a physical return would cost the merchant, from the policy's estimate, when offered
    return_cost_minor: Mapped[int] = mapped_column(BigInteger)
    # offered | accepted | declined | withdrawn
    status: Mapped[str] = mapped_column(String(16), default="offered", index=True)
    # Why a withdrawn offer can no longer be taken, and what the customer can do instead.
    withdrawn_why: Mapped[str | None] = mapped_column(Text)
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
