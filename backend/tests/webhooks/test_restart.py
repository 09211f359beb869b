"""Killing the worker mid-delivery loses nothing: a worker subprocess is killed while the receiver
holds its request open (nothing was accepted); once the lease expires another worker delivers the
event under the same webhook-id, and the order's later events follow it, in order."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from returndesk.models import utcnow

from ..lifecycle.test_whole_life import request_return
from .conftest import deliveries

BACKEND_DIR = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 2


def start_worker() -> subprocess.Popen:
    env = {
        **os.environ,
        "RETURNDESK_WEBHOOK_LEASE_SECONDS": str(LEASE_SECONDS),
        "RETURNDESK_WEBHOOK_POLL_SECONDS": "0.1",
        "RETURNDESK_WEBHOOK_TIMEOUT_SECONDS": "30",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "returndesk.webhooks.tasks"],
        cwd=BACKEND_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_worker_killed_while_delivering_loses_nothing(api, session, receiver, worker):
    request_return(api, "W3001", "conv-kill")
    receiver.hold_next = True
    first = start_worker()
    try:
        assert receiver.held.wait(timeout=60), "the worker never reached the receiver"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    receiver.release.set()
    held, waiting = deliveries(session)
    assert (held.status, held.attempts) == ("pending", 1) and held.lease_owner  # leased to the dead worker
    assert (waiting.status, waiting.attempts) == ("pending", 0)  # held back behind it
    assert receiver.accepted == []

    hooks = worker(webhook_lease_seconds=LEASE_SECONDS)
    assert hooks.run_once().handled == 0  # the dead worker's lease has not run out yet
    after_the_lease = utcnow() + timedelta(seconds=LEASE_SECONDS + 1)
    assert hooks.run_once(now=after_the_lease).delivered == 2

    assert receiver.types() == ["return.created", "return.approved"] and receiver.duplicates == []
    assert receiver.accepted[0].event_id == held.event_id  # the same id: a receiver could drop a repeat
    assert [(row.status, row.attempts) for row in deliveries(session)] == [("delivered", 2), ("delivered", 1)]
