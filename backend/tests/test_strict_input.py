"""Money and quantities come in as JSON integers only, within bounds (issue 14, abuse 3).

`amount_minor: "15.00"` used to be booked as 15 minor units and `"quantity": true` read as 1.
Every request body that carries money or units now refuses strings, booleans and floats, and
numbers out of bounds, with a 422 problem+json naming the field; plain integers still go through.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from returndesk.kit.schemas import MAX_MINOR, MAX_QUANTITY

from .factories import SHOP, create_order, line, order_payload, post_return, verify
from .warehouse.helpers import force_status, new_return

# Each sender asks for the live service with request.getfixturevalue, which marking by fixture cannot see.
pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Sender:
    """Posts a body with `value` at one money or quantity field, as a caller allowed to."""

    location: str
    send: Callable[[pytest.FixtureRequest, Any], httpx.Response]
    low: int  # the smallest value allowed
    high: int  # the largest
    valid: int  # a value the endpoint takes (2xx)


def _api(request: pytest.FixtureRequest) -> httpx.Client:
    return request.getfixturevalue("api")


def _customer(request: pytest.FixtureRequest, conversation: str | None = None) -> dict[str, str]:
    create_order(_api(request), lines=[line(sku="AP-TEE", name="Cotton tee", unit_price_minor=1500)])
    return verify(_api(request), conversation=conversation)


def _staff(request: pytest.FixtureRequest, role: str) -> httpx.Client:
    return request.getfixturevalue("signed_in")(f"{role}-1", role)


def _order(path: str) -> Callable[[pytest.FixtureRequest, Any], httpx.Response]:
    def send(request, value):
        payload = order_payload()
        if path == "shipping_paid_minor":
            payload[path] = value
        else:
            payload["lines"][0][path] = value
        return _api(request).post("/orders", json=payload, headers=SHOP)

    return send


def _ledger(request, value):
    create_order(_api(request))
    body = {"kind": "refund", "order_number": "A1001", "line_no": 1, "amount_minor": value, "currency": "EUR"}
    return _api(request).post("/ledger/entries", json=body, headers=SHOP | {"Idempotency-Key": str(uuid.uuid4())})


def _return(request, value):
    return post_return(
        _api(request), _customer(request), lines=[{"line_no": 1, "quantity": value, "reason": "size_too_small"}]
    )


def _offer(request, value):
    body = {"conversation_id": "c", "order_number": "A1001", "line_no": 1, "reason": "damaged_in_transit"}
    return _api(request).post("/offers", json=body | {"quantity": value}, headers=_customer(request, "c"))


def _evaluate(place: str) -> Callable[[pytest.FixtureRequest, Any], httpx.Response]:
    def send(request, value):
        body = {
            "purchase": {"placed_on": "2026-11-20", "delivered_on": "2026-11-22", "currency": "EUR"},
            "lines": [{"item": {"category": "shoes", "unit_price_minor": 8000, "quantity": 1}, "reason": "defective"}],
            "today": "2026-11-26",
        }
        match place:
            case "quantity" | "unit_price_minor":
                body["lines"][0]["item"][place] = value
            case "evidence":
                body["evidence"] = {"photo": value}
            case _:
                body["purchase"][place] = value
        return _api(request).post("/policy/evaluate", json=body)

    return send


def _on_behalf(request, value):
    create_order(_api(request))
    body = {
        "order_number": "A1001",
        "customer_email": "dev@example.com",
        "channel": "phone",
        "lines": [{"line_no": 1, "quantity": value}],
        "reason": "size_too_small",
    }
    return _staff(request, "agent").post("/staff/returns", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})


def _receipt(request, value):
    rma = new_return(_api(request), lines=[line(quantity=2)])
    force_status(request.getfixturevalue("session"), rma["rma_number"], "in_transit")
    body = {"rma_number": rma["rma_number"], "lines": [{"line_no": 1, "quantity": value}]}
    return _staff(request, "warehouse").post("/warehouse/receipts", json=body)


SENDERS = {
    "order line quantity": Sender("body.lines.0.quantity", _order("quantity"), 1, MAX_QUANTITY, 2),
    "order unit price": Sender("body.lines.0.unit_price_minor", _order("unit_price_minor"), 0, MAX_MINOR, 0),
    "order shipping": Sender("body.shipping_paid_minor", _order("shipping_paid_minor"), 0, MAX_MINOR, MAX_MINOR),
    "ledger amount": Sender("body.amount_minor", _ledger, 1, MAX_MINOR, 300),
    "return quantity": Sender("body.lines.0.quantity", _return, 1, MAX_QUANTITY, 1),
    "offer quantity": Sender("body.quantity", _offer, 1, MAX_QUANTITY, 1),
    "evaluate item quantity": Sender("body.lines.0.item.quantity", _evaluate("quantity"), 1, MAX_QUANTITY, 3),
    "evaluate item price": Sender("body.lines.0.item.unit_price_minor", _evaluate("unit_price_minor"), 0, MAX_MINOR, 0),
    "evaluate shipping": Sender("body.purchase.shipping_paid_minor", _evaluate("shipping_paid_minor"), 0, MAX_MINOR, 5),
    "evaluate order total": Sender("body.purchase.order_total_minor", _evaluate("order_total_minor"), 0, MAX_MINOR, 1),
    "evaluate return count": Sender(
        "body.purchase.recent_return_count", _evaluate("recent_return_count"), 0, MAX_QUANTITY, 0
    ),
    "evaluate evidence count": Sender("body.evidence.photo", _evaluate("evidence"), 0, MAX_QUANTITY, 2),
    "agent's return quantity": Sender("body.lines.0.quantity", _on_behalf, 1, MAX_QUANTITY, 1),
    "warehouse received quantity": Sender("body.lines.0.quantity", _receipt, 0, MAX_QUANTITY, 1),
}
NOT_INTEGERS = {
    "decimal string": "15.00",
    "numeric string": "15",
    "boolean": True,
    "float": 15.0,
    "fraction": 1.5,
}


def refused_inputs():
    for name, sender in SENDERS.items():
        for kind, value in NOT_INTEGERS.items():
            yield pytest.param(sender, value, "valid integer", id=f"{name}: {kind}")
        yield pytest.param(sender, sender.low - 1, "greater than", id=f"{name}: below {sender.low}")
        yield pytest.param(sender, sender.high + 1, "less than or equal to", id=f"{name}: above {sender.high}")


@pytest.mark.parametrize(("sender", "value", "says"), refused_inputs())
def test_money_and_quantities_take_only_integers_within_bounds(request, sender: Sender, value, says) -> None:
    response = sender.send(request, value)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    errors = [error for error in response.json()["errors"] if error["location"] == sender.location]
    assert errors and says in errors[0]["message"], response.json()


@pytest.mark.parametrize("sender", [pytest.param(sender, id=name) for name, sender in SENDERS.items()])
def test_plain_integers_still_go_through(request, sender: Sender) -> None:
    response = sender.send(request, sender.valid)
    assert response.is_success, response.text
