"""Outside staffed hours a case is an email ticket: answered through a real SMTP server on loopback."""

from __future__ import annotations

import pytest

from ..factories import SHOP, create_order

OFFLINE = "mon 00:00-00:01"


@pytest.fixture
def ticket(api, desk):
    create_order(api)
    desk.set(staffed_hours=OFFLINE, timezone="Europe/Berlin")
    body = {"conversation_id": "night-chat", "order_number": "A1001", "summary": "Parcel never came"}
    opened = api.post("/escalations", json=body, headers=SHOP).json()
    assert opened["mode"] == "email"
    return opened["reference"]


@pytest.fixture
def alice(signed_in):
    return signed_in("alice", "agent", display_name="Alice Agent")


def test_the_agent_answers_a_ticket_by_email(ticket, alice, desk, smtp_server, fake_chat):
    inbox, port = smtp_server
    desk.set(smtp_port=port, mail_from="ReturnDesk <care@shop.example>")
    taken = alice.post(f"/cases/{ticket}/take")
    assert taken.status_code == 200 and taken.json()["mode"] == "email"
    assert not [call for call in fake_chat.calls if call[0] == "pause"]  # no chat to pause
    sent = alice.post(f"/cases/{ticket}/messages", json={"text": "We have asked the carrier to trace it."})
    assert sent.status_code == 201 and sent.json()["delivered"] is True
    assert sent.json()["message"]["channel"] == "email"
    mail = inbox.next()
    assert mail["To"] == "dev@example.com" and mail["From"] == "ReturnDesk <care@shop.example>"
    assert mail["Subject"] == f"Your ReturnDesk case {ticket}"
    text = mail.get_content()
    assert "We have asked the carrier to trace it." in text and "Alice Agent" in text and ticket in text


def test_a_ticket_mail_that_cannot_be_sent_is_kept_and_flagged(ticket, alice, desk, closed_port, session):
    from returndesk.models import EscalationMessage

    desk.set(smtp_port=closed_port)
    alice.post(f"/cases/{ticket}/take")
    sent = alice.post(f"/cases/{ticket}/messages", json={"text": "Hello"})
    assert sent.status_code == 201 and sent.json()["delivered"] is False
    assert "could not be reached" in sent.json()["notice"]
    assert session.query(EscalationMessage).one().delivered_at is None


def test_a_ticket_cannot_be_handed_back_to_a_chat(ticket, alice):
    alice.post(f"/cases/{ticket}/take")
    answer = alice.post(f"/cases/{ticket}/hand-back")
    assert answer.status_code == 409 and "email ticket" in answer.json()["detail"]


def test_a_ticket_without_an_address_cannot_be_mailed_and_says_why(api, desk, alice):
    desk.set(staffed_hours=OFFLINE)
    reference = api.post("/escalations", json={"conversation_id": "anon"}, headers=SHOP).json()["reference"]
    alice.post(f"/cases/{reference}/take")
    sent = alice.post(f"/cases/{reference}/messages", json={"text": "Hello"})
    assert sent.json()["delivered"] is False and "no email address" in sent.json()["notice"]
