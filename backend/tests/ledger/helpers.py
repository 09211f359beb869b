"""Shared by the ledger, approval and audit tests: movements, short database reads, staff, cases."""

from __future__ import annotations

import secrets
import socket
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from returndesk.models import AuditEvent, Escalation

from ..factories import SHOP


def movement(**overrides: Any) -> dict[str, Any]:
    body = {"kind": "refund", "order_number": "A1001", "line_no": 1, "amount_minor": 1000, "currency": "EUR"}
    return body | overrides


def book(client: httpx.Client, key: str | None = None, **overrides: Any) -> httpx.Response:
    """POST /ledger/entries as whoever `client` is (a staff client carries its cookie and CSRF header)."""
    return client.post(
        "/ledger/entries", json=movement(**overrides), headers={"Idempotency-Key": key or str(uuid.uuid4())}
    )


def book_as_bot(api: httpx.Client, key: str | None = None, **overrides: Any) -> httpx.Response:
    headers = SHOP | {"Idempotency-Key": key or str(uuid.uuid4())}
    return api.post("/ledger/entries", json=movement(**overrides), headers=headers)


class Db:
    """Short reads: a transaction held open would block the service's writers on SQLite. Through
    the app's sessions, so a rolled-back test reads its own uncommitted rows."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def scalar(self, statement) -> Any:
        with self.sessions() as session:
            return session.scalar(statement)

    def scalars(self, statement) -> list[Any]:
        with self.sessions() as session:
            return list(session.scalars(statement))

    def audit_kinds(self) -> list[str]:
        return self.scalars(select(AuditEvent.kind).order_by(AuditEvent.id))

    def audit_on_case(self, escalation_id: int) -> list[AuditEvent]:
        return self.scalars(select(AuditEvent).where(AuditEvent.escalation_id == escalation_id).order_by(AuditEvent.id))

    def audit(self, kind: str) -> list[AuditEvent]:
        return self.scalars(select(AuditEvent).where(AuditEvent.kind == kind).order_by(AuditEvent.id))


def open_case(session: Session, *, order_number: str = "A1001", conversation_id: str = "conv-1") -> Escalation:
    """A live case as the escalation service would have opened it (only what the ledger reads)."""
    case = Escalation(
        reference="ESC-" + secrets.token_hex(4).upper(),
        status="live",
        conversation_id=conversation_id,
        channel="web",
        trigger="customer_request",
        order_number=order_number,
        summary="Customer wants money back",
    )
    session.add(case)
    session.commit()
    return case


@pytest.fixture
def no_rasa(monkeypatch):
    """Backend tests run without Rasa: never talk to one a developer happens to run on :5005."""
    from returndesk.config import get_settings

    settings = get_settings()
    if hasattr(settings, "rasa_server_url"):  # the chat bridge's setting
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        monkeypatch.setattr(settings, "rasa_server_url", f"http://127.0.0.1:{port}")


class ChatSpy:
    """Stands in for handoff.rasa.say via ledger.notify._say: records what the customer was told."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str, str]] = []

    def __call__(self, conversation_id: str, text: str, agent_name: str) -> tuple[bool, str | None]:
        self.said.append((conversation_id, text, agent_name))
        return True, None


@pytest.fixture
def chat(monkeypatch) -> ChatSpy:
    spy = ChatSpy()
    monkeypatch.setattr("returndesk.ledger.notify._say", spy)
    return spy
