"""HTTP endpoints for orders."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ..auth import ShopCaller
from ..db import DbSession
from ..policy.current import CurrentPolicy
from .schemas import OrderIn, OrderLineOut, OrderOut
from .service import upsert_order

router = APIRouter(prefix="/orders", tags=["orders"])


@router.post("", response_model=OrderOut, dependencies=[ShopCaller])
def push_order(payload: OrderIn, session: DbSession, response: Response, policy: CurrentPolicy) -> OrderOut:
    """Create or update an order from the shop (service token); re-sending is harmless, unknown categories 422."""
    order, created = upsert_order(session, payload, categories=policy.categories)
    response.status_code = 201 if created else 200
    return OrderOut(
        number=order.number,
        created=created,
        placed_at=order.placed_at,
        delivered_at=order.delivered_at,
        currency=order.currency,
        total_minor=order.total_minor,
        carrier=order.carrier,
        ships_from=order.ships_from,
        shipping_address=order.shipping_address,
        lines=[OrderLineOut.model_validate(line, from_attributes=True) for line in order.lines],
    )
