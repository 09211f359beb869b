"""Cases handed to people: what the customer needs, who has it, and by when it must be answered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JsonDocument, UtcDateTime, utcnow


class Escalation(Base):
    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    # open (waiting in the queue) | live (an agent has it) | handed_back (bot again) | closed
    status: Mapped[str] = mapped_column(String(32), default="open", index=True)
    conversation_id: Mapped[str] = mapped_column(String(128), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    trigger: Mapped[str] = mapped_column(String(32))  # customer_request | repeated_fallback | ...
    order_number: Mapped[str | None] = mapped_column(String(64))
    rma_number: Mapped[str | None] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # urgent | high | normal | low: orders the queue and sets the SLA (escalation/priority.py)
    priority: Mapped[str] = mapped_column(String(16), default="normal", index=True)
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # live: answered in the chat; email: opened outside staffed hours, answered by email
    mode: Mapped[str] = mapped_column(String(16), default="live")
    customer_email: Mapped[str | None] = mapped_column(String(254))
    # The language the customer chats in ("en" | "zh"), from the chat or the return: the agent
    # answers in it, and the console shows it.
    locale: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    recommendation: Mapped[str] = mapped_column(Text, default="")
    # What the agent needs without reading the chat: items, reason, decision, evidence ids
    details: Mapped[dict] = mapped_column(JsonDocument, default=dict)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    taken_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class EscalationMessage(Base):
    """A message between the agent and the customer that did not go through the chat (email tickets),
    or an agent's chat message as sent (its delivery time measures handoff latency)."""

    __tablename__ = "escalation_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalations.id"), index=True)
    direction: Mapped[str] = mapped_column(String(16))  # to_customer | from_customer
    channel: Mapped[str] = mapped_column(String(16))  # chat | email
    author: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
