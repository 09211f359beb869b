"""POST /orders with the delivery address: kept as sent, checked field by field, kept on a re-send without it."""

from __future__ import annotations

import pytest

from ..factories import SHOP, address, create_order, order_payload


def test_the_address_is_kept_and_answered(api):
    shanghai = address(name="王小明", lines=["浦东新区世纪大道88号"], city="上海市", region="上海市", country="CN")
    body = create_order(api, shipping_address=shanghai)
    assert body["shipping_address"] == {**shanghai, "phone": "447700900004"}


def test_a_re_send_without_the_address_keeps_it(api):
    create_order(api, shipping_address=address())
    again = create_order(api)
    assert again["shipping_address"]["city"] == "London"


@pytest.mark.parametrize(
    ("changed", "field"),
    [
        pytest.param({"country": "Germany"}, "country", id="country-not-a-code"),
        pytest.param({"lines": []}, "lines", id="no-street"),
        pytest.param({"lines": ["a", "b", "c", "d", "e"]}, "lines", id="five-lines"),
        pytest.param({"lines": ["x" * 101]}, "lines", id="line-too-long"),
        pytest.param({"city": ""}, "city", id="no-city"),
        pytest.param({"postcode": "<script>"}, "postcode", id="postcode-not-a-postcode"),
        pytest.param({"phone": "12"}, "phone", id="phone-too-short"),
        pytest.param({"floor": 3}, "floor", id="unknown-field"),
    ],
)
def test_a_bad_address_is_a_422_naming_the_field(api, changed, field):
    payload = order_payload(shipping_address=address(**changed))
    answer = api.post("/orders", json=payload, headers=SHOP)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert f"shipping_address.{field}" in answer.text
