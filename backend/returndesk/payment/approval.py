"""A refund beyond the person's authority: ask for approval, and send it once it is approved.

This reuses the ledger's approval requests (approval/service.py) unchanged. A single-line return
whose refund is beyond the caller's limits becomes one approval request for the lowest role that
covers it (202, like POST /ledger/entries). Approving books the ledger refund as the decider, on
this return, and the ledger queues its payment like any refund (ledger/queue.py; the request's
note marks it as the return's own refund). Approved refunds booked before the ledger queued
payments have none: they are *adopted* — the settlement worker (or the next POST /refund) finds
approved refund entries without a payment, whoever asked for them, and queues one with the
idempotency key derived from the entry, so every approved refund ends up paid.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..approval import service as approvals
from ..approval.presenter import present as present_approval
from ..authority import AuthorityMatrix
from ..errors import Conflict
from ..idempotency import StoredResponse, request_fingerprint
from ..ledger import service as ledger
from ..ledger.queue import LEDGER_REFUND, RETURN_REFUND, queue_refund, request_note
from ..ledger.repository import spent
from ..models import LedgerEntry
from ..models.payment import RefundPayment
from ..models.rma_number import format_rma_number
from ..payment_provider import PaymentProvider
from . import repository

__all__ = ["request_note"]


class RefundRejected(Conflict):
    title = "Refund rejected"


def ask_for_approval(
    session: Session,
    matrix: AuthorityMatrix,
    target: ledger.Target,
    actor: ledger.Actor,
    amount_minor: int,
    reason: str,
) -> StoredResponse | None:
    """The 202 of an approval request for this refund (the same one again on a retry), or None
    when nobody could approve it or the caller may not ask."""
    own = matrix.roles.get(actor.role)
    if actor.staff is None or own is None or "refund" not in own.actions:
        return None
    assert target.rma is not None
    rejected = repository.rejected_request(session, target.rma.id, actor.staff.id, request_note(target.rma))
    if rejected is not None:
        # The stored 202 would say "pending": tell the truth instead.
        why = f": {rejected.decision_note}" if rejected.decision_note else ""
        raise RefundRejected(
            f"your request {rejected.id} to refund return {format_rma_number(target.rma.number)} was rejected{why}; "
            "settle it another way or ask someone whose limits cover it"
        )
    on_case = spent(session, "refund", order_id=target.order.id).on_case_minor
    required = approvals.covering_role(matrix, "refund", amount_minor, on_case, target.order.currency)
    if required is None:
        return None
    ledger.refuse_if_over_balance(session, target, "refund", amount_minor)
    staff = actor.staff
    return approvals.request_approval(
        session,
        target,
        kind="refund",
        amount_minor=amount_minor,
        requester=staff,
        required_role=required,
        reason=reason,
        note=request_note(target.rma),
        # One request per person and return: a second click replays the first 202.
        key=f"rma-{target.rma.number}-refund-request-{actor.name}",
        fingerprint=request_fingerprint({"rma": target.rma.number, "amount": amount_minor, "actor": actor.name}),
        present=lambda request: present_approval(session, matrix, request, staff),
    )


def approved_without_payment(session: Session, rma_id: int | None = None) -> list[tuple[LedgerEntry, str]]:
    """Refunds booked by approving a request that have not been queued for the provider, with the
    purpose of each: the return's own refund when one of our requests asked for it."""
    return [
        (entry, RETURN_REFUND if rma is not None and note == request_note(rma) else LEDGER_REFUND)
        for entry, rma, note in repository.approved_without_payment(session, rma_id)
    ]


def adopt_approved(session: Session, provider: PaymentProvider, rma_id: int | None = None) -> list[RefundPayment]:
    """Queue a payment for each approved refund that has none. Only flushes."""
    adopted = []
    for entry, purpose in approved_without_payment(session, rma_id):
        try:
            with session.begin_nested():  # another worker may adopt it at the same moment
                payment = queue_refund(session, entry, purpose=purpose, provider=provider.name)
        except IntegrityError:
            continue
        adopted.append(payment)
    return adopted
