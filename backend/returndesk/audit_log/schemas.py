"""Audit events as the API lists them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class AuditEventOut(BaseModel):
    id: int
    at: datetime
    kind: str
    actor: str
    role: str | None
    order_number: str | None
    escalation_reference: str | None
    rma_number: str | None
    ledger_entry_id: int | None
    description: str
    data: dict[str, Any]


class AuditEventsOut(BaseModel):
    events: list[AuditEventOut]
