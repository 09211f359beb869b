"""Refund a return to the original payment method: book it in the ledger, then send it.

The order of things matters for money. In one transaction: the ledger refund (authority under
the totals' locks, the line's paid ceiling), and a `refund_payments` row per line whose
idempotency key is derived from its ledger entry. Only after that commits is the provider asked
(`send`), outside any database transaction, so a slow gateway holds no locks and a crash between
the two leaves a pending row the settlement worker picks up. Asking twice is safe: the provider
answers the same key with the same refund.

The customer hears that the money arrived (and that a replacement shipped) through the
notification outbox, written in the caller's transaction: told exactly once, by the worker.

Two staff clicking "refund" at once: the first statement locks the return's row, so the second
waits, then finds the first's payments and answers with them (a replay, not a second refund).

When the decision gives the outbound delivery back (the whole order comes back, EU withdrawal),
it is one more movement of the same refund: checked against the same authority as the goods (the
total counts), booked on the order's delivery balance under its own idempotency key, paid as its
own `refund_payments` row, so the customer's "refunded" message and the return's settlement
count it like the goods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from .. import audit
from ..authority import AuthorityMatrix
from ..errors import Conflict
from ..idempotency import StoredResponse, request_fingerprint
from ..kit.money import format_amount
from ..ledger import service as ledger
from ..ledger.queue import RETURN_REFUND, Outgoing, outgoing, payment_reference, refund_due_at
from ..ledger.repository import payment_for_entry
from ..models import Rma, utcnow
from ..models.payment import ExchangeOrder, RefundPayment
from ..models.rma_number import format_rma_number
from ..notification.service import enqueue
from ..payment_provider import PaymentProvider
from ..rma.lifecycle import RmaStatus
from . import repository
from .amounts import LineRefund, ReturnedLine, delivery_refund, from_decision, refund_amounts
from .approval import adopt_approved, ask_for_approval

__all__ = ["Outgoing", "outgoing", "payment_reference", "refund_due_at"]  # the queue's, where callers know them

S = RmaStatus


class RefundNotAllowed(Conflict):
    title = "Cannot refund this return now"


class NothingToRefund(Conflict):
    title = "Nothing to refund"


@dataclass(frozen=True)
class Refunded:
    payments: Sequence[RefundPayment | None]  # None where an entry has no payment row (payment_for_entry)
    replayed: bool
    approval: StoredResponse | None = None  # beyond the caller's authority: the approval request's 202


def lock_rma(session: Session, rma: Rma) -> None:
    """Serialise money work on one return: a no-op UPDATE takes its row lock (PostgreSQL) or
    the write lock (SQLite) until commit; then re-read what a concurrent writer committed."""
    repository.lock_rma_row(session, rma.id)
    session.refresh(rma)


def line_refunds(session: Session, rma: Rma) -> list[LineRefund]:
    """The refund per line of `rma`: for the units that arrived when the warehouse received fewer
    than promised (a partial receipt), else for every unit on the return (or kept)."""
    fees, label = from_decision(rma.decision)
    arrived = arrived_units(session, rma)
    returned = []
    for line in _lines(rma):
        order_line = line.order_line
        units = arrived[line.id]
        fee = fees.get(str(order_line.line_no), 0)
        returned.append(
            ReturnedLine(
                line_no=order_line.line_no,
                unit_price_minor=order_line.unit_price_minor,
                quantity=units,
                # The policy's fee was for every unit on the return; only the arrived ones pay it
                # (rounded down: never charge more than the policy said).
                restocking_fee_minor=fee * units // line.quantity,
                unrefunded_minor=order_line.paid_minor - order_line.refunded_minor,
            )
        )
    # No order-level discount: orders carry none (see amounts.py).
    return refund_amounts(returned, label_deducted_minor=label)


def arrived_units(session: Session, rma: Rma) -> dict[int, int]:
    """Units per RMA line id: what the warehouse received, or every unit when nothing was
    received (not yet, or the customer keeps the item)."""
    received = repository.received_by_line(session, rma.id)
    return {line.id: received.get(line.id, line.quantity) for line in rma.lines}


def refund_rma(
    session: Session,
    matrix: AuthorityMatrix,
    rma: Rma,
    actor: ledger.Actor,
    provider: PaymentProvider,
    *,
    keep_item: bool = False,
    on_carrier_scan: bool = False,
) -> Refunded:
    """Book and queue the refund of an inspected return (or of a kept item, or of a parcel the carrier
    has scanned when the policy refunds on that scan: tracking/service.py). Only flushes."""
    role = matrix.roles.get(actor.role)
    if role is None or "refund" not in role.actions:
        raise ledger.BeyondAuthority(f"your role ({actor.role}) may not refund money; ask an agent")
    lock_rma(session, rma)
    adopt_approved(session, provider, rma.id)  # a refund approved since the last click: send it now
    done = payments_of(session, rma, purpose="refund")
    if done:
        return Refunded(done, replayed=True)
    refuse_unless_refundable(rma, keep_item, on_carrier_scan=on_carrier_scan)
    order = rma.order
    session.refresh(order)
    movements: list[tuple[ledger.Target, int, int | None]] = [
        (ledger.Target(order=order, line=line.order_line, rma=rma, case=None), amount.amount_minor, amount.line_no)
        for line, amount in zip(_lines(rma), line_refunds(session, rma), strict=True)
        if amount.amount_minor
    ]
    delivery = delivery_refund(
        rma.decision,
        whole_return_arrived=whole_return_arrived(session, rma),
        shipping_left_minor=order.shipping_paid_minor - order.shipping_refunded_minor,
    )
    if delivery:
        movements.append((ledger.Target(order=order, line=None, rma=rma, case=None), delivery, None))
    if not movements:
        raise NothingToRefund(f"return {_number(rma)} leaves nothing to refund after fees and the label")
    total = sum(amount for _, amount, _ in movements)
    first = movements[0][0]
    # The delivery is part of the policy's refund: the same authority covers the whole total.
    refused = ledger.verdict_for(session, matrix, first, "refund", total, actor)
    one_request = len(movements) == 1 and first.line is not None
    if refused is not None and one_request:
        stored = ask_for_approval(session, matrix, first, actor, total, refused.reason)
        if stored is not None:
            return Refunded([], replayed=False, approval=stored)
    if refused is not None:
        raise ledger.BeyondAuthority(
            f"{refused.reason}; ask someone whose limits cover {format_amount(total, order.currency)} to refund it"
            + (
                ""
                if one_request
                else " (a return of several lines, or one that gives the delivery back, cannot go for approval "
                "as one request)"
            )
        )
    due = refund_due_at(session, rma)
    payments = []
    for target, amount_minor, line_no in movements:
        what = f"line-{line_no}" if line_no is not None else "outbound-shipping"
        booked = ledger.book(
            session,
            target,
            kind="refund",
            amount_minor=amount_minor,
            actor=actor,
            key=f"rma-{rma.number}-refund-{what}",
            fingerprint=request_fingerprint({"rma": rma.number, "line_no": line_no, "amount": amount_minor}),
            note=f"return {_number(rma)}"
            + (" (the customer keeps the item)" if keep_item else "")
            + (" (on the carrier's scan)" if on_carrier_scan else ""),
            why=f" for return {_number(rma)}",
            purpose=RETURN_REFUND,
        )
        payments.append(booked.payment or payment_for_entry(session, booked.entry))
    money = format_amount(total, order.currency)
    with_delivery = f", {format_amount(delivery, order.currency)} of it for the delivery," if delivery else ""
    audit.record(
        session,
        audit.Kind.PAYMENT_REQUESTED,
        actor=actor.name,
        role=actor.role,
        order_id=order.id,
        rma_id=rma.id,
        description=f"{actor.name} sent a refund of {money}{with_delivery} for return {_number(rma)} to the "
        f"{order.payment_method} order {order.number} was paid with" + (f"; due by {due:%Y-%m-%d}" if due else ""),
        data={
            "amount_minor": total,
            "currency": order.currency,
            "keep_item": keep_item,
            "on_carrier_scan": on_carrier_scan,
            "outbound_shipping_minor": delivery,
        },
    )
    return Refunded(payments, replayed=False)


def whole_return_arrived(session: Session, rma: Rma) -> bool:
    """Every unit of the return arrived (or is kept): a partial receipt is not the whole order back."""
    arrived = arrived_units(session, rma)
    return all(arrived[line.id] >= line.quantity for line in rma.lines)


def refuse_unless_refundable(rma: Rma, keep_item: bool, *, on_carrier_scan: bool = False) -> None:
    status, number = RmaStatus(rma.status), _number(rma)
    if status is S.INSPECTED or (status is S.APPROVED and keep_item):
        return
    if on_carrier_scan and status in (S.IN_TRANSIT, S.RECEIVED):
        return
    reasons = {
        S.APPROVED: "is approved but not back yet; refund it once it is inspected, or send keep_item: true when "
        "the customer keeps the item",
        S.IN_TRANSIT: "is on its way back; refund it once it is received and inspected",
        S.RECEIVED: "was received but not inspected yet; grade it first",
        S.REQUESTED: "is not approved yet; approve it first",
        S.PENDING_REVIEW: "waits for review; approve it first",
        S.RESOLVED: "is already resolved",
        S.CLOSED: "is closed",
        S.REJECTED: "was rejected, so nothing is refunded",
        S.CANCELLED: "was cancelled, so nothing is refunded",
    }
    raise RefundNotAllowed(f"return {number} {reasons.get(status, f'is {status.value}')}")


def payments_of(session: Session, rma: Rma, *, purpose: str | None = None) -> list[RefundPayment]:
    return repository.payments_of(session, rma.id, purpose=purpose)


def overdue(session: Session, *, now: datetime | None = None) -> list[RefundPayment]:
    """Refunds past the policy's due date and still not settled, and every failed one, oldest first."""
    return repository.overdue(session, now or utcnow())


def _lines(rma: Rma):
    return sorted(rma.lines, key=lambda line: line.order_line.line_no)


def _number(rma: Rma) -> str:
    return format_rma_number(rma.number)


def tell_refunded(session: Session, rma: Rma) -> None:
    """Every refund of the return has settled: say how much went back to the card."""
    total = repository.settled_refund_total(session, rma.id)
    enqueue(session, "refunded", rma, refund_amount=format_amount(total, rma.currency))


def tell_exchange_shipped(session: Session, rma: Rma, exchange: ExchangeOrder) -> None:
    # The local sink has no carrier: the replacement order's reference is what the customer can quote.
    enqueue(session, "exchange_shipped", rma, tracking_number=exchange.sink_reference or "")
