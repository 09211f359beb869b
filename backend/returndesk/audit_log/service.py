"""Finding audit events by order, case and kind, named the way people know them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..models import Escalation, Order
from ..models.rma_number import format_rma_number
from . import repository
from .repository import MAX_EVENTS

# MAX_EVENTS is the repository's cap; callers that page through events know it from here.
__all__ = ["MAX_EVENTS", "Row", "find_events"]


@dataclass(frozen=True)
class Row:
    """An event with its order number, case reference and RMA number instead of row ids."""

    id: int
    at: datetime
    kind: str
    actor: str
    role: str | None
    order_number: str | None
    escalation_reference: str | None
    rma_number: str | None
    ledger_entry_id: int | None
    description: str
    data: dict[str, Any]


def find_events(
    session: Session, *, order: Order | None, case: Escalation | None, kind: str | None, limit: int
) -> list[Row]:
    """Oldest first. `kind` is a kind ("ledger.refund") or a family ("ledger": every ledger.* kind)."""
    return [
        Row(
            id=event.id,
            at=event.created_at,
            kind=event.kind,
            actor=event.actor,
            role=event.role,
            order_number=order_number,
            escalation_reference=reference,
            rma_number=format_rma_number(rma_number) if rma_number else None,
            ledger_entry_id=event.ledger_entry_id,
            description=event.description,
            data=event.data or {},
        )
        for event, order_number, reference, rma_number in repository.events(
            session, order=order, case=case, kind=kind, limit=limit
        )
    ]
