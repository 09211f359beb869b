"""Queueing: one outbox row per channel the customer can get, never two for the same step."""

from __future__ import annotations

import pytest

from returndesk.models import Rma
from returndesk.models.rma_number import parse_rma_number
from returndesk.notification import UnknownEvent, enqueue
from returndesk.notification.messages import render

from .conftest import new_return, outbox


def rma_of(session, created: dict) -> Rma:
    session.expire_all()
    return session.query(Rma).filter_by(number=parse_rma_number(created["rma_number"])).one()


def test_an_approved_return_queues_email_and_sms_but_not_the_chat_the_bot_answers_in(api, session):
    created = new_return(api, phone="+44 7700 900004", conversation_id="conv-1")
    assert created["status"] == "approved"
    rows = outbox(session)
    assert sorted((row.event, row.channel) for row in rows) == [("approved", "email"), ("approved", "sms")]
    email = next(row for row in rows if row.channel == "email")
    assert email.recipient == "a1001@example.com" and email.status == "pending" and email.attempts == 0
    assert email.data["rma_number"] == created["rma_number"] and email.data["order_number"] == "A1001"
    assert email.key == f"{parse_rma_number(created['rma_number'])}:approved:email"


def test_enqueue_twice_for_the_same_step_queues_nothing_the_second_time(api, session):
    created = new_return(api, conversation_id="conv-2")
    rma = rma_of(session, created)
    assert enqueue(session, "received", rma) == ["chat", "email"]
    assert enqueue(session, "received", rma) == []
    session.commit()
    received = outbox(session, event="received")
    assert [(row.channel, row.recipient) for row in received] == [("chat", "conv-2"), ("email", "a1001@example.com")]


def test_the_chat_of_a_case_about_the_return_is_used_when_the_return_has_none(api, session):
    from returndesk.models import Escalation

    created = new_return(api)
    rma = rma_of(session, created)
    session.add(
        Escalation(
            reference="ESC-T1",
            conversation_id="conv-case",
            channel="socketio",
            trigger="customer_request",
            rma_number=rma.number,  # canonical, as cases store it
            summary="asked for a person",
        )
    )
    session.flush()
    assert enqueue(session, "refunded", rma, refund_amount="59.90 EUR") == ["chat", "email"]
    session.commit()
    chat = outbox(session, event="refunded", channel="chat")[0]
    assert chat.recipient == "conv-case" and chat.data["refund_amount"] == "59.90 EUR"


def test_an_unknown_event_is_refused_with_the_known_ones(api, session):
    rma = rma_of(session, new_return(api))
    with pytest.raises(UnknownEvent, match="known events are approved, exchange_shipped"):
        enqueue(session, "shipped_to_mars", rma)


def test_a_rolled_back_step_leaves_no_notification(api, session):
    rma = rma_of(session, new_return(api))
    enqueue(session, "inspected", rma, next_step="a refund")
    session.rollback()
    assert outbox(session, event="inspected") == []


def test_a_customer_who_opted_out_of_email_gets_sms_only(api, session):
    create = new_return(api, phone="+44 7700 900004")
    answer = api.post("/customers/me/preferences", json={"email": False}, headers=create["headers"])
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"email": False, "sms": True, "has_phone": True}
    rma = rma_of(session, create)
    assert enqueue(session, "received", rma) == ["sms"]


def test_the_label_paragraph_of_an_approval_is_there_only_with_a_label():
    data = {"rma_number": "RMA-7K4M-9QXT-2B5H", "return_by": "2026-12-10", "label_url": "https://x.test/label.pdf"}

    with_label = render("approved", "en", data)
    kept = render("approved", "en", {**data, "label_url": None})

    assert with_label.paragraphs[-1] == (
        "Your return label: https://x.test/label.pdf Print it and stick it on the parcel."
    )
    assert with_label.short.endswith("Label: https://x.test/label.pdf")
    assert not any("label" in paragraph for paragraph in kept.paragraphs) and "Label" not in kept.short
    assert "https://x.test/label.pdf" in render("approved", "zh", data).paragraphs[-1]
