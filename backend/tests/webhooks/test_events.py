"""Every event reaches a receiver on loopback, signed, as the domain steps happen over the API:
a return's life to its refund, an exchange, a review rejected on its case, a refund that fails."""

from __future__ import annotations

from returndesk.db import get_sessionmaker
from returndesk.payment.tasks import settle_due

from ..exchange.test_exchange import stock
from ..lifecycle.test_whole_life import request_return, scan_and_grade
from ..payment.helpers import a_return, add_product, gateway_later
from ..payment.test_failed import expire_card
from .conftest import ALL_EVENTS
from .receiver import Receiver


def delivered(receiver: Receiver, worker) -> list[str]:
    """Run the worker until nothing is due; the event types the receiver accepted, in order."""
    result = worker().run_once()
    assert result.failed == 0 and result.retried == 0, result
    assert receiver.refused == [], receiver.refused
    return receiver.types()


def data_of(receiver: Receiver, event: str) -> dict:
    return next(seen.body["data"] for seen in receiver.accepted if seen.type == event)


def test_a_return_is_announced_from_request_to_refund(api, engine, signed_in, receiver, worker):
    rma, _ = request_return(api, "W1001", "conv-hook-1")
    assert delivered(receiver, worker) == ["return.created", "return.approved"]
    created = receiver.accepted[0]
    assert created.body["id"] == created.headers["webhook-id"] and created.body["type"] == "return.created"
    assert created.body["created_at"].endswith("Z")
    assert created.body["data"] == {
        "rma_number": rma,
        "order_number": "W1001",
        "status": "approved",
        "channel": "web",
        "refund_estimate_minor": 5495,  # 59.90 less the 4.95 return shipping
        "currency": "EUR",
        "lines": [{"line_no": 1, "sku": "AP-JEANS-SLIM", "quantity": 1, "reason": "size_too_small"}],
    }

    scan_and_grade(signed_in, rma)
    assert delivered(receiver, worker)[2:] == ["return.received", "return.graded"]
    graded = data_of(receiver, "return.graded")
    assert graded["status"] == "inspected" and graded["flagged"] is False
    assert graded["grades"] == [{"line_no": 1, "grade": "resalable", "disposition": "restock"}]

    assert signed_in("alice", "agent").post(f"/returns/{rma}/refund").status_code == 201
    gateway, later = gateway_later()
    assert settle_due(get_sessionmaker(), gateway, now=later).settled == 1
    assert delivered(receiver, worker)[4:] == ["refund.issued"]
    issued = data_of(receiver, "refund.issued")
    assert (issued["rma_number"], issued["order_number"], issued["status"]) == (rma, "W1001", "settled")
    assert (issued["amount_minor"], issued["currency"], issued["purpose"]) == (5495, "EUR", "refund")


def test_an_exchange_is_announced_when_the_replacement_ships(api, engine, signed_in, receiver, worker):
    rma, _ = request_return(api, "W1002", "conv-hook-2")
    add_product(engine, "AP-JEANS-REG", "Regular fit jeans", 5990)
    stock("AP-JEANS-REG", 3)
    scan_and_grade(signed_in, rma)
    exchanged = signed_in("alice", "agent").post(f"/returns/{rma}/exchange", json={"sku": "AP-JEANS-REG"})
    assert exchanged.status_code == 201, exchanged.text

    assert delivered(receiver, worker)[-1] == "exchange.shipped"
    shipped = data_of(receiver, "exchange.shipped")
    assert shipped["rma_number"] == rma and shipped["status"] == "resolved"
    assert (shipped["original_sku"], shipped["replacement_sku"], shipped["difference_minor"]) == (
        "AP-JEANS-SLIM",
        "AP-JEANS-REG",
        0,
    )
    assert shipped["replacement_order"]


def test_a_return_in_review_opens_a_case_and_its_rejection_is_announced(
    api, signed_in, receiver, worker, fake_chat, review_case
):
    reference, rma = review_case
    assert delivered(receiver, worker) == ["return.created", "case.opened"]
    case = data_of(receiver, "case.opened")
    assert case["case_reference"] == reference and case["rma_number"] == rma
    assert (case["trigger"], case["status"], case["order_number"]) == ("high_value", "open", "A1001")

    alice = signed_in("alice", "agent")
    alice.post(f"/cases/{reference}/take").raise_for_status()
    decided = alice.post(f"/cases/{reference}/return-decision", json={"decision": "reject", "note": "Used."})
    assert decided.status_code == 200, decided.text
    assert delivered(receiver, worker)[2:] == ["return.rejected"]
    assert data_of(receiver, "return.rejected")["status"] == "rejected"


def test_a_refund_the_card_refuses_is_announced_with_its_case(api, engine, signed_in, receiver, worker):
    rma = a_return(api, engine)  # moved to inspected directly: no warehouse events
    expire_card(rma, signed_in("alice", "agent"))
    assert delivered(receiver, worker) == ["return.created", "return.approved", "refund.failed", "case.opened"]
    failed = data_of(receiver, "refund.failed")
    assert (failed["rma_number"], failed["status"], failed["failure_reason"]) == (rma, "failed", "card_expired")
    assert data_of(receiver, "case.opened")["trigger"] == "refund_failed"


def test_the_events_are_the_documented_vocabulary(api, shop_headers):
    from returndesk.webhooks import Event

    assert [event.value for event in Event] == ALL_EVENTS
    assert api.get("/webhooks/events", headers=shop_headers).json() == {"events": ALL_EVENTS}
