"""Outgoing webhooks: the shop's endpoints, the outbox of deliveries to them, and every attempt.

A delivery row is written in the same transaction as the change it announces (webhooks.emit), so
a change that commits is always announced and a rolled-back one never is. The worker delivers
rows under a lease, as the notification worker does (returndesk/outbox/repository.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JsonDocument, UtcDateTime, utcnow


class WebhookEndpoint(Base):
    """A URL of the shop's that wants some events, and the secret its deliveries are signed with."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (CheckConstraint("status IN ('active', 'disabled')", name="known_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str] = mapped_column(String(200), default="")
    events: Mapped[list[str]] = mapped_column(JsonDocument, default=list)  # names from webhooks.Event
    status: Mapped[str] = mapped_column(String(16), default="active")
    # The signing key ("whsec_..."): the service must sign with it, so it is kept, but it is shown
    # only once, when it is made, and never logged. After a rotation the previous one still
    # signs (a second signature) until previous_secret_expires_at, while the shop switches.
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100))
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class WebhookDelivery(Base):
    """One event on its way to one endpoint (the outbox row). `event_id` is the `webhook-id`
    header: the same on every attempt and re-send, so the receiver can drop duplicates."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id"),
        CheckConstraint("status IN ('pending', 'delivered', 'failed')", name="known_status"),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        # The worker's ordering check: is an earlier event of this order still pending here?
        Index("ix_webhook_deliveries_in_order", "endpoint_id", "ordering_key", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(32))
    # Events with the same key (the order number) reach an endpoint one after another, in order.
    ordering_key: Mapped[str | None] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    # pending (waiting, or being delivered under a lease) | delivered | failed
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class WebhookAttempt(Base):
    """The delivery log: one row per HTTP attempt, kept after the delivery succeeds or fails."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    duration_ms: Mapped[int] = mapped_column(Integer)
    status_code: Mapped[int | None] = mapped_column(Integer)  # None: no answer (refused, timed out)
    error: Mapped[str | None] = mapped_column(Text)  # None: a 2xx answer
