"""The webhook worker: delivers the outbox to the shop's endpoints, signed, in order, with retries.

    python -m returndesk.webhooks.tasks          # runs until stopped (SIGTERM/Ctrl-C)
    python -m returndesk.webhooks.tasks --once   # delivers what is due now, then exits

Rows are claimed, kept and finished under a lease (returndesk/outbox/repository.py, shared with the
notification worker). Per endpoint, the events of one order go one at a time and in order: a row
is not claimed while an earlier one of its order to the same endpoint is pending, whether it
waits for a retry or is in flight (repository.nothing_earlier_pending).

A 2xx answer is delivered. Anything else (another status, a refused connection, a timeout) is
logged as an attempt and retried with exponential backoff, up to `webhook_max_attempts`, then the
row is `failed`. Delivery is at least once: a worker killed mid-request leaves its row leased,
and once the lease expires another worker sends it again under the same `webhook-id`, which the
receiver uses to drop the duplicate.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import socket
import threading
import time
from dataclasses import astuple, dataclass
from datetime import datetime

import httpx
from sqlalchemy.orm import Session, sessionmaker

from ..config import Settings, get_settings
from ..db import get_sessionmaker, transaction
from ..models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, utcnow
from ..outbox import Leases, backoff
from .repository import nothing_earlier_pending
from .service import signing_secrets
from .signing import signature_header

log = logging.getLogger("returndesk.webhooks.tasks")
USER_AGENT = "ReturnDesk-Webhooks/1"
ERROR_EXCERPT = 300  # characters of a refusing answer kept in the log (an HTML error page can be large)


@dataclass
class Result:
    delivered: int = 0
    retried: int = 0
    failed: int = 0

    @property
    def handled(self) -> int:
        return self.delivered + self.retried + self.failed


@dataclass(frozen=True)
class Attempt:
    started_at: datetime
    duration_ms: int
    status_code: int | None
    error: str | None


class Worker:
    def __init__(
        self,
        sessions: sessionmaker[Session] | None = None,
        settings: Settings | None = None,
        *,
        name: str | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.sessions = sessions or get_sessionmaker()
        self.name = name or f"{socket.gethostname()[:30]}:{os.getpid()}"
        self.stopping = threading.Event()
        self.leases = Leases(
            WebhookDelivery, self.sessions, name=self.name, lease_seconds=self.settings.webhook_lease_seconds
        )
        # No redirects: a receiver that moved must be registered again, not followed blindly.
        self.client = client or httpx.Client(
            timeout=self.settings.webhook_timeout_seconds, follow_redirects=False, headers={"User-Agent": USER_AGENT}
        )

    def claim(self, *, now: datetime, limit: int = 50) -> list[int]:
        return self.leases.claim(now=now, limit=limit, where=[nothing_earlier_pending()])

    def run_once(self, *, now: datetime | None = None, limit: int = 50) -> Result:
        """Deliver everything due at `now` (default: the clock). Claims again after each batch: an
        order's next event becomes due only once the one before it is delivered or failed."""
        result = Result()
        while not self.stopping.is_set():
            ids = self.claim(now=now or utcnow(), limit=limit)
            if not ids:
                break
            for row_id in ids:
                self.process(row_id, result, now=now)
        return result

    def process(self, row_id: int, result: Result, *, now: datetime | None = None) -> None:
        lease = self.leases.take(row_id)
        with self.sessions() as session:
            row = session.get(WebhookDelivery, row_id)
            endpoint = session.get(WebhookEndpoint, row.endpoint_id) if row else None
            if row is None or endpoint is None or row.lease_owner != lease:
                return  # our lease ran out before we got to it, or the endpoint was deleted
            session.expunge_all()
        if endpoint.status != "active":
            self._finish(row, lease, None, result, error="the endpoint is disabled", final=True)
            return
        if row.attempts > self.settings.webhook_max_attempts:
            # Its last attempt never finished (a worker died holding the lease): give up now.
            error = row.last_error or "the last attempt did not finish"
            self._finish(row, lease, None, result, error=error, final=True)
            return
        if not self.leases.still_ours(row.id, lease, row.lease_expires_at):
            log.warning("webhook delivery %s: lease expired before sending; left to the worker that has it", row.id)
            return
        attempt = self.deliver(row, endpoint)
        self._finish(row, lease, attempt, result, error=attempt.error, final=False, now=now)

    def deliver(self, row: WebhookDelivery, endpoint: WebhookEndpoint) -> Attempt:
        """One signed POST. The timestamp is the attempt's own, so a receiver's replay window
        (a few minutes) holds for retries hours later too."""
        body = json.dumps(row.payload, separators=(",", ":"), ensure_ascii=False).encode()
        started, clock = utcnow(), time.monotonic()
        timestamp = int(started.timestamp())
        headers = {
            "Content-Type": "application/json",
            "webhook-id": row.event_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": signature_header(signing_secrets(endpoint, started), row.event_id, timestamp, body),
        }
        status_code, error = None, None
        try:
            answer = self.client.post(endpoint.url, content=body, headers=headers)
            status_code = answer.status_code
            if not answer.is_success:
                error = f"HTTP {status_code}: {answer.text[:ERROR_EXCERPT]}".rstrip(": ")
        except httpx.TimeoutException:
            error = f"no answer within {self.settings.webhook_timeout_seconds:g} s"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        duration = int((time.monotonic() - clock) * 1000)
        return Attempt(started_at=started, duration_ms=duration, status_code=status_code, error=error)

    def _finish(
        self,
        row: WebhookDelivery,
        lease: str,
        attempt: Attempt | None,
        result: Result,
        *,
        error: str | None,
        final: bool,
        now: datetime | None = None,
    ) -> None:
        """The attempt's log row and the outcome, in one transaction; the outcome only if we still
        hold the lease (the log row is written either way: the request did happen)."""
        values: dict = {"last_error": error}
        if error is None:
            status, values["delivered_at"] = "delivered", now or utcnow()
        elif final or row.attempts >= self.settings.webhook_max_attempts:
            status = "failed"
            if not final:
                values["last_error"] = f"gave up after {row.attempts} attempts: {error}"
        else:
            status = "pending"
            values["next_attempt_at"] = (now or utcnow()) + backoff(self.settings.webhook_backoff_seconds, row.attempts)
        with transaction(self.sessions) as session:
            if attempt is not None:
                session.add(
                    WebhookAttempt(
                        delivery_id=row.id,
                        started_at=attempt.started_at,
                        duration_ms=attempt.duration_ms,
                        status_code=attempt.status_code,
                        error=attempt.error,
                    )
                )
            written = self.leases.finish(row.id, lease, status=status, session=session, **values)
        if not written:
            log.warning("webhook delivery %s: lease expired meanwhile; another worker may send it again", row.id)
        elif status == "delivered":
            result.delivered += 1
        elif status == "failed":
            result.failed += 1
            log.warning("webhook delivery %s (%s) failed for good: %s", row.id, row.event, values["last_error"])
        else:
            result.retried += 1
            log.info("webhook delivery %s: attempt %d failed (%s)", row.id, row.attempts, error)

    def run_forever(self) -> None:
        log.info("webhook worker %s started", self.name)
        while not self.stopping.is_set():
            try:
                handled = self.run_once().handled
            except Exception:  # the database restarting must not end the worker
                log.exception("webhook worker: a round failed; trying again")
                handled = 0
            if not handled:
                self.stopping.wait(self.settings.webhook_poll_seconds)
        log.info("webhook worker %s stopped", self.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m returndesk.webhooks.tasks", description="Delivers the webhooks.")
    parser.add_argument("--once", action="store_true", help="deliver what is due now, then exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    worker = Worker()
    if args.once:
        log.info("delivered %d, retrying %d, failed %d", *astuple(worker.run_once()))
        return 0
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: worker.stopping.set())
    worker.run_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
