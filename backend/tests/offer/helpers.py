"""Shared by the offer tests: asking for an offer, answering it, short database reads."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from returndesk.models import AuditEvent

from ..factories import line, verify

SHIRT = line(sku="AP-TEE", name="Cotton tee", unit_price_minor=1500)


def in_chat(api: httpx.Client, chat: str, number: str = "A1001") -> dict[str, str]:
    """A customer verified in `chat` as the assistant does it: a token that may speak there only."""
    return verify(api, number, conversation=chat)


def ask(api: httpx.Client, headers: dict[str, str], **overrides: Any) -> httpx.Response:
    body = {"conversation_id": "chat-1", "order_number": "A1001", "line_no": 1, "reason": "damaged_in_transit"}
    return api.post("/offers", json=body | overrides, headers=headers)


def answer(api: httpx.Client, headers: dict[str, str], offer_id: int, accept: Any) -> httpx.Response:
    return api.post(f"/offers/{offer_id}/answer", json={"accept": accept}, headers=headers)


def count(engine, model, *where) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def audit_kinds(engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(AuditEvent.kind).order_by(AuditEvent.id)))
