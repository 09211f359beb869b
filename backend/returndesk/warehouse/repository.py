"""Queries on receipts, inspections and the events of a parcel's arrival."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import QcInspection, Rma, RmaEvent, WarehouseReceipt
from ..rma.lifecycle import RmaStatus


def receipt_of(session: Session, rma: Rma) -> WarehouseReceipt | None:
    return session.scalars(select(WarehouseReceipt).where(WarehouseReceipt.rma_id == rma.id)).one_or_none()


def received_event(session: Session, rma: Rma) -> RmaEvent | None:
    """The status change that marked the return received (a receipt made before receipts were kept)."""
    return session.scalars(
        select(RmaEvent).where(RmaEvent.rma_id == rma.id, RmaEvent.to_status == RmaStatus.RECEIVED.value)
    ).first()


def inspections_by_line(session: Session, rma: Rma) -> dict[int, QcInspection]:
    return {row.rma_line_id: row for row in session.scalars(select(QcInspection).where(QcInspection.rma_id == rma.id))}
