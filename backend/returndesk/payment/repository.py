"""Queries on refund payments, and on the rows they name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select, update
from sqlalchemy.orm import Session

from ..models import ApprovalRequest, Escalation, LedgerEntry, Order, Rma, utcnow
from ..models.payment import RefundPayment
from ..models.warehouse import WarehouseReceipt, WarehouseReceiptLine


def lock_rma_row(session: Session, rma_id: int) -> None:
    """A no-op UPDATE: it takes the return's row lock (PostgreSQL) or the write lock (SQLite)."""
    session.execute(
        update(Rma)
        .where(Rma.id == rma_id)
        .values(updated_at=Rma.updated_at)
        .execution_options(synchronize_session=False)
    )


def received_by_line(session: Session, rma_id: int) -> dict[int, int]:
    """Units the warehouse received per RMA line id (lines not received are missing)."""
    return dict(
        session.execute(
            select(WarehouseReceiptLine.rma_line_id, WarehouseReceiptLine.quantity_received)
            .join(WarehouseReceipt, WarehouseReceipt.id == WarehouseReceiptLine.receipt_id)
            .where(WarehouseReceipt.rma_id == rma_id)
        )
        .tuples()
        .all()
    )


def payments_of(session: Session, rma_id: int, *, purpose: str | None = None) -> list[RefundPayment]:
    query = select(RefundPayment).where(RefundPayment.rma_id == rma_id).order_by(RefundPayment.id)
    if purpose:
        query = query.where(RefundPayment.purpose == purpose)
    return list(session.scalars(query))


def overdue(session: Session, now: datetime) -> list[RefundPayment]:
    """Refunds past their due date and still not settled, and every failed one, oldest first."""
    query = (
        select(RefundPayment)
        .where(
            (RefundPayment.status == "failed") | ((RefundPayment.status == "pending") & (RefundPayment.due_at < now))
        )
        .order_by(RefundPayment.due_at, RefundPayment.id)
        .limit(500)
    )
    return list(session.scalars(query))


def settled_refund_total(session: Session, rma_id: int) -> int:
    """What the return's own refunds paid back to the card."""
    total = session.scalar(
        select(func.coalesce(func.sum(RefundPayment.amount_minor), 0)).where(
            RefundPayment.rma_id == rma_id, RefundPayment.purpose == "refund", RefundPayment.status == "settled"
        )
    )
    return int(total or 0)


def rejected_request(session: Session, rma_id: int, requester_id: int, note: str) -> ApprovalRequest | None:
    """The requester's refund request for the return that someone rejected."""
    return session.scalars(
        select(ApprovalRequest).where(
            ApprovalRequest.rma_id == rma_id,
            ApprovalRequest.requested_by_id == requester_id,
            ApprovalRequest.note == note,
            ApprovalRequest.status == "rejected",
        )
    ).first()


def approved_without_payment(session: Session, rma_id: int | None = None) -> Sequence[Row[Any]]:
    """(entry, return or None, request note) of refunds booked by an approval and never queued."""
    query = (
        select(LedgerEntry, Rma, ApprovalRequest.note)
        .join(ApprovalRequest, ApprovalRequest.ledger_entry_id == LedgerEntry.id)
        .outerjoin(Rma, Rma.id == ApprovalRequest.rma_id)
        .outerjoin(RefundPayment, RefundPayment.ledger_entry_id == LedgerEntry.id)
        .where(ApprovalRequest.status == "approved", ApprovalRequest.kind == "refund", RefundPayment.id.is_(None))
        .order_by(LedgerEntry.id)
        .limit(200)
    )
    if rma_id is not None:
        query = query.where(ApprovalRequest.rma_id == rma_id)
    return session.execute(query).all()


def requeue_failed(session: Session, payment_id: int, idempotency_key: str) -> bool:
    """Failed -> pending, guarded: False when it was not failed any more (another click won)."""
    changed = session.execute(
        update(RefundPayment)
        .where(RefundPayment.id == payment_id, RefundPayment.status == "failed")
        .values(
            status="pending",
            attempts=0,
            next_attempt_at=utcnow(),
            last_error=None,
            provider_refund_id=None,
            idempotency_key=idempotency_key,
        )
        .execution_options(synchronize_session=False)
    )
    return changed.rowcount == 1


def latest_case(session: Session, conversation_id: str) -> Escalation | None:
    return session.scalars(
        select(Escalation).where(Escalation.conversation_id == conversation_id).order_by(Escalation.id.desc())
    ).first()


def payment(session: Session, payment_id: int) -> RefundPayment | None:
    return session.get(RefundPayment, payment_id)


def order(session: Session, order_id: int) -> Order | None:
    return session.get(Order, order_id)


def rma(session: Session, rma_id: int | None) -> Rma | None:
    return session.get(Rma, rma_id) if rma_id else None


def ledger_entry(session: Session, entry_id: int | None) -> LedgerEntry | None:
    return session.get(LedgerEntry, entry_id) if entry_id else None


def due_refunds(session: Session, now: datetime, *, limit: int = 200) -> Sequence[Row[Any]]:
    """Pending refunds whose next attempt is due, soonest first: what the provider is asked about."""
    return session.execute(
        select(
            RefundPayment.id,
            RefundPayment.attempts,
            RefundPayment.provider_refund_id,
            RefundPayment.idempotency_key,
            RefundPayment.payment_reference,
            RefundPayment.amount_minor,
            RefundPayment.currency,
        )
        .where(RefundPayment.status == "pending", RefundPayment.next_attempt_at <= now)
        .order_by(RefundPayment.next_attempt_at)
        .limit(limit)
    ).all()


def write_answer(session: Session, payment_id: int, seen_attempts: int, values: dict[str, Any]) -> bool:
    """The provider's answer, guarded by the attempt it answers: False when someone else wrote first."""
    changed = session.execute(
        update(RefundPayment)
        .where(
            RefundPayment.id == payment_id,
            RefundPayment.status == "pending",
            RefundPayment.attempts == seen_attempts,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return changed.rowcount == 1


def unsettled_return_refund(session: Session, rma_id: int) -> int | None:
    """A refund of the return's own goods that has not settled yet (None: all settled)."""
    return session.scalar(
        select(RefundPayment.id).where(
            RefundPayment.rma_id == rma_id, RefundPayment.purpose == "refund", RefundPayment.status != "settled"
        )
    )
