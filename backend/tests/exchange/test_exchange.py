"""POST /returns/{rma}/exchange: stock, the replacement order, and the price difference either way."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from returndesk.db import get_sessionmaker
from returndesk.exchange.repository import on_hand, set_on_hand
from returndesk.models import LedgerEntry, NotificationOutbox
from returndesk.models.payment import ExchangeOrder, PaymentRequest, RefundPayment

from ..factories import line
from ..payment.helpers import a_return, add_product, rma_status
from ..staff_helpers import staff_client


def stock(sku: str, units: int) -> None:
    with get_sessionmaker()() as session:
        set_on_hand(session, sku, units)
        session.commit()


def units(sku: str) -> int:
    with get_sessionmaker()() as session:
        return on_hand(session, sku)


def test_an_upgrade_sends_the_replacement_and_asks_the_customer_for_the_difference(api, engine, signed_in, db):
    rma = a_return(api, engine)  # slim fit jeans, 59.90
    add_product(engine, "AP-JACKET-RAIN", "Rain jacket", 12900)
    stock("AP-JACKET-RAIN", 2)

    answer = signed_in("alice", "agent").post(f"/returns/{rma}/exchange", json={"sku": "AP-JACKET-RAIN"})

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["replacement_order"], body["difference_minor"], body["rma_status"]) == ("EX-000001", 6910, "resolved")
    assert body["payment_request"]["amount_minor"] == 6910 and body["payment_request"]["status"] == "open"
    assert body["refund"] is None
    assert units("AP-JACKET-RAIN") == 1
    assert db.scalar(select(func.count()).select_from(LedgerEntry)) == 0
    assert "exchange.placed" in db.audit_kinds()
    assert "exchange_shipped" in db.scalars(select(NotificationOutbox.event))


def test_a_downgrade_refunds_the_difference_through_the_provider(api, engine, signed_in, db):
    rma = a_return(api, engine)
    add_product(engine, "AP-TEE-ORG", "Organic cotton T-shirt", 1990)
    stock("AP-TEE-ORG", 5)

    answer = signed_in("alice", "agent").post(f"/returns/{rma}/exchange", json={"sku": "ap-tee-org"})

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["difference_minor"] == -4000 and body["payment_request"] is None
    refund = body["refund"]
    assert (refund["purpose"], refund["amount_minor"], refund["status"]) == ("exchange_difference", 4000, "pending")
    assert refund["provider_refund_id"].startswith("lgr_")
    entry = db.scalar(select(LedgerEntry))
    assert (entry.kind, entry.amount_minor, entry.id) == ("refund", 4000, refund["ledger_entry_id"])
    assert db.scalar(select(func.count()).select_from(PaymentRequest)) == 0
    refund_too = signed_in("sofia", "supervisor").post(f"/returns/{rma}/refund")
    assert refund_too.status_code == 409 and refund_too.json()["detail"].endswith("is already resolved")


def test_out_of_stock_is_refused_and_changes_nothing(api, engine, signed_in, db):
    rma = a_return(api, engine)
    add_product(engine, "AP-HOODIE", "Zip hoodie", 4990)
    stock("AP-HOODIE", 0)

    answer = signed_in("alice", "agent").post(f"/returns/{rma}/exchange", json={"sku": "AP-HOODIE"})

    assert answer.status_code == 409
    assert answer.json()["detail"] == "AP-HOODIE is out of stock (0 on hand, 1 needed); offer a refund or another item"
    assert rma_status(engine, rma) == "inspected"
    assert db.scalar(select(func.count()).select_from(ExchangeOrder)) == 0


def test_a_retry_answers_with_the_same_exchange_and_another_item_is_refused(api, engine, signed_in, db):
    rma = a_return(api, engine)
    add_product(engine, "AP-TEE-ORG", "Organic cotton T-shirt", 1990)
    add_product(engine, "AP-HOODIE", "Zip hoodie", 4990)
    stock("AP-TEE-ORG", 5)
    stock("AP-HOODIE", 5)
    alice = signed_in("alice", "agent")

    first = alice.post(f"/returns/{rma}/exchange", json={"sku": "AP-TEE-ORG"})
    again = alice.post(f"/returns/{rma}/exchange", json={"sku": "AP-TEE-ORG"})
    other = alice.post(f"/returns/{rma}/exchange", json={"sku": "AP-HOODIE"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["refund"]["id"] == first.json()["refund"]["id"]
    assert other.status_code == 409 and "already exchanged for AP-TEE-ORG" in other.json()["detail"]
    assert units("AP-TEE-ORG") == 4 and units("AP-HOODIE") == 5
    assert db.scalar(select(func.count()).select_from(RefundPayment)) == 1


def test_a_return_being_refunded_cannot_also_be_exchanged(api, engine, signed_in):
    rma = a_return(api, engine)
    add_product(engine, "AP-TEE-ORG", "Organic cotton T-shirt", 1990)
    stock("AP-TEE-ORG", 5)
    alice = signed_in("alice", "agent")
    alice.post(f"/returns/{rma}/refund").raise_for_status()  # pending at the provider; still inspected

    answer = alice.post(f"/returns/{rma}/exchange", json={"sku": "AP-TEE-ORG"})

    assert answer.status_code == 409
    assert answer.json()["detail"].endswith("is already being refunded (54.95 EUR); it cannot also be exchanged")
    assert units("AP-TEE-ORG") == 5


def test_refusals_say_what_to_fix(api, engine, signed_in):
    received = a_return(api, engine, number="A1001", status="received")
    inspected = a_return(api, engine, number="A1002")
    add_product(engine, "AP-TEE-ORG", "Organic cotton T-shirt", 1990)
    stock("AP-TEE-ORG", 5)
    alice = signed_in("alice", "agent")

    not_yet = alice.post(f"/returns/{received}/exchange", json={"sku": "AP-TEE-ORG"})
    assert not_yet.status_code == 409 and "once the returned item is inspected" in not_yet.json()["detail"]
    unknown = alice.post(f"/returns/{inspected}/exchange", json={"sku": "NO-SUCH"})
    assert unknown.status_code == 404 and "check the SKU" in unknown.json()["detail"]
    wrong_line = alice.post(f"/returns/{inspected}/exchange", json={"sku": "AP-TEE-ORG", "line_no": 7})
    assert wrong_line.status_code == 422 and "has no line 7" in wrong_line.json()["detail"]
    by_warehouse = signed_in("wim", "warehouse").post(f"/returns/{inspected}/exchange", json={"sku": "AP-TEE-ORG"})
    assert by_warehouse.status_code == 403 and "may not arrange exchanges" in by_warehouse.json()["detail"]
    assert alice.post(f"/returns/{inspected}/exchange", json={}).status_code == 422
    assert units("AP-TEE-ORG") == 5


def test_the_demo_shop_has_stock_to_exchange_and_one_sold_out_item(engine):
    from returndesk.demo.seed import seed

    with get_sessionmaker()() as session:
        assert seed(session) > 0
        session.commit()

    assert units("AP-HOODIE") == 0
    assert units("AP-TEE-ORG") > 0 and units("SH-RUN-42") > 0


def test_two_exchanges_at_once_cannot_share_the_last_unit(api, engine, signed_in, base_url, db):
    first = a_return(api, engine, number="A1001")
    second = a_return(api, engine, number="A1002")
    add_product(engine, "AP-TEE-ORG", "Organic cotton T-shirt", 1990)
    stock("AP-TEE-ORG", 1)
    signed_in("alice", "agent")
    clients = [staff_client(base_url, "alice") for _ in range(2)]
    answers, start = {}, threading.Barrier(2)

    def exchange(client, rma):
        start.wait()
        answers[rma] = client.post(f"/returns/{rma}/exchange", json={"sku": "AP-TEE-ORG"})

    threads = [threading.Thread(target=exchange, args=pair) for pair in zip(clients, (first, second), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for client in clients:
        client.close()

    assert sorted(a.status_code for a in answers.values()) == [201, 409], [a.text for a in answers.values()]
    assert units("AP-TEE-ORG") == 0
    assert db.scalar(select(func.count()).select_from(ExchangeOrder)) == 1


def test_a_refund_waiting_for_approval_blocks_an_exchange_until_rejected(api, engine, signed_in, db):
    rma = a_return(api, engine, lines=[line(sku="AP-JACKET-RAIN", name="Rain jacket", unit_price_minor=12900)])
    add_product(engine, "AP-TEE-ORG", "Organic cotton T-shirt", 1990)
    stock("AP-TEE-ORG", 5)
    alice, sofia = signed_in("alice", "agent"), signed_in("sofia", "supervisor")
    request = alice.post(f"/returns/{rma}/refund").json()  # beyond her limit: 202

    blocked = alice.post(f"/returns/{rma}/exchange", json={"sku": "AP-TEE-ORG"})
    assert blocked.status_code == 409 and "reject it first" in blocked.json()["detail"]

    sofia.post(f"/approvals/{request['id']}/reject", json={"note": "exchange instead"}).raise_for_status()
    again = alice.post(f"/returns/{rma}/refund")
    assert again.status_code == 409 and again.json()["detail"].startswith(
        f"your request {request['id']} to refund return {rma} was rejected: exchange instead;"
    )
    # The tee is 109.10 cheaper: refunding that is beyond Alice's 100.00 too (no approval for exchanges).
    cheaper = alice.post(f"/returns/{rma}/exchange", json={"sku": "AP-TEE-ORG"})
    assert cheaper.status_code == 403 and "100.00" in cheaper.json()["detail"]
    assert units("AP-TEE-ORG") == 5
    (refused,) = db.audit("authority.refused")
    assert "refused the exchange" in refused.description
    add_product(engine, "SH-BOOT-CH", "Chelsea boots", 14900, category="shoes")
    stock("SH-BOOT-CH", 1)
    assert alice.post(f"/returns/{rma}/exchange", json={"sku": "SH-BOOT-CH"}).status_code == 201


def test_after_a_partial_receipt_only_the_units_that_arrived_are_exchanged(api, engine, signed_in):
    rma = a_return(
        api,
        engine,
        lines=[line(sku="AP-TEE-ORG", name="Organic cotton T-shirt", quantity=3, unit_price_minor=1990)],
        return_lines=[{"line_no": 1, "quantity": 3, "reason": "size_too_small"}],
        arrived={1: 2},
    )
    add_product(engine, "AP-SOCKS-3", "Merino socks, 3 pairs", 2490)
    stock("AP-SOCKS-3", 5)

    answer = signed_in("alice", "agent").post(f"/returns/{rma}/exchange", json={"sku": "AP-SOCKS-3"})

    assert answer.status_code == 201, answer.text
    assert (answer.json()["quantity"], answer.json()["difference_minor"]) == (2, 2 * 500)
    assert units("AP-SOCKS-3") == 3
