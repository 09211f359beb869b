"""The stand-in carrier's HTTP server: the Parcel API, plus controls a test (or a demo) drives.

The API (`returndesk/carrier/parcel_api.py` is its client):
    POST /v1/shipments                    book a parcel; the Idempotency-Key header is required, and a
                                          repeat with the same key answers 200 with the same booking
                                          (409 if the body differs)
    GET  /v1/shipments/{tracking}/events  the shipment's events, oldest first; 404 when unknown
Controls (what the carrier's own depots would do):
    POST /_standin/shipments/{tracking}/events  {"type": "in_transit", "location": "..."}: the
         parcel is scanned; the event is stored and pushed, signed, to the webhook URL
    POST /_standin/outage  {"requests": n}: the next n API requests answer 503 (retries are tested)

Signing is written here on its own, not imported from the service: the test then checks the
service's verifier against an independent implementation of the same scheme.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import secrets
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

MAX_BODY = 64 * 1024


class CarrierStandin:
    def __init__(self, *, api_key: str, webhook_url: str | None = None, webhook_secret: str = "") -> None:
        self.api_key = api_key
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.shipments: dict[str, dict[str, Any]] = {}  # by tracking number
        self.by_key: dict[str, tuple[str, str]] = {}  # idempotency key -> (body fingerprint, tracking number)
        self.events: dict[str, list[dict[str, Any]]] = {}
        self.outage_left = 0
        self.requests: list[tuple[str, str]] = []  # (method, path) of every API request, for tests
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the stand-in first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self, *, host: str = "127.0.0.1", port: int = 0) -> CarrierStandin:
        standin = self

        class Handler(_Handler):
            carrier = standin

        self._server = ThreadingHTTPServer((host, port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # The API

    def book(self, key: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        problem = _invalid_booking(body)
        if problem:
            return 422, {"title": "Invalid shipment", "detail": problem}
        fingerprint = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        with self._lock:
            if key in self.by_key:
                seen, tracking = self.by_key[key]
                if seen != fingerprint:
                    return 409, {"title": "Idempotency key reused", "detail": f"key {key} booked another parcel"}
                return 200, self.shipments[tracking]
            number = next(self._numbers)
            # Random, not counted: a restarted stand-in must not hand out a number the service holds.
            tracking = f"PA{secrets.randbelow(10**9):09d}DE"
            while tracking in self.shipments:
                tracking = f"PA{secrets.randbelow(10**9):09d}DE"
            shipment = {
                "id": f"shp_{number:06d}",
                "tracking_number": tracking,
                "barcode": tracking,
                "status": "created",
            }
            self.shipments[tracking] = {**shipment, "reference": body["reference"]}
            self.by_key[key] = (fingerprint, tracking)
            self.events[tracking] = []
            return 201, self.shipments[tracking]

    def scan(self, tracking: str, kind: str, location: str | None = None) -> dict[str, Any] | None:
        """A depot scans the parcel: store the event and push it; None for an unknown parcel."""
        with self._lock:
            if tracking not in self.events:
                return None
            event = {
                "id": f"evt_{tracking}_{len(self.events[tracking]) + 1}",
                "type": kind,
                "tracking_number": tracking,
                "occurred_at": datetime.now(UTC).isoformat(),
                "location": location,
            }
            self.events[tracking].append(event)
            self.shipments[tracking]["status"] = kind
        pushed = self.push(event) if self.webhook_url else None
        return {"event": event, "webhook_status": pushed}

    def push(self, event: dict[str, Any], *, timestamp: int | None = None) -> int:
        """POST one event to the webhook URL, signed; the status the service answered."""
        assert self.webhook_url
        body = json.dumps(event).encode()
        stamp = int(time.time()) if timestamp is None else timestamp
        digest = hmac.new(self.webhook_secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/json", "Parcel-Signature": f"t={stamp},v1={digest}"}
        return httpx.post(self.webhook_url, content=body, headers=headers, timeout=10).status_code


def _invalid_booking(body: dict[str, Any]) -> str | None:
    if not isinstance(body.get("reference"), str) or not body["reference"]:
        return "reference is required"
    for role in ("shipper", "consignee"):
        address = body.get(role)
        if not isinstance(address, dict) or not address.get("name") or not address.get("lines"):
            return f"{role} needs a name and at least one address line"
    if not (body["shipper"].get("city") and body["shipper"].get("country")):
        return "shipper needs a city and a country: we collect the parcel there"
    if not isinstance(body.get("parcels"), list) or not body["parcels"]:
        return "at least one parcel is required"
    return None


class _Handler(BaseHTTPRequestHandler):
    carrier: CarrierStandin

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests and `make run` read the service's log, not this one

    def do_GET(self) -> None:
        parts = self.path.strip("/").split("/")
        if not self._api_allowed():
            return
        if len(parts) == 4 and parts[:2] == ["v1", "shipments"] and parts[3] == "events":
            events = self.carrier.events.get(parts[2])
            if events is None:
                self._answer(404, {"title": "Unknown shipment", "detail": f"no shipment {parts[2]}"})
            else:
                self._answer(200, {"tracking_number": parts[2], "events": events})
            return
        self._answer(404, {"title": "Not found", "detail": self.path})

    def do_POST(self) -> None:
        parts = self.path.strip("/").split("/")
        body = self._body()
        if body is None:
            return
        if parts[0] == "_standin":
            self._control(parts, body)
            return
        if not self._api_allowed():
            return
        if parts == ["v1", "shipments"]:
            key = self.headers.get("Idempotency-Key")
            if not key:
                self._answer(400, {"title": "Idempotency-Key required", "detail": "send the booking's reference"})
                return
            self._answer(*self.carrier.book(key, body))
            return
        self._answer(404, {"title": "Not found", "detail": self.path})

    def _control(self, parts: list[str], body: dict[str, Any]) -> None:
        if parts[1:] == ["outage"]:
            self.carrier.outage_left = int(body.get("requests", 1))
            self._answer(200, {"outage_left": self.carrier.outage_left})
        elif len(parts) == 4 and parts[1] == "shipments" and parts[3] == "events":
            scanned = self.carrier.scan(parts[2], str(body.get("type", "")), body.get("location"))
            if scanned is None:
                self._answer(404, {"title": "Unknown shipment", "detail": parts[2]})
            else:
                self._answer(201, scanned)
        else:
            self._answer(404, {"title": "Not found", "detail": self.path})

    def _api_allowed(self) -> bool:
        self.carrier.requests.append((self.command, self.path))
        if self.headers.get("Authorization") != f"Bearer {self.carrier.api_key}":
            self._answer(401, {"title": "Unauthorized", "detail": "send Authorization: Bearer <api key>"})
            return False
        if self.carrier.outage_left > 0:
            self.carrier.outage_left -= 1
            self._answer(503, {"title": "Service unavailable", "detail": "try again"})
            return False
        return True

    def _body(self) -> dict[str, Any] | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._answer(413, {"title": "Too large", "detail": f"at most {MAX_BODY} bytes"})
            return None
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            self._answer(400, {"title": "Not JSON", "detail": "send a JSON object"})
            return None
        if not isinstance(body, dict):
            self._answer(400, {"title": "Not an object", "detail": "send a JSON object"})
            return None
        return body

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/problem+json" if status >= 400 else "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
