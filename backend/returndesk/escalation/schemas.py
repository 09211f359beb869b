"""Escalation request and answer (the assistant's side)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ..kit.schemas import ChatLocale, MinorAmount, OrderNumber, Quantity, Strict
from ..policy.reasons import ReasonCode

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


class ExplanationIn(Strict):
    rule_id: str = Field(min_length=1, max_length=100)
    text: str = Field("", max_length=2000)


class DryRunIn(Strict):
    """The policy's dry-run answer the customer was given in the chat (POST /policy/evaluate)."""

    outcome: Literal["approve", "review", "reject"]
    rule_ids: list[str] = Field(default_factory=list, max_length=50)
    explanations: list[ExplanationIn] = Field(default_factory=list, max_length=50)
    alternatives: list[str] = Field(
        default_factory=list, max_length=10, description="What the customer was told is still possible"
    )
    refund_estimate_minor: MinorAmount | None = None


class ChatItemIn(Strict):
    line_no: int = Field(ge=1, le=10_000)
    quantity: Quantity = 1


class ChatContextIn(Strict):
    """What the bot collected before the handoff; the service resolves the lines against the order."""

    items: list[ChatItemIn] = Field(default_factory=list, max_length=50)
    reason: ReasonCode | None = None
    resolution: Literal["refund", "exchange", "store_credit"] | None = None
    decision: DryRunIn | None = None


class EscalationIn(Strict):
    conversation_id: str = Field(min_length=1, max_length=128)
    channel: str = Field("web", pattern=r"^[a-z0-9_]{1,32}$")
    trigger: Trigger = "customer_request"
    order_number: OrderNumber | None = None
    order_token: str | None = Field(
        None,
        max_length=4000,
        description="The order token verified in this conversation: with it the case's order counts as verified",
    )
    context: ChatContextIn | None = None
    rma_number: str | None = Field(None, max_length=40)
    summary: str = Field("", max_length=4000, description="What the customer needs, for the agent")
    recommendation: str = Field("", max_length=2000, description="What the bot would do, for the agent to weigh")
    locale: ChatLocale | None = Field(None, description="The customer's language; else Accept-Language, else en")


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
