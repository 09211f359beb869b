"""Rasa's tracker events as the service keeps them for conversation metrics: names, never words."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UtcDateTime, utcnow


class ConversationEvent(Base):
    """One event of one conversation, as Rasa's event broker published it (analytics/conversations).

    Customer data stays out: a message keeps its length and intent, not its text, and a slot
    keeps its value only for the few slots the metrics read (analytics/conversations/ingest.py).
    """

    __tablename__ = "conversation_events"
    __table_args__ = (Index("ix_conversation_events_conversation_order", "conversation_id", "rasa_timestamp"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # A digest of the event as published: a re-delivered event hits this and is skipped
    event_key: Mapped[str] = mapped_column(String(64), unique=True)
    conversation_id: Mapped[str] = mapped_column(String(128))
    event_type: Mapped[str] = mapped_column(String(32))  # Rasa's "event": user, bot, action, slot, pause...
    # The intent (user), action (action), slot (slot) or loop (active_loop) the event is about
    name: Mapped[str | None] = mapped_column(String(128))
    value: Mapped[str | None] = mapped_column(String(64))  # only for the slots metrics read
    text_length: Mapped[int | None] = mapped_column(Integer)  # user and bot messages
    rasa_timestamp: Mapped[float] = mapped_column(Float)  # Rasa's own clock: orders a conversation
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ConversationEventCursor(Base):
    """How far a polled source (Rasa's SQL event broker) has been read: the last row id taken."""

    __tablename__ = "conversation_event_cursors"

    source: Mapped[str] = mapped_column(String(255), primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class ConversationSummary(Base):
    """What one conversation's events say, kept by the ingest so metrics aggregate rows, not events.

    Re-read from all of the conversation's events whenever a batch brings new ones (late or out of
    order too), in the same transaction as those events: analytics/conversations/summarise.py.
    """

    __tablename__ = "conversation_summaries"

    conversation_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    # The first customer message: the day the conversation counts for. None: nothing typed yet.
    first_message_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    user_turns: Mapped[int] = mapped_column(Integer)
    fallback_turns: Mapped[int] = mapped_column(Integer)
    rma_turn: Mapped[int | None] = mapped_column(Integer)  # the customer turn that issued the RMA
    paused: Mapped[bool] = mapped_column(Boolean)  # an agent took the conversation over
    started_return: Mapped[bool] = mapped_column(Boolean)
    last_step: Mapped[str | None] = mapped_column(String(64))  # the return form's last question
    score: Mapped[str | None] = mapped_column(String(8))  # the chat's last rating, "1".."5"
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
