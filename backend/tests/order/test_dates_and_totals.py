"""POST /orders refuses dates that cannot be true and line totals the database cannot hold.

An order dated ten years ahead used to be stored, and its return window then started in 2036.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from returndesk.kit.schemas import MAX_MINOR

from ..factories import SHOP, line, order_payload

NOW = datetime.now(UTC)


def dated(placed_at: datetime, delivered_at: datetime | None) -> dict:
    payload = order_payload()
    payload["placed_at"] = placed_at.isoformat()
    payload["delivered_at"] = delivered_at.isoformat() if delivered_at else None
    return payload


@pytest.mark.parametrize(
    ("payload", "location", "says"),
    [
        pytest.param(
            dated(NOW + timedelta(days=3650), None),
            "body.placed_at",
            ["is in the future", "send the time the order was placed"],
            id="placed ten years ahead",
        ),
        pytest.param(
            dated(NOW + timedelta(hours=1), None),
            "body.placed_at",
            ["is in the future"],
            id="placed an hour ahead",
        ),
        pytest.param(
            dated(NOW - timedelta(days=2), NOW + timedelta(days=1)),
            "body.delivered_at",
            ["is in the future", "null until then"],
            id="delivered tomorrow",
        ),
        pytest.param(
            dated(NOW - timedelta(days=2), NOW - timedelta(days=3)),
            "body.delivered_at",
            ["delivered_at is before placed_at", "delivery comes after the order was placed"],
            id="delivered before it was placed",
        ),
        pytest.param(
            order_payload(lines=[line(quantity=10_000, unit_price_minor=1_000_000)]),
            "body.lines.0",
            ["a line can total at most 1000000000", "split it into several lines"],
            id="line total beyond what the database holds",
        ),
    ],
)
def test_impossible_orders_get_a_422_saying_what_to_send(api, payload, location, says) -> None:
    response = api.post("/orders", json=payload, headers=SHOP)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert [error["location"] for error in body["errors"]] == [location]
    assert all(words in body["detail"] for words in says), body["detail"]


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(dated(NOW + timedelta(minutes=2), None), id="placed two minutes ahead (clocks differ)"),
        pytest.param(dated(NOW - timedelta(days=1), None), id="not delivered yet"),
        pytest.param(dated(NOW - timedelta(days=1), NOW), id="delivered just now"),
        pytest.param(dated(NOW - timedelta(days=1), NOW - timedelta(days=1)), id="delivered as it was placed"),
        pytest.param(order_payload(lines=[line(quantity=10, unit_price_minor=MAX_MINOR // 10)]), id="largest line"),
    ],
)
def test_orders_that_can_be_true_are_stored(api, payload) -> None:
    response = api.post("/orders", json=payload, headers=SHOP)
    assert response.status_code == 201, response.text
