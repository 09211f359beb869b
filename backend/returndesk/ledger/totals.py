"""What was already moved, and the locks that keep those sums true until the new row is written.

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

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..models import LedgerEntry, Order
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
