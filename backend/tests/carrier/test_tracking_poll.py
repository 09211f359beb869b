"""tracking/tasks.py: events the webhook never brought are fetched by polling the carrier."""

from __future__ import annotations

from returndesk.carrier import get_carrier
from returndesk.db import get_sessionmaker
from returndesk.payment_provider import get_payment_provider
from returndesk.tracking.tasks import poll_tracking

from ..factories import address, create_order, line, verify
from .conftest import scan
from .helpers import approved_return, label_of


def test_a_poll_takes_the_events_the_webhook_missed_once(api, standin):
    create_order(api, number="CP1", email="poll@example.com", lines=[line()], shipping_address=address())
    headers = verify(api, "CP1", "poll@example.com")
    body = approved_return(api, headers, "CP1")
    assert label_of(api, body).status_code == 200
    (shipment,) = standin.shipments.values()
    standin.webhook_url = None  # our service was down when the carrier pushed
    assert scan(standin, shipment["tracking_number"], "in_transit").json()["webhook_status"] is None
    assert api.get(f"/returns/{body['rma_number']}", headers=headers).json()["status"] == "approved"

    carrier = get_carrier()
    assert carrier is not None
    first = poll_tracking(get_sessionmaker(), carrier, get_payment_provider())
    assert (first.parcels, first.events, first.failed) == (1, 1, 0)
    assert api.get(f"/returns/{body['rma_number']}", headers=headers).json()["status"] == "in_transit"

    scan(standin, shipment["tracking_number"], "delivered")
    second = poll_tracking(get_sessionmaker(), carrier, get_payment_provider())
    assert (second.parcels, second.events) == (1, 1)  # the in_transit event again, and not taken twice
    assert api.get(f"/returns/{body['rma_number']}", headers=headers).json()["status"] == "received"
    # Delivered parcels are not asked about again.
    assert poll_tracking(get_sessionmaker(), carrier, get_payment_provider()).parcels == 0


def test_a_carrier_that_cannot_be_reached_costs_that_parcel_its_turn(api, standin):
    create_order(api, number="CP2", email="poll2@example.com", lines=[line()], shipping_address=address())
    headers = verify(api, "CP2", "poll2@example.com")
    body = approved_return(api, headers, "CP2")
    assert label_of(api, body).status_code == 200
    standin.outage_left = 3
    carrier = get_carrier()
    assert carrier is not None
    done = poll_tracking(get_sessionmaker(), carrier, get_payment_provider())
    assert (done.parcels, done.failed) == (1, 1)
