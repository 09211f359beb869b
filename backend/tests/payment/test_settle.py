"""The settlement worker on its own: backoff, giving up, and the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from returndesk.db import get_sessionmaker
from returndesk.models import utcnow
from returndesk.models.payment import GatewayRefund, RefundPayment
from returndesk.payment.tasks import MAX_ATTEMPTS, backoff, settle_due
from returndesk.payment_provider import PaymentProvider, ProviderUnavailable, use_payment_provider

from ..databases import BACKEND_DIR
from .helpers import a_return, gateway_later, rma_status


class Down(PaymentProvider):
    """A provider that cannot be reached at all."""

    name = "local"

    def refund(self, idempotency_key, payment_reference, amount_minor, currency):
        raise ProviderUnavailable("connection refused")

    def status(self, refund_id):
        raise ProviderUnavailable("connection refused")


@pytest.mark.parametrize(
    ("attempt", "wait"),
    [
        pytest.param(1, timedelta(seconds=30), id="first retry after 30 s"),
        pytest.param(2, timedelta(minutes=1), id="then doubling"),
        pytest.param(4, timedelta(minutes=4), id="fourth"),
        pytest.param(9, timedelta(hours=1), id="capped at an hour"),
    ],
)
def test_backoff(attempt, wait):
    assert backoff(attempt) == wait


def test_the_worker_gives_up_after_its_attempts_and_says_so(api, engine, signed_in, db):
    rma = a_return(api, engine)
    use_payment_provider(Down())
    answer = signed_in("alice", "agent").post(f"/returns/{rma}/refund")
    assert answer.status_code == 201, answer.text  # booked; the provider is the worker's problem now
    sessions, now = get_sessionmaker(), utcnow()

    for _ in range(MAX_ATTEMPTS - 1):
        now += timedelta(hours=2)
        settle_due(sessions, Down(), now=now)

    payment = db.scalar(select(RefundPayment))
    assert (payment.status, payment.attempts) == ("failed", MAX_ATTEMPTS)
    assert payment.last_error == f"gave up after {MAX_ATTEMPTS} tries: connection refused"
    kinds = db.audit_kinds()
    assert (kinds.count("payment.retry"), kinds.count("payment.failed")) == (MAX_ATTEMPTS - 1, 1)


def test_settle_once_from_the_command_line(api, engine, signed_in, database_url, db):
    rma = a_return(api, engine)
    signed_in("alice", "agent").post(f"/returns/{rma}/refund").raise_for_status()
    with Session(engine) as session:  # as if the 30 s had passed, for the gateway and the worker
        past = utcnow() - timedelta(seconds=1)
        session.execute(update(GatewayRefund).values(settles_at=past))
        session.execute(update(RefundPayment).values(next_attempt_at=past))
        session.commit()

    run = subprocess.run(
        [sys.executable, "-m", "returndesk.payment.tasks", "--once"],
        cwd=BACKEND_DIR,
        env=os.environ | {"RETURNDESK_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert run.returncode == 0, run.stderr
    assert "1 settled, 0 failed, 0 retried, 0 waiting" in run.stderr
    assert db.scalar(select(RefundPayment.status)) == "settled"
    assert rma_status(engine, rma) == "resolved"


def test_a_payment_the_gateway_does_not_know_is_retried_later_and_never_stops_the_others(api, engine, signed_in, db):
    lost, fine = a_return(api, engine, number="U1001"), a_return(api, engine, number="U1002")
    alice = signed_in("alice", "agent")
    for rma in (lost, fine):
        alice.post(f"/returns/{rma}/refund").raise_for_status()
    # The gateway's record of the first refund is gone (restored from an old backup, say).
    with get_sessionmaker()() as session, session.begin():
        payments = session.scalars(select(RefundPayment).order_by(RefundPayment.id)).all()
        tries = payments[0].attempts
        session.execute(
            update(GatewayRefund).where(GatewayRefund.id == payments[0].provider_refund_id).values(id="gone")
        )
        session.execute(update(RefundPayment).values(next_attempt_at=utcnow()))
    gateway, later = gateway_later()

    settle_due(get_sessionmaker(), gateway, now=later)

    first, second = db.scalars(select(RefundPayment).order_by(RefundPayment.id))
    assert (second.status, rma_status(engine, fine)) == ("settled", "resolved")
    assert (first.status, first.attempts) == ("pending", tries + 1)
    assert "the gateway has no refund" in first.last_error and first.next_attempt_at > later
