"""The carrier edge: book a return parcel (tracking number, barcode) and follow it.

Like the payment provider (`returndesk/payment_provider.py`), a small base class
(`carrier/base.py`) with one implementation per carrier protocol; `RETURNDESK_CARRIER` chooses:
`none` (labels carry no booking, as before carriers existed) or `parcel_api`, the HTTP+JSON
protocol of `carrier/parcel_api.py`, which the stand-in in `backend/tools/carrier_standin/` speaks.
"""

from __future__ import annotations

from ..config import Settings, get_settings
from .base import Address, BookedShipment, Carrier, CarrierRefused, CarrierUnavailable, ParcelSpec, TrackingEvent
from .parcel_api import ParcelApiCarrier

__all__ = [
    "TITLES",
    "Address",
    "BookedShipment",
    "Carrier",
    "CarrierRefused",
    "CarrierUnavailable",
    "ParcelApiCarrier",
    "ParcelSpec",
    "TrackingEvent",
    "get_carrier",
    "use_carrier",
]

# How a carrier is named on the label, by the name its bookings are stored under.
TITLES = {ParcelApiCarrier.name: "Parcel API"}

_installed: Carrier | None = None
_chosen = False


def get_carrier(settings: Settings | None = None) -> Carrier | None:
    """The configured carrier, or None when return parcels are not booked (`RETURNDESK_CARRIER=none`)."""
    if _chosen:
        return _installed
    settings = settings or get_settings()
    if settings.carrier == "parcel_api":
        return ParcelApiCarrier(
            settings.carrier_url,
            settings.carrier_api_key,
            timeout=settings.carrier_timeout_seconds,
            attempts=settings.carrier_attempts,
        )
    return None


def use_carrier(carrier: Carrier | None, *, chosen: bool = True) -> None:
    """Install a carrier (a test's, pointed at its stand-in); `chosen=False` goes back to the setting."""
    global _installed, _chosen
    _installed, _chosen = carrier, chosen
