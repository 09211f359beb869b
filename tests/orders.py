"""An order of a test's own, pushed as the shop's back office would, so no other conversation
in the run can return its item first."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import requests

from .stack import SHOP_TOKEN, Stack

JEANS = {"sku": "AP-JEANS-SLIM", "name": "Slim fit jeans", "category": "apparel", "unit_price_minor": 5990}


def push_order(
    stack: Stack,
    number: str,
    email: str,
    *,
    name: str = "Test Customer",
    item: dict = JEANS,
    more: tuple[dict, ...] = (),
    days_ago: int = 2,
) -> None:
    """One unit of `item` (and of each of `more`, as lines 2, 3, ...), delivered `days_ago` (two days by default)."""
    delivered = datetime.now(timezone.utc) - timedelta(days=days_ago)
    order = {
        "number": number,
        "customer": {"email": email, "phone": None, "name": name, "tier": "guest"},
        "placed_at": (delivered - timedelta(days=3)).isoformat(),
        "delivered_at": delivered.isoformat(),
        "payment_method": "card",
        "currency": "EUR",
        "shipping_paid_minor": 495,
        "lines": [
            {"line_no": line_no, "quantity": 1, "tags": [], "final_sale": False, **line}
            for line_no, line in enumerate((item, *more), start=1)
        ],
    }
    response = requests.post(
        f"{stack.api}/orders", json=order, headers={"Authorization": f"Bearer {SHOP_TOKEN}"}, timeout=10
    )
    assert response.status_code in (200, 201), response.text
