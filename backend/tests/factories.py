"""Plain factory functions with keyword defaults: each test says only what matters to it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from .conftest import SHOP_TOKEN

SHOP = {"Authorization": f"Bearer {SHOP_TOKEN}"}


def line(
    *,
    line_no: int = 1,
    sku: str = "AP-JEANS-SLIM",
    name: str = "Slim fit jeans",
    category: str = "apparel",
    quantity: int = 1,
    unit_price_minor: int = 5990,
    final_sale: bool = False,
    tags: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "line_no": line_no,
        "sku": sku,
        "name": name,
        "category": category,
        "quantity": quantity,
        "unit_price_minor": unit_price_minor,
        "final_sale": final_sale,
        "tags": tags or [],
    }


def order_payload(
    *,
    number: str = "A1001",
    email: str = "dev@example.com",
    phone: str | None = "+44 7700 900004",
    tier: str = "guest",
    delivered_days_ago: int | None = 3,
    placed_days_before_delivery: int = 3,
    lines: list[dict[str, Any]] | None = None,
    currency: str = "EUR",
    payment_method: str = "card",
    name: str = "Dev Patel",
    shipping_address: dict[str, Any] | None = None,
) -> dict[str, Any]:
    now = datetime.now(UTC)
    delivered = None if delivered_days_ago is None else now - timedelta(days=delivered_days_ago)
    placed = (delivered or now) - timedelta(days=placed_days_before_delivery)
    payload = {
        "number": number,
        "customer": {"email": email, "phone": phone, "name": name, "tier": tier},
        "placed_at": placed.isoformat(),
        "delivered_at": delivered.isoformat() if delivered else None,
        "payment_method": payment_method,
        "currency": currency,
        "shipping_paid_minor": 495,
        "lines": lines or [line()],
    }
    if shipping_address is not None:
        payload["shipping_address"] = shipping_address
    return payload


def address(**overrides: Any) -> dict[str, Any]:
    """A delivery address as the order API takes it (London by default)."""
    return {
        "name": "Dev Patel",
        "lines": ["Flat 4", "27 Baker Street"],
        "city": "London",
        "postcode": "NW1 6XE",
        "country": "GB",
        "phone": "+44 7700 900004",
        **overrides,
    }


def create_order(api: httpx.Client, **overrides: Any) -> dict[str, Any]:
    response = api.post("/orders", json=order_payload(**overrides), headers=SHOP)
    assert response.status_code in (200, 201), response.text
    return response.json()


def verify(
    api: httpx.Client, number: str = "A1001", email: str = "dev@example.com", *, conversation: str | None = None
) -> dict[str, str]:
    """Authorization headers for a customer who verified `number`; with `conversation`, verified in
    that chat as the assistant does it (shop token and conversation header), so the token may use
    the chat's uploads."""
    relayed = {**SHOP, "X-ReturnDesk-Conversation": conversation} if conversation else {}
    response = api.post("/verifications", json={"order_number": number, "email": email}, headers=relayed)
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def return_payload(
    *,
    order_number: str = "A1001",
    lines: list[dict[str, Any]] | None = None,
    answers: dict[str, bool] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "order_number": order_number,
        "lines": lines or [{"line_no": 1, "quantity": 1, "reason": "size_too_small"}],
        "answers": answers or {},
        "channel": "web",
        **extra,
    }


def post_return(
    api: httpx.Client, headers: dict[str, str], *, key: str | None = None, **payload: Any
) -> httpx.Response:
    return api.post(
        "/returns", json=return_payload(**payload), headers={**headers, "Idempotency-Key": key or str(uuid.uuid4())}
    )
