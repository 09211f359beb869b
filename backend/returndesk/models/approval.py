"""An action beyond its requester's authority, waiting for someone whose limit covers it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UtcDateTime, utcnow


class ApprovalRequest(Base):
    __tablename__ = "approval_requests"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="known_status"),
        # The database, not only the code, keeps anyone from approving their own request.
        CheckConstraint("decided_by_id IS NULL OR decided_by_id <> requested_by_id", name="not_self_approved"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    kind: Mapped[str] = mapped_column(String(16))  # refund | coupon | store_credit
    escalation_id: Mapped[int | None] = mapped_column(ForeignKey("escalations.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    rma_id: Mapped[int | None] = mapped_column(ForeignKey("rmas.id"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    note: Mapped[str] = mapped_column(Text, default="")
    reason_refused: Mapped[str] = mapped_column(Text)  # why the requester could not do it themselves
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    decision_note: Mapped[str] = mapped_column(Text, default="")
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)  # guarded UPDATE: one decision wins
