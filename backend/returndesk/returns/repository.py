"""Queries for showing a return: what arrived, what was paid, what an exchange still owes."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import ApprovalRequest
from ..models.payment import ExchangeOrder, PaymentRequest, RefundPayment
from ..models.warehouse import WarehouseReceipt, WarehouseReceiptLine


def units_received(session: Session, rma_id: int) -> int | None:
    """Units the warehouse counted in; None before any receipt."""
    received = session.execute(
        select(func.sum(WarehouseReceiptLine.quantity_received))
        .join(WarehouseReceipt, WarehouseReceipt.id == WarehouseReceiptLine.receipt_id)
        .where(WarehouseReceipt.rma_id == rma_id)
    ).scalar_one_or_none()
    return None if received is None else int(received)


def refund_payments(session: Session, rma_id: int) -> list[RefundPayment]:
    return list(session.scalars(select(RefundPayment).where(RefundPayment.rma_id == rma_id).order_by(RefundPayment.id)))


def awaiting_approval_minor(session: Session, rma_id: int, note: str) -> int | None:
    """The return's own refunds still waiting for a person's approval (None: none)."""
    return session.scalar(
        select(func.sum(ApprovalRequest.amount_minor)).where(
            ApprovalRequest.rma_id == rma_id, ApprovalRequest.status == "pending", ApprovalRequest.note == note
        )
    )


def exchange_order(session: Session, rma_id: int) -> ExchangeOrder | None:
    return session.scalars(select(ExchangeOrder).where(ExchangeOrder.rma_id == rma_id)).one_or_none()


def still_owed_minor(session: Session, exchange_order_id: int) -> int:
    """What the customer still has to pay for a dearer replacement."""
    owed = session.scalar(
        select(func.sum(PaymentRequest.amount_minor)).where(
            PaymentRequest.exchange_order_id == exchange_order_id, PaymentRequest.status == "open"
        )
    )
    return int(owed or 0)
