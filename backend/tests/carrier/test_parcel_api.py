"""The Parcel API client against the stand-in: bookings are idempotent per reference, blips are
retried, refusals are not, and tracking reads the events."""

from __future__ import annotations

import pytest

from returndesk.carrier import Address, CarrierRefused, CarrierUnavailable, ParcelApiCarrier, ParcelSpec

from .conftest import API_KEY

SENDER = Address("Dev Patel", ("27 Baker Street",), city="London", postcode="NW1 6XE", country="GB")
WAREHOUSE = Address("ReturnDesk main warehouse", ("Hafenstraße 12", "20457 Hamburg", "Germany"))
PARCEL = [ParcelSpec("1 x Slim fit jeans")]


@pytest.fixture
def client(standin) -> ParcelApiCarrier:
    return ParcelApiCarrier(standin.url, API_KEY, timeout=5, attempts=3)


def test_the_same_reference_books_once(client, standin):
    first = client.create_shipment(SENDER, WAREHOUSE, PARCEL, "RMA1-main")
    again = client.create_shipment(SENDER, WAREHOUSE, PARCEL, "RMA1-main")
    other = client.create_shipment(SENDER, WAREHOUSE, PARCEL, "RMA2-main")
    assert first == again and other.tracking_number != first.tracking_number
    assert first.barcode == first.tracking_number and len(standin.shipments) == 2


def test_a_reference_reused_for_another_parcel_is_refused(client):
    client.create_shipment(SENDER, WAREHOUSE, PARCEL, "RMA1-main")
    with pytest.raises(CarrierRefused) as refused:
        client.create_shipment(SENDER, WAREHOUSE, [ParcelSpec("a sofa")], "RMA1-main")
    assert refused.value.status == 409


def test_two_failed_requests_are_retried_and_three_are_reported(client, standin):
    standin.outage_left = 2
    booked = client.create_shipment(SENDER, WAREHOUSE, PARCEL, "RMA3-main")
    assert booked.tracking_number in standin.shipments
    standin.outage_left = 3
    with pytest.raises(CarrierUnavailable):
        client.track(booked.tracking_number)


def test_an_unreachable_carrier_is_unavailable():
    with pytest.raises(CarrierUnavailable):
        ParcelApiCarrier("http://127.0.0.1:9", API_KEY, timeout=1, attempts=2).track("PA1")


def test_a_sender_without_a_city_is_refused_with_the_carriers_words(client):
    with pytest.raises(CarrierRefused) as refused:
        client.create_shipment(Address("Dev", ("Somewhere 1",)), WAREHOUSE, PARCEL, "RMA4-main")
    assert refused.value.status == 422 and "city" in str(refused.value)


def test_a_wrong_key_is_refused(standin):
    with pytest.raises(CarrierRefused) as refused:
        ParcelApiCarrier(standin.url, "not-our-key").track("PA1")
    assert refused.value.status == 401


def test_tracking_lists_the_events_oldest_first(client, standin):
    booked = client.create_shipment(SENDER, WAREHOUSE, PARCEL, "RMA5-main")
    assert client.track(booked.tracking_number) == []
    standin.scan(booked.tracking_number, "in_transit", "London")
    standin.scan(booked.tracking_number, "delivered", "Hamburg")
    events = client.track(booked.tracking_number)
    assert [(e.kind, e.location) for e in events] == [("in_transit", "London"), ("delivered", "Hamburg")]
    with pytest.raises(CarrierRefused) as unknown:
        client.track("PA000000999DE")
    assert unknown.value.status == 404
