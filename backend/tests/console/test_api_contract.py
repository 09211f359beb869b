"""The bodies the console's scripts send, and the fields they read, against the real API.

The pages render what the JSON API answers (static/*.js); a renamed field or a body the API's
strict schemas refuse would leave a page blank or an action failing. Each test sends exactly what
a script sends and checks the fields that script reads, so such a change fails here first.
"""

from __future__ import annotations

import socket
import uuid

import pytest

from ..factories import SHOP, create_order, line, post_return, verify
from ..staff_helpers import make_staff, staff_client

HEADPHONES = line(line_no=1, sku="EL-HEADPH", name="Noise-cancelling headphones", category="electronics",
                  unit_price_minor=24900)  # fmt: skip
CHARGER = line(line_no=2, sku="EL-CHARGER", name="65 W USB-C charger", category="electronics", unit_price_minor=3990)


@pytest.fixture(autouse=True)
def _no_rasa(monkeypatch):
    # Backend tests run without Rasa: the chat steps must meet a closed port, not a developer's Rasa.
    from returndesk.config import get_settings

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setattr(get_settings(), "rasa_server_url", f"http://127.0.0.1:{port}")


@pytest.fixture
def case(api, session) -> str:
    """A live case for order A1003 (headphones 249.00, charger 39.90), as the bot opens one."""
    make_staff(session, "alice", "agent", display_name="Alice")
    make_staff(session, "sofia", "supervisor", display_name="Sofia")
    create_order(api, number="A1003", email="chloe@example.com", lines=[HEADPHONES, CHARGER])
    opened = api.post(
        "/escalations",
        json={"conversation_id": "conv-console", "order_number": "A1003", "summary": "Customer asked for a person"},
        headers=SHOP,
    )
    assert opened.status_code == 201, opened.text
    return opened.json()["reference"]


def money_body(reference: str, *, line_no: int, amount_minor: int) -> dict:
    # case_actions.js, the money form's submit
    return {
        "kind": "refund",
        "order_number": "A1003",
        "line_no": line_no,
        "amount_minor": amount_minor,
        "currency": "EUR",
        "escalation_reference": reference,
        "note": "from the console",
    }


def test_the_queue_and_the_case_view_have_what_the_pages_show(base_url, case):
    with staff_client(base_url, "alice") as alice:
        [row] = alice.get("/cases", params={"view": "queue"}).json()  # queue.js
        assert {"reference", "priority", "position", "due_at", "status", "mode", "assignee", "summary"} <= row.keys()
        assert row["customer_name"] and row["order_number"] == "A1003"
        taken = alice.post(f"/cases/{case}/take")  # case.js: no body
        assert taken.status_code == 200, taken.text
        assert taken.json()["assignee"]["username"] == "alice" and "notice" in taken.json()
        view = alice.get(f"/cases/{case}").json()  # case.js
    assert view["order"]["number"] == "A1003" and view["order"]["currency"] == "EUR"
    assert view["customer"]["email"] == "chloe@example.com"
    assert [(i["line_no"], i["name"], i["unit_price_minor"], i["quantity"]) for i in view["items"]] == [
        (1, "Noise-cancelling headphones", 24900, 1),
        (2, "65 W USB-C charger", 3990, 1),
    ]
    assert view["transcript_unavailable"]  # no Rasa here: the chat panel says so
    assert [event["description"] for event in view["timeline"]][-1] == f"Alice took case {case}"
    assert {"at", "actor"} <= view["timeline"][-1].keys()


def test_a_message_and_the_polled_lines_have_what_the_chat_panel_reads(base_url, case):
    with staff_client(base_url, "alice") as alice:
        alice.post(f"/cases/{case}/take").raise_for_status()
        sent = alice.post(f"/cases/{case}/messages", json={"text": "Hello, this is Alice"})  # case_chat.js
        assert sent.status_code == 201, sent.text
        assert sent.json()["delivered"] is False and "Not delivered" in sent.json()["notice"]
        polled = alice.get(f"/cases/{case}/messages", params={"after": 0}).json()
    assert polled["lines"] == [] and polled["transcript_unavailable"]
    [message] = polled["messages"]  # an undelivered message is shown, marked, in the chat panel
    assert (message["direction"], message["text"], message["delivered"]) == (
        "to_customer",
        "Hello, this is Alice",
        False,
    )
    assert {"id", "author", "created_at", "channel"} <= message.keys()


def test_money_within_the_limit_is_booked_and_above_it_goes_for_approval(base_url, case):
    with staff_client(base_url, "alice") as alice:
        alice.post(f"/cases/{case}/take").raise_for_status()
        booked = alice.post(
            "/ledger/entries",
            json=money_body(case, line_no=2, amount_minor=3990),
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        assert booked.status_code == 201, booked.text
        pending = alice.post(
            "/ledger/entries",
            json=money_body(case, line_no=1, amount_minor=15000),
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        assert pending.status_code == 202, pending.text
        assert pending.json()["required_role"] == "senior_agent"
        assert "per-case limit of 100.00 EUR" in pending.json()["reason_refused"]
    with staff_client(base_url, "sofia") as sofia:
        [request] = sofia.get("/approvals", params={"status": "pending"}).json()["approvals"]  # approvals.js
        assert request["can_decide"] is True and request["escalation_reference"] == case
        assert (request["kind"], request["amount_minor"], request["currency"]) == ("refund", 15000, "EUR")
        assert request["item_name"] == "Noise-cancelling headphones" and request["line_no"] == 1
        assert request["requested_by"]["display_name"] == "Alice"
        approved = sofia.post(f"/approvals/{request['id']}/approve", json={"note": "fault confirmed"})
        assert approved.status_code == 200, approved.text


def test_an_exchange_and_a_note_are_recorded_as_the_note_form_sends_them(base_url, case):
    with staff_client(base_url, "alice") as alice:
        for kind in ("note", "exchange"):  # case_actions.js: {text, action}
            added = alice.post(f"/cases/{case}/notes", json={"text": f"a {kind} from the console", "action": kind})
            assert added.status_code == 201, added.text
            assert "description" in added.json()


def test_a_return_opened_for_a_caller_takes_the_new_return_forms_body(api, base_url, session):
    make_staff(session, "alice", "agent", display_name="Alice")
    create_order(api, number="A1003", email="chloe@example.com", lines=[HEADPHONES, CHARGER])
    with staff_client(base_url, "alice") as alice:
        items = alice.get("/staff/orders/A1003/returnable-items").json()  # new_return.js, step 1
        assert {"line_no", "name", "sku", "unit_price_minor", "eligible", "returnable_quantity", "window_end"} <= (
            items["items"][0].keys()
        )
        conditions = api.get("/policy").json()["conditions"]  # the policy's questions
        assert {"id", "question"} <= conditions[0].keys()
        body = {  # new_return.js, step 2
            "order_number": "A1003",
            "channel": "phone",
            "lines": [{"line_no": 2, "quantity": 1, "reason": "defective"}],
            "reason": "defective",
            "resolution": "refund",
            "answers": {"sealed": False},
            "customer_email": "chloe@example.com",
            "note": "It stopped charging",
        }
        opened = alice.post("/staff/returns", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert opened.status_code == 201, opened.text
    rma = opened.json()
    assert rma["rma_number"] and rma["status"] and rma["currency"] == "EUR"
    assert rma["decision"]["outcome"] and rma["decision"]["explanations"][0]["text"]


def test_a_case_with_a_return_in_review_shows_its_decision_and_takes_the_decision_form(api, base_url, session):
    make_staff(session, "alice", "agent", display_name="Alice")
    create_order(api, lines=[line(name="Espresso machine", category="home", unit_price_minor=64900)])
    created = post_return(api, verify(api, conversation="chat-console"), conversation_id="chat-console")
    assert created.json()["status"] == "pending_review", created.text
    reference = created.json()["escalation"]["reference"]
    with staff_client(base_url, "alice") as alice:
        view = alice.get(f"/cases/{reference}").json()  # case.js: the summary's return and policy decision
        assert view["rma"] == {
            "number": created.json()["rma_number"],
            "status": "pending_review",
            "locale": "en",
            "language": "English",
        }
        assert view["language"] == "English"  # case.js: the facts name the customer's language
        assert view["decision"]["outcome"] == "review" and view["decision"]["rule_ids"]
        assert all(e["text"] for e in view["decision"]["explanations"])
        assert view["evidence"] == [] and view["reason"] == "size_too_small"
        alice.post(f"/cases/{reference}/take").raise_for_status()
        decided = alice.post(  # case_actions.js, the return form
            f"/cases/{reference}/return-decision", json={"decision": "approve", "note": "checked"}
        )
        assert decided.status_code == 200, decided.text
        assert alice.get(f"/cases/{reference}").json()["rma"]["status"] == "approved"
