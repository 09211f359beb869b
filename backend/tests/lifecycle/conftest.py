"""A return's whole life over the real service: a loopback SMTP server, a stand-in of Rasa's
tracker-events endpoint, and the two workers run once in-process, as `--once` would."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from returndesk.payment_provider import use_payment_provider

from ..mail.inbox import smtp_server  # noqa: F401 - the fixture


@dataclass
class ChatLog:
    """What Rasa was asked to say, per conversation."""

    said: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def texts(self, conversation_id: str) -> list[str]:
        with self.lock:
            return [text for conv, text in self.said if conv == conversation_id]


@pytest.fixture
def rasa() -> Iterator[tuple[ChatLog, str]]:
    """Rasa's `POST /conversations/{id}/tracker/events` on loopback; keeps every text it is sent."""
    log = ChatLog()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # http.server's name
            events = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            conversation = self.path.split("/")[2]
            with log.lock:
                for event in events if isinstance(events, list) else [events]:
                    log.said.append((conversation, event.get("text") or ""))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield log, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture
def notifier(engine, smtp_server, rasa):  # noqa: F811 - the fixture above
    """The notification worker as the stack runs it: email to the loopback server, chat to `rasa`."""
    from returndesk.config import get_settings
    from returndesk.db import get_sessionmaker
    from returndesk.handoff.rasa import RasaBridge
    from returndesk.notification.channels import ChatChannel, EmailChannel, LogSmsProvider, SmsChannel
    from returndesk.notification.tasks import Worker

    _, port = smtp_server
    settings = get_settings().model_copy(update={"smtp_port": port})
    sessions = get_sessionmaker()
    channels = {
        "email": EmailChannel(settings=settings),
        "sms": SmsChannel(LogSmsProvider(sessions)),
        "chat": ChatChannel(RasaBridge(rasa[1], "t")),
    }
    return Worker(sessions, channels, settings, name="lifecycle-worker")


@pytest.fixture(autouse=True)
def _default_provider() -> Iterator[None]:
    """Each test starts (and leaves the service) with the default local gateway."""
    use_payment_provider(None)
    yield
    use_payment_provider(None)
