"""A shop's webhook receiver on loopback, as a merchant would write one.

It checks every delivery the Standard Webhooks way (written here from the specification, not with
the service's own signing code): the signature over "id.timestamp.body" with the endpoint's
secret, a timestamp within five minutes, and the webhook-id to drop a duplicate. It can be told
to answer 500 the next N times, or to hold the next request open until released.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOLERANCE_SECONDS = 5 * 60


@dataclass
class Received:
    event_id: str
    type: str
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class Receiver:
    secret: str = ""  # set once the endpoint is registered
    accepted: list[Received] = field(default_factory=list)  # in the order they arrived, each id once
    duplicates: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why each refused request was refused
    fail_next: int = 0
    hold_next: bool = False
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    changed: threading.Condition = field(default_factory=threading.Condition)
    url: str = ""
    endpoint_id: int = 0

    def verify(self, headers: dict[str, str], body: bytes) -> str | None:
        """None if the delivery is genuine and fresh; else why not."""
        event_id, stamp, signatures = (
            headers.get(h, "") for h in ("webhook-id", "webhook-timestamp", "webhook-signature")
        )
        if not (event_id and stamp.isdigit() and signatures):
            return "missing webhook headers"
        if abs(time.time() - int(stamp)) > TOLERANCE_SECONDS:
            return "timestamp outside the tolerance (a replay?)"
        key = base64.b64decode(self.secret.removeprefix("whsec_"))
        expected = base64.b64encode(hmac.new(key, f"{event_id}.{stamp}.".encode() + body, hashlib.sha256).digest())
        for signature in signatures.split():
            version, _, value = signature.partition(",")
            if version == "v1" and hmac.compare_digest(value.encode(), expected):
                return None
        return "no signature matches the secret"

    def handle(self, headers: dict[str, str], body: bytes) -> int:
        if self.hold_next:
            self.hold_next = False
            self.held.set()
            self.release.wait(timeout=60)  # the worker is killed meanwhile: nothing was accepted
            return 503
        with self.changed:
            problem = self.verify(headers, body)
            if problem:
                self.refused.append(problem)
                return 400
            if self.fail_next:
                self.fail_next -= 1
                self.refused.append("told to fail")
                return 500
            payload = json.loads(body)
            if any(seen.event_id == headers["webhook-id"] for seen in self.accepted):
                self.duplicates.append(headers["webhook-id"])
            else:
                self.accepted.append(Received(headers["webhook-id"], payload["type"], payload, headers))
            self.changed.notify_all()
            return 204

    def types(self) -> list[str]:
        with self.changed:
            return [seen.type for seen in self.accepted]

    def wait_for(self, condition: Callable[[Receiver], bool], timeout: float = 30) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: condition(self), timeout=timeout)


def start_receiver() -> tuple[Receiver, ThreadingHTTPServer]:
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status = receiver.handle({k.lower(): v for k, v in self.headers.items()}, body)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver.url = f"http://127.0.0.1:{server.server_port}/hooks/returndesk"
    return receiver, server
