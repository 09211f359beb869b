"""Book a money movement: authority first, then the line's balance, then the ledger row and audit.

Why the database and not Python decides "not more than was paid": two agents (or two clicks) may
refund the same line at once. The line's `refunded_minor` counter is raised by one guarded
`UPDATE ... WHERE refunded_minor + :amount <= paid` and a CHECK constraint backs it up; a row
count of 0 means the balance is gone. On PostgreSQL the second writer waits for the first's row
lock and re-checks the condition against the committed value; on SQLite writers queue behind
BEGIN IMMEDIATE. The ledger row and its audit event are written in the same transaction, so the
counter never disagrees with the entries. The outbound delivery a policy gives back is booked the
same way on the order's own balance (`orders.shipping_refunded_minor`, at most
`shipping_paid_minor`): an entry with no order line. The limits (per case, per day) hold under races
because the sums are taken under the locks of repository.py (lock_for_totals).

A refund (not a coupon or store credit) is card money: `book` queues its payment to the provider
in the same transaction (queue.py), whoever booked it; the caller sends it after commit,
or the settlement worker does.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..authority import AuthorityMatrix, Refused, check
from ..errors import Conflict, Forbidden, InvalidInput, NotFound
from ..idempotency import KEY_HEADER, KeyReusedForAnotherRequest
from ..kit.money import format_amount
from ..models import Escalation, LedgerEntry, Order, OrderLine, Rma, StaffUser
from ..models.payment import RefundPayment
from ..models.rma_number import InvalidRmaNumber, format_rma_number, parse_rma_number
from ..order import repository as orders
from ..policy.limits import LINE_BALANCE_KINDS
from . import repository
from .queue import queue_refund
from .repository import lock_for_totals, spent
from .schemas import LedgerEntryIn


class BeyondAuthority(Forbidden):
    title = "Beyond your authority"


class RefundExceedsPaid(Conflict):
    title = "More than was paid"


@dataclass(frozen=True)
class Actor:
    """Who moves the money: the bot (shop token) or a signed-in person."""

    name: str  # "bot" or "staff:<username>"
    role: str
    staff: StaffUser | None = None


@dataclass(frozen=True)
class Target:
    order: Order
    line: OrderLine | None  # None: the order's outbound delivery (a refund only, payment/service.py)
    rma: Rma | None
    case: Escalation | None


@dataclass(frozen=True)
class Booked:
    entry: LedgerEntry
    replayed: bool
    payment: RefundPayment | None = None  # a new refund's payment, queued for the provider


def find_target(session: Session, payload: LedgerEntryIn) -> Target:
    """The order line (and return, and case) a movement is for; 404 or 422 with what to fix."""
    order = orders.get_order(session, payload.order_number)
    if order is None:
        raise NotFound(f"there is no order {payload.order_number}")
    line = orders.line_by_number(order, payload.line_no)
    if line is None:
        raise NotFound(f"order {order.number} has no line {payload.line_no}")
    if payload.currency != order.currency:
        raise InvalidInput(f"order {order.number} was paid in {order.currency}; send the amount in {order.currency}")
    rma = None
    if payload.rma_number:
        try:
            number = parse_rma_number(payload.rma_number)
        except InvalidRmaNumber as exc:
            raise InvalidInput(str(exc)) from None
        rma = repository.rma_by_number(session, number)
        if rma is None or rma.order_id != order.id:
            raise NotFound(f"order {order.number} has no return {payload.rma_number}")
    case = None
    if payload.escalation_reference:
        case = find_case(session, payload.escalation_reference)
        if case.order_number and case.order_number != order.number:
            raise InvalidInput(
                f"case {case.reference} is about order {case.order_number}, not {order.number}; "
                "book the movement on that order or without the case"
            )
    return Target(order=order, line=line, rma=rma, case=case)


def find_case(session: Session, reference: str) -> Escalation:
    case = repository.case_by_reference(session, reference.strip().upper())
    if case is None:
        raise NotFound(f"there is no case {reference}")
    return case


def verdict_for(
    session: Session, matrix: AuthorityMatrix, target: Target, kind: str, amount_minor: int, actor: Actor
) -> Refused | None:
    """Lock the totals, then check `actor` against them. None: allowed. The locks last until commit."""
    lock_for_totals(session, target.order, actor.name)
    if matrix.currency != target.order.currency:
        return Refused(
            f"your limits are set in {matrix.currency}; order {target.order.number} is in {target.order.currency}"
        )
    moved = spent(session, kind, order_id=target.order.id, actor=actor.name)
    verdict = check(matrix, actor.role, kind, amount_minor, moved.today_minor, case_spent_minor=moved.on_case_minor)
    return verdict if isinstance(verdict, Refused) else None


def refuse_if_over_balance(session: Session, target: Target, kind: str, amount_minor: int) -> None:
    """Early 409 for an amount the line cannot take (before asking anyone to approve it)."""
    if kind not in LINE_BALANCE_KINDS:
        return
    assert target.line is not None  # approvals are for goods only
    session.refresh(target.line)
    if target.line.refunded_minor + amount_minor > target.line.paid_minor:
        raise RefundExceedsPaid(_over_balance(kind, amount_minor, target.order, target.line))


def book(
    session: Session,
    target: Target,
    *,
    kind: str,
    amount_minor: int,
    actor: Actor,
    key: str,
    fingerprint: str,
    note: str | None = None,
    why: str = "",
    purpose: str | None = None,
) -> Booked:
    """Write the movement (the caller has checked authority under the totals' locks), and queue a
    refund's payment (`purpose`: see queue.py). Only flushes."""
    order, line = target.order, target.line
    if line is None and kind != "refund":
        raise InvalidInput(f"only a refund can give back the delivery of order {order.number}")
    if kind in LINE_BALANCE_KINDS:
        if not repository.take_from_balance(session, order, line, amount_minor):
            # A concurrent duplicate of this very request may have used the balance: replay it.
            existing = repository.entry_by_key(session, key)
            if existing is not None:
                return replay(existing, fingerprint, key)
            session.refresh(line or order)
            raise RefundExceedsPaid(_over_balance(kind, amount_minor, order, line))
        session.refresh(line or order)

    entry = LedgerEntry(
        idempotency_key=key,
        request_hash=fingerprint,
        kind=kind,
        order_id=order.id,
        order_line_id=line.id if line else None,
        rma_id=target.rma.id if target.rma else None,
        amount_minor=amount_minor,
        currency=order.currency,
        actor=actor.name,
        role=actor.role,
        escalation_id=target.case.id if target.case else None,
    )
    session.add(entry)
    try:
        session.flush()
    except IntegrityError:
        # The same key committed first by a concurrent request: undo ours, answer with theirs.
        session.rollback()
        existing = repository.entry_by_key(session, key)
        if existing is None:  # pragma: no cover - some other constraint
            raise
        return replay(existing, fingerprint, key)
    money = format_amount(amount_minor, order.currency)
    audit.record(
        session,
        audit.Kind(f"ledger.{kind}"),
        actor=actor.name,
        role=actor.role,
        order_id=order.id,
        rma_id=entry.rma_id,
        ledger_entry_id=entry.id,
        escalation_id=entry.escalation_id,
        description=f"{actor.name} ({actor.role}) booked a {kind.replace('_', ' ')} of {money} on order "
        f"{order.number} {_what(line)}{why}" + (f": {note}" if note else ""),
        data={"amount_minor": amount_minor, "currency": order.currency, "line_no": line.line_no if line else None},
    )
    payment = queue_refund(session, entry, purpose=purpose) if kind == "refund" else None
    session.flush()
    return Booked(entry=entry, replayed=False, payment=payment)


def audit_refusal(session: Session, payload: LedgerEntryIn, actor: Actor, reason: str, kind: audit.Kind) -> None:
    """Record a refused movement; run by the unit of work after it rolled the attempt back (AuditedRefusal)."""
    order = orders.get_order(session, payload.order_number)
    case = None
    if payload.escalation_reference:
        case = repository.case_by_reference(session, payload.escalation_reference)
    audit.record(
        session,
        kind,
        actor=actor.name,
        role=actor.role,
        order_id=order.id if order else None,
        escalation_id=case.id if case else None,
        description=f"{actor.name} ({actor.role}) was refused a {payload.kind.replace('_', ' ')}: {reason}",
        data={
            "amount_minor": payload.amount_minor,
            "currency": payload.currency,
            "order_number": payload.order_number,
            "line_no": payload.line_no,
        },
    )


def describe(session: Session, entry: LedgerEntry) -> dict:
    line = repository.order_line(session, entry.order_line_id)
    order = repository.order(session, entry.order_id)
    rma = repository.rma(session, entry.rma_id)
    case = repository.case(session, entry.escalation_id)
    payment = repository.payment_for_entry(session, entry) if entry.kind == "refund" else None
    assert order is not None
    return {
        "id": entry.id,
        "kind": entry.kind,
        "order_number": order.number,
        "line_no": line.line_no if line else None,
        "covers": "goods" if line else "outbound_shipping",
        "rma_number": format_rma_number(rma.number) if rma else None,
        "amount_minor": entry.amount_minor,
        "currency": entry.currency,
        "actor": entry.actor,
        "role": entry.role,
        "created_at": entry.created_at,
        "escalation_reference": case.reference if case else None,
        "line_paid_minor": line.paid_minor if line else order.shipping_paid_minor,
        "line_refunded_minor": line.refunded_minor if line else order.shipping_refunded_minor,
        "payment_id": payment.id if payment else None,
        "payment_status": payment.status if payment else None,
    }


def list_entries(session: Session, *, order_number: str | None, case: Escalation | None) -> list[LedgerEntry]:
    return repository.entries(session, order_number=order_number, case_id=case.id if case is not None else None)


def replay(entry: LedgerEntry, fingerprint: str, key: str) -> Booked:
    if entry.request_hash != fingerprint:
        raise KeyReusedForAnotherRequest(
            f"{KEY_HEADER} '{key}' was already used for a different movement; send a new key for a new one"
        )
    return Booked(entry=entry, replayed=True)


def customer_words(kind: str, amount_minor: int, currency: str, item: str) -> str:
    """How the customer hears about money on its way, e.g. 'A refund of 150.00 EUR for Slim fit jeans'."""
    money = format_amount(amount_minor, currency)
    if kind == "store_credit":
        return f"Store credit of {money} for {item}"
    return f"A {kind.replace('_', ' ')} of {money} for {item}"


def _what(line: OrderLine | None) -> str:
    return f"line {line.line_no}" if line else "for its outbound delivery"


def _over_balance(kind: str, amount_minor: int, order: Order, line: OrderLine | None) -> str:
    def money(minor: int) -> str:
        return format_amount(minor, order.currency)

    if line is None:
        paid, refunded = order.shipping_paid_minor, order.shipping_refunded_minor
    else:
        paid, refunded = line.paid_minor, line.refunded_minor
    return (
        f"{kind.replace('_', ' ')} {money(amount_minor)} on order {order.number} {_what(line)} "
        f"would exceed what was paid: {money(paid)} paid, {money(refunded)} already "
        f"refunded, {money(paid - refunded)} left"
    )
