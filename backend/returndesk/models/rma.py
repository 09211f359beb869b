"""Returns (RMAs), their lines, and the append-only event log of every status change."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, JsonDocument, UtcDateTime, utcnow
from .order import Order, OrderLine


class Rma(Base):
    __tablename__ = "rmas"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)  # canonical, without hyphens
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    conversation_id: Mapped[str | None] = mapped_column(String(128), index=True)
    locale: Mapped[str] = mapped_column(String(16), default="en")
    preferred_resolution: Mapped[str | None] = mapped_column(String(32))
    currency: Mapped[str] = mapped_column(String(3))
    refund_estimate_minor: Mapped[int] = mapped_column(Integer)
    return_by: Mapped[date | None] = mapped_column(Date)
    # The decision exactly as the engine made it, the policy version and the facts it was
    # made from: a later dispute can replay it against the same file.
    policy_version: Mapped[str] = mapped_column(String(64))
    decision: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    facts: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    evidence_ids: Mapped[list[str]] = mapped_column(JsonDocument, default=list)
    # Set by the warehouse when its finding contradicts the claimed reason: a person decides.
    qc_mismatch: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)  # insights list the newest
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    order: Mapped[Order] = relationship()
    lines: Mapped[list[RmaLine]] = relationship(back_populates="rma", cascade="all, delete-orphan")
    events: Mapped[list[RmaEvent]] = relationship(
        back_populates="rma", order_by="RmaEvent.id", cascade="all, delete-orphan"
    )


class RmaLine(Base):
    __tablename__ = "rma_lines"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int] = mapped_column(ForeignKey("rmas.id", ondelete="CASCADE"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)

    rma: Mapped[Rma] = relationship(back_populates="lines")
    order_line: Mapped[OrderLine] = relationship()


class RmaEvent(Base):
    """One status change: who, when, from, to, why. Rows are only ever inserted."""

    __tablename__ = "rma_events"
    # Analytics: the first time each return reached a status, from the index alone.
    __table_args__ = (Index("ix_rma_events_rma_id_to_status_at", "rma_id", "to_status", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int] = mapped_column(ForeignKey("rmas.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(128))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)

    rma: Mapped[Rma] = relationship(back_populates="events")
