"""POST /carrier/events refuses what the carrier did not send, now: unsigned, wrongly signed,
replayed, oversized, malformed and unknown parcels get a 4xx problem; a re-sent event changes nothing."""

from __future__ import annotations

import json
import time

import pytest

from returndesk.carrier import signature
from returndesk.config import get_settings

from ..factories import address, create_order, line, verify
from .conftest import scan
from .helpers import approved_return, label_of

PATH = "/carrier/events"


def _event(tracking: str = "PA000000001DE", **overrides) -> bytes:
    body = {
        "id": "evt_test_1",
        "type": "in_transit",
        "tracking_number": tracking,
        "occurred_at": "2026-12-08T01:00:00+00:00",
        "location": "Depot",
    }
    return json.dumps(body | overrides).encode()


def _signed(body: bytes, *, secret: str | None = None, at: int | None = None) -> dict[str, str]:
    stamp = int(time.time()) if at is None else at
    header = signature.sign(secret or get_settings().carrier_webhook_secret, body, stamp)
    return {"Content-Type": "application/json", signature.HEADER: header}


@pytest.fixture
def booked(api, standin) -> str:
    """A return parcel booked at the stand-in: its tracking number."""
    create_order(api, number="CW1", email="webhook@example.com", lines=[line()], shipping_address=address())
    headers = verify(api, "CW1", "webhook@example.com")
    assert label_of(api, approved_return(api, headers, "CW1")).status_code == 200
    (shipment,) = standin.shipments.values()
    return shipment["tracking_number"]


@pytest.mark.parametrize(
    ("headers", "says"),
    [
        pytest.param({"Content-Type": "application/json"}, "not signed", id="unsigned"),
        pytest.param({signature.HEADER: "v1=abc"}, "must read t=", id="malformed-header"),
        pytest.param("wrong-secret", "does not match", id="wrong-secret"),
        pytest.param("stale", "old", id="replayed-after-five-minutes"),
    ],
)
def test_an_event_the_carrier_did_not_sign_now_is_refused(api, booked, headers, says):
    body = _event(booked)
    if headers == "wrong-secret":
        headers = _signed(body, secret="not-the-shared-secret")
    elif headers == "stale":
        headers = _signed(body, at=int(time.time()) - signature.TOLERANCE_SECONDS - 60)
    answer = api.post(PATH, content=body, headers=headers)
    assert answer.status_code == 401, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert says in answer.json()["detail"]


def test_a_body_changed_after_signing_is_refused(api, booked):
    headers = _signed(_event(booked))
    answer = api.post(PATH, content=_event(booked, type="delivered"), headers=headers)
    assert answer.status_code == 401 and "does not match" in answer.json()["detail"]


def test_an_unknown_tracking_number_is_a_404(api, booked):
    body = _event("PA999999999DE")
    answer = api.post(PATH, content=body, headers=_signed(body))
    assert answer.status_code == 404 and "PA999999999DE" in answer.json()["detail"]


def test_an_oversized_event_is_a_413_before_it_is_read(api, booked):
    body = _event(booked, location="x" * 20_000)
    answer = api.post(PATH, content=body, headers=_signed(body))
    assert answer.status_code == 413, answer.text


def test_an_oversized_event_without_a_length_is_refused_as_it_streams(api, booked):
    body = _event(booked, location="x" * 20_000)
    chunks = (body[i : i + 4096] for i in range(0, len(body), 4096))
    answer = api.post(PATH, content=chunks, headers=_signed(body))
    assert answer.status_code == 413, answer.text


def test_a_signed_body_that_is_no_event_is_a_422_naming_the_field(api, booked):
    body = json.dumps({"id": "evt_x", "type": "in_transit", "tracking_number": booked}).encode()
    answer = api.post(PATH, content=body, headers=_signed(body))
    assert answer.status_code == 422 and "occurred_at" in answer.json()["detail"]


def test_an_event_sent_twice_moves_the_return_once(api, booked, standin):
    first = scan(standin, booked, "in_transit")
    assert first.json()["webhook_status"] == 200
    event = standin.events[booked][0]
    body = json.dumps(event).encode()
    again = api.post(PATH, content=body, headers=_signed(body))
    assert again.status_code == 200, again.text
    assert again.json()["duplicate"] is True and again.json()["rma_status"] == "in_transit"
