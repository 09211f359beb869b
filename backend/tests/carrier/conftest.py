"""A stand-in carrier on a free loopback port, installed as the service's carrier for the test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tools.carrier_standin import CarrierStandin

API_KEY = "test-carrier-key"


@pytest.fixture
def standin(request: pytest.FixtureRequest) -> Iterator[CarrierStandin]:
    """The stand-in, pushing its events to the live service when the test uses it (base_url)."""
    from returndesk.carrier import ParcelApiCarrier, use_carrier

    webhook, secret = None, ""
    if "base_url" in request.fixturenames:
        # Settings are read once the live service's database is set up (they are cached).
        from returndesk.config import get_settings

        webhook = f"{request.getfixturevalue('base_url')}/api/v1/carrier/events"
        secret = get_settings().carrier_webhook_secret
    carrier = CarrierStandin(api_key=API_KEY, webhook_url=webhook, webhook_secret=secret).start()
    use_carrier(ParcelApiCarrier(carrier.url, API_KEY, timeout=5, attempts=3))
    yield carrier
    use_carrier(None, chosen=False)
    carrier.stop()


def scan(standin: CarrierStandin, tracking: str, kind: str, location: str | None = None) -> httpx.Response:
    """A depot scans the parcel, through the stand-in's own HTTP control (which pushes the webhook)."""
    return httpx.post(
        f"{standin.url}/_standin/shipments/{tracking}/events", json={"type": kind, "location": location}, timeout=15
    )
