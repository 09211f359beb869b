"""A refund that fails for good opens a case for an agent, and staff can send it again."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from returndesk.db import get_sessionmaker
from returndesk.models import Escalation, utcnow
from returndesk.models.payment import GatewayRefund, RefundPayment
from returndesk.models.rma_number import parse_rma_number
from returndesk.payment.tasks import MAX_ATTEMPTS, settle_due
from returndesk.payment_provider import LocalGateway, use_payment_provider

from ..factories import create_order
from ..ledger.helpers import book
from .helpers import a_return, gateway_later, rma_status
from .test_settle import Down


def expire_card(rma: str, alice) -> dict:
    """Refund `rma` and let the gateway refuse it (the card expired since the purchase)."""
    alice.post(f"/returns/{rma}/refund").raise_for_status()
    gateway, later = gateway_later(failures={"card:A1001": "card_expired"})
    assert settle_due(get_sessionmaker(), gateway, now=later).failed == 1
    (payment,) = alice.get(f"/returns/{rma}/payments").json()["payments"]
    return payment


def cases(db) -> list[Escalation]:
    return db.scalars(select(Escalation).order_by(Escalation.id))


def test_a_refused_refund_opens_a_high_priority_case_for_an_agent(api, engine, signed_in, db):
    rma = a_return(api, engine)
    payment = expire_card(rma, signed_in("alice", "agent"))

    (case,) = cases(db)
    assert (case.trigger, case.priority, case.status) == ("refund_failed", "high", "open")
    assert case.rma_number == parse_rma_number(rma)
    assert case.order_number == "A1001"
    assert "failed: card_expired" in case.summary and "has not been paid" in case.summary
    assert f"retry payment {payment['id']}" in case.recommendation
    (failed,) = db.audit("payment.failed")
    assert failed.escalation_id == case.id and case.reference in failed.description
    assert rma_status(engine, rma) == "inspected"


def test_retry_sends_a_refused_refund_again_under_a_new_key_once(api, engine, signed_in, db):
    rma = a_return(api, engine)
    alice = signed_in("alice", "agent")
    payment = expire_card(rma, alice)
    old_key = db.scalar(select(RefundPayment.idempotency_key))
    use_payment_provider(LocalGateway(get_sessionmaker()))  # the customer's card works again

    warehouse = signed_in("wim", "warehouse").post(f"/payments/{payment['id']}/retry")
    first = alice.post(f"/payments/{payment['id']}/retry")
    second = alice.post(f"/payments/{payment['id']}/retry")

    assert warehouse.status_code == 403 and "agent" in warehouse.json()["detail"]
    assert first.status_code == 200, first.text
    assert (first.json()["status"], first.json()["attempts"], first.json()["last_error"]) == ("pending", 0, None)
    assert first.json()["provider_refund_id"] != payment["provider_refund_id"]
    assert second.status_code == 200 and second.headers["Idempotent-Replayed"] == "true"
    assert second.json()["provider_refund_id"] == first.json()["provider_refund_id"]
    new_key = db.scalar(select(RefundPayment.idempotency_key))
    assert new_key != old_key and new_key.startswith(old_key)  # the old key is answered with the refusal
    assert db.scalar(select(func.count()).select_from(GatewayRefund)) == 2  # the refused one and one new
    (retried,) = db.audit("payment.retried")
    assert retried.actor == "staff:alice" and retried.escalation_id == cases(db)[0].id
    assert "card_expired" in retried.description

    gateway, later = gateway_later()
    assert settle_due(get_sessionmaker(), gateway, now=later).settled == 1
    assert rma_status(engine, rma) == "resolved"
    assert alice.get("/payments/overdue").json()["payments"] == []


def test_retry_after_giving_up_keeps_the_key_so_a_refund_made_meanwhile_is_not_paid_twice(api, engine, signed_in, db):
    rma = a_return(api, engine)
    sessions = get_sessionmaker()
    # The first answer is lost (the gateway made the refund), then the provider is unreachable.
    use_payment_provider(LocalGateway(sessions, failures={"card:A1001": "timeout"}))
    alice = signed_in("alice", "agent")
    alice.post(f"/returns/{rma}/refund").raise_for_status()
    now = utcnow()
    for _ in range(MAX_ATTEMPTS - 1):
        now += timedelta(hours=2)
        settle_due(sessions, Down(), now=now)
    payment = db.scalar(select(RefundPayment))
    assert (payment.status, payment.provider_refund_id) == ("failed", None)
    assert len(cases(db)) == 1
    use_payment_provider(LocalGateway(sessions))

    answer = alice.post(f"/payments/{payment.id}/retry")

    assert answer.status_code == 200, answer.text
    assert db.scalar(select(RefundPayment.idempotency_key)) == payment.idempotency_key
    assert db.scalar(select(func.count()).select_from(GatewayRefund)) == 1  # found, not made again
    assert answer.json()["provider_refund_id"] == db.scalar(select(GatewayRefund.id))


def test_failing_again_after_a_retry_finds_the_open_case(api, engine, signed_in, db):
    rma = a_return(api, engine)
    alice = signed_in("alice", "agent")
    payment = expire_card(rma, alice)
    use_payment_provider(LocalGateway(get_sessionmaker(), failures={"card:A1001": "card_expired"}))
    alice.post(f"/payments/{payment['id']}/retry").raise_for_status()
    gateway, later = gateway_later(failures={"card:A1001": "card_expired"})

    assert settle_due(get_sessionmaker(), gateway, now=later).failed == 1
    assert len(cases(db)) == 1
    assert len(db.audit("payment.failed")) == 2


def test_a_failed_refund_without_a_return_is_escalated_by_order(api, signed_in, db):
    create_order(api)
    alice = signed_in("alice", "agent")
    booked = book(alice, amount_minor=1200).json()
    gateway, later = gateway_later(failures={"card:A1001": "card_expired"})
    settle_due(get_sessionmaker(), gateway, now=later)

    (case,) = cases(db)
    assert (case.trigger, case.rma_number, case.order_number) == ("refund_failed", None, "A1001")
    assert "order A1001 (no return)" in case.summary
    shown = alice.get(f"/payments/{booked['payment_id']}").json()
    assert (shown["status"], shown["rma_number"], shown["purpose"]) == ("failed", None, "ledger_refund")
    overdue = alice.get("/payments/overdue").json()["payments"]
    assert [(p["id"], p["order_number"]) for p in overdue] == [(booked["payment_id"], "A1001")]


def test_unknown_payments_are_404(signed_in):
    alice = signed_in("alice", "agent")
    missing = alice.post("/payments/999999/retry")
    assert missing.status_code == 404 and "no payment 999999" in missing.json()["detail"]
    assert alice.get("/payments/999999").status_code == 404


def test_who_may_not_see_payments_learns_nothing_of_their_ids(api, signed_in):
    # The caller is checked before the payment is looked up: no 404 tells a stranger an id is free.
    assert [api.get("/payments/999999").status_code, api.post("/payments/999999/retry").status_code] == [401, 401]
    assert signed_in("wim", "warehouse").post("/payments/999999/retry").status_code == 403


def test_a_case_that_cannot_be_opened_does_not_hide_the_failure(api, engine, signed_in, db, monkeypatch):
    def broken(session, payment):
        raise RuntimeError("escalations table is locked")

    monkeypatch.setattr("returndesk.payment.tasks.escalate", broken)
    rma = a_return(api, engine)
    alice = signed_in("alice", "agent")

    payment = expire_card(rma, alice)

    assert payment["status"] == "failed" and cases(db) == []
    (failed,) = db.audit("payment.failed")
    assert failed.escalation_id is None and "retry it once the cause is fixed" in failed.description
    assert [p["id"] for p in alice.get("/payments/overdue").json()["payments"]] == [payment["id"]]
