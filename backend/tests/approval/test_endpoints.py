"""Approvals over real HTTP: asked above a limit, never self-approved, decided once, audited."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select

from returndesk.models import ApprovalRequest, LedgerEntry, OrderLine

from ..factories import create_order, line
from ..ledger.helpers import Db, book, open_case
from ..staff_helpers import make_staff, staff_client


@pytest.fixture
def desk(session, base_url):
    """Alice (agent) asks; Sue and Sid (supervisors) and Bob (agent) may be asked."""
    for username, role in (("alice", "agent"), ("bob", "agent"), ("sue", "supervisor"), ("sid", "supervisor")):
        make_staff(session, username, role, display_name=username.capitalize())
    clients = {name: staff_client(base_url, name) for name in ("alice", "bob", "sue", "sid")}
    yield clients
    for client in clients.values():
        client.close()


def ask(desk, amount_minor: int = 15000, **overrides) -> dict:
    response = book(desk["alice"], amount_minor=amount_minor, **overrides)
    assert response.status_code == 202, response.text
    return response.json()


def decide(client: httpx.Client, request_id: int, verdict: str, note: str = "") -> httpx.Response:
    return client.post(f"/approvals/{request_id}/{verdict}", json={"note": note})


def test_request_self_approval_refused_supervisor_approves_and_it_is_booked_once(api, desk, db: Db) -> None:
    create_order(api, lines=[line(unit_price_minor=20000)])
    asked = ask(desk, note="customer sent photos of the tear")
    assert (asked["status"], asked["required_role"]) == ("pending", "senior_agent")

    own = decide(desk["alice"], asked["id"], "approve")
    assert own.status_code == 403
    assert own.json()["detail"] == (
        "you asked for this approval yourself; someone else with enough authority must decide it"
    )
    bob = decide(desk["bob"], asked["id"], "approve")
    assert bob.status_code == 403
    assert (
        bob.json()["detail"] == "you cannot approve this: refund 150.00 EUR exceeds your per-case limit of 100.00 EUR"
    )

    pending = {name: desk[name].get("/approvals", params={"status": "pending"}).json()["approvals"] for name in desk}
    assert [item["id"] for item in pending["sue"]] == [asked["id"]]
    assert {name: items[0]["can_decide"] for name, items in pending.items()} == {
        "alice": False,
        "bob": False,
        "sue": True,
        "sid": True,
    }

    # Sue double-clicks: two requests at once, one booking.
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda _: decide(desk["sue"], asked["id"], "approve", "photos are clear"), range(2)))
    assert sorted(answer.status_code for answer in answers) == [200, 200]
    assert sorted(answer.headers.get("Idempotent-Replayed", "") for answer in answers) == ["", "true"]
    body = answers[0].json()
    assert (body["status"], body["decided_by"]["username"], body["decision_note"]) == (
        "approved",
        "sue",
        "photos are clear",
    )
    assert (body["ledger_entry"]["actor"], body["ledger_entry"]["amount_minor"]) == ("staff:sue", 15000)
    assert db.scalar(select(func.count()).select_from(LedgerEntry)) == 1
    assert db.scalar(select(OrderLine.refunded_minor)) == 15000

    late = decide(desk["sid"], asked["id"], "approve")
    assert late.status_code == 409
    assert (
        late.json()["detail"]
        == f"approval request {asked['id']} was already approved by Sue (sue); nothing was changed"
    )
    assert desk["sue"].get("/approvals").json()["approvals"] == []
    assert db.audit_kinds() == [
        "approval.requested",
        "approval.refused",
        "approval.refused",
        "ledger.refund",
        "approval.approved",
    ]
    assert [event.actor for event in db.audit("approval.refused")] == ["staff:alice", "staff:bob"]
    approved = db.audit("approval.approved")[0]
    assert (approved.actor, approved.role, approved.data["approval_request_id"]) == (
        "staff:sue",
        "supervisor",
        asked["id"],
    )


def test_two_supervisors_at_once_one_decision_wins(api, desk, db: Db) -> None:
    create_order(api, lines=[line(unit_price_minor=20000)])
    asked = ask(desk)
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda name: decide(desk[name], asked["id"], "approve"), ["sue", "sid"]))
    assert sorted(answer.status_code for answer in answers) == [200, 409]
    assert db.scalar(select(func.count()).select_from(LedgerEntry)) == 1
    assert db.scalar(select(OrderLine.refunded_minor)) == 15000
    assert db.audit_kinds().count("approval.approved") == 1


def test_a_rejection_books_nothing_and_cannot_be_approved_afterwards(api, desk, db: Db) -> None:
    create_order(api, lines=[line(unit_price_minor=20000)])
    asked = ask(desk)
    assert decide(desk["alice"], asked["id"], "reject").status_code == 403
    rejected = decide(desk["sue"], asked["id"], "reject", "the photos show wear, not a fault")
    assert rejected.status_code == 200, rejected.text
    assert (rejected.json()["status"], rejected.json()["ledger_entry"]) == ("rejected", None)
    assert decide(desk["sue"], asked["id"], "reject", "the photos show wear, not a fault").status_code == 200
    assert decide(desk["sid"], asked["id"], "approve").status_code == 409
    assert db.scalar(select(func.count()).select_from(LedgerEntry)) == 0
    assert db.scalar(select(ApprovalRequest.status)) == "rejected"
    assert db.audit_kinds() == ["approval.requested", "approval.refused", "approval.rejected"]
    assert "the photos show wear" in db.audit("approval.rejected")[0].description


def test_the_decider_counts_what_the_case_already_has(api, desk) -> None:
    create_order(api, lines=[line(unit_price_minor=300000)])
    first = ask(desk, amount_minor=200000)  # 2000.00: a supervisor's 2500.00 covers it
    assert first["required_role"] == "supervisor"
    second = ask(desk, amount_minor=60000)
    assert decide(desk["sue"], first["id"], "approve").status_code == 200
    over = decide(desk["sid"], second["id"], "approve")
    assert over.status_code == 403
    assert over.json()["detail"] == (
        "you cannot approve this: refund 600.00 EUR exceeds your per-case limit of 2500.00 EUR "
        "(2000.00 EUR already moved on this case)"
    )
    listed = desk["sid"].get("/approvals").json()["approvals"]
    assert (listed[0]["required_role"], listed[0]["can_decide"]) == ("admin", False)


def test_an_approval_on_a_case_tells_the_customer_and_shows_on_its_timeline(api, desk, session, db: Db, chat) -> None:
    create_order(api, lines=[line(unit_price_minor=20000, name="Slim fit jeans")])
    case = open_case(session, conversation_id="conv-42")
    asked = ask(desk, escalation_reference=case.reference)
    assert asked["escalation_reference"] == case.reference
    assert decide(desk["sue"], asked["id"], "approve").status_code == 200
    assert chat.said == [
        ("conv-42", "A refund of 150.00 EUR for Slim fit jeans has been approved and is on its way.", "Sue")
    ]
    on_case = db.scalars(select(LedgerEntry.escalation_id))
    assert on_case == [case.id]
    kinds = [event.kind for event in db.audit_on_case(case.id)]
    assert kinds == ["approval.requested", "ledger.refund", "approval.approved", "customer.notified"]


def test_without_the_chat_the_timeline_says_the_customer_was_not_told(api, desk, session, db: Db, no_rasa) -> None:
    create_order(api, lines=[line(unit_price_minor=20000)])
    case = open_case(session)
    booked = book(desk["alice"], amount_minor=5000, escalation_reference=case.reference)
    assert booked.status_code == 201  # the money moved although the chat is down
    [event] = db.audit("customer.not_notified")
    assert event.escalation_id == case.id and event.data["delivered"] is False
    assert "tell the customer yourself: A refund of 50.00 EUR for Slim fit jeans is on its way." in event.description


def test_a_case_about_another_order_or_an_unknown_case_is_refused(api, desk, session) -> None:
    create_order(api)
    case = open_case(session, order_number="B2002")
    other = book(desk["alice"], escalation_reference=case.reference)
    assert other.status_code == 422
    assert other.json()["detail"].startswith(f"case {case.reference} is about order B2002, not A1001")
    assert book(desk["alice"], escalation_reference="ESC-NOPE").status_code == 404


def test_unknown_requests_and_bad_notes_are_clear_4xx(desk) -> None:
    missing = decide(desk["sue"], 999, "approve")
    assert (missing.status_code, missing.json()["detail"]) == (404, "there is no approval request 999")
    assert desk["sue"].post("/approvals/1/approve", json={"note": "x" * 1001}).status_code == 422
    assert desk["sue"].post(f"/approvals/{10**30}/approve", json={}).status_code == 422
    assert desk["sue"].get(f"/approvals/{2**40}").status_code == 422
    assert desk["sue"].get("/approvals", params={"status": "maybe"}).status_code == 422
