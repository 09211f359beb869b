"""The outbound delivery a policy gives back (EU withdrawal, 2011/83/EU art. 13(1)) is paid, once.

The EU policy (policies/eu_withdrawal.yml) refunds the standard delivery, at most 4.95, when the
whole order comes back; the default policy never does. Orders in these tests paid 4.95 delivery.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from returndesk.config import get_settings
from returndesk.db import get_sessionmaker
from returndesk.ledger import service as ledger
from returndesk.models import LedgerEntry, NotificationOutbox, Order
from returndesk.models.payment import GatewayRefund, RefundPayment
from returndesk.payment.tasks import settle_due
from returndesk.policy.current import get_policy

from ..factories import SHOP, line, order_payload
from .helpers import a_return, gateway_later, refunds_clicked_at_once, rma_status

JEANS, DELIVERY, LABEL = 5990, 495, 495
TWO_LINES = [line(), line(line_no=2, sku="AP-TEE-ORG", name="Organic cotton T-shirt", unit_price_minor=1990)]


@pytest.fixture
def eu_policy() -> Iterator[None]:
    """The EU withdrawal policy in force for the service (the one in this process) during the test."""
    settings = get_settings()
    before = settings.policy_file
    settings.policy_file = before.parent / "eu_withdrawal.yml"
    get_policy.cache_clear()
    yield
    settings.policy_file = before
    get_policy.cache_clear()


def delivery_entries(db) -> list[LedgerEntry]:
    return db.scalars(select(LedgerEntry).where(LedgerEntry.order_line_id.is_(None)))


def shipping_refunded(db) -> int:
    return db.scalar(select(Order.shipping_refunded_minor).where(Order.number == "A1001"))


class TestWholeOrderReturned:
    def test_the_refund_pays_the_goods_and_the_standard_delivery(self, eu_policy, api, engine, signed_in, db):
        rma = a_return(api, engine)
        alice = signed_in("alice", "agent")

        answer = alice.post(f"/returns/{rma}/refund")

        assert answer.status_code == 201, answer.text
        body = answer.json()
        # The jeans less the return label (art. 14(1)), plus the delivery paid for them (art. 13(1)).
        assert body["total_minor"] == JEANS - LABEL + DELIVERY
        assert [(p["covers"], p["amount_minor"], p["purpose"]) for p in body["payments"]] == [
            ("goods", JEANS - LABEL, "refund"),
            ("outbound_shipping", DELIVERY, "refund"),
        ]
        (entry,) = delivery_entries(db)
        assert (entry.kind, entry.amount_minor, entry.actor) == ("refund", DELIVERY, "staff:alice")
        assert shipping_refunded(db) == DELIVERY
        listed = alice.get("/ledger/entries", params={"order_number": "A1001"}).json()["entries"]
        assert [(e["covers"], e["line_no"], e["amount_minor"]) for e in listed] == [
            ("goods", 1, JEANS - LABEL),
            ("outbound_shipping", None, DELIVERY),
        ]

    def test_the_customer_is_told_the_whole_amount_once_both_settle(self, eu_policy, api, engine, signed_in, db):
        rma = a_return(api, engine)
        signed_in("alice", "agent").post(f"/returns/{rma}/refund").raise_for_status()

        gateway, later = gateway_later()
        done = settle_due(get_sessionmaker(), gateway, now=later)

        assert done.settled == 2
        assert rma_status(engine, rma) == "resolved"
        told = db.scalars(select(NotificationOutbox.data).where(NotificationOutbox.event == "refunded"))
        assert told and {data["refund_amount"] for data in told} == {"59.90 EUR"}

    def test_a_retried_refund_pays_the_delivery_once(self, eu_policy, api, engine, signed_in, db):
        rma = a_return(api, engine)
        alice = signed_in("alice", "agent")
        first = alice.post(f"/returns/{rma}/refund")

        again = alice.post(f"/returns/{rma}/refund")

        assert (first.status_code, again.status_code) == (201, 200), again.text
        assert [p["id"] for p in again.json()["payments"]] == [p["id"] for p in first.json()["payments"]]
        assert len(delivery_entries(db)) == 1 and shipping_refunded(db) == DELIVERY
        assert db.scalar(select(func.count()).select_from(GatewayRefund)) == 2

    def test_concurrent_refunds_pay_the_delivery_once(self, eu_policy, api, engine, signed_in, db, base_url):
        rma = a_return(api, engine)
        signed_in("alice", "agent")
        answers = refunds_clicked_at_once(base_url, rma, 4)

        assert sorted(a.status_code for a in answers) == [200] * 3 + [201], [a.text for a in answers]
        assert {a.json()["total_minor"] for a in answers} == {JEANS - LABEL + DELIVERY}
        assert len(delivery_entries(db)) == 1 and shipping_refunded(db) == DELIVERY
        assert db.scalar(select(func.count()).select_from(RefundPayment)) == 2
        assert db.scalar(select(func.count()).select_from(GatewayRefund)) == 2

    def test_a_kept_whole_order_gives_the_delivery_back_too(self, eu_policy, api, engine, signed_in, db):
        rma = a_return(api, engine, status="approved")

        answer = signed_in("alice", "agent").post(f"/returns/{rma}/refund", json={"keep_item": True})

        assert answer.status_code == 201, answer.text
        assert answer.json()["total_minor"] == JEANS - LABEL + DELIVERY
        assert shipping_refunded(db) == DELIVERY


class TestNoDelivery:
    def test_a_partial_return_refunds_the_goods_only(self, eu_policy, api, engine, signed_in, db):
        rma = a_return(
            api, engine, lines=TWO_LINES, return_lines=[{"line_no": 1, "quantity": 1, "reason": "size_too_small"}]
        )

        answer = signed_in("alice", "agent").post(f"/returns/{rma}/refund")

        assert answer.status_code == 201, answer.text
        assert [p["covers"] for p in answer.json()["payments"]] == ["goods"]
        assert answer.json()["total_minor"] == JEANS - LABEL
        assert delivery_entries(db) == [] and shipping_refunded(db) == 0

    def test_a_partial_receipt_is_not_the_whole_order_back(self, eu_policy, api, engine, signed_in, db):
        rma = a_return(
            api,
            engine,
            lines=[line(sku="AP-TEE-ORG", name="Organic cotton T-shirt", quantity=3, unit_price_minor=1990)],
            return_lines=[{"line_no": 1, "quantity": 3, "reason": "size_too_small"}],
            arrived={1: 2},
        )

        answer = signed_in("alice", "agent").post(f"/returns/{rma}/refund")

        assert answer.status_code == 201, answer.text
        assert answer.json()["total_minor"] == 2 * 1990 - LABEL
        assert delivery_entries(db) == []

    def test_a_policy_without_outbound_refund_refunds_the_goods_only(self, api, engine, signed_in, db):
        rma = a_return(api, engine)  # the default policy: no shipping.outbound_refund

        answer = signed_in("alice", "agent").post(f"/returns/{rma}/refund")

        assert answer.status_code == 201, answer.text
        assert [(p["covers"], p["amount_minor"]) for p in answer.json()["payments"]] == [("goods", JEANS - LABEL)]
        assert delivery_entries(db) == [] and shipping_refunded(db) == 0


class TestTheDeliveryCeiling:
    def test_no_more_than_the_delivery_paid_is_ever_given_back(self, eu_policy, api, engine, signed_in, session):
        rma = a_return(api, engine)
        signed_in("alice", "agent").post(f"/returns/{rma}/refund").raise_for_status()
        order = session.scalars(select(Order).where(Order.number == "A1001")).one()

        with pytest.raises(ledger.RefundExceedsPaid, match="4.95 EUR paid, 4.95 EUR already refunded, 0.00 EUR left"):
            ledger.book(
                session,
                ledger.Target(order=order, line=None, rma=None, case=None),
                kind="refund",
                amount_minor=1,
                actor=ledger.Actor(name="staff:alice", role="agent"),
                key="another-delivery-refund",
                fingerprint="another",
            )
        session.rollback()
        # And the database refuses it whatever the code does.
        with pytest.raises(IntegrityError):
            session.execute(update(Order).where(Order.id == order.id).values(shipping_refunded_minor=DELIVERY + 1))
            session.flush()

    def test_the_shop_cannot_change_a_delivery_already_given_back(self, eu_policy, api, engine, signed_in):
        rma = a_return(api, engine)
        signed_in("alice", "agent").post(f"/returns/{rma}/refund").raise_for_status()

        changed = api.post("/orders", json=order_payload() | {"shipping_paid_minor": 0}, headers=SHOP)

        assert changed.status_code == 409, changed.text
        assert "delivery refunded" in changed.json()["detail"]
