"""The notification worker: claims due outbox rows under a lease, sends them, marks them sent.

    python -m returndesk.notification.tasks          # runs until stopped (SIGTERM/Ctrl-C)
    python -m returndesk.notification.tasks --once   # sends what is due now, then exits

Rows are claimed, kept and finished under a lease (returndesk/outbox/repository.py, shared with the webhook
worker): two workers never hold the same row, the send happens outside any transaction (an SMTP
server may take seconds), and "sent" is written together with the provider's message id, guarded
by our lease.

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
from dataclasses import astuple, dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from ..config import Settings, get_settings
from ..db import get_sessionmaker
from ..models import utcnow
from ..models.notification import NotificationOutbox
from ..outbox import Leases, backoff
from ..rma.tasks import close_finished
from .channels import Channel, SendFailed, default_channels
from .repository import opted_out_channels

log = logging.getLogger("returndesk.notification.tasks")


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
        self.leases = Leases(
            NotificationOutbox, self.sessions, name=self.name, lease_seconds=self.settings.notification_lease_seconds
        )

    def backoff(self, attempts: int) -> timedelta:
        """30 s, 60 s, 2 min, 4 min, ... after the 1st, 2nd, 3rd failure (capped at a day)."""
        return backoff(self.settings.notification_backoff_seconds, attempts)

    def claim(self, *, now: datetime, limit: int = 50) -> list[int]:
        """Lease up to `limit` due rows to this worker; returns their ids."""
        return self.leases.claim(now=now, limit=limit)

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
        lease = self.leases.take(row_id)
        with self.sessions() as session:
            row = session.get(NotificationOutbox, row_id)
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
        if not self.leases.still_ours(row.id, lease, row.lease_expires_at):
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

    def _finish(self, row_id: int, lease: str, *, status: str, error: str | None = None, **values) -> bool:
        if "message_id" in values:
            values["provider_message_id"] = values.pop("message_id")
        return self.leases.finish(row_id, lease, status=status, last_error=error, **values)

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
        prog="python -m returndesk.notification.tasks", description="Sends the notification outbox."
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
