"""Issue 15: a case opened from the chat carries what the bot knew, and the chat's own order token
proves the order, so the agent acts (refunds) at once without asking the customer again."""

from __future__ import annotations

import uuid

from ..factories import SHOP, create_order, line, verify

REFUSED = {
    "outcome": "reject",
    "rule_ids": ["window.change_of_mind"],
    "explanations": [{"rule_id": "window.change_of_mind", "text": "Change of mind: 30 days from delivery."}],
    "alternatives": ["A defect can still be returned for 2 years."],
}


def token_of(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


def escalate(api, **body):
    return api.post("/escalations", json={"conversation_id": "chat-1", **body}, headers=SHOP)


def chat_context(**overrides):
    return {"items": [{"line_no": 2, "quantity": 1}], "reason": "changed_mind", "decision": REFUSED} | overrides


def two_lines():
    return [line(), line(line_no=2, sku="AP-TEE", name="Cotton T-shirt", unit_price_minor=1990)]


class TestVerifiedInTheChat:
    def test_the_case_has_the_verified_customer_the_items_the_reason_and_the_decision(self, api, session, signed_in):
        create_order(api, lines=two_lines())
        token = token_of(verify(api, conversation="chat-1"))
        answer = escalate(api, order_number="A1001", order_token=token, context=chat_context(resolution="refund"))
        assert answer.status_code == 201, answer.text

        agent = signed_in("alice", "agent", display_name="Alice Agent")
        page = agent.get(f"/cases/{answer.json()['reference']}").json()
        assert page["verified"] is True and page["order_number"] == "A1001"
        assert page["customer"]["email"] == "dev@example.com" and page["order"]["number"] == "A1001"
        assert [(i["line_no"], i["name"], i["reason"]) for i in page["items"]] == [
            (2, "Cotton T-shirt", "changed_mind")
        ]
        assert page["reason"] == "changed_mind" and page["resolution"] == "refund"
        decision = page["decision"]
        assert decision["outcome"] == "reject" and decision["rule_ids"] == ["window.change_of_mind"]
        assert decision["alternatives"] == REFUSED["alternatives"] and decision["source"] == "dry_run"

    def test_the_agent_refunds_the_line_at_once_on_the_case(self, api, signed_in):
        create_order(api, lines=two_lines())
        token = token_of(verify(api, conversation="chat-1"))
        reference = escalate(api, order_number="A1001", order_token=token, context=chat_context()).json()["reference"]

        agent = signed_in("alice", "agent", display_name="Alice Agent")
        assert agent.post(f"/cases/{reference}/take").status_code == 200
        refund = {"kind": "refund", "order_number": "A1001", "line_no": 2, "amount_minor": 1990, "currency": "EUR"}
        booked = agent.post(
            "/ledger/entries",
            json=refund | {"escalation_reference": reference},
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        assert booked.status_code == 201, booked.text
        assert booked.json()["escalation_reference"] == reference and booked.json()["actor"] == "staff:alice"

    def test_the_token_alone_names_the_order(self, api, session):
        from returndesk.models import Escalation

        create_order(api)
        token = token_of(verify(api, conversation="chat-1"))
        assert escalate(api, order_token=token).status_code == 201
        case = session.query(Escalation).one()
        assert case.order_number == "A1001" and case.details["verified"] is True
        assert case.customer_email == "dev@example.com"


class TestNotProven:
    def test_an_order_named_without_a_token_is_shown_as_not_verified(self, api, session):
        from returndesk.models import Escalation

        create_order(api)
        assert escalate(api, order_number="A1001").status_code == 201
        case = session.query(Escalation).one()
        assert case.details["order"]["number"] == "A1001" and case.details["verified"] is False

    def test_a_token_verified_in_another_chat_is_refused(self, api, session):
        from returndesk.models import Escalation

        create_order(api)
        token = token_of(verify(api, conversation="someone-elses-chat"))
        refused = escalate(api, order_number="A1001", order_token=token)
        assert refused.status_code == 403 and "another conversation" in refused.json()["detail"]
        assert session.query(Escalation).count() == 0

    def test_a_token_verified_outside_any_chat_is_refused(self, api):
        create_order(api)
        refused = escalate(api, order_token=token_of(verify(api)))
        assert refused.status_code == 403 and "not made in a chat" in refused.json()["detail"]

    def test_a_forged_token_is_refused_with_what_to_do(self, api):
        refused = escalate(api, order_token="not-a-token")
        assert refused.status_code == 401 and "verify the order again" in refused.json()["detail"]

    def test_a_token_for_another_order_than_the_one_named_is_refused(self, api):
        create_order(api)
        create_order(api, number="A2002")
        token = token_of(verify(api, conversation="chat-1"))
        refused = escalate(api, order_number="A2002", order_token=token)
        assert refused.status_code == 403 and "covers order A1001 only" in refused.json()["detail"]


class TestBadContext:
    def test_a_line_the_order_does_not_have_is_a_422_that_names_it(self, api, session):
        from returndesk.models import Escalation

        create_order(api)
        token = token_of(verify(api, conversation="chat-1"))
        refused = escalate(api, order_token=token, context=chat_context(items=[{"line_no": 7}]))
        assert refused.status_code == 422 and "has no line 7" in refused.json()["detail"]
        assert session.query(Escalation).count() == 0

    def test_an_unknown_reason_is_a_422_with_the_field(self, api):
        refused = escalate(api, context={"reason": "meh"})
        assert refused.status_code == 422 and "unknown reason" in refused.text
