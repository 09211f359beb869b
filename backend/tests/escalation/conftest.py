"""Escalation tests: desk settings changed for one test on the in-process service."""

from __future__ import annotations

import socket
from types import SimpleNamespace

import pytest

from ..mail.inbox import smtp_server  # noqa: F401 - the SMTP fixture


@pytest.fixture
def desk(monkeypatch, database_url):
    """The live service's settings object; attributes set through it are undone after the test."""
    # `database_url` first: the settings are read once and kept, so they must name the suite's
    # database before this reads them, even in a test that has no database of its own.
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


class FakeChat:
    """Stands in for the Rasa bridge (backend tests run without Rasa): records what the cases said."""

    class ChatUnreachable(Exception):
        pass

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.lines: list[SimpleNamespace] = []
        self.slot_values: dict = {}
        self.down = False

    def _record(self, *call):
        if self.down:
            raise self.ChatUnreachable("down")
        self.calls.append(call)

    def pause(self, conversation_id, *, announce, handler=None):
        self._record("pause", conversation_id, announce, handler)

    def ask_rating(self, conversation_id):
        self._record("ask_rating", conversation_id)

    def slots(self, conversation_id):
        if self.down:
            raise self.ChatUnreachable("down")
        return self.slot_values

    def resume(self, conversation_id, *, announce):
        self._record("resume", conversation_id, announce)

    def say(self, conversation_id, text, *, agent_name):
        self._record("say", conversation_id, text, agent_name)

    def transcript(self, conversation_id, *, after=None):
        self._record("transcript", conversation_id, after)
        return [line for line in self.lines if after is None or line.timestamp > after]


@pytest.fixture
def fake_chat(monkeypatch) -> FakeChat:
    from returndesk.escalation import chat

    fake = FakeChat()
    monkeypatch.setattr(chat, "_bridge", lambda: fake)
    return fake
