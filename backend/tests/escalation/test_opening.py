"""Opening cases: every trigger, honest next steps, one active case per conversation, review hook."""

from __future__ import annotations

import pytest

from ..factories import SHOP, create_order, line, post_return, verify
from ..http import http_client

OFFLINE = "mon 00:00-00:01"  # practically never staffed, but a valid setting


@pytest.mark.parametrize(
    "trigger",
    [
        "customer_request",
        "repeated_fallback",
        "verification_failed",
        "policy_review",
        "service_down",
        "evidence_missing",
        "beyond_authority",
        "high_value",
    ],
)
def test_every_trigger_opens_a_live_case_with_its_place_in_the_queue(api, trigger):
    answer = api.post("/escalations", json={"conversation_id": f"c-{trigger}", "trigger": trigger}, headers=SHOP)
    assert answer.status_code == 201, answer.text
    case = answer.json()
    assert case["mode"] == "live" and case["position"] == 1 and case["due_at"]
    assert "You're next in the queue" in case["next_steps"] and case["reference"] in case["next_steps"]


def test_the_second_customer_hears_their_number_and_a_rough_wait(api):
    api.post("/escalations", json={"conversation_id": "first"}, headers=SHOP)
    second = api.post("/escalations", json={"conversation_id": "second"}, headers=SHOP).json()
    assert second["position"] == 2 and second["open_cases_ahead"] == 1
    assert "number 2 in the queue" in second["next_steps"] and "about 30 minutes" in second["next_steps"]
    assert "come back" in second["next_steps"]


def test_urgent_cases_go_ahead_in_the_queue(api):
    api.post("/escalations", json={"conversation_id": "calm"}, headers=SHOP)
    angry = api.post("/escalations", json={"conversation_id": "angry", "trigger": "service_down"}, headers=SHOP)
    assert angry.json()["position"] == 1 and angry.json()["priority"] == "high"


def test_one_active_case_per_conversation_also_while_live(api, session):
    from returndesk.models import Escalation

    first = api.post("/escalations", json={"conversation_id": "c1"}, headers=SHOP).json()
    session.query(Escalation).update({"status": "live"})
    session.commit()
    again = api.post("/escalations", json={"conversation_id": "c1", "trigger": "repeated_fallback"}, headers=SHOP)
    assert again.json()["reference"] == first["reference"] and again.json()["position"] is None
    assert "has joined" in again.json()["next_steps"]


def test_details_name_the_order_customer_and_recommendation(api, session):
    from returndesk.models import AuditEvent, Escalation

    create_order(api, tier="gold")
    body = {"conversation_id": "c1", "order_number": "A1001", "recommendation": "Offer an exchange"}
    api.post("/escalations", json=body, headers=SHOP)
    case = session.query(Escalation).one()
    assert case.details["customer"]["email"] == "dev@example.com" and case.details["order"]["number"] == "A1001"
    assert case.recommendation == "Offer an exchange" and case.customer_email == "dev@example.com"
    opened = session.query(AuditEvent).filter_by(escalation_id=case.id).one()
    assert opened.kind == "case.opened" and case.reference in opened.description


def test_outside_staffed_hours_the_case_is_an_email_ticket(api, desk):
    create_order(api)
    desk.set(staffed_hours=OFFLINE, timezone="Europe/Berlin")
    answer = api.post("/escalations", json={"conversation_id": "c1", "order_number": "A1001"}, headers=SHOP).json()
    assert answer["mode"] == "email"
    assert "not at the desk" in answer["next_steps"] and "Monday at 00:00 (Europe/Berlin time)" in answer["next_steps"]
    assert "by email to d***@example.com" in answer["next_steps"]


def test_an_email_ticket_without_an_address_says_so(api, desk, session):
    from returndesk.models import Escalation

    desk.set(staffed_hours=OFFLINE)
    answer = api.post("/escalations", json={"conversation_id": "anon"}, headers=SHOP).json()
    assert "Please tell us the email address" in answer["next_steps"]
    case = session.query(Escalation).one()
    assert case.customer_email is None and "No email address is known" in case.summary


def test_a_return_landing_in_review_opens_a_case_with_the_decision(api, session):
    from returndesk.models import Escalation

    create_order(api, lines=[line(name="Espresso machine", category="home", unit_price_minor=64900)])
    created = post_return(api, verify(api, conversation="chat-9"), conversation_id="chat-9")
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "pending_review"
    escalation = created.json()["escalation"]
    assert escalation["position"] == 1 and escalation["reference"].startswith("ESC-")
    case = session.query(Escalation).one()
    assert case.trigger == "high_value" and case.rma_number
    assert "review.high_value" in case.details["decision"]["rule_ids"]
    assert case.details["items"][0]["name"] == "Espresso machine" and case.recommendation


def test_an_approved_return_opens_no_case(api, session):
    from returndesk.models import Escalation

    create_order(api)
    created = post_return(api, verify(api, conversation="chat-9"), conversation_id="chat-9")
    assert created.json()["status"] == "approved" and created.json()["escalation"] is None
    assert session.query(Escalation).count() == 0


def test_a_return_in_review_joins_the_case_the_customer_already_opened(api, session):
    from returndesk.models import AuditEvent, Escalation

    create_order(api, lines=[line(name="Espresso machine", category="home", unit_price_minor=64900)])
    asked = api.post("/escalations", json={"conversation_id": "chat-9"}, headers=SHOP).json()
    created = post_return(api, verify(api, conversation="chat-9"), conversation_id="chat-9").json()
    assert created["escalation"]["reference"] == asked["reference"]
    case = session.query(Escalation).one()
    assert case.rma_number and case.details["decision"]["outcome"] == "review"
    assert session.query(AuditEvent).filter_by(kind="case.return_attached").count() == 1


def test_asking_for_a_person_in_parallel_still_opens_one_case(base_url, session):
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from returndesk.models import Escalation

    start = Barrier(6)

    def ask(_):
        with http_client(base_url=f"{base_url}/api/v1", timeout=30) as client:
            start.wait()
            return client.post("/escalations", json={"conversation_id": "impatient"}, headers=SHOP)

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(ask, range(6)))
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["reference"] for a in answers}) == 1
    assert session.query(Escalation).count() == 1
