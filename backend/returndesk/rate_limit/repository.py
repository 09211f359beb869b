"""The rate-limit counters: one row per (scope, client, window)."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..models import RateLimitCounter

# One sweeper at a time on PostgreSQL, so two sweeps never wait on each other's row locks.
_SWEEP_LOCK = 0x52444C4D  # "RDLM"


def count_hit(session: Session, scope: str, client_key: str, window_start: int) -> int:
    """Add one hit to the client's window (atomically, on both databases); returns its hits."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(RateLimitCounter)
        .values(scope=scope, client_key=client_key[:128], window_start=window_start, hits=1)
        .on_conflict_do_update(
            index_elements=["scope", "client_key", "window_start"],
            set_={"hits": RateLimitCounter.hits + 1},
        )
        .returning(RateLimitCounter.hits)
    )
    return session.execute(statement).scalar_one()


def drop_windows_before(session: Session, scope: str, before: int) -> None:
    session.execute(
        delete(RateLimitCounter).where(RateLimitCounter.scope == scope, RateLimitCounter.window_start < before)
    )


def uncount_hit(session: Session, scope: str, client_key: str, window_start: int) -> None:
    session.execute(
        update(RateLimitCounter)
        .where(*_window_of(scope, client_key, window_start), RateLimitCounter.hits > 0)
        .values(hits=RateLimitCounter.hits - 1)
    )


def drop_window(session: Session, scope: str, client_key: str, window_start: int) -> None:
    session.execute(delete(RateLimitCounter).where(*_window_of(scope, client_key, window_start)))


def _window_of(scope: str, client_key: str, window_start: int) -> tuple:
    return (
        RateLimitCounter.scope == scope,
        RateLimitCounter.client_key == client_key[:128],
        RateLimitCounter.window_start == window_start,
    )


def may_sweep(session: Session) -> bool:
    if session.get_bind().dialect.name == "postgresql":
        return bool(session.scalar(select(func.pg_try_advisory_xact_lock(_SWEEP_LOCK))))
    return True  # SQLite: BEGIN IMMEDIATE already makes every writer wait its turn
