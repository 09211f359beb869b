"""Book a money movement: authority first, then the line's balance, then the ledger row and audit.

Why the database and not Python decides "not more than was paid": two agents (or two clicks) may
refund the same line at once. The line's `refunded_minor` counter is raised by one guarded
`UPDATE ... WHERE refunded_minor + :amount <= paid` and a CHECK constraint backs it up; a row
count of 0 means the balance is gone. On PostgreSQL the second writer waits for the first's row
lock and re-checks the condition against the committed value; on SQLite writers queue behind
BEGIN IMMEDIATE. The ledger row and its audit event are written in the same transaction, so the
counter never disagrees with the entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..authority import AuthorityMatrix, Refused, check
from ..errors import Conflict, Forbidden, InvalidInput, NotFound
from ..idempotency import KEY_HEADER, KeyReusedForAnotherRequest
from ..models import AuditEvent, LedgerEntry, Order, OrderLine, Rma
from ..order import repository as orders
from ..policy.money import format_amount
from ..rma.numbers import format_rma_number, parse_rma_number
from .schemas import LedgerEntryIn

# Refunds and store credit give back what was paid for the line; a coupon is goodwill on top.
LINE_BALANCE_KINDS = ("refund", "store_credit")


class BeyondAuthority(Forbidden):
    title = "Beyond your authority"


class RefundExceedsPaid(Conflict):
    title = "More than was paid"


@dataclass(frozen=True)
class Booked:
    entry: LedgerEntry
    replayed: bool


def book_movement(
    session: Session, matrix: AuthorityMatrix, payload: LedgerEntryIn, *, key: str, fingerprint: str
) -> Booked:
    """Check, book and audit one movement; the same key replays its entry. Only flushes."""
    existing = _entry_by_key(session, key)
    if existing is not None:
        return _replay(existing, fingerprint, key)
    order, line, rma = _target(session, payload)

    spent = spent_today(session, payload.actor)
    on_case = spent_on_case(session, order, payload.kind)
    verdict = check(matrix, payload.role, payload.kind, payload.amount_minor, spent, case_spent_minor=on_case)
    if matrix.currency != order.currency:
        verdict = Refused(f"your limits are set in {matrix.currency}; order {order.number} is in {order.currency}")
    if isinstance(verdict, Refused):
        raise BeyondAuthority(verdict.reason)

    if payload.kind in LINE_BALANCE_KINDS:
        raised = session.execute(
            update(OrderLine)
            .where(
                OrderLine.id == line.id,
                OrderLine.refunded_minor + payload.amount_minor <= OrderLine.unit_price_minor * OrderLine.quantity,
            )
            .values(refunded_minor=OrderLine.refunded_minor + payload.amount_minor)
            .execution_options(synchronize_session=False)
        )
        if raised.rowcount != 1:
            # A concurrent duplicate of this very request may have used the balance: replay it.
            existing = _entry_by_key(session, key)
            if existing is not None:
                return _replay(existing, fingerprint, key)
            session.refresh(line)
            raise RefundExceedsPaid(_over_balance(payload, order, line))
        session.refresh(line)

    entry = LedgerEntry(
        idempotency_key=key,
        request_hash=fingerprint,
        kind=payload.kind,
        order_id=order.id,
        order_line_id=line.id,
        rma_id=rma.id if rma else None,
        amount_minor=payload.amount_minor,
        currency=payload.currency,
        actor=payload.actor,
        role=payload.role,
    )
    session.add(entry)
    try:
        session.flush()
    except IntegrityError:
        # The same key committed first by a concurrent request: undo ours, answer with theirs.
        session.rollback()
        existing = _entry_by_key(session, key)
        if existing is None:  # pragma: no cover - some other constraint
            raise
        return _replay(existing, fingerprint, key)
    money = format_amount(payload.amount_minor, payload.currency)
    what = payload.kind.replace("_", " ")
    session.add(
        AuditEvent(
            kind=f"ledger.{payload.kind}",
            actor=payload.actor,
            role=payload.role,
            order_id=order.id,
            rma_id=entry.rma_id,
            ledger_entry_id=entry.id,
            description=f"{payload.actor} ({payload.role}) booked a {what} of {money} on order {order.number} "
            f"line {line.line_no}" + (f": {payload.note}" if payload.note else ""),
            data={"amount_minor": payload.amount_minor, "currency": payload.currency, "line_no": line.line_no},
        )
    )
    session.flush()
    return Booked(entry=entry, replayed=False)


def audit_refusal(session: Session, payload: LedgerEntryIn, reason: str, kind: str) -> None:
    """Record a refused movement (call after rolling back the attempt, then commit)."""
    order = orders.get_order(session, payload.order_number)
    session.add(
        AuditEvent(
            kind=kind,
            actor=payload.actor,
            role=payload.role,
            order_id=order.id if order else None,
            description=f"{payload.actor} ({payload.role}) was refused a {payload.kind.replace('_', ' ')}: {reason}",
            data={
                "amount_minor": payload.amount_minor,
                "currency": payload.currency,
                "order_number": payload.order_number,
                "line_no": payload.line_no,
            },
        )
    )
    session.flush()


def spent_today(session: Session, actor: str) -> int:
    """What `actor` has moved since midnight UTC (every kind counts against the daily total)."""
    midnight = datetime.combine(datetime.now(UTC).date(), time(0), tzinfo=UTC)
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_minor), 0)).where(
            LedgerEntry.actor == actor, LedgerEntry.created_at >= midnight
        )
    )
    return int(total or 0)


def spent_on_case(session: Session, order: Order, kind: str) -> int:
    """Coupons, or refunds and store credit, already booked on the case (for now: the order)."""
    kinds = ("coupon",) if kind == "coupon" else LINE_BALANCE_KINDS
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_minor), 0)).where(
            LedgerEntry.order_id == order.id, LedgerEntry.kind.in_(kinds)
        )
    )
    return int(total or 0)


def describe(session: Session, entry: LedgerEntry) -> dict:
    line = session.get(OrderLine, entry.order_line_id)
    order = session.get(Order, entry.order_id)
    rma = session.get(Rma, entry.rma_id) if entry.rma_id else None
    assert line is not None and order is not None
    return {
        "id": entry.id,
        "kind": entry.kind,
        "order_number": order.number,
        "line_no": line.line_no,
        "rma_number": format_rma_number(rma.number) if rma else None,
        "amount_minor": entry.amount_minor,
        "currency": entry.currency,
        "actor": entry.actor,
        "role": entry.role,
        "created_at": entry.created_at,
        "line_paid_minor": line.paid_minor,
        "line_refunded_minor": line.refunded_minor,
    }


def _target(session: Session, payload: LedgerEntryIn) -> tuple[Order, OrderLine, Rma | None]:
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
        number = parse_rma_number(payload.rma_number)
        rma = session.scalars(select(Rma).where(Rma.number == number)).one_or_none()
        if rma is None or rma.order_id != order.id:
            raise NotFound(f"order {order.number} has no return {payload.rma_number}")
    return order, line, rma


def _over_balance(payload: LedgerEntryIn, order: Order, line: OrderLine) -> str:
    def money(minor: int) -> str:
        return format_amount(minor, order.currency)

    left = line.paid_minor - line.refunded_minor
    return (
        f"{payload.kind.replace('_', ' ')} {money(payload.amount_minor)} on order {order.number} line {line.line_no} "
        f"would exceed what was paid: {money(line.paid_minor)} paid, {money(line.refunded_minor)} already "
        f"refunded, {money(left)} left"
    )


def _entry_by_key(session: Session, key: str) -> LedgerEntry | None:
    return session.scalars(select(LedgerEntry).where(LedgerEntry.idempotency_key == key)).one_or_none()


def _replay(entry: LedgerEntry, fingerprint: str, key: str) -> Booked:
    if entry.request_hash != fingerprint:
        raise KeyReusedForAnotherRequest(
            f"{KEY_HEADER} '{key}' was already used for a different movement; send a new key for a new one"
        )
    return Booked(entry=entry, replayed=True)
