"""A return opened by an agent for a customer who phoned or emailed: same policy, same answer."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from returndesk.models import Rma, VerificationAttempt

from ..factories import create_order, line, post_return, verify
from ..ledger.helpers import Db
from ..staff_helpers import make_staff, staff_client


@pytest.fixture
def alice(signed_in):
    return signed_in("alice", "agent", display_name="Alice")


def on_behalf(client, key: str | None = None, **overrides):
    body = {
        "order_number": "A1001",
        "customer_email": "dev@example.com",
        "channel": "phone",
        "lines": [{"line_no": 1, "quantity": 1}],
        "reason": "size_too_small",
        "resolution": "refund",
    } | overrides
    return client.post("/staff/returns", json=body, headers={"Idempotency-Key": key or str(uuid.uuid4())})


def test_the_agents_return_gets_the_same_decision_as_the_customers(api, alice, db: Db) -> None:
    lines = [line(), line(line_no=2, sku="AP-TEE", name="Tee", unit_price_minor=1990)]
    create_order(api, number="A1001", lines=lines)
    create_order(api, number="A1002", lines=lines)
    by_customer = post_return(
        api,
        verify(api, "A1002"),
        order_number="A1002",
        lines=[{"line_no": 1, "quantity": 1, "reason": "size_too_small"}],
        preferred_resolution="refund",
    )
    by_agent = on_behalf(alice, note="called about the jeans")
    assert (by_customer.status_code, by_agent.status_code) == (201, 201), by_agent.text
    mine, theirs = by_agent.json(), by_customer.json()
    assert mine.keys() == theirs.keys()
    for field in ("status", "refund_estimate_minor", "currency"):
        assert mine[field] == theirs[field], field
    # The instructions too, but for the RMA number on the parcel and in the label link.
    as_theirs = {
        key: [step.replace(mine["rma_number"], theirs["rma_number"]) for step in mine["instructions"][key]]
        for key in ("steps", "first_steps")
    }
    label_as_theirs = mine["instructions"]["label"] | {"label_url": theirs["instructions"]["label"]["label_url"]}
    assert mine["instructions"] | as_theirs | {"label": label_as_theirs} == theirs["instructions"]
    for field in ("outcome", "rule_ids", "explanations"):
        assert mine["decision"][field] == theirs["decision"][field], field
    assert mine["timeline"][0]["actor"] == "staff:alice"
    assert db.scalar(select(Rma.channel).where(Rma.id == select(func.max(Rma.id)).scalar_subquery())) == "phone"
    [event] = db.audit("return.opened_on_behalf")
    assert (event.actor, event.data["channel"], event.data["identified_by"]) == ("staff:alice", "phone", "email")
    assert mine["rma_number"] in event.description and "Customer said: called about the jeans" in event.description


def test_the_customer_may_identify_by_phone_and_a_retry_replays(api, alice, db: Db) -> None:
    create_order(api)
    first = on_behalf(alice, key="call-1", customer_email=None, customer_phone="07700 900004", channel="email")
    again = on_behalf(alice, key="call-1", customer_email=None, customer_phone="07700 900004", channel="email")
    assert (first.status_code, again.status_code) == (201, 201), first.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["rma_number"] == first.json()["rma_number"]
    assert db.scalar(select(func.count()).select_from(Rma)) == 1


def test_contact_details_that_do_not_match_are_refused_and_counted(api, alice, db: Db) -> None:
    create_order(api)
    answer = on_behalf(alice, customer_email="someone@else.example")
    assert answer.status_code == 403
    assert answer.json()["detail"] == (
        "the email address the customer gave does not match order A1001; ask for the one used at checkout"
    )
    assert db.scalar(select(func.count()).select_from(Rma)) == 0
    assert db.scalar(select(VerificationAttempt.client_key).where(VerificationAttempt.succeeded.is_(False))) == (
        "staff:alice"
    )


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        pytest.param({"reason": None}, "give a reason for every line", id="no reason"),
        pytest.param({"customer_phone": "07700 900004"}, "one of them", id="email and phone"),
        pytest.param({"channel": "chat"}, "channel", id="unknown channel"),
        pytest.param({"actor": "staff:boss"}, "actor", id="extra field"),
    ],
)
def test_bad_requests_say_what_to_fix(api, alice, overrides, says) -> None:
    create_order(api)
    answer = on_behalf(alice, **overrides)
    assert answer.status_code == 422
    assert says in answer.json()["detail"]


def test_unknown_orders_lines_and_missing_keys_are_clear(api, alice) -> None:
    create_order(api)
    assert on_behalf(alice, order_number="NOPE1").status_code == 404
    assert on_behalf(alice, lines=[{"line_no": 9}]).status_code == 422
    no_key = alice.post("/staff/returns", json={"order_number": "A1001"})
    assert no_key.status_code == 422


def test_only_roles_that_may_approve_returns_open_them(api, session, base_url, alice) -> None:
    create_order(api)
    make_staff(session, "wes", "warehouse")
    with staff_client(base_url, "wes") as wes:
        refused = on_behalf(wes)
        assert refused.status_code == 403
        assert refused.json()["detail"] == "your role (warehouse) may not open returns for customers"
        assert wes.get("/staff/orders/A1001/returnable-items").status_code == 403
    assert api.post("/staff/returns", json={}, headers={"Idempotency-Key": "k"}).status_code == 401


def test_the_console_form_reads_the_returnable_items(api, alice) -> None:
    create_order(api, lines=[line(), line(line_no=2, sku="FS-1", name="Final sale", final_sale=True)])
    answer = alice.get("/staff/orders/a1001/returnable-items")
    assert answer.status_code == 200
    items = {item["line_no"]: item for item in answer.json()["items"]}
    assert (items[1]["eligible"], items[2]["eligible"]) == (True, False)
    assert alice.get("/staff/orders/NOPE1/returnable-items").status_code == 404
    assert on_behalf(alice, lines=[{"line_no": 1}]).status_code == 201
    after = alice.get("/staff/orders/A1001/returnable-items").json()["items"]
    assert after[0]["returnable_quantity"] == 0


def test_every_return_opened_on_behalf_is_in_the_audit_log(api, alice) -> None:
    create_order(api)
    assert on_behalf(alice).status_code == 201
    events = alice.get("/audit-events", params={"kind": "return", "order_number": "A1001"}).json()["events"]
    assert [event["kind"] for event in events] == ["return.opened_on_behalf"]
    assert events[0]["rma_number"]


def test_a_phoned_in_return_that_needs_review_waits_in_the_queue_as_an_email_case(api, alice) -> None:
    create_order(
        api,
        number="A1001",
        lines=[line(sku="EL-LAPTOP", name="Laptop", category="electronics", unit_price_minor=90000)],
    )
    answer = on_behalf(alice, reason="defective")
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["status"] == "pending_review", body["decision"]
    case = body["escalation"]
    assert case["mode"] == "email" and case["reference"].startswith("ESC-")
    queue = alice.get("/cases", params={"view": "queue"}).json()
    [row] = [row for row in queue if row["reference"] == case["reference"]]
    assert row["channel"] == "phone"
    view = alice.get(f"/cases/{case['reference']}").json()
    # No chat exists for a phoned-in return: no transcript, and nothing said to be unavailable.
    assert view["transcript"] == [] and not view.get("transcript_unavailable")
    assert body["rma_number"] in str(view["rma"]) and view["decision"]["outcome"] == "review"
