"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives: fixture `smtp_server`."""

from __future__ import annotations

import queue
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self) -> None:
        self.received: queue.Queue[EmailMessage] = queue.Queue()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.received.put(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def next(self, timeout: float = 10) -> EmailMessage:
        """The next message; waits on the server's delivery, not on a clock."""
        return self.received.get(timeout=timeout)


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
