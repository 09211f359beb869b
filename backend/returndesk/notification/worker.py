"""The notification worker: claims due outbox rows under a lease, sends them, marks them sent.

    python -m returndesk.notification.worker          # runs until stopped (SIGTERM/Ctrl-C)
    python -m returndesk.notification.worker --once   # sends what is due now, then exits

Claiming is a short transaction of its own: PostgreSQL picks candidates with
``SELECT ... FOR UPDATE SKIP LOCKED`` (workers never wait on each other); on both databases the
claim itself is a guarded ``UPDATE ... WHERE lease is free`` that sets this worker's lease owner
and expiry, so two workers never hold the same row. The send happens outside any transaction
(an SMTP server may take seconds), and "sent" is written together with the provider's message id,
guarded by our lease.

Delivery is at-least-once with one honest window: a worker that dies after the provider accepted
a message but before "sent" was written leaves the row leased; when the lease expires another
worker sends it again. The email then carries the same Message-ID (derived from the outbox key),
so it is recognisably the same message, the SMS log sink keeps one row per key, and a killed
worker that dies *during* the SMTP conversation (before the server's 250) delivers nothing, so
the resend is the only copy. Failures retry with exponential backoff up to
`notification_max_attempts`, then the row is `failed` with the last error.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import threading
import uuid
from dataclasses import astuple, dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from ..config import Settings, get_settings
from ..db import get_sessionmaker, transaction
from ..models import utcnow
from ..models.notification import NotificationOutbox
from ..rma.closing import close_finished
from .channels import Channel, SendFailed, default_channels
from .service import opted_out_channels

log = logging.getLogger("returndesk.notification.worker")
O = NotificationOutbox  # short alias for the queries below


@dataclass
class Result:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.skipped


class Worker:
    def __init__(
        self,
        sessions: sessionmaker[Session] | None = None,
        channels: dict[str, Channel] | None = None,
        settings: Settings | None = None,
        *,
        name: str | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.sessions = sessions or get_sessionmaker()
        self.channels = channels if channels is not None else default_channels(self.sessions, self.settings)
        self.name = name or f"{socket.gethostname()[:30]}:{os.getpid()}"
        self.stopping = threading.Event()
        self._leases: dict[int, str] = {}  # row id -> the lease this worker claimed it under

    def backoff(self, attempts: int) -> timedelta:
        """30 s, 60 s, 2 min, 4 min, ... after the 1st, 2nd, 3rd failure (capped at a day)."""
        return timedelta(seconds=min(self.settings.notification_backoff_seconds * 2 ** (attempts - 1), 86400))

    def claim(self, *, now: datetime, limit: int = 50) -> list[int]:
        """Lease up to `limit` due rows to this worker; returns their ids."""
        lease = f"{self.name}:{uuid.uuid4().hex[:12]}"  # one per claim: marks are guarded by it
        free = or_(O.lease_expires_at.is_(None), O.lease_expires_at < now)
        with transaction(self.sessions) as session:
            candidates = (
                select(O.id)
                .where(O.status == "pending", O.next_attempt_at <= now, free)
                .order_by(O.next_attempt_at, O.id)
                .limit(limit)
            )
            if session.get_bind().dialect.name == "postgresql":
                candidates = candidates.with_for_update(skip_locked=True)
            ids = list(session.scalars(candidates))
            if not ids:
                return []
            # Guarded: on SQLite there is no row lock, so the WHERE repeats the conditions; a row
            # another worker leased meanwhile is simply not updated.
            session.execute(
                update(O)
                .where(O.id.in_(ids), O.status == "pending", free)
                .values(
                    lease_owner=lease,
                    lease_expires_at=now + timedelta(seconds=self.settings.notification_lease_seconds),
                    attempts=O.attempts + 1,
                )
                .execution_options(synchronize_session=False)
            )
            claimed = list(session.scalars(select(O.id).where(O.lease_owner == lease).order_by(O.id)))
        self._leases.update(dict.fromkeys(claimed, lease))
        return claimed

    def run_once(self, *, now: datetime | None = None, limit: int = 50) -> Result:
        """Send everything due at `now` (default: the clock), in batches of `limit`."""
        result = Result()
        while not self.stopping.is_set():
            ids = self.claim(now=now or utcnow(), limit=limit)
            for row_id in ids:
                self.process(row_id, result, now=now)
            if len(ids) < limit:
                break
        return result

    def process(self, row_id: int, result: Result, *, now: datetime | None = None) -> None:
        lease = self._leases.pop(row_id)
        with self.sessions() as session:
            row = session.get(O, row_id)
            if row is None or row.lease_owner != lease:  # our lease ran out before we got to it
                return
            session.expunge(row)
            opted_out = row.channel in opted_out_channels(session, row.customer_id)
        if opted_out:  # the customer opted out after the row was queued
            self._finish(row_id, lease, status="skipped", error="the customer opted out of this channel")
            result.skipped += 1
            return
        if row.attempts > self.settings.notification_max_attempts:
            # Its last attempt never finished (a worker died holding the lease): give up now.
            self._finish(row_id, lease, status="failed", error=row.last_error or "the last attempt did not finish")
            result.failed += 1
            return
        if not self._still_ours(row, lease):
            log.warning("notification %s: lease expired before sending; left to the worker that has it", row.key)
            return
        channel = self.channels.get(row.channel)
        try:
            if channel is None:
                raise SendFailed(f"no {row.channel} channel is configured")
            message_id = channel.send(row)
        except Exception as exc:  # a template or provider bug must not stop the worker
            if not isinstance(exc, SendFailed):
                log.exception("notification %s: unexpected error", row.key)
            error = str(exc) or exc.__class__.__name__
            if row.attempts >= self.settings.notification_max_attempts:
                self._finish(row_id, lease, status="failed", error=f"gave up after {row.attempts} attempts: {error}")
                result.failed += 1
                log.warning("notification %s failed for good: %s", row.key, error)
            else:
                retry_at = (now or utcnow()) + self.backoff(row.attempts)
                self._finish(row_id, lease, status="pending", error=error, next_attempt_at=retry_at)
                result.retried += 1
                log.info("notification %s: attempt %d failed (%s); retry at %s", row.key, row.attempts, error, retry_at)
            return
        if self._finish(row_id, lease, status="sent", message_id=message_id, sent_at=now or utcnow()):
            result.sent += 1
        else:
            log.warning("notification %s was sent after its lease expired; another worker may send it again", row.key)

    def _still_ours(self, row: NotificationOutbox, lease: str) -> bool:
        """A batch is sent one row after another: before each send, a lease more than half used
        is renewed (guarded), so a slow mail server cannot let another worker take a row we are
        about to send. False: the lease expired and the row may already be someone else's."""
        now = utcnow()
        lease_for = timedelta(seconds=self.settings.notification_lease_seconds)
        if row.lease_expires_at is not None and row.lease_expires_at - now > lease_for / 2:
            return True
        with transaction(self.sessions) as session:
            renewed = session.execute(
                update(O)
                .where(O.id == row.id, O.lease_owner == lease, O.lease_expires_at > now)
                .values(lease_expires_at=now + lease_for)
                .execution_options(synchronize_session=False)
            )
        return renewed.rowcount == 1

    def _finish(self, row_id: int, lease: str, *, status: str, error: str | None = None, **values) -> bool:
        """One guarded write: the outcome only counts while we still hold the lease."""
        changes = {"status": status, "lease_owner": None, "lease_expires_at": None, "last_error": error}
        if "message_id" in values:
            changes["provider_message_id"] = values.pop("message_id")
        with transaction(self.sessions) as session:
            done = session.execute(
                update(O)
                .where(O.id == row_id, O.lease_owner == lease)
                .values(**changes, **values)
                .execution_options(synchronize_session=False)
            )
        return done.rowcount == 1

    def run_forever(self) -> None:
        log.info("notification worker %s started", self.name)
        while not self.stopping.is_set():
            try:
                handled = self.run_once().handled
                close_finished(self.sessions)  # the message just sent is often a return's last step
            except Exception:  # the database restarting must not end the worker
                log.exception("notification worker: a round failed; trying again")
                handled = 0
            if not handled:
                self.stopping.wait(self.settings.notification_poll_seconds)
        log.info("notification worker %s stopped", self.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m returndesk.notification.worker", description="Sends the notification outbox."
    )
    parser.add_argument("--once", action="store_true", help="send what is due now, then exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    worker = Worker()
    if args.once:
        result = worker.run_once()
        log.info("sent %d, retrying %d, failed %d, skipped %d", *astuple(result))
        close_finished(worker.sessions)
        return 0
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: worker.stopping.set())
    worker.run_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
