"""An upgrade's price difference, collected by the shop: mark the payment request paid.

We hold no card to charge, so the shop takes the customer's money (its checkout, a payment link)
and tells us with the shop token and its payment's reference. Marking it paid is a guarded
UPDATE open → paid, audited in the same transaction; the shop may call again (a retry after a
lost answer) and gets the same answer, but one request cannot be paid under two references.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from .. import audit
from ..errors import Conflict, NotFound
from ..kit.money import format_amount
from ..models import Rma, utcnow
from ..models.payment import PaymentRequest
from ..models.rma_number import format_rma_number

SHOP = "shop"


class AlreadySettled(Conflict):
    title = "Payment request already settled"


def mark_paid(session: Session, request_id: int, reference: str) -> tuple[PaymentRequest, bool]:
    """The request, paid; True when it was already paid under this reference (a replay). Only flushes."""
    request = session.get(PaymentRequest, request_id)
    if request is None:
        raise NotFound(f"there is no payment request {request_id}")
    changed = session.execute(
        update(PaymentRequest)
        .where(PaymentRequest.id == request_id, PaymentRequest.status == "open")
        .values(status="paid", paid_at=utcnow(), paid_reference=reference)
        .execution_options(synchronize_session=False)
    )
    session.refresh(request)
    if changed.rowcount != 1:
        if request.status == "paid" and request.paid_reference == reference:
            return request, True
        why = f"paid under reference {request.paid_reference}" if request.status == "paid" else request.status
        raise AlreadySettled(f"payment request {request_id} is already {why}; nothing more is owed on it")
    rma = session.get(Rma, request.rma_id)
    assert rma is not None
    audit.record(
        session,
        audit.Kind.PAYMENT_REQUEST_PAID,
        actor=SHOP,
        order_id=rma.order_id,
        rma_id=rma.id,
        description=f"the customer paid the {format_amount(request.amount_minor, request.currency)} owed for "
        f"the exchange of return {format_rma_number(rma.number)} (shop reference {reference})",
        data={"payment_request_id": request.id, "reference": reference},
    )
    return request, False
