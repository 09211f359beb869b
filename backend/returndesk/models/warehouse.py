"""The warehouse station: what arrived for a return, how each line was graded, where it went.

A receipt is written once per return (unique), in the same transaction as the guarded
approved/in_transit -> received change, so a second scan of the same parcel can only lose.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, JsonDocument, UtcDateTime, utcnow


class WarehouseReceipt(Base):
    __tablename__ = "warehouse_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int] = mapped_column(ForeignKey("rmas.id", ondelete="CASCADE"), unique=True)
    received_by: Mapped[str] = mapped_column(String(128))
    partial: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    lines: Mapped[list[WarehouseReceiptLine]] = relationship(
        back_populates="receipt", order_by="WarehouseReceiptLine.id", cascade="all, delete-orphan"
    )


class WarehouseReceiptLine(Base):
    """Units of one RMA line that arrived; fewer than expected is a partial receipt."""

    __tablename__ = "warehouse_receipt_lines"
    __table_args__ = (
        CheckConstraint("quantity_received >= 0 AND quantity_received <= quantity_expected", name="quantity_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("warehouse_receipts.id", ondelete="CASCADE"), index=True)
    rma_line_id: Mapped[int] = mapped_column(ForeignKey("rma_lines.id", ondelete="CASCADE"), unique=True)
    quantity_expected: Mapped[int] = mapped_column(Integer)
    quantity_received: Mapped[int] = mapped_column(Integer)

    receipt: Mapped[WarehouseReceipt] = relationship(back_populates="lines")


class QcInspection(Base):
    """The grade, checklist answers and disposition of one received RMA line."""

    __tablename__ = "qc_inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int] = mapped_column(ForeignKey("rmas.id", ondelete="CASCADE"), index=True)
    rma_line_id: Mapped[int] = mapped_column(ForeignKey("rma_lines.id", ondelete="CASCADE"), unique=True)
    grade: Mapped[str] = mapped_column(String(16))
    disposition: Mapped[str] = mapped_column(String(32))
    checklist: Mapped[dict[str, bool]] = mapped_column(JsonDocument, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)
    evidence_ids: Mapped[list[str]] = mapped_column(JsonDocument, default=list)
    # Why the finding contradicts the customer's claimed reason; None when it does not.
    mismatch: Mapped[str | None] = mapped_column(Text)
    inspected_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InventoryMovement(Base):
    """Stock that came back and where it went (the default inventory sink writes these)."""

    __tablename__ = "inventory_movements"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int] = mapped_column(ForeignKey("rmas.id", ondelete="CASCADE"), index=True)
    rma_line_id: Mapped[int] = mapped_column(ForeignKey("rma_lines.id", ondelete="CASCADE"), unique=True)
    sku: Mapped[str] = mapped_column(String(64), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(16))
    disposition: Mapped[str] = mapped_column(String(32), index=True)
    actor: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
