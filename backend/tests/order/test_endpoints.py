"""POST /orders: the shop upserts orders with its token; bad payloads are explained."""

from __future__ import annotations

import pytest

from ..factories import SHOP, create_order, line, order_payload, post_return, verify


def test_a_new_order_is_created_and_resending_it_is_harmless(api):
    first = api.post("/orders", json=order_payload(), headers=SHOP)
    again = api.post("/orders", json=order_payload(), headers=SHOP)
    assert first.status_code == 201 and first.json()["created"] is True
    assert again.status_code == 200 and again.json()["created"] is False
    assert again.json()["total_minor"] == 5990 + 495
    assert again.json()["lines"] == first.json()["lines"]


def test_order_numbers_are_case_insensitive(api):
    create_order(api, number="b77")
    assert api.post("/orders", json=order_payload(number="B77"), headers=SHOP).json()["created"] is False


def test_lines_may_change_until_a_return_exists(api):
    create_order(api)
    changed = order_payload(lines=[line(quantity=2)])
    assert api.post("/orders", json=changed, headers=SHOP).status_code == 200

    assert post_return(api, verify(api)).status_code == 201
    refused = api.post("/orders", json=order_payload(lines=[line(quantity=3)]), headers=SHOP)
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert "lines can no longer change" in refused.json()["detail"]
    # The header may still follow the shop (e.g. a corrected delivery date).
    assert (
        api.post(
            "/orders", json=order_payload(lines=[line(quantity=2)], delivered_days_ago=4), headers=SHOP
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("headers", "status"),
    [pytest.param({}, 401, id="no token"), pytest.param({"Authorization": "Bearer nope"}, 403, id="wrong token")],
)
def test_only_the_shop_may_push_orders(api, headers, status):
    response = api.post("/orders", json=order_payload(), headers=headers)
    assert response.status_code == status
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("mutate", "location"),
    [
        pytest.param(lambda p: p.update(currency="euro"), "body.currency", id="currency not ISO"),
        pytest.param(lambda p: p["lines"][0].update(quantity=0), "body.lines.0.quantity", id="zero quantity"),
        pytest.param(
            lambda p: p["lines"][0].update(unit_price_minor=-1), "body.lines.0.unit_price_minor", id="negative price"
        ),
        pytest.param(lambda p: p.update(lines=[]), "body.lines", id="no lines"),
        pytest.param(lambda p: p["customer"].update(email="not-an-email"), "body.customer.email", id="bad email"),
        pytest.param(
            lambda p: p.update(placed_at="2026-01-01T10:00:00"), "body.placed_at", id="timestamp without zone"
        ),
        pytest.param(lambda p: p.update(lines=[line(), line()]), "body", id="repeated line_no"),
        pytest.param(lambda p: p.update(surprise=1), "body.surprise", id="unknown field"),
        # Hypothesis found it on PostgreSQL: a line number past the 32-bit column was a 500.
        pytest.param(
            lambda p: p["lines"][0].update(line_no=2**31), "body.lines.0.line_no", id="line number out of range"
        ),
        pytest.param(
            lambda p: p["lines"][0].update(line_no=2147483648.0), "body.lines.0.line_no", id="line number as a float"
        ),
        pytest.param(lambda p: p.update(payment_method="iou"), "body.payment_method", id="unknown payment method"),
    ],
)
def test_malformed_orders_are_refused_with_the_field_to_fix(api, mutate, location):
    payload = order_payload()
    mutate(payload)
    response = api.post("/orders", json=payload, headers=SHOP)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["status"] == 422
    assert any(error["location"] == location for error in body["errors"]), body


def test_delivery_before_order_is_refused(api):
    payload = order_payload(placed_days_before_delivery=-2)
    response = api.post("/orders", json=payload, headers=SHOP)
    assert response.status_code == 422
    assert "delivered_at is before placed_at" in response.json()["detail"]


def test_body_that_is_not_json_is_a_clear_422(api):
    response = api.post("/orders", content=b"{not json", headers={**SHOP, "Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["title"] == "Invalid request"


def test_a_category_the_policy_does_not_know_is_refused_with_the_choices(api, session):
    payload = order_payload(lines=[line(), line(line_no=2, sku="FR-APPLES", name="Apples", category="fresh_fruit")])
    response = api.post("/orders", json=payload, headers=SHOP)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["title"] == "Unknown category"
    assert body["errors"] == [
        {
            "location": "body.lines.1.category",
            "message": '"fresh_fruit" is not a category of the return policy; use one of: apparel, shoes, '
            "electronics, beauty, perishable_food, digital, made_to_order, home",
        }
    ]
    assert "perishable_food" in body["categories"] and body["detail"].startswith("body.lines.1.category:")
    # Nothing of the order was stored: the shop fixes the line and sends it again.
    assert api.post("/orders", json=order_payload(), headers=SHOP).json()["created"] is True
