"""No input makes the service answer 500: random and mutated bodies get 4xx problem+json."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .factories import SHOP, order_payload

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
ENDPOINTS = ["/orders", "/verifications", "/returns", "/policy/evaluate", "/chat/sessions"]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _assert_handled(response):
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"]


@FUZZ
@given(path=st.sampled_from(ENDPOINTS), body=json_values)
def test_random_json_bodies(api, path, body):
    _assert_handled(api.post(path, json=body, headers={**SHOP, "Idempotency-Key": "fuzz"}))


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


ORDER_PATHS = [path for path in _paths(order_payload()) if path]


@FUZZ
@given(path=st.sampled_from(ORDER_PATHS), value=json_values)
def test_orders_with_one_field_replaced(api, path, value):
    payload = order_payload(number="FUZZ1")
    target = payload
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    _assert_handled(api.post("/orders", json=payload, headers=SHOP))


@FUZZ
@given(text=st.text(max_size=40))
def test_random_rma_numbers_and_order_numbers_in_paths(api, text):
    quoted = quote(text, safe="")
    _assert_handled(api.get(f"/returns/{quoted}", headers={"Authorization": "Bearer x"}))
    _assert_handled(api.get(f"/orders/{quoted}/returnable-items"))


def test_raw_garbage_bodies(api):
    for raw in (b"", b"\xff\xfe", b"[]", b"null", b'{"a":', b"1e999999"):
        for path in ENDPOINTS:
            _assert_handled(api.post(path, content=raw, headers={**SHOP, "Content-Type": "application/json"}))
