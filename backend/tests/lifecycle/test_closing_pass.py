"""python -m returndesk.rma.tasks: the closing pass on its own, as an operator runs it."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import update
from sqlalchemy.orm import Session

from returndesk.db import get_sessionmaker
from returndesk.models import NotificationOutbox
from returndesk.payment.tasks import settle_due

from ..databases import BACKEND_DIR
from ..payment.helpers import a_return, gateway_later, rma_status


def closing_pass(database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "returndesk.rma.tasks", "--once"],
        cwd=BACKEND_DIR,
        env=os.environ | {"RETURNDESK_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_closing_pass_closes_a_settled_and_told_return_from_the_command_line(api, engine, signed_in, database_url):
    rma = a_return(api, engine, number="C1101")
    signed_in("alice", "agent").post(f"/returns/{rma}/refund").raise_for_status()
    gateway, later = gateway_later()
    assert settle_due(get_sessionmaker(), gateway, now=later).settled == 1

    waiting = closing_pass(database_url)  # the "refunded" messages are still queued
    assert waiting.returncode == 0, waiting.stderr
    assert "closing pass: 0 closed" in waiting.stderr and rma_status(engine, rma) == "resolved"

    with Session(engine) as session:  # as if the notification worker had sent them
        session.execute(update(NotificationOutbox).values(status="sent"))
        session.commit()
    run = closing_pass(database_url)

    assert run.returncode == 0, run.stderr
    assert "closing pass: 1 closed" in run.stderr
    assert rma_status(engine, rma) == "closed"
