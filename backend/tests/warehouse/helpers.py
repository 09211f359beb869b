"""Returns ready for the warehouse: created through the API, as a customer would."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..factories import create_order, line, post_return, verify

APPAREL_CHECKS = {"tags_attached": True, "no_stains": True, "not_worn": True, "accessories_complete": True}
ELECTRONICS_CHECKS = {
    "powers_on": True,
    "function_test": True,
    "accessories_complete": True,
    "no_damage": True,
    "seal_intact": False,
}


def new_return(
    api: httpx.Client,
    *,
    number: str = "A1001",
    lines: list[dict[str, Any]] | None = None,
    returned: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """An order and a return of it; by default two jeans, both returned as too small."""
    create_order(api, number=number, lines=lines or [line(quantity=2)])
    answer = post_return(
        api,
        verify(api, number),
        order_number=number,
        lines=returned or [{"line_no": 1, "quantity": 2, "reason": "size_too_small"}],
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def force_status(session: Session, rma_number: str, status: str) -> None:
    """Put a return in a status the API reaches by other steps (cancelled, pending review...)."""
    from returndesk.models import Rma
    from returndesk.models.rma_number import parse_rma_number

    session.execute(update(Rma).where(Rma.number == parse_rma_number(rma_number)).values(status=status))
    session.commit()
