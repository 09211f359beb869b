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

# Refunds and store credit give back what was paid for the line; a coupon is goodwill on top.
LINE_BALANCE_KINDS = ("refund", "store_credit")


def lock_for_totals(session: Session, order: Order, actor: str) -> None:
    """Hold the order's and the actor's totals still until this transaction ends."""
    session.execute(select(Order.id).where(Order.id == order.id).with_for_update())
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:actor))"), {"actor": actor})


def spent_today(session: Session, actor: str) -> int:
    """What `actor` has moved since midnight UTC (every kind counts against the daily total)."""
    midnight = datetime.combine(datetime.now(UTC).date(), time(0), tzinfo=UTC)
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_minor), 0)).where(
            LedgerEntry.actor == actor, LedgerEntry.created_at >= midnight
        )
    )
    return int(total or 0)


def spent_on_case(session: Session, order_id: int, kind: str) -> int:
    """Coupons, or refunds and store credit, already booked on the case (for now: the order)."""
    kinds = ("coupon",) if kind == "coupon" else LINE_BALANCE_KINDS
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_minor), 0)).where(
            LedgerEntry.order_id == order_id, LedgerEntry.kind.in_(kinds)
        )
    )
    return int(total or 0)
