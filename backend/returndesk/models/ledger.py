"""Money movements and the append-only audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JsonDocument, UtcDateTime, utcnow


class LedgerEntry(Base):
    """One refund, coupon or store credit. Never updated; a correction is another entry."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        CheckConstraint("kind IN ('refund', 'coupon', 'store_credit')", name="known_kind"),
        # No order line: the order's outbound delivery, which is only ever refunded.
        CheckConstraint("order_line_id IS NOT NULL OR kind = 'refund'", name="delivery_only_refunded"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    # None: the order's outbound delivery (orders.shipping_refunded_minor is its balance).
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("order_lines.id"), index=True)
    rma_id: Mapped[int | None] = mapped_column(ForeignKey("rmas.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    actor: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    escalation_id: Mapped[int | None] = mapped_column(Integer, index=True)


class AuditEvent(Base):
    """Append-only: the code only inserts; on PostgreSQL a trigger refuses UPDATE and DELETE."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)  # e.g. ledger.refund, authority.refused
    actor: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(32))
    order_id: Mapped[int | None] = mapped_column(Integer, index=True)
    rma_id: Mapped[int | None] = mapped_column(Integer, index=True)
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    escalation_id: Mapped[int | None] = mapped_column(Integer, index=True)  # the case timeline
    description: Mapped[str] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JsonDocument, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
