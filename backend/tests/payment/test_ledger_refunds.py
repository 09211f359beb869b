"""Refunds booked in the ledger without POST /returns/{rma}/refund still reach the card:
an agent's goodwill refund, the bot's keep-item offer, an approved request."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from returndesk.db import get_sessionmaker
from returndesk.models import LedgerEntry
from returndesk.models.payment import GatewayRefund, RefundPayment
from returndesk.payment.tasks import settle_due
from returndesk.payment_provider import LocalGateway

from ..factories import create_order, line, verify
from ..ledger.helpers import book, book_as_bot
from .helpers import a_return, gateway_later, rma_status


def payments(db) -> list[RefundPayment]:
    return db.scalars(select(RefundPayment).order_by(RefundPayment.id))


def test_an_agents_ledger_refund_is_sent_to_the_card_and_settles(api, signed_in, db):
    create_order(api)
    alice = signed_in("alice", "agent")

    booked = book(alice, key="goodwill-1", amount_minor=1500, note="late delivery")
    again = book(alice, key="goodwill-1", amount_minor=1500, note="late delivery")

    assert booked.status_code == 201, booked.text
    assert again.status_code == 200  # the replay books nothing and sends nothing more
    (payment,) = payments(db)
    entry_id = booked.json()["id"]
    assert (payment.rma_id, payment.purpose, payment.amount_minor) == (None, "ledger_refund", 1500)
    assert (payment.idempotency_key, payment.payment_reference) == (f"refund-ledger-{entry_id}", "card:A1001")
    assert payment.provider_refund_id.startswith("lgr_")  # asked right after the commit
    assert payment.due_at is not None  # the policy's refund deadline counts from booking
    assert booked.json()["payment_id"] == payment.id and booked.json()["payment_status"] == "pending"
    assert db.scalar(select(func.count()).select_from(GatewayRefund)) == 1

    gateway, later = gateway_later()
    done = settle_due(get_sessionmaker(), gateway, now=later)

    assert done.settled == 1
    assert db.scalar(select(RefundPayment.status)) == "settled"
    (settled,) = db.audit("payment.settled")
    assert settled.description == "the refund of 15.00 EUR on order A1001 reached the customer"
    (shown,) = alice.get("/ledger/entries", params={"order_number": "A1001"}).json()["entries"]
    assert shown["payment_status"] == "settled"


def test_coupons_and_store_credit_are_not_card_refunds(api, signed_in, db):
    create_order(api)
    alice = signed_in("alice", "agent")
    assert book(alice, kind="store_credit", amount_minor=1000).status_code == 201
    assert book_as_bot(api, kind="coupon", amount_minor=500).status_code == 201
    assert payments(db) == []
    assert db.scalar(select(func.count()).select_from(LedgerEntry)) == 2


def test_an_accepted_keep_item_offer_is_paid_by_the_worker(api, db):
    create_order(api, lines=[line(sku="AP-TEE", name="Cotton tee", unit_price_minor=1500)])
    customer = verify(api, conversation="chat-1")
    body = {"conversation_id": "chat-1", "order_number": "A1001", "line_no": 1, "reason": "damaged_in_transit"}
    offer = api.post("/offers", json=body, headers=customer).json()
    accepted = api.post(f"/offers/{offer['id']}/answer", json={"accept": True}, headers=customer)
    assert accepted.status_code == 200, accepted.text

    (payment,) = payments(db)
    assert (payment.rma_id, payment.purpose, payment.amount_minor, payment.actor) == (None, "ledger_refund", 300, "bot")
    assert payment.ledger_entry_id == accepted.json()["ledger_entry_id"]
    sessions = get_sessionmaker()
    assert settle_due(sessions, LocalGateway(sessions)).waiting == 1  # the worker's next pass sends it
    gateway, later = gateway_later()
    assert settle_due(sessions, gateway, now=later).settled == 1


def test_an_approved_ledger_refund_is_paid_and_old_ones_are_adopted(api, signed_in, db):
    create_order(api, lines=[line(unit_price_minor=30000)])
    alice, sofia = signed_in("alice", "agent"), signed_in("sofia", "supervisor")
    asked = book(alice, amount_minor=15000)  # above an agent's 100.00 per case
    assert asked.status_code == 202, asked.text

    approved = sofia.post(f"/approvals/{asked.json()['id']}/approve", json={"note": "ok"})

    assert approved.status_code == 200, approved.text
    (payment,) = payments(db)
    assert (payment.purpose, payment.actor, payment.status) == ("ledger_refund", "staff:sofia", "pending")
    # An approval booked before the ledger queued payments has none: the worker adopts it.
    with get_sessionmaker()() as session:
        session.execute(delete(RefundPayment))
        session.commit()
    sessions = get_sessionmaker()
    assert settle_due(sessions, LocalGateway(sessions)).waiting == 1
    (adopted,) = payments(db)
    assert (adopted.purpose, adopted.amount_minor, adopted.rma_id) == ("ledger_refund", 15000, None)


def test_a_goodwill_refund_on_a_return_does_not_resolve_it_or_stand_in_for_its_refund(api, engine, signed_in, db):
    rma = a_return(api, engine, lines=[line(unit_price_minor=5990)])
    alice = signed_in("alice", "agent")
    assert book(alice, rma_number=rma, amount_minor=500).status_code == 201
    gateway, later = gateway_later()
    assert settle_due(get_sessionmaker(), gateway, now=later).settled == 1
    assert rma_status(engine, rma) == "inspected"  # 5.00 of goodwill is not the return's refund

    refunded = alice.post(f"/returns/{rma}/refund")

    assert refunded.status_code == 201, refunded.text  # a refund of its own, not a replay of the goodwill
    assert [p.purpose for p in payments(db)] == ["ledger_refund", "refund"]
    listed = alice.get(f"/returns/{rma}/payments").json()["payments"]
    assert [(p["purpose"], p["rma_number"]) for p in listed] == [("ledger_refund", rma), ("refund", rma)]
