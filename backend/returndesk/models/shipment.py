"""Return parcels booked with the carrier, and the tracking events it reported for them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UtcDateTime, utcnow
from .rma import Rma


class Shipment(Base):
    """One parcel of a return (one per destination, label/routing.py) booked with a carrier."""

    __tablename__ = "shipments"
    # One booking per parcel: a second label download, or two at once, finds this row.
    __table_args__ = (UniqueConstraint("rma_id", "destination"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rma_id: Mapped[int] = mapped_column(ForeignKey("rmas.id", ondelete="CASCADE"), index=True)
    destination: Mapped[str] = mapped_column(String(64))  # routing/destinations.yml id
    carrier: Mapped[str] = mapped_column(String(32))
    carrier_shipment_id: Mapped[str] = mapped_column(String(64))
    tracking_number: Mapped[str] = mapped_column(String(64), unique=True)
    barcode: Mapped[str] = mapped_column(String(64))  # what the carrier's scanners read (Code128)
    status: Mapped[str] = mapped_column(String(16), default="created")  # created | in_transit | delivered
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    rma: Mapped[Rma] = relationship()


class CarrierEvent(Base):
    """A tracking event as the carrier sent it; its id is unique, so a re-delivered one is a no-op."""

    __tablename__ = "carrier_events"
    __table_args__ = (UniqueConstraint("carrier", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"), index=True)
    carrier: Mapped[str] = mapped_column(String(32))
    event_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    location: Mapped[str | None] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
