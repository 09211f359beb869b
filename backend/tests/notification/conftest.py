"""Fixtures for the notification tests: loopback SMTP servers, returns to notify about, a worker."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from ..escalation.conftest import fake_chat  # noqa: F401 - the fixture
from ..factories import create_order, post_return, verify
from ..mail.inbox import Inbox, smtp_server  # noqa: F401 - the fixture


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def new_return(api, *, number: str = "A1001", locale: str = "en", phone: str | None = None, **extra) -> dict:
    """An order and an approved return on it (jeans, too small, delivered 3 days ago)."""
    create_order(api, number=number, email=f"{number.lower()}@example.com", phone=phone)
    headers = verify(api, number, f"{number.lower()}@example.com", conversation=extra.get("conversation_id"))
    response = post_return(api, headers, order_number=number, locale=locale, **extra)
    assert response.status_code == 201, response.text
    return {**response.json(), "headers": headers}


def outbox(session, **where):
    from returndesk.models.notification import NotificationOutbox

    session.expire_all()
    query = select(NotificationOutbox).order_by(NotificationOutbox.id)
    for name, value in where.items():
        query = query.where(getattr(NotificationOutbox, name) == value)
    rows = list(session.scalars(query))
    session.commit()  # SQLite: a read transaction here holds the write lock the worker needs
    return rows


@pytest.fixture
def worker_for(engine):
    """`worker_for(smtp_port, **settings)`: an in-process worker sending email to that port."""
    from returndesk.config import get_settings
    from returndesk.db import get_sessionmaker
    from returndesk.notification.channels import EmailChannel, LogSmsProvider, SmsChannel
    from returndesk.notification.tasks import Worker

    def make(port: int, **overrides):
        settings = get_settings().model_copy(update={"smtp_port": port, **overrides})
        sessions = get_sessionmaker()
        channels = {"email": EmailChannel(settings=settings), "sms": SmsChannel(LogSmsProvider(sessions))}
        return Worker(sessions, channels, settings, name="test-worker")

    return make


class CountingInbox(Inbox):
    """Counts accepted messages by Message-ID; the `stall_at`-th message is never answered (the
    client waits in DATA for a 250 that does not come), as a mail server hanging mid-send."""

    def __init__(self, stall_at: int | None = None) -> None:
        super().__init__()
        self.accepted: Counter[str] = Counter()
        self.seen = 0
        self.stall_at = stall_at
        self.stalled = threading.Event()
        self.changed = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.seen += 1
        if self.seen == self.stall_at:
            self.stalled.set()
            await asyncio.Event().wait()  # until the server stops; the client is killed meanwhile
        with self.changed:
            self.accepted[message["Message-ID"]] += 1
            self.changed.notify_all()
        self.received.put(message)
        return "250 OK"

    def wait_for(self, distinct: int, timeout: float = 60) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: len(self.accepted) >= distinct, timeout=timeout)


@pytest.fixture
def counting_smtp() -> Iterator:
    servers = []

    def start(stall_at: int | None = None) -> tuple[CountingInbox, int]:
        inbox, port = CountingInbox(stall_at), free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append(controller)
        return inbox, port

    yield start
    for controller in servers:
        controller.stop()
