"""A refund payment as staff read it: its return, order, what it covers and whether it is late."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import utcnow
from ..models.payment import RefundPayment
from ..models.rma_number import format_rma_number
from . import repository
from .schemas import PaymentOut


def present(session: Session, payment: RefundPayment) -> PaymentOut:
    rma = repository.rma(session, payment.rma_id)
    order = repository.order(session, payment.order_id)
    entry = repository.ledger_entry(session, payment.ledger_entry_id)
    assert order is not None and entry is not None
    late = payment.status == "failed" or (
        payment.status == "pending" and payment.due_at is not None and payment.due_at < utcnow()
    )
    return PaymentOut(
        id=payment.id,
        rma_number=format_rma_number(rma.number) if rma else None,
        order_number=order.number,
        purpose=payment.purpose,
        covers="goods" if entry.order_line_id else "outbound_shipping",
        amount_minor=payment.amount_minor,
        currency=payment.currency,
        status=payment.status,
        provider=payment.provider,
        provider_refund_id=payment.provider_refund_id,
        attempts=payment.attempts,
        last_error=payment.last_error,
        due_at=payment.due_at,
        overdue=late,
        created_at=payment.created_at,
        settled_at=payment.settled_at,
        ledger_entry_id=payment.ledger_entry_id,
    )
