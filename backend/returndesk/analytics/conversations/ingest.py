"""A Rasa tracker event, as its event broker publishes it, becomes one `conversation_events` row.

Customer data stays minimal: a message keeps its intent and length, never its text; a slot keeps
its value only when the metrics read it (the form's step, the RMA issued, the chat's rating).
Emails, phone numbers and free-text reasons that customers type never reach this table.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ...models import ConversationEvent
from .reading import READ_SLOTS
from .summarise import summarise

logger = logging.getLogger(__name__)

VALUE_LENGTH = 64


class UnreadableEvent(ValueError):
    """Not a Rasa tracker event (no sender, type or timestamp): logged and skipped, never stored."""


def normalise(event: Mapping[str, Any]) -> dict[str, Any]:
    """The row for one event dict; raises UnreadableEvent for anything that is not one."""
    conversation_id, event_type, timestamp = event.get("sender_id"), event.get("event"), event.get("timestamp")
    if not isinstance(conversation_id, str) or not conversation_id or not isinstance(event_type, str):
        raise UnreadableEvent("an event needs a 'sender_id' and an 'event' type")
    if not isinstance(timestamp, int | float) or isinstance(timestamp, bool):
        raise UnreadableEvent(f"event {event_type!r} of {conversation_id!r} has no numeric 'timestamp'")
    name, value, text_length = _details(event_type, event)
    return {
        "event_key": event_key(event),
        "conversation_id": conversation_id[:128],
        "event_type": event_type[:32],
        "name": name[:128] if isinstance(name, str) else None,
        "value": value,
        "text_length": text_length,
        "rasa_timestamp": float(timestamp),
        "occurred_at": datetime.fromtimestamp(timestamp, UTC),
    }


def event_key(event: Mapping[str, Any]) -> str:
    """The same published event always gives the same key, so a re-delivery is recognised."""
    canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _details(event_type: str, event: Mapping[str, Any]) -> tuple[Any, str | None, int | None]:
    """(name, value, text length) for the event types the metrics read; others keep only their type."""
    if event_type == "user":
        intent = (event.get("parse_data") or {}).get("intent") or {}
        return intent.get("name"), None, len(event.get("text") or "")
    if event_type == "bot":
        return (event.get("metadata") or {}).get("utter_action"), None, len(event.get("text") or "")
    if event_type == "slot":
        name, value = event.get("name"), event.get("value")
        kept = name in READ_SLOTS and value is not None  # any other slot: stored as set, no value
        return name, str(value)[:VALUE_LENGTH] if kept else None, None
    if event_type in ("action", "active_loop"):
        return event.get("name"), None, None
    return None, None, None


def store(session: Session, events: Iterable[Mapping[str, Any]]) -> int:
    """Insert the events' rows, skipping ones already stored, and re-summarise the conversations
    that got new ones; returns how many were new.

    Unreadable events are logged and skipped: one malformed message must not stop the stream.
    Only flushes; the caller commits together with its cursor or before it acknowledges, so the
    events and their conversations' summaries are committed together or not at all.
    """
    rows = []
    for event in events:
        try:
            rows.append(normalise(event))
        except UnreadableEvent as problem:
            logger.warning("skipping a conversation event: %s", problem)
    if not rows:
        return 0
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    unique_rows = list({row["event_key"]: row for row in rows}.values())
    # A Table: SQLAlchemy types __table__ as any FromClause (a class may be mapped to a join).
    events_table = cast(Table, ConversationEvent.__table__)
    statement = (
        insert(events_table)
        .on_conflict_do_nothing(index_elements=["event_key"])
        .returning(events_table.c.conversation_id)
    )
    # Rows as parameters of a Core statement, not inlined VALUES: SQLAlchemy compiles it once and
    # sends the batch as one multi-row INSERT (compiling 500 rows' VALUES every batch took most of
    # its time). Only new rows come back, so a re-delivered batch re-reads nothing.
    touched = list(session.scalars(statement, unique_rows))
    summarise(session, touched)
    return len(touched)
