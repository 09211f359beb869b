"""A refund that failed for good goes to a person, who can send it again.

The decision: money the ledger says we owe is never silently dropped. When the settlement worker
gives up on a payment (the provider refused it, e.g. an expired card, or it stayed unreachable for
every attempt), the return would otherwise sit "inspected" forever and the customer would wait
for money that is not coming. So the same transaction that marks the payment failed opens a
high-priority `refund_failed` case for an agent (one per payment: failing again after a retry
finds the open case), and the payment shows in GET /payments/overdue until it settles.

The agent fixes the cause (asks the customer for another card, waits out the provider's outage)
and retries: POST /payments/{id}/retry puts the failed payment back to pending and sends it through
the worker's own path (tasks.send), and the worker's retries and backoff apply again. Only a
failed payment can be retried (a guarded UPDATE), so two clicks make one new attempt. The
idempotency key is kept when the provider never answered — it may have made the refund, and the
same key finds it instead of paying twice — and is new when the provider refused that refund,
since the same key would only be answered with the same refusal.
"""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from .. import audit
from ..config import get_settings
from ..escalation.schemas import EscalationIn
from ..escalation.service import open_escalation
from ..kit.money import format_amount
from ..models import Escalation, StaffUser
from ..models.payment import RefundPayment
from ..models.rma_number import format_rma_number
from ..policy.current import get_policy
from . import repository

CASE_CHANNEL = "email"  # nobody is in a chat about it: the case is a ticket for an agent
ESCALATOR = "system:settlement"


def case_conversation(payment: RefundPayment) -> str:
    return f"refund:{payment.id}"


def escalate(session: Session, payment: RefundPayment) -> Escalation:
    """Open (or find) the agent's case for a payment that failed for good. Only flushes."""
    order = repository.order(session, payment.order_id)
    rma = repository.rma(session, payment.rma_id)
    assert order is not None
    money = format_amount(payment.amount_minor, payment.currency)
    what = f"return {format_rma_number(rma.number)}" if rma else f"order {order.number} (no return)"
    opened = open_escalation(
        session,
        EscalationIn(
            conversation_id=case_conversation(payment),
            channel=CASE_CHANNEL,
            trigger="refund_failed",
            order_number=order.number,
            rma_number=rma.number if rma else None,
            summary=f"The refund of {money} for {what} to {payment.payment_reference} failed: "
            f"{payment.last_error}. The customer has not been paid.",
            recommendation=f"Fix the cause (another card, the provider back up), then retry payment {payment.id}; "
            "or refund another way (store credit, bank transfer) and tell the customer.",
        ),
        settings=get_settings(),
        policy=get_policy(),
        actor=ESCALATOR,
    )
    return opened.case


def retry(session: Session, payment: RefundPayment, user: StaffUser) -> bool:
    """Put a failed payment back in the queue. False (nothing done) when it is not failed: being
    retried already, or settled. Only flushes; the caller sends it after the commit."""
    if payment.status != "failed":
        return False
    keep_key = payment.provider_refund_id is None
    key = payment.idempotency_key if keep_key else f"refund-ledger-{payment.ledger_entry_id}-{secrets.token_hex(4)}"
    before = payment.last_error
    changed = repository.requeue_failed(session, payment.id, key)
    session.refresh(payment)
    if not changed:
        return False  # another click got there first
    case = repository.latest_case(session, case_conversation(payment))
    money = format_amount(payment.amount_minor, payment.currency)
    audit.record(
        session,
        audit.Kind.PAYMENT_RETRIED,
        actor=user.actor,
        role=user.role,
        order_id=payment.order_id,
        rma_id=payment.rma_id,
        ledger_entry_id=payment.ledger_entry_id,
        escalation_id=case.id if case else None,
        description=f"{user.actor} sent the failed refund of {money} (payment {payment.id}) again; "
        f"it had failed: {before}",
        data={"payment_id": payment.id, "same_key": keep_key, "idempotency_key": key},
    )
    return True
