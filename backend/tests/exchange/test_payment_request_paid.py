"""POST /payment-requests/{id}/paid: the shop collected an upgrade's difference."""

from __future__ import annotations

from sqlalchemy import select

from returndesk.models.payment import PaymentRequest

from ..factories import SHOP
from ..payment.helpers import a_return, add_product
from .test_exchange import stock


def an_upgrade(api, engine, alice) -> tuple[str, int]:
    rma = a_return(api, engine)  # slim fit jeans, 59.90
    add_product(engine, "AP-JACKET-RAIN", "Rain jacket", 12900)
    stock("AP-JACKET-RAIN", 1)
    answer = alice.post(f"/returns/{rma}/exchange", json={"sku": "AP-JACKET-RAIN"})
    assert answer.status_code == 201, answer.text
    return rma, answer.json()["payment_request"]["id"]


def paid(api, request_id: int, reference: str = "shop-pay-42", headers=SHOP):
    return api.post(f"/payment-requests/{request_id}/paid", json={"reference": reference}, headers=headers)


def test_the_shop_marks_an_upgrades_difference_paid_once(api, engine, signed_in, db):
    rma, request_id = an_upgrade(api, engine, signed_in("alice", "agent"))

    first = paid(api, request_id)
    again = paid(api, request_id)

    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["status"], body["paid_reference"], body["amount_minor"]) == ("paid", "shop-pay-42", 6910)
    assert body["paid_at"] is not None
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["paid_at"] == body["paid_at"]
    (event,) = db.audit("payment_request.paid")
    assert event.actor == "shop" and "69.10 EUR" in event.description and rma in event.description


def test_paying_again_under_another_reference_or_without_the_shop_token_is_refused(api, engine, signed_in, db):
    alice = signed_in("alice", "agent")
    _, request_id = an_upgrade(api, engine, alice)
    paid(api, request_id).raise_for_status()

    other = paid(api, request_id, reference="shop-pay-43")
    anonymous = paid(api, request_id, headers={})
    staff = alice.post(f"/payment-requests/{request_id}/paid", json={"reference": "x"})
    empty = paid(api, request_id, reference="")
    missing = paid(api, 999999)

    assert other.status_code == 409 and "already paid under reference shop-pay-42" in other.json()["detail"]
    assert anonymous.status_code == 401
    assert staff.status_code == 401  # a person's session is not the shop
    assert empty.status_code == 422 and "reference" in empty.json()["detail"]
    assert missing.status_code == 404 and "no payment request 999999" in missing.json()["detail"]
    assert db.scalar(select(PaymentRequest.paid_reference)) == "shop-pay-42"
