"""A stand-in parcel carrier on loopback, for tests and `make run` (not part of the product).

It speaks the Parcel API protocol (`returndesk/carrier/parcel_api.py`) like a carrier's sandbox:
bookings with tracking numbers, tracking events, and signed webhooks pushing each event to the
returns service. See `server.py`; start it with `python -m tools.carrier_standin`.
"""

from .server import CarrierStandin

__all__ = ["CarrierStandin"]
