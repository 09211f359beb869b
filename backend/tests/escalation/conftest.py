"""Escalation tests: desk settings changed for one test on the in-process service."""

from __future__ import annotations

import socket

import pytest


@pytest.fixture
def desk(monkeypatch):
    """The live service's settings object; attributes set through it are undone after the test."""
    from returndesk.config import get_settings

    settings = get_settings()

    class Desk:
        def set(self, **values):
            for name, value in values.items():
                monkeypatch.setattr(settings, name, value)

    return Desk()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (bound and released: connecting is refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def _no_rasa(desk, closed_port):
    # Backend tests run without Rasa: never talk to one a developer happens to run on :5005.
    from returndesk.config import get_settings

    if hasattr(get_settings(), "rasa_server_url"):  # the chat bridge's setting
        desk.set(rasa_server_url=f"http://127.0.0.1:{closed_port}")
