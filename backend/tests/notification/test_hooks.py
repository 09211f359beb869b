"""The steps that exist today queue their notifications: a return decided by the policy on
creation, and a return an agent approves or rejects on a case."""

from __future__ import annotations

import pytest

from ..factories import create_order, line, post_return, verify
from ..staff_helpers import make_staff, staff_client
from .conftest import outbox


@pytest.fixture
def review_case(api):
    """A return in review that opened a case by itself: (reference, rma number)."""
    create_order(api, lines=[line(name="Espresso machine", category="home", unit_price_minor=64900)], phone=None)
    created = post_return(api, verify(api, conversation="chat-7"), conversation_id="chat-7")
    assert created.json()["status"] == "pending_review", created.text
    return created.json()["escalation"]["reference"], created.json()["rma_number"]


@pytest.mark.parametrize("decision, event", [("approve", "approved"), ("reject", "rejected")])
def test_an_agents_decision_on_a_case_queues_an_email_but_no_second_chat_message(
    api, session, base_url, review_case, fake_chat, decision, event
):
    reference, rma_number = review_case
    assert outbox(session) == []  # waiting for review: nothing to announce yet
    make_staff(session, "alice", "agent", display_name="Alice")
    with staff_client(base_url, "alice") as alice:
        alice.post(f"/cases/{reference}/take")
        answer = alice.post(f"/cases/{reference}/return-decision", json={"decision": decision, "note": "Checked."})
        assert answer.status_code == 200, answer.text
    [row] = outbox(session)
    assert (row.event, row.channel, row.recipient) == (event, "email", "dev@example.com")
    assert row.data["rma_number"] == rma_number and row.data["reason"] == "Checked."
    # An approval's email carries the label link (an espresso machine goes back by post); a rejection has none.
    assert bool(row.data.get("label_url")) is (decision == "approve")
    said = [call for call in fake_chat.calls if call[0] == "say"]
    assert len(said) == 1  # the agent's own message; the outbox adds none to the chat


def test_a_return_the_policy_rejects_queues_the_rejection_with_its_reason(api, session):
    create_order(api, lines=[line(final_sale=True)], phone=None)
    created = post_return(api, verify(api))
    assert created.json()["status"] == "rejected", created.text
    [row] = outbox(session)
    assert (row.event, row.channel) == ("rejected", "email") and row.data["reason"]
