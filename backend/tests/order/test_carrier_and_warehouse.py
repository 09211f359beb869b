"""POST /orders: the optional carrier and shipping warehouse the transit-damage insight compares."""

from __future__ import annotations

from sqlalchemy import text

from ..factories import SHOP, order_payload


def test_carrier_and_warehouse_are_stored_and_follow_the_latest_send(api, engine):
    first = api.post(
        "/orders", json={**order_payload(), "carrier": "ParcelFast", "ships_from": "Venlo DC"}, headers=SHOP
    )
    assert first.status_code == 201, first.text
    assert (first.json()["carrier"], first.json()["ships_from"]) == ("ParcelFast", "Venlo DC")

    again = api.post("/orders", json={**order_payload(), "carrier": "DHL"}, headers=SHOP)
    assert again.status_code == 200
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT carrier, ships_from FROM orders")).one()
    # A send without ships_from means the shop no longer says: the order follows the latest send.
    assert tuple(stored) == ("DHL", None)


def test_orders_without_them_still_work(api):
    response = api.post("/orders", json=order_payload(), headers=SHOP)
    assert response.status_code == 201
    assert response.json()["carrier"] is None and response.json()["ships_from"] is None


def test_an_empty_or_overlong_carrier_is_refused_with_the_field(api):
    for payload, location in (
        ({**order_payload(), "carrier": ""}, "body.carrier"),
        ({**order_payload(), "ships_from": "x" * 65}, "body.ships_from"),
    ):
        response = api.post("/orders", json=payload, headers=SHOP)
        assert response.status_code == 422
        assert any(error["location"] == location for error in response.json()["errors"])
