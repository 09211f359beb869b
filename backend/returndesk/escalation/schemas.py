"""Escalation request and answer (the assistant's side)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ..schemas import ChatLocale, OrderNumber, Strict

Trigger = Literal[
    "customer_request",
    "repeated_fallback",
    "verification_failed",
    "policy_review",
    "service_down",
    "evidence_missing",
    "beyond_authority",
    "high_value",
    "qc_mismatch",
    "refund_failed",
]


class EscalationIn(Strict):
    conversation_id: str = Field(min_length=1, max_length=128)
    channel: str = Field("web", pattern=r"^[a-z0-9_]{1,32}$")
    trigger: Trigger = "customer_request"
    order_number: OrderNumber | None = None
    rma_number: str | None = Field(None, max_length=40)
    summary: str = Field("", max_length=4000, description="What the customer needs, for the agent")
    recommendation: str = Field("", max_length=2000, description="What the bot would do, for the agent to weigh")
    locale: ChatLocale = "en"


class EscalationOut(BaseModel):
    reference: str
    status: str
    created_at: datetime
    open_cases_ahead: int
    position: int | None = Field(description="Place in the queue (1 = next); null once someone has the case")
    mode: Literal["live", "email"]
    priority: str
    due_at: datetime | None
    next_steps: str = Field(description="What happens next and roughly when, to tell the customer as it is")
