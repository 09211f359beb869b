"""What the load needs, created through the real API: orders, verification tokens, payloads.

Each order has one line of 10,000 units, so thousands of one-unit returns fit on one order
without running out of returnable quantity (a refused return would measure the refusal path).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

UNITS_PER_LINE = 10_000  # the API's maximum quantity per line


def order_number(index: int) -> str:
    return f"BENCH{index:04d}"


def seed_orders(base_url: str, shop_token: str, count: int) -> list[tuple[str, dict[str, str]]]:
    """`count` delivered orders, each with its own customer; returns (order number, auth headers)."""
    delivered = datetime.now(UTC) - timedelta(days=3)
    seeded = []
    with httpx.Client(base_url=base_url, timeout=30) as api:
        for index in range(count):
            number, email = order_number(index), f"bench-{index}@example.com"
            response = api.post(
                "/orders",
                headers={"Authorization": f"Bearer {shop_token}"},
                json={
                    "number": number,
                    "customer": {"email": email, "name": f"Bench Customer {index}", "tier": "guest"},
                    "placed_at": (delivered - timedelta(days=3)).isoformat(),
                    "delivered_at": delivered.isoformat(),
                    "payment_method": "card",
                    "currency": "EUR",
                    "shipping_paid_minor": 495,
                    "lines": [
                        {
                            "line_no": 1,
                            "sku": "AP-JEANS-SLIM",
                            "name": "Slim fit jeans",
                            "category": "apparel",
                            "quantity": UNITS_PER_LINE,
                            "unit_price_minor": 5990,
                        }
                    ],
                },
            )
            response.raise_for_status()
            response = api.post("/verifications", json={"order_number": number, "email": email})
            response.raise_for_status()
            seeded.append((number, {"Authorization": f"Bearer {response.json()['token']}"}))
    return seeded


def return_body(number: str) -> dict[str, Any]:
    return {
        "order_number": number,
        "lines": [{"line_no": 1, "quantity": 1, "reason": "size_too_small"}],
        "answers": {},
        "channel": "web",
    }


def new_key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def evaluate_body() -> dict[str, Any]:
    """Plain-facts dry run (no order, no token): the policy engine alone behind HTTP."""
    today = date.today()
    return {
        "purchase": {
            "placed_on": (today - timedelta(days=6)).isoformat(),
            "delivered_on": (today - timedelta(days=3)).isoformat(),
            "customer_tier": "guest",
            "currency": "EUR",
            "shipping_paid_minor": 495,
        },
        "lines": [
            {
                "item": {"sku": "AP-JEANS-SLIM", "category": "apparel", "unit_price_minor": 5990, "quantity": 1},
                "quantity": 1,
                "reason": "size_too_small",
            }
        ],
    }
