"""GET /desk/returns/{rma}: one return with its timeline, QC, money and the viewer's actions;
POST .../cancel and .../label: the two steps the desk takes for a customer who phoned."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from returndesk.exchange.variants import add_variant
from returndesk.models import NotificationOutbox
from returndesk.models.warehouse import QcInspection

from ..factories import create_order, line, post_return, verify
from ..payment.helpers import a_return, rma_status


def jeans_sizes(engine) -> None:
    with Session(engine) as session:
        for sku, size, units in (
            ("AP-JEANS-SLIM", "32", 3),
            ("AP-JEANS-SLIM-30", "30", 2),
            ("AP-JEANS-SLIM-34", "34", 0),
        ):
            add_variant(
                session,
                sku=sku,
                style="AP-JEANS-SLIM",
                name="Slim fit jeans",
                category="apparel",
                price_minor=5990,
                currency="EUR",
                size=size,
                on_hand=units,
            )
        session.commit()


def graded(engine, rma: str) -> None:
    from returndesk.models import Rma
    from returndesk.models.rma_number import parse_rma_number

    with Session(engine) as session:
        found = session.scalars(select(Rma).where(Rma.number == parse_rma_number(rma))).one()
        session.add(
            QcInspection(
                rma_id=found.id,
                rma_line_id=found.lines[0].id,
                grade="resalable",
                disposition="restock",
                checklist={"tags_attached": True},
                notes="Like new",
                evidence_ids=[],
                inspected_by="staff:wim",
            )
        )
        session.commit()


class TestRecord:
    def test_an_inspected_return_offers_refund_and_exchange_with_the_sizes_in_stock(self, api, engine, signed_in):
        jeans_sizes(engine)
        rma = a_return(api, engine)
        graded(engine, rma)

        answer = signed_in("alice", "agent").get(f"/desk/returns/{rma}")

        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert (body["rma_number"], body["status"], body["customer"]["email"]) == (rma, "inspected", "dev@example.com")
        assert body["language"] == "English"
        assert [o["sku"] for o in body["lines"][0]["exchange_options"]] == ["AP-JEANS-SLIM-30"]
        assert body["inspections"][0]["grade"] == "resalable" and body["inspections"][0]["notes"] == "Like new"
        assert [e["kind"] for e in body["timeline"]][-2:] == ["status.received", "status.inspected"]
        actions = body["actions"]
        assert actions["refund_full"] and actions["refund_partial"] and actions["exchange"] and actions["store_credit"]
        assert not actions["keep_item"] and not actions["cancel"] and not actions["close"]
        assert body["authority"]["refund_room"] == "100.00 EUR"

    def test_an_approved_return_may_be_kept_cancelled_or_sent_its_label_again(self, api, engine, signed_in):
        rma = a_return(api, engine, status="approved")

        actions = signed_in("alice", "agent").get(f"/desk/returns/{rma}").json()["actions"]

        assert actions["keep_item"] and actions["cancel"] and actions["resend_label"]
        assert not actions["refund_full"] and not actions["exchange"]

    def test_the_warehouse_and_strangers_are_turned_away(self, api, engine, signed_in):
        rma = a_return(api, engine, status="approved")
        assert api.get(f"/desk/returns/{rma}").status_code == 401
        assert signed_in("wim", "warehouse").get(f"/desk/returns/{rma}").status_code == 403

    def test_a_mistyped_or_unknown_number_says_so(self, api, signed_in):
        agent = signed_in("alice", "agent")
        mistyped = agent.get("/desk/returns/RMA-1234")
        assert mistyped.status_code == 422 and "RMA number" in mistyped.json()["detail"]
        assert agent.get("/desk/returns/RMA-0000-0000-0000").status_code == 404


class TestCancel:
    def test_the_desk_cancels_before_the_parcel_ships(self, api, engine, signed_in):
        rma = a_return(api, engine, status="approved")

        answer = signed_in("alice", "agent").post(f"/desk/returns/{rma}/cancel")

        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "cancelled" and rma_status(engine, rma) == "cancelled"

    def test_a_parcel_on_its_way_is_refused_with_the_customers_sentence(self, api, engine, signed_in):
        rma = a_return(api, engine, status="in_transit")

        answer = signed_in("alice", "agent").post(f"/desk/returns/{rma}/cancel")

        assert answer.status_code == 409
        assert "already on its way to us, so it can no longer be cancelled" in answer.json()["detail"]
        assert rma_status(engine, rma) == "in_transit"

    def test_without_the_csrf_token_nothing_is_cancelled(self, api, engine, signed_in):
        rma = a_return(api, engine, status="approved")
        agent = signed_in("alice", "agent")
        answer = agent.post(f"/desk/returns/{rma}/cancel", headers={"X-CSRF-Token": "forged"})
        assert answer.status_code == 403 and rma_status(engine, rma) == "approved"


class TestLabel:
    def label_rows(self, engine) -> list[str]:
        with Session(engine) as session:
            return list(
                session.scalars(select(NotificationOutbox.key).where(NotificationOutbox.event == "label_ready"))
            )

    def test_each_request_sends_the_label_once_more(self, api, engine, signed_in):
        rma = a_return(api, engine, status="approved")
        agent = signed_in("alice", "agent")
        key = str(uuid.uuid4())

        first = agent.post(f"/desk/returns/{rma}/label", headers={"Idempotency-Key": key})
        again = agent.post(f"/desk/returns/{rma}/label", headers={"Idempotency-Key": key})
        later = agent.post(f"/desk/returns/{rma}/label", headers={"Idempotency-Key": str(uuid.uuid4())})

        assert first.status_code == 200, first.text
        assert "email" in first.json()["channels"]
        assert again.json()["channels"] == []  # a double click sends nothing twice
        assert "email" in later.json()["channels"]
        assert len([k for k in self.label_rows(engine) if k.endswith(":email") or ":email:" in k]) == 2

    def test_a_return_already_back_has_no_label_to_send(self, api, engine, signed_in):
        rma = a_return(api, engine, status="received")
        answer = signed_in("alice", "agent").post(f"/desk/returns/{rma}/label", headers={"Idempotency-Key": "k1"})
        assert answer.status_code == 409 and "received" in answer.json()["detail"]

    def test_without_an_idempotency_key_the_answer_says_to_send_one(self, api, engine, signed_in):
        rma = a_return(api, engine, status="approved")
        answer = signed_in("alice", "agent").post(f"/desk/returns/{rma}/label")
        assert answer.status_code == 422 and "Idempotency-Key" in answer.json()["detail"]


def review_return(api, *, conversation: str | None = None) -> str:
    """Jeans at 600.00: above the policy's 500.00, so a person checks the return."""
    create_order(api, lines=[line(unit_price_minor=60000)])
    extra = {"conversation_id": conversation} if conversation else {}
    answer = post_return(api, verify(api, conversation=conversation), **extra)
    assert answer.status_code == 201 and answer.json()["status"] == "pending_review", answer.text
    return answer.json()["rma_number"]


class TestDecision:
    def test_a_return_in_review_without_a_case_is_approved_by_the_desk(self, api, engine, signed_in, db):
        rma = review_return(api)
        agent = signed_in("alice", "agent")
        assert agent.get(f"/desk/returns/{rma}").json()["actions"]["approve"] is True

        answer = agent.post(f"/desk/returns/{rma}/decision", json={"decision": "approve", "note": ""})

        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "approved" and rma_status(engine, rma) == "approved"
        assert "return.approved" in db.audit_kinds()
        with Session(engine) as session:
            events = set(session.scalars(select(NotificationOutbox.event)))
        assert "approved" in events

    def test_a_return_with_a_case_is_decided_on_the_case(self, api, engine, signed_in):
        rma = review_return(api, conversation="desk-decision-1")
        agent = signed_in("alice", "agent")
        record = agent.get(f"/desk/returns/{rma}").json()
        assert record["actions"]["decide_case"] == record["cases"][0]["reference"]

        answer = agent.post(f"/desk/returns/{rma}/decision", json={"decision": "reject", "note": "Worn"})

        assert answer.status_code == 409 and record["cases"][0]["reference"] in answer.json()["detail"]
        assert rma_status(engine, rma) == "pending_review"

    def test_only_a_return_in_review_is_decided(self, api, engine, signed_in):
        rma = a_return(api, engine, status="approved")
        answer = signed_in("alice", "agent").post(f"/desk/returns/{rma}/decision", json={"decision": "reject"})
        assert answer.status_code == 409 and "not waiting for review" in answer.json()["detail"]

    def test_a_decision_other_than_approve_or_reject_is_a_422(self, api, engine, signed_in):
        rma = review_return(api)
        answer = signed_in("alice", "agent").post(f"/desk/returns/{rma}/decision", json={"decision": "maybe"})
        assert answer.status_code == 422 and rma_status(engine, rma) == "pending_review"


class TestLimits:
    def test_the_room_under_the_refund_limit_shrinks_with_what_was_refunded(self, api, engine, signed_in):
        rma = a_return(api, engine)
        agent = signed_in("alice", "agent")
        booked = agent.post(
            "/ledger/entries",
            json={
                "kind": "refund",
                "order_number": "A1001",
                "line_no": 1,
                "rma_number": rma,
                "amount_minor": 3000,
                "currency": "EUR",
            },
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        assert booked.status_code == 201, booked.text

        record = agent.get(f"/desk/returns/{rma}").json()

        assert record["authority"]["refund_room"] == "70.00 EUR"
        assert [e["amount_minor"] for e in record["ledger"]] == [3000]
        assert record["lines"][0]["refunded_minor"] == 3000

    def test_an_admin_has_no_limit(self, api, engine, signed_in):
        rma = a_return(api, engine)
        assert signed_in("ada", "admin").get(f"/desk/returns/{rma}").json()["authority"]["refund_room"] is None
