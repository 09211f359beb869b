"""Leases on outbox rows: how a worker claims due rows, keeps them while it works, and finishes them.

Shared by the notification worker and the webhook worker. An outbox table has `id`, `status`
("pending" while due or in flight), `next_attempt_at`, `attempts`, `lease_owner` and
`lease_expires_at`.

Claiming is a short transaction of its own: PostgreSQL picks candidates with
``SELECT ... FOR UPDATE SKIP LOCKED`` (workers never wait on each other); on both databases the
claim itself is a guarded ``UPDATE ... WHERE lease is free`` that sets this worker's lease owner
and expiry, so two workers never hold the same row. The work happens outside any transaction (a
mail server or a shop's endpoint may take seconds), and its outcome is written by `finish`,
guarded by the lease: a worker whose lease ran out writes nothing. A worker that dies holding a
lease releases the row by letting it expire; the next claim after that takes it again.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from ..db import transaction
from ..models import utcnow

DAY = 86400


def backoff(first_seconds: float, attempts: int) -> timedelta:
    """`first_seconds`, then twice as long after each further failure (capped at a day)."""
    return timedelta(seconds=min(first_seconds * 2 ** (attempts - 1), DAY))


class Leases:
    """Claims on the rows of one outbox table, for one worker (`name`)."""

    def __init__(self, table: Any, sessions: sessionmaker[Session], *, name: str, lease_seconds: float) -> None:
        self.table = table
        self.sessions = sessions
        self.name = name
        self.lease_for = timedelta(seconds=lease_seconds)
        self._held: dict[int, str] = {}  # row id -> the lease this worker claimed it under

    def claim(self, *, now: datetime, limit: int = 50, where: Iterable[ColumnElement[bool]] = ()) -> list[int]:
        """Lease up to `limit` due rows (that also meet `where`) to this worker; returns their ids."""
        T = self.table
        lease = f"{self.name}:{uuid.uuid4().hex[:12]}"  # one per claim: outcomes are guarded by it
        free = or_(T.lease_expires_at.is_(None), T.lease_expires_at < now)
        conditions = [T.status == "pending", T.next_attempt_at <= now, free, *where]
        with transaction(self.sessions) as session:
            candidates = select(T.id).where(*conditions).order_by(T.next_attempt_at, T.id).limit(limit)
            if session.get_bind().dialect.name == "postgresql":
                candidates = candidates.with_for_update(skip_locked=True)
            ids = list(session.scalars(candidates))
            if not ids:
                return []
            # Guarded: on SQLite there is no row lock, so the WHERE repeats the conditions; a row
            # another worker leased meanwhile is simply not updated.
            session.execute(
                update(T)
                .where(T.id.in_(ids), *conditions)
                .values(lease_owner=lease, lease_expires_at=now + self.lease_for, attempts=T.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            claimed = list(session.scalars(select(T.id).where(T.lease_owner == lease).order_by(T.id)))
        self._held.update(dict.fromkeys(claimed, lease))
        return claimed

    def take(self, row_id: int) -> str:
        """The lease a claimed row is held under; the row is then the caller's to finish."""
        return self._held.pop(row_id)

    def still_ours(self, row_id: int, lease: str, expires_at: datetime | None) -> bool:
        """Rows are worked one after another: before each, a lease more than half used is renewed
        (guarded), so a slow receiver cannot let another worker take a row we are about to send.
        False: the lease expired and the row may already be someone else's."""
        now = utcnow()
        if expires_at is not None and expires_at - now > self.lease_for / 2:
            return True
        T = self.table
        with transaction(self.sessions) as session:
            renewed = session.execute(
                update(T)
                .where(T.id == row_id, T.lease_owner == lease, T.lease_expires_at > now)
                .values(lease_expires_at=now + self.lease_for)
                .execution_options(synchronize_session=False)
            )
        return renewed.rowcount == 1

    def finish(self, row_id: int, lease: str, *, status: str, session: Session | None = None, **values: Any) -> bool:
        """One guarded write: the outcome only counts while we still hold the lease. In `session`'s
        unit of work when given (to write a log row with it), else in one of its own."""
        T = self.table
        statement = (
            update(T)
            .where(T.id == row_id, T.lease_owner == lease)
            .values(status=status, lease_owner=None, lease_expires_at=None, **values)
            .execution_options(synchronize_session=False)
        )
        if session is not None:
            return session.execute(statement).rowcount == 1
        with transaction(self.sessions) as own:
            return own.execute(statement).rowcount == 1
