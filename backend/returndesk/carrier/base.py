"""What every carrier does for returns: book a parcel from the customer to us, and say where it is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

# The tracking events that move a return on; a carrier's other events are kept, not acted on.
IN_TRANSIT, DELIVERED = "in_transit", "delivered"


@dataclass(frozen=True)
class Address:
    name: str
    lines: tuple[str, ...]
    city: str = ""
    postcode: str | None = None
    region: str | None = None
    country: str = ""
    phone: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "lines": list(self.lines),
            "city": self.city,
            "postcode": self.postcode,
            "region": self.region,
            "country": self.country,
            "phone": self.phone,
        }


@dataclass(frozen=True)
class ParcelSpec:
    description: str  # what is inside, for customs and the carrier's damage claims
    weight_grams: int = 1000


@dataclass(frozen=True)
class BookedShipment:
    shipment_id: str
    tracking_number: str
    barcode: str  # printed as Code128 on the label; the carrier's scanners read it


@dataclass(frozen=True)
class TrackingEvent:
    event_id: str  # the carrier's own id: one event is acted on once, however often it is sent
    kind: str  # in_transit | delivered | a carrier's other event names
    occurred_at: datetime
    location: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


class CarrierUnavailable(Exception):
    """A transient failure (timeout, 5xx) after the retries: try again later with the same reference."""


class CarrierRefused(Exception):
    """The carrier refused the request (a 4xx): retrying the same request will not help."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class Carrier:
    """Book return parcels and report their tracking events."""

    name = "base"

    def create_shipment(
        self, sender: Address, destination: Address, parcels: Sequence[ParcelSpec], reference: str
    ) -> BookedShipment:
        """Book a parcel; the same `reference` always answers with the same booking (idempotent)."""
        raise NotImplementedError

    def track(self, tracking_number: str) -> list[TrackingEvent]:
        """Every event of the shipment so far, oldest first."""
        raise NotImplementedError
