"""The Parcel API protocol (HTTP+JSON), as the stand-in in `backend/tools/carrier_standin/` speaks it.

    POST /v1/shipments                        Authorization: Bearer <key>, Idempotency-Key: <reference>
         {"reference", "service": "return", "shipper": {address}, "consignee": {address},
          "parcels": [{"description", "weight_grams"}]}
      -> 201 {"id", "tracking_number", "barcode", "status"}   (200 and the same booking on a repeat)
    GET  /v1/shipments/{tracking_number}/events
      -> 200 {"tracking_number", "events": [{"id", "type", "occurred_at", "location"}]}; 404 unknown

Errors are problem+json ({"title", "detail"}). Shaped after the parcel APIs of real carriers
(a booking per parcel, the caller's reference as idempotency key, events by tracking number).

Every request has a timeout and is retried on timeouts, connection errors and 5xx with a short
backoff; a booking is safe to retry because the carrier answers the same key with the same
shipment, even when the first answer was lost. A 4xx is not retried: it names our mistake.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import httpx

from .base import Address, BookedShipment, Carrier, CarrierRefused, CarrierUnavailable, ParcelSpec, TrackingEvent

BACKOFF_SECONDS = 0.2  # doubled per retry: a blip passes, a down carrier is reported within a second


class ParcelApiCarrier(Carrier):
    name = "parcel_api"

    def __init__(self, base_url: str, api_key: str, *, timeout: float = 5.0, attempts: int = 3) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.attempts = attempts

    def create_shipment(
        self, sender: Address, destination: Address, parcels: Sequence[ParcelSpec], reference: str
    ) -> BookedShipment:
        body = {
            "reference": reference,
            "service": "return",
            "shipper": sender.as_json(),
            "consignee": destination.as_json(),
            "parcels": [{"description": p.description, "weight_grams": p.weight_grams} for p in parcels],
        }
        answer = self._call("POST", "/v1/shipments", json=body, headers={"Idempotency-Key": reference})
        return BookedShipment(
            shipment_id=str(answer["id"]),
            tracking_number=str(answer["tracking_number"]),
            barcode=str(answer["barcode"]),
        )

    def track(self, tracking_number: str) -> list[TrackingEvent]:
        answer = self._call("GET", f"/v1/shipments/{tracking_number}/events")
        return [event_from_json(event) for event in answer["events"]]

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.api_key}", **kwargs.pop("headers", {})}
        last = "no answer"
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
            try:
                response = httpx.request(method, self.base_url + path, headers=headers, timeout=self.timeout, **kwargs)
            except httpx.TransportError as exc:
                last = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code >= 500:
                last = f"HTTP {response.status_code}"
                continue
            if response.status_code >= 400:
                raise CarrierRefused(_problem(response), status=response.status_code)
            answer: dict[str, Any] = response.json()
            return answer
        raise CarrierUnavailable(f"the carrier at {self.base_url} did not answer {method} {path} ({last})")


def event_from_json(event: dict[str, Any]) -> TrackingEvent:
    """One event as the protocol writes it (the events list and the webhook body alike)."""
    return TrackingEvent(
        event_id=str(event["id"]),
        kind=str(event["type"]),
        occurred_at=datetime.fromisoformat(str(event["occurred_at"])),
        location=event.get("location"),
    )


def _problem(response: httpx.Response) -> str:
    try:
        problem = response.json()
        return f"{problem.get('title', 'refused')}: {problem.get('detail', '')}".rstrip(": ")
    except ValueError:
        return f"HTTP {response.status_code}"
