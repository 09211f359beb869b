"""Finding audit events by order, case and kind, named the way people know them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import AuditEvent, Escalation, Order, Rma
from ..models.rma_number import format_rma_number

MAX_EVENTS = 5000


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
    query = (
        select(AuditEvent, Order.number, Escalation.reference, Rma.number)
        .outerjoin(Order, Order.id == AuditEvent.order_id)
        .outerjoin(Escalation, Escalation.id == AuditEvent.escalation_id)
        .outerjoin(Rma, Rma.id == AuditEvent.rma_id)
        .order_by(AuditEvent.id)
        .limit(min(limit, MAX_EVENTS))
    )
    if order is not None:
        query = query.where(AuditEvent.order_id == order.id)
    if case is not None:
        query = query.where(AuditEvent.escalation_id == case.id)
    if kind:
        query = query.where(or_(AuditEvent.kind == kind, AuditEvent.kind.startswith(f"{kind}.", autoescape=True)))
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
        for event, order_number, reference, rma_number in session.execute(query)
    ]
