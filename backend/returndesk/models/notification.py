"""Notifications: the outbox the worker sends from, customers' opt-outs, and the SMS log sink.

An outbox row is written in the same transaction as the change it announces, so a change that
commits always has its notification, and a rolled-back change never has one. The key is unique
per (RMA, event, channel): replaying a step never queues a second message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JsonDocument, UtcDateTime, utcnow


class NotificationOutbox(Base):
    __tablename__ = "notification_outbox"
    __table_args__ = (Index("ix_notification_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # "<rma number>:<event>:<channel>"
    rma_id: Mapped[int | None] = mapped_column(ForeignKey("rmas.id", ondelete="SET NULL"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"), index=True)
    event: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))  # email | sms | chat
    recipient: Mapped[str] = mapped_column(String(254))  # address, phone digits or conversation id
    locale: Mapped[str] = mapped_column(String(16), default="en")
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument, default=dict)
    # pending (waiting or being sent under a lease) | sent | failed | skipped (opted out meanwhile)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # A worker owns a row only until the lease expires: a worker that dies mid-send releases it
    # by timing out, and another worker picks the row up again.
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    provider_message_id: Mapped[str | None] = mapped_column(String(255))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class NotificationOptOut(Base):
    """A customer does not want notifications on this channel (email or sms)."""

    __tablename__ = "notification_opt_outs"
    __table_args__ = (UniqueConstraint("customer_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(32))  # preferences | unsubscribe_link
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class SmsLogEntry(Base):
    """What the stand-in SMS provider 'sent': a record instead of a text message."""

    __tablename__ = "sms_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_key: Mapped[str] = mapped_column(String(200), unique=True)
    to: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
