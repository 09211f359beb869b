"""Writing the audit log: one `record()` and the names of the events it holds.

The values are the kinds already stored (and shown in the console, filtered by family such as
"ledger"), so naming them here changed no row. A new kind of event is a new member here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from ..models import AuditEvent


class Kind(StrEnum):
    APPROVAL_REQUESTED = "approval.requested"
    APPROVAL_APPROVED = "approval.approved"
    APPROVAL_REJECTED = "approval.rejected"
    APPROVAL_REFUSED = "approval.refused"  # deciding one's own request, or beyond one's authority
    AUTHORITY_REFUSED = "authority.refused"
    CARRIER_EVENT = "carrier.event"  # a tracking event of a return parcel, and what it did
    CASE_OPENED = "case.opened"
    CASE_RETURN_ATTACHED = "case.return_attached"
    CASE_TAKEN = "case.taken"
    CASE_MESSAGE = "case.message"
    CASE_HANDED_BACK = "case.handed_back"
    CASE_CLOSED = "case.closed"
    CASE_RETURN_APPROVED = "case.return_approved"
    CASE_RETURN_REJECTED = "case.return_rejected"
    CASE_NOTE = "case.note"
    CASE_EXCHANGE = "case.exchange"  # an exchange the agent arranged outside ReturnDesk, noted
    CUSTOMER_NOTIFIED = "customer.notified"
    CUSTOMER_NOT_NOTIFIED = "customer.not_notified"
    EXCHANGE_PLACED = "exchange.placed"
    LEDGER_REFUND = "ledger.refund"
    LEDGER_COUPON = "ledger.coupon"
    LEDGER_STORE_CREDIT = "ledger.store_credit"
    LEDGER_OVER_PAID_REFUSED = "ledger.over_paid_refused"
    OFFER_MADE = "offer.made"
    OFFER_ACCEPTED = "offer.accepted"
    OFFER_DECLINED = "offer.declined"
    OFFER_WITHDRAWN = "offer.withdrawn"
    PAYMENT_REQUESTED = "payment.requested"
    PAYMENT_RETRY = "payment.retry"  # the provider could not be reached; the worker tries again
    PAYMENT_RETRIED = "payment.retried"  # a person sent a failed refund again
    PAYMENT_FAILED = "payment.failed"
    PAYMENT_SETTLED = "payment.settled"
    PAYMENT_REQUEST_PAID = "payment_request.paid"
    RETURN_OPENED_ON_BEHALF = "return.opened_on_behalf"
    RETURN_APPROVED = "return.approved"  # decided by the desk on a return with no case
    RETURN_REJECTED = "return.rejected"
    RMA_CLOSED = "rma.closed"
    STAFF_ROLE_CHANGED = "staff.role_changed"
    WAREHOUSE_RECEIVED = "warehouse.received"
    WAREHOUSE_INSPECTED = "warehouse.inspected"
    WAREHOUSE_QC_MISMATCH = "warehouse.qc_mismatch"
    # Where the shop's systems hear about returns: who pointed them where, and who sent what again.
    WEBHOOK_ENDPOINT_ADDED = "webhook.endpoint_added"
    WEBHOOK_ENDPOINT_CHANGED = "webhook.endpoint_changed"
    WEBHOOK_ENDPOINT_REMOVED = "webhook.endpoint_removed"
    WEBHOOK_SECRET_ROTATED = "webhook.secret_rotated"
    WEBHOOK_RESENT = "webhook.resent"


def record(
    session: Session,
    kind: Kind,
    *,
    actor: str,
    description: str,
    role: str | None = None,
    order_id: int | None = None,
    rma_id: int | None = None,
    ledger_entry_id: int | None = None,
    escalation_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an event in the caller's transaction, so it stands or falls with the change it
    records; `description` is the sentence the console timeline shows. Only flushes."""
    event = AuditEvent(
        kind=Kind(kind).value,
        actor=actor,
        role=role,
        order_id=order_id,
        rma_id=rma_id,
        ledger_entry_id=ledger_entry_id,
        escalation_id=escalation_id,
        description=description,
        data=data or {},
    )
    session.add(event)
    session.flush()
    return event
