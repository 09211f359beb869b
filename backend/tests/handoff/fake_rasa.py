"""A stand-in for the Rasa server's HTTP API on a free loopback port: it records what the bridge
sends and answers what the test sets. The live Rasa server is exercised by tests/handoff/ at the
repository root; here only the service's side of the conversation is checked."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Received:
    method: str
    path: str  # as sent, still percent-encoded
    query: dict[str, str]
    body: Any


@dataclass
class FakeRasa:
    url: str = ""
    status: int = 200
    answer: Any = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                query = {key: values[0] for key, values in parse_qs(parts.query).items()}
                fake.received.append(Received(self.command, parts.path, query, json.loads(raw) if raw else None))
                body = json.dumps(fake.answer).encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _serve

        return Handler


@contextmanager
def running_fake_rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa()
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
