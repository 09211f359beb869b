"""Counting requests per client in fixed windows, in the database.

The service runs as several workers (and replicas), so an in-process counter would let each of
them grant the full allowance. One row per (scope, client, window) is bumped with a single
`INSERT ... ON CONFLICT DO UPDATE ... RETURNING`, which both SQLite and PostgreSQL apply
atomically: concurrent requests each see their own count, and the limit is exact. A fixed
window may let a client through twice the limit across a window boundary; for refusing
floods of new chat sessions that is precise enough, and it costs one row per client per window.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import RateLimitCounter

# One sweeper at a time on PostgreSQL, so two sweeps never wait on each other's row locks.
_SWEEP_LOCK = 0x52444C4D  # "RDLM"


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    hits: int
    retry_after_seconds: int  # until the window ends; 0 when allowed
    window_start: int = 0  # the window the hit was counted in (for give_back)


def hit(session: Session, scope: str, client_key: str, *, limit: int, window_seconds: int) -> Allowance:
    """Count one request of `client_key` in `scope`. Only flushes; commit it even when refusing."""
    now = time.time()
    window_start = int(now // window_seconds) * window_seconds
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
    hits = session.execute(statement).scalar_one()
    if hits == 1 and _may_sweep(session):
        # The client's first request in this window: a good moment to drop windows long gone.
        session.execute(
            delete(RateLimitCounter).where(
                RateLimitCounter.scope == scope, RateLimitCounter.window_start < window_start - window_seconds
            )
        )
    if hits <= limit:
        return Allowance(True, hits, 0, window_start)
    return Allowance(False, hits, max(1, math.ceil(window_start + window_seconds - now)), window_start)


def give_back(session: Session, scope: str, client_key: str, counted: Allowance) -> None:
    """Uncount a hit that turned out not to count (a sign-in that succeeded). Counting up front
    and giving back keeps a limit exact under concurrency, where looking before counting would
    let a whole burst see room. Only flushes."""
    session.execute(
        update(RateLimitCounter)
        .where(*_window_of(scope, client_key, counted), RateLimitCounter.hits > 0)
        .values(hits=RateLimitCounter.hits - 1)
    )


def clear(session: Session, scope: str, client_key: str, counted: Allowance) -> None:
    """Forget every hit of `client_key` in the window `counted` was counted in. Only flushes."""
    session.execute(delete(RateLimitCounter).where(*_window_of(scope, client_key, counted)))


def _window_of(scope: str, client_key: str, counted: Allowance) -> tuple:
    return (
        RateLimitCounter.scope == scope,
        RateLimitCounter.client_key == client_key[:128],
        RateLimitCounter.window_start == counted.window_start,
    )


def _may_sweep(session: Session) -> bool:
    if session.get_bind().dialect.name == "postgresql":
        return bool(session.scalar(select(func.pg_try_advisory_xact_lock(_SWEEP_LOCK))))
    return True  # SQLite: BEGIN IMMEDIATE already makes every writer wait its turn
