"""POST /returns and GET /returns/{rma}: the policy decides, RMAs come back, retries are safe."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select

from returndesk.models import Rma, RmaEvent
from returndesk.models.rma_number import parse_rma_number

from ..factories import create_order, line, post_return, return_payload, verify
from ..http import http_client


def test_an_eligible_return_is_approved_with_instructions(api):
    create_order(api)
    response = post_return(api, verify(api))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "approved"
    assert parse_rma_number(body["rma_number"])
    assert body["decision"]["outcome"] == "approve"
    assert body["decision"]["policy_version"]
    assert body["instructions"]["ship_to"]
    assert body["instructions"]["return_by"]
    assert any(body["rma_number"] in step for step in body["instructions"]["steps"])
    assert [entry["to_status"] for entry in body["timeline"]] == ["requested", "approved"]


def test_a_chat_gets_the_three_steps_that_matter(api):
    create_order(api)
    body = post_return(api, verify(api)).json()
    steps, first = body["instructions"]["steps"], body["instructions"]["first_steps"]
    assert len(first) == 3 and all(step in steps for step in first)
    send, printing, by = first
    assert body["rma_number"] in send and body["instructions"]["ship_to"].split(",")[0] in send
    assert printing == "Print the return label and stick it on the parcel."
    assert by.startswith("Hand the parcel over by ")
    assert not any("Return shipping" in step for step in first)


def test_the_refund_estimate_names_each_deduction(api):
    """Kept with the return as decided: the chat names every part of the estimate from it."""
    create_order(api)
    body = post_return(api, verify(api)).json()
    decision = body["decision"]
    assert decision["goods_value_minor"] == 5990
    assert decision["deductions"] == [{"kind": "return_label", "amount_minor": 495}]
    assert body["refund_estimate_minor"] == 5990 - 495
    again = api.get(f"/returns/{body['rma_number']}", headers=verify(api)).json()
    assert again["decision"]["deductions"] == decision["deductions"]


def test_the_owner_reads_status_and_timeline_with_a_forgiving_number(api):
    create_order(api)
    headers = verify(api)
    created = post_return(api, headers).json()
    typed = created["rma_number"].lower().replace("-", " ")
    response = api.get(f"/returns/{typed}", headers=headers)
    assert response.status_code == 200
    assert response.json()["rma_number"] == created["rma_number"]
    assert response.json()["timeline"] == created["timeline"]


def test_a_mistyped_rma_number_is_caught_before_any_lookup(api):
    create_order(api)
    headers = verify(api)
    number = post_return(api, headers).json()["rma_number"]
    last = number[-1]
    typo = number[:-1] + ("0" if last != "0" else "1")
    response = api.get(f"/returns/{typo}", headers=headers)
    assert response.status_code == 422
    assert "mistyped" in response.json()["detail"]


def test_another_customers_return_looks_like_no_return(api):
    create_order(api)
    number = post_return(api, verify(api)).json()["rma_number"]
    create_order(api, number="A2002", email="eve@example.com")
    eve = verify(api, "A2002", "eve@example.com")
    response = api.get(f"/returns/{number}", headers=eve)
    assert response.status_code == 404
    assert response.json()["detail"] == "there is no return with that RMA number"


def test_high_value_goes_to_review_and_says_what_happens_next(api):
    create_order(api, lines=[line(sku="EL-LAPTOP", name="Ultrabook", category="electronics", unit_price_minor=109900)])
    body = post_return(api, verify(api), lines=[{"line_no": 1, "quantity": 1, "reason": "changed_mind"}]).json()
    assert body["status"] == "pending_review"
    assert any(rule.startswith("review.") for rule in body["decision"]["rule_ids"])
    assert "don't send anything" in " ".join(body["instructions"]["steps"])


def test_a_refusal_is_recorded_with_the_policys_explanation_and_alternatives(api):
    create_order(
        api,
        lines=[
            line(sku="FD-CHEESE", name="Cheese", category="perishable_food", unit_price_minor=3990, tags=["perishable"])
        ],
    )
    body = post_return(api, verify(api), lines=[{"line_no": 1, "quantity": 1, "reason": "changed_mind"}]).json()
    assert body["status"] == "rejected"
    assert body["instructions"] is None
    assert body["decision"]["explanations"]
    assert body["decision"]["alternatives"]


def test_same_key_same_body_replays_the_first_answer(api):
    create_order(api)
    headers = verify(api)
    first = post_return(api, headers, key="retry-1")
    again = post_return(api, headers, key="retry-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"


def test_same_key_with_a_different_body_is_refused(api):
    create_order(api, lines=[line(quantity=3)])
    headers = verify(api)
    assert post_return(api, headers, key="k").status_code == 201
    other = post_return(api, headers, key="k", lines=[{"line_no": 1, "quantity": 2, "reason": "defective"}])
    assert other.status_code == 422
    assert "different request" in other.json()["detail"]


def test_a_return_needs_an_idempotency_key(api):
    create_order(api)
    response = api.post("/returns", json=return_payload(), headers=verify(api))
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]


@pytest.mark.parametrize(
    ("lines", "status", "fragment"),
    [
        pytest.param([{"line_no": 9, "quantity": 1, "reason": "defective"}], 422, "has no line 9", id="unknown line"),
        pytest.param(
            [{"line_no": 1, "quantity": 2, "reason": "defective"}], 409, "1 unit(s) left", id="too many units"
        ),
        pytest.param(
            [{"line_no": 1, "quantity": 1, "reason": "bored"}], 422, "unknown reason 'bored'", id="unknown reason"
        ),
        pytest.param(
            [{"line_no": 1, "quantity": 0, "reason": "defective"}], 422, "greater than or equal to 1", id="zero units"
        ),
        pytest.param(
            [{"line_no": 1, "reason": "defective"}, {"line_no": 1, "reason": "defective"}],
            422,
            "name each order line once",
            id="line named twice",
        ),
    ],
)
def test_bad_return_requests_are_refused_and_store_nothing(api, session, lines, status, fragment):
    create_order(api)
    response = post_return(api, verify(api), lines=lines)
    assert response.status_code == status, response.text
    assert fragment in response.text
    assert session.scalar(select(func.count(Rma.id))) == 0


def test_units_already_in_a_return_are_not_returnable_again(api):
    create_order(api)
    headers = verify(api)
    assert post_return(api, headers).status_code == 201
    again = post_return(api, headers)
    assert again.status_code == 409
    assert "already in a return" in again.json()["detail"]
    item = api.get("/orders/A1001/returnable-items", headers=headers).json()["items"][0]
    assert item["returnable_quantity"] == 0 and item["eligible"] is False


def test_a_return_for_another_order_is_refused(api):
    create_order(api)
    create_order(api, number="A2002", email="eve@example.com")
    response = post_return(api, verify(api), order_number="A2002")
    assert response.status_code == 403


def _post_concurrently(base_url: str, headers: dict, bodies_and_keys: list[tuple[dict, str]]) -> list[httpx.Response]:
    def send(item):
        body, key = item
        with http_client(base_url=f"{base_url}/api/v1", timeout=60) as client:
            return client.post("/returns", json=body, headers={**headers, "Idempotency-Key": key})

    with ThreadPoolExecutor(max_workers=10) as pool:
        return list(pool.map(send, bodies_and_keys))


def test_concurrent_retries_of_one_request_create_one_return(api, base_url, session):
    create_order(api, lines=[line(quantity=50)])
    headers = verify(api)
    responses = _post_concurrently(base_url, headers, [(return_payload(), "same-key")] * 20)
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["rma_number"] for r in responses}) == 1
    assert session.scalar(select(func.count(Rma.id))) == 1


def test_concurrent_returns_never_exceed_the_quantity_bought(api, base_url, session):
    create_order(api, lines=[line(quantity=5)])
    headers = verify(api)
    responses = _post_concurrently(base_url, headers, [(return_payload(), str(uuid.uuid4())) for _ in range(12)])
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] * 5 + [409] * 7
    assert session.scalar(select(func.count(Rma.id))) == 5
    # Every return has exactly its two events: requested and the decision.
    assert session.scalar(select(func.count(RmaEvent.id))) == 10


def test_a_customer_returning_often_goes_to_review(api):
    create_order(api, lines=[line(quantity=10)])
    headers = verify(api)
    statuses = [post_return(api, headers).json()["status"] for _ in range(6)]
    assert statuses == ["approved"] * 5 + ["pending_review"]


def test_concurrent_retries_replay_even_when_nothing_is_left_to_return(api, base_url, session):
    # The last unit: a retry that raced the first attempt must get its answer, not "nothing left".
    create_order(api, lines=[line(quantity=1)])
    responses = _post_concurrently(base_url, verify(api), [(return_payload(), "last-unit")] * 10)
    assert [r.status_code for r in responses] == [201] * 10
    assert len({r.json()["rma_number"] for r in responses}) == 1
    assert session.scalar(select(func.count(Rma.id))) == 1


def test_the_owner_lists_the_returns_of_an_order(api):
    create_order(api, lines=[line(quantity=2)])
    headers = verify(api)
    first = post_return(api, headers).json()
    second = post_return(api, headers).json()
    listed = api.get("/orders/a1001/returns", headers=headers)
    assert listed.status_code == 200
    assert [r["rma_number"] for r in listed.json()] == [second["rma_number"], first["rma_number"]]
