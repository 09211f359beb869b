"""A return's whole life over the real service, each step by the person or worker that does it:
request -> approved -> label -> scan -> QC -> refund -> settled -> told (email on loopback SMTP,
chat through Rasa) -> closed; and the exchange and keep-item paths to the same end."""

from __future__ import annotations

import io
import queue

import pypdf
from sqlalchemy import select

from returndesk.db import get_sessionmaker
from returndesk.models import AuditEvent, NotificationOutbox, RmaEvent
from returndesk.payment.tasks import settle_due
from returndesk.rma.tasks import close_finished

from ..factories import create_order, post_return, verify
from ..payment.helpers import add_product, gateway_later, rma_status
from ..warehouse.helpers import APPAREL_CHECKS


def request_return(api, number: str, conversation_id: str) -> tuple[str, dict]:
    """The customer's return of one pair of jeans, asked for in a chat conversation."""
    email = f"{number.lower()}@example.com"
    create_order(api, number=number, email=email)
    headers = verify(api, number, email, conversation=conversation_id)
    answer = post_return(api, headers, order_number=number, conversation_id=conversation_id)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["status"] == "approved", body
    return body["rma_number"], headers


def scan_and_grade(signed_in, rma: str) -> None:
    station = signed_in("wim", "warehouse")
    received = station.post("/warehouse/receipts", json={"rma_number": rma})
    assert received.status_code in (200, 201), received.text
    graded = station.post(
        f"/warehouse/rmas/{rma}/inspection",
        json={"lines": [{"line_no": 1, "grade": "resalable", "disposition": "restock", "checklist": APPAREL_CHECKS}]},
    )
    assert graded.status_code == 201, graded.text


def emails(inbox) -> dict[str, str]:
    """Subject -> text body of everything the loopback server has accepted so far."""
    found = {}
    while True:
        try:
            message = inbox.received.get_nowait()
        except queue.Empty:
            return found
        found[message["Subject"]] = message.get_body(("plain",)).get_content()


def trail(rma: str) -> list[str]:
    with get_sessionmaker()() as session:
        events = session.scalars(select(RmaEvent).order_by(RmaEvent.id)).all()
        return [event.to_status for event in events if event.rma.number == rma.replace("RMA-", "").replace("-", "")]


def test_a_refunded_return_lives_from_request_to_closed(api, engine, signed_in, notifier, smtp_server, rasa):
    inbox, _ = smtp_server
    chat, _ = rasa
    rma, headers = request_return(api, "L1001", "conv-life-1")

    label = api.get(f"/returns/{rma}/label.pdf", headers=headers)
    assert label.status_code == 200 and label.headers["content-type"] == "application/pdf"
    assert rma in pypdf.PdfReader(io.BytesIO(label.content)).pages[0].extract_text()

    scan_and_grade(signed_in, rma)
    refund = signed_in("alice", "agent").post(f"/returns/{rma}/refund")
    assert refund.status_code == 201, refund.text

    # Before the money settles nothing closes, however many messages go out.
    notifier.run_once()
    assert close_finished(get_sessionmaker()) == [] and rma_status(engine, rma) == "inspected"

    gateway, later = gateway_later()
    assert settle_due(get_sessionmaker(), gateway, now=later).settled == 1
    assert rma_status(engine, rma) == "resolved"
    # The "refunded" messages are still in the outbox: the return waits for them.
    assert close_finished(get_sessionmaker()) == [] and rma_status(engine, rma) == "resolved"

    assert notifier.run_once().failed == 0
    closed = close_finished(get_sessionmaker())

    assert rma_status(engine, rma) == "closed" and len(closed) == 1
    subjects = emails(inbox)
    refunded = next(text for subject, text in subjects.items() if subject.startswith("Your refund of"))
    assert f"for return {rma} to your original payment method" in refunded
    assert {f"We received your return {rma}", f"Your return {rma} is approved"} <= set(subjects)
    said = chat.texts("conv-life-1")
    assert any(text.startswith("We refunded") and rma in text for text in said), said
    assert trail(rma) == ["requested", "approved", "received", "inspected", "resolved", "closed"]
    with get_sessionmaker()() as session:
        assert session.scalar(select(AuditEvent.description).where(AuditEvent.kind == "rma.closed")) == (
            f"return {rma} closed: Settled and the customer told"
        )


def test_an_exchanged_return_closes_once_the_customer_is_told_it_shipped(
    api, engine, signed_in, notifier, smtp_server, rasa
):
    inbox, _ = smtp_server
    chat, _ = rasa
    rma, _ = request_return(api, "L1002", "conv-life-2")
    add_product(engine, "AP-JEANS-REG", "Regular fit jeans", 5990)  # the same price: no difference to settle
    from ..exchange.test_exchange import stock

    stock("AP-JEANS-REG", 3)
    scan_and_grade(signed_in, rma)

    exchanged = signed_in("alice", "agent").post(f"/returns/{rma}/exchange", json={"sku": "AP-JEANS-REG"})
    assert exchanged.status_code == 201, exchanged.text
    assert rma_status(engine, rma) == "resolved"
    assert close_finished(get_sessionmaker()) == []  # "exchange shipped" not sent yet

    notifier.run_once()
    close_finished(get_sessionmaker())

    assert rma_status(engine, rma) == "closed"
    assert f"Your replacement for {rma} is on its way" in emails(inbox)
    assert any("Your replacement for" in text for text in chat.texts("conv-life-2"))


def test_a_kept_item_goes_approved_resolved_closed(api, engine, signed_in, notifier, smtp_server, rasa):
    inbox, _ = smtp_server
    rma, _ = request_return(api, "L1003", "conv-life-3")

    kept = signed_in("alice", "agent").post(f"/returns/{rma}/refund", json={"keep_item": True})
    assert kept.status_code == 201, kept.text
    gateway, later = gateway_later()
    settle_due(get_sessionmaker(), gateway, now=later)
    notifier.run_once()
    close_finished(get_sessionmaker())

    assert rma_status(engine, rma) == "closed"
    assert trail(rma) == ["requested", "approved", "resolved", "closed"]
    assert any(subject.startswith("Your refund of") for subject in emails(inbox))
    with get_sessionmaker()() as session:
        unsent = session.scalars(select(NotificationOutbox).where(NotificationOutbox.status == "pending")).all()
        assert unsent == []
