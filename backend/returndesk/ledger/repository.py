"""Queries on the ledger: what was already moved, and the locks that keep those sums true until the
new row is written; the rows an entry names; the refund payment queued for an entry.

A limit check is "sum, compare, insert". Two requests that both sum before either inserts would
both pass: two 60.00 refunds against a 100.00 per-case limit, or one agent's parallel clicks
against their daily total. So before summing, a writer takes
- the order's row lock (`SELECT ... FOR UPDATE`): the per-case total is per order for now;
- on PostgreSQL, a transaction advisory lock on the actor: the daily total spans orders, and
  there is no row per actor to lock. It is released at commit or rollback.
Always in this order (order, then actor), so two writers never wait for each other in a circle.
On SQLite every writer already holds the database's write lock from BEGIN IMMEDIATE.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from ..models import ApprovalRequest, Escalation, LedgerEntry, Order, OrderLine, Rma, RmaEvent
from ..models.payment import RefundPayment
from ..policy.limits import Spent, counted_on_case


def lock_for_totals(session: Session, order: Order, actor: str) -> None:
    """Hold the order's and the actor's totals still until this transaction ends."""
    session.execute(select(Order.id).where(Order.id == order.id).with_for_update())
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:actor))"), {"actor": actor})


def spent(session: Session, kind: str, *, order_id: int, actor: str | None = None) -> Spent:
    """What counts against `kind`'s limits: what was booked on the case (for now: the order) of
    the kinds sharing its per-case limit, and what `actor` moved since midnight UTC, of every kind
    (0 without an actor: only the case matters)."""
    on_case = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_minor), 0)).where(
            LedgerEntry.order_id == order_id, LedgerEntry.kind.in_(counted_on_case(kind))
        )
    )
    today: int | None = 0
    if actor is not None:
        midnight = datetime.combine(datetime.now(UTC).date(), time(0), tzinfo=UTC)
        today = session.scalar(
            select(func.coalesce(func.sum(LedgerEntry.amount_minor), 0)).where(
                LedgerEntry.actor == actor, LedgerEntry.created_at >= midnight
            )
        )
    return Spent(on_case_minor=int(on_case or 0), today_minor=int(today or 0))


def take_from_balance(session: Session, order: Order, line: OrderLine | None, amount_minor: int) -> bool:
    """The guarded UPDATE that takes `amount_minor` from the line's (or the delivery's) balance;
    False when the balance no longer covers it."""
    if line is None:
        statement = (
            update(Order)
            .where(Order.id == order.id, Order.shipping_refunded_minor + amount_minor <= Order.shipping_paid_minor)
            .values(shipping_refunded_minor=Order.shipping_refunded_minor + amount_minor)
        )
    else:
        statement = (
            update(OrderLine)
            .where(
                OrderLine.id == line.id,
                OrderLine.refunded_minor + amount_minor <= OrderLine.unit_price_minor * OrderLine.quantity,
            )
            .values(refunded_minor=OrderLine.refunded_minor + amount_minor)
        )
    raised = session.execute(statement.execution_options(synchronize_session=False))
    return raised.rowcount == 1


def rma_by_number(session: Session, number: str) -> Rma | None:
    return session.scalars(select(Rma).where(Rma.number == number)).one_or_none()


def case_by_reference(session: Session, reference: str) -> Escalation | None:
    return session.scalars(select(Escalation).where(Escalation.reference == reference)).first()


def order(session: Session, order_id: int) -> Order | None:
    return session.get(Order, order_id)


def order_line(session: Session, order_line_id: int | None) -> OrderLine | None:
    return session.get(OrderLine, order_line_id) if order_line_id else None


def rma(session: Session, rma_id: int | None) -> Rma | None:
    return session.get(Rma, rma_id) if rma_id else None


def case(session: Session, escalation_id: int | None) -> Escalation | None:
    return session.get(Escalation, escalation_id) if escalation_id else None


def entries(session: Session, *, order_number: str | None, case_id: int | None) -> list[LedgerEntry]:
    """In booking order, at most 1000."""
    query = select(LedgerEntry).order_by(LedgerEntry.id)
    if order_number:
        query = query.join(Order, Order.id == LedgerEntry.order_id).where(Order.number == order_number)
    if case_id is not None:
        query = query.where(LedgerEntry.escalation_id == case_id)
    return list(session.scalars(query.limit(1000)))


def entry_by_key(session: Session, key: str) -> LedgerEntry | None:
    return session.scalars(select(LedgerEntry).where(LedgerEntry.idempotency_key == key)).one_or_none()


def payment_for_entry(session: Session, entry: LedgerEntry) -> RefundPayment | None:
    return session.scalars(select(RefundPayment).where(RefundPayment.ledger_entry_id == entry.id)).one_or_none()


def first_arrival(session: Session, rma_id: int, received_status: str) -> datetime | None:
    """When the return was first marked received (None: not yet)."""
    return session.scalar(
        select(RmaEvent.at)
        .where(RmaEvent.rma_id == rma_id, RmaEvent.to_status == received_status)
        .order_by(RmaEvent.id)
    )


def approved_unbooked_request(session: Session, rma_id: int, note: str) -> int | None:
    """The return's own refund request, approved and about to be booked (its entry not yet linked)."""
    return session.scalar(
        select(ApprovalRequest.id).where(
            ApprovalRequest.rma_id == rma_id,
            ApprovalRequest.kind == "refund",
            ApprovalRequest.status == "approved",
            ApprovalRequest.ledger_entry_id.is_(None),
            ApprovalRequest.note == note,
        )
    )
