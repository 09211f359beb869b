"""One row per conversation (`conversation_summaries`), re-read from its events, for the metrics.

The ingest calls `summarise()` for every conversation a batch brought new events to, in the
batch's transaction: events and summaries commit together or not at all. Re-reading the whole
conversation, rather than adding the batch to the old summary, keeps it exact when events come
late or out of order. The metrics then aggregate one row per conversation (metrics.py).

    python -m returndesk.analytics.conversations.summarise    # rebuild every summary (the migration does)
"""

from __future__ import annotations

import argparse
import hashlib
from collections import defaultdict
from collections.abc import Collection
from datetime import datetime
from typing import cast

from sqlalchemy import Integer, Table, and_, bindparam, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ...models import ConversationEvent, ConversationSummary, utcnow
from .reading import READ_SLOTS, ConversationReading, Event, read_conversation

READ_EVENT_TYPES = ("user", "action", "active_loop", "pause")
CHUNK = 500  # conversations per statement when rebuilding
# Namespace of the two-key advisory locks (PostgreSQL): one lock per conversation id
SUMMARY_LOCK_SPACE = 7007
_INT_ARRAY = ARRAY(Integer)


def summarise(session: Session, conversation_ids: Collection[str], *, lock: bool = True) -> int:
    """Re-read the conversations from their stored events and upsert their summaries; flushes only."""
    if not conversation_ids:
        return 0
    ids = sorted(set(conversation_ids))
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres and lock:
        _lock(session, ids)
    rows = [_summary_row(cid, reading, first) for cid, (reading, first) in _read(session, ids).items()]
    if not rows:
        return 0
    # Core: see ingest.store. A Table: SQLAlchemy types __table__ as any FromClause.
    insert = (pg_insert if postgres else sqlite_insert)(cast(Table, ConversationSummary.__table__))
    updated = {name: insert.excluded[name] for name in rows[0] if name != "conversation_id"}
    session.execute(insert.on_conflict_do_update(index_elements=["conversation_id"], set_=updated), rows)
    session.flush()
    return len(rows)


def summarise_all(session: Session, *, commit_each_chunk: bool = False) -> int:
    """Rebuild the summary of every conversation that has events.

    The command commits chunk by chunk, each under its conversations' locks, so a running
    consumer can keep storing meanwhile. The migration rebuilds in its one transaction with
    nothing else writing, and without locks: one per conversation, held to the end, would
    overflow PostgreSQL's lock table (max_locks_per_transaction) at a few thousand conversations.
    """
    from ...db import unit_of_work

    ids = list(session.scalars(select(ConversationEvent.conversation_id).distinct().order_by("conversation_id")))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        if commit_each_chunk:
            with unit_of_work(session):
                summarise(session, chunk)
        else:
            summarise(session, chunk, lock=False)
    return len(ids)


def _lock(session: Session, ids: list[str]) -> None:
    """Two consumers writing one conversation: each re-reads only after the other has committed.

    Taken after this batch's events are inserted, so whoever locks last sees every event; in a
    fixed order (sorted keys), so two batches never wait for each other in a circle.
    """
    keys = sorted({_lock_key(conversation_id) for conversation_id in ids})
    session.execute(
        text("SELECT pg_advisory_xact_lock(:space, key) FROM unnest(:keys) AS key").bindparams(
            bindparam("keys", type_=_INT_ARRAY)
        ),
        {"space": SUMMARY_LOCK_SPACE, "keys": keys},
    )


def _lock_key(conversation_id: str) -> int:
    """A stable signed 32-bit number per conversation (the lock's second key)."""
    digest = hashlib.blake2b(conversation_id.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


def _read(session: Session, ids: list[str]) -> dict[str, tuple[ConversationReading, datetime | None]]:
    """Each conversation read from its events in Rasa's order, with its first customer message's time."""
    rows = session.execute(
        select(
            ConversationEvent.conversation_id,
            ConversationEvent.event_type,
            ConversationEvent.name,
            ConversationEvent.value,
            ConversationEvent.occurred_at,
        )
        .where(
            ConversationEvent.conversation_id.in_(ids),
            or_(
                ConversationEvent.event_type.in_(READ_EVENT_TYPES),
                and_(ConversationEvent.event_type == "slot", ConversationEvent.name.in_(READ_SLOTS)),
            ),
        )
        .order_by(ConversationEvent.conversation_id, ConversationEvent.rasa_timestamp, ConversationEvent.id)
    )
    events: dict[str, list[Event]] = defaultdict(list)
    first_message: dict[str, datetime] = {}
    for conversation_id, event_type, name, value, occurred_at in rows:
        events[conversation_id].append(Event(event_type, name, value))
        if event_type == "user":
            earliest = first_message.get(conversation_id)
            first_message[conversation_id] = occurred_at if earliest is None else min(earliest, occurred_at)
    return {cid: (read_conversation(evs), first_message.get(cid)) for cid, evs in events.items()}


def _summary_row(conversation_id: str, reading: ConversationReading, first_message_at: datetime | None) -> dict:
    return {
        "conversation_id": conversation_id,
        "first_message_at": first_message_at,
        "user_turns": reading.user_turns,
        "fallback_turns": reading.fallback_turns,
        "rma_turn": reading.rma_turn,
        "paused": reading.paused,
        "started_return": reading.started_return,
        "last_step": reading.last_step,
        "score": reading.score,
        "updated_at": utcnow(),
    }


def main(argv: list[str] | None = None) -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args(argv)
    from ...db import get_sessionmaker

    with get_sessionmaker()() as session:
        print(f"summarised {summarise_all(session, commit_each_chunk=True)} conversations")


if __name__ == "__main__":
    main()
