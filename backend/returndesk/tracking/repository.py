"""Queries of shipments and their tracking events."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import CarrierEvent, Shipment


def shipment_by_tracking(session: Session, tracking_number: str) -> Shipment | None:
    return session.scalars(select(Shipment).where(Shipment.tracking_number == tracking_number)).one_or_none()


def event_seen(session: Session, carrier: str, event_id: str) -> bool:
    found = session.scalar(
        select(CarrierEvent.id).where(CarrierEvent.carrier == carrier, CarrierEvent.event_id == event_id)
    )
    return found is not None


def shipments_of_rma(session: Session, rma_id: int) -> Sequence[Shipment]:
    return session.scalars(select(Shipment).where(Shipment.rma_id == rma_id).order_by(Shipment.id)).all()


def undelivered(session: Session, *, limit: int = 500) -> Sequence[Shipment]:
    """Parcels still on their way, oldest booking first: what the tracking poll asks about."""
    query = select(Shipment).where(Shipment.status != "delivered").order_by(Shipment.id).limit(limit)
    return session.scalars(query).all()
