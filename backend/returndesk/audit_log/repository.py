"""Queries on audit events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session

from ..models import AuditEvent, Escalation, Order, Rma

MAX_EVENTS = 5000


def events(
    session: Session, *, order: Order | None, case: Escalation | None, kind: str | None, limit: int
) -> Sequence[Row[Any]]:
    """(event, order number, case reference, RMA number), oldest first; a `kind` names a family too."""
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
    return session.execute(query).all()
