"""Every ledger refund is also a payment on its way to the card: the row that says where the money is.

Why here and not at each caller: a refund booked in the ledger is money the customer is owed, and
until this step only the return's own refund (service.refund_rma) and an exchange's difference
were ever sent to the provider. A keep-item offer the bot paid, a goodwill refund an agent booked
through POST /ledger/entries and an approved request all stopped at the ledger. `ledger.book`
now calls `queue_refund` for every entry of kind ``refund`` (coupons and store credit are not card
money), in the booking's own transaction: the pending row is the outbox the settlement worker
sends from, so a crash after the commit still pays, and the idempotency key derived from the
ledger entry means a replay never pays twice. Callers that can, send it right after the commit.

Purposes: ``refund`` is the return's own refund (settling it resolves the return);
``exchange_difference`` an exchange's cheaper replacement; ``ledger_refund`` anything else booked
in the ledger (with or without a return), which never moves a return on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from ..models import LedgerEntry, Order, Rma, utcnow
from ..models.payment import RefundPayment
from ..models.rma_number import format_rma_number
from ..payment_provider import get_payment_provider
from ..rma.lifecycle import RmaStatus
from . import repository

RETURN_REFUND, EXCHANGE_DIFFERENCE, LEDGER_REFUND = "refund", "exchange_difference", "ledger_refund"


@dataclass(frozen=True)
class Outgoing:
    """What the provider needs, read before the commit so sending touches no session."""

    payment_id: int
    key: str
    reference: str
    amount_minor: int
    currency: str


def payment_reference(order: Order) -> str:
    """The original payment the refund goes back to. Orders carry only a method, so the reference
    is the method and the order number (a real shop would send the provider's charge id)."""
    return f"{order.payment_method}:{order.number}"


def request_note(rma: Rma) -> str:
    """The note that marks an approval request as a return's own refund (payment/approval.py)."""
    return f"refund of return {format_rma_number(rma.number)} to the original payment method"


def refund_due_at(session: Session, rma: Rma | None) -> datetime | None:
    """The policy's refund SLA: `refund_due_days` after receipt (now, for a kept item or a refund
    without a return)."""
    if rma is None:
        from ..policy.current import get_policy

        days = get_policy().refund_due_days
        return None if days is None else utcnow() + timedelta(days=int(days))
    days = rma.decision.get("refund_due_days")
    if days is None:
        return None
    received = repository.first_arrival(session, rma.id, RmaStatus.RECEIVED.value)
    return (received or utcnow()) + timedelta(days=int(days))


def queue_refund(
    session: Session, entry: LedgerEntry, *, purpose: str | None = None, provider: str | None = None
) -> RefundPayment:
    """The pending payment of a ledger refund entry (the existing one when it has one). Only flushes."""
    existing = repository.payment_for_entry(session, entry)
    if existing is not None:
        return existing
    order = repository.order(session, entry.order_id)
    rma = repository.rma(session, entry.rma_id)
    assert order is not None
    payment = RefundPayment(
        rma_id=rma.id if rma else None,
        order_id=order.id,
        ledger_entry_id=entry.id,
        idempotency_key=f"refund-ledger-{entry.id}",  # one ledger entry, one provider refund
        purpose=purpose or purpose_of(session, rma),
        provider=provider or get_payment_provider().name,
        payment_reference=payment_reference(order),
        amount_minor=entry.amount_minor,
        currency=entry.currency,
        status="pending",
        attempts=0,
        next_attempt_at=utcnow(),
        due_at=refund_due_at(session, rma),
        actor=entry.actor,
    )
    session.add(payment)
    session.flush()
    return payment


def purpose_of(session: Session, rma: Rma | None) -> str:
    """A refund booked by approving a return's own refund request is that return's refund; the
    approvals code marks the request approved just before it books, and links the entry right after."""
    if rma is None:
        return LEDGER_REFUND
    ours = repository.approved_unbooked_request(session, rma.id, request_note(rma))
    return RETURN_REFUND if ours is not None else LEDGER_REFUND


def outgoing(payments: Sequence[RefundPayment | None]) -> list[Outgoing]:
    """The payments the provider has not been asked about yet, to send after the commit."""
    return [
        Outgoing(p.id, p.idempotency_key, p.payment_reference, p.amount_minor, p.currency)
        for p in payments
        if p is not None and p.status == "pending" and p.provider_refund_id is None
    ]
