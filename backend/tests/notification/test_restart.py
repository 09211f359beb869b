"""Restarting the worker mid-send loses and duplicates nothing.

A worker subprocess is killed while the SMTP server holds it in DATA (the message was sent but
the server never said 250, so it was not delivered); a second worker picks the row up once the
first one's lease expires. The server counts accepted messages by Message-ID: each exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from .conftest import new_return, outbox

BACKEND_DIR = Path(__file__).resolve().parents[2]
RETURNS = 4


def start_worker(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "RETURNDESK_SMTP_PORT": str(port),
        "RETURNDESK_NOTIFICATION_LEASE_SECONDS": "2",
        "RETURNDESK_NOTIFICATION_POLL_SECONDS": "0.1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "returndesk.notification.tasks"],
        cwd=BACKEND_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_worker_killed_while_sending_loses_and_duplicates_nothing(api, session, counting_smtp):
    inbox, port = counting_smtp(stall_at=2)  # the second message hangs in DATA
    numbers = [new_return(api, number=f"A20{i:02d}")["rma_number"] for i in range(RETURNS)]
    first = start_worker(port)
    try:
        assert inbox.stalled.wait(timeout=60), "the first worker never reached the second message"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        stuck = [row for row in outbox(session) if row.status == "pending" and row.lease_owner]
        # One message went out, the stalled one and the rest of the batch are leased to the dead worker.
        assert len(inbox.accepted) == 1 and len(stuck) == RETURNS - 1 and {row.attempts for row in stuck} == {1}
        second = start_worker(port)
        try:
            assert inbox.wait_for(RETURNS), f"delivered {dict(inbox.accepted)}"
        finally:
            second.send_signal(signal.SIGTERM)
            _, errors = second.communicate(timeout=30)
        assert second.returncode == 0, errors
    finally:
        if first.poll() is None:
            first.kill()
    assert len(inbox.accepted) == RETURNS and set(inbox.accepted.values()) == {1}
    rows = outbox(session)
    assert [row.status for row in rows] == ["sent"] * RETURNS
    assert {row.provider_message_id for row in rows} == set(inbox.accepted)
    assert [row.attempts for row in rows if row.id in {row.id for row in stuck}] == [2] * (RETURNS - 1)
    subjects = sorted(inbox.received.get(timeout=1)["Subject"] for _ in range(RETURNS))
    assert subjects == sorted(f"Your return {number} is approved" for number in numbers)
