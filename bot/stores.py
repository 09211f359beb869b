"""Rasa's SQL tracker store and SQL event broker, with SQLite tuned for a chat turn.

The embedded setup (endpoints.yml, the tests' stack) keeps trackers and conversation events in
SQLite files. Rasa opens them in SQLite's default rollback-journal mode with full sync, so every
commit waits for the disk twice, and the SQL event broker commits once per event: a customer
message wrote about eight commits and spent ~100 ms of a ~250 ms turn waiting for the disk
(`make bench-turn`, bench/results/turn.md). In write-ahead-log mode with `synchronous=NORMAL` a
commit is an append to the log, synced at checkpoints: a crashed process loses nothing, a
power cut may lose the last moments (the page's next message then finds the conversation a step
back, as after a lost request). Readers in other processes (the service's conversation-metrics
consumer reads the events file) are never blocked by the writer.

Any other database is left exactly as Rasa sets it up (production uses PostgreSQL and RabbitMQ,
endpoints.production.yml). The tracker store also streams new events to the event broker
without reading the whole conversation back first, on any database.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from rasa.core.brokers.sql import SQLEventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, event
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000")


def _tune_sqlite(store: SQLTrackerStore | SQLEventBroker) -> None:
    """Give a store on SQLite an engine that keeps its connections, each in WAL mode.

    Rasa's engine (SQLAlchemy 1.4) opens a file database anew for every session; in WAL mode the
    last connection to close checkpoints and removes the log, so every commit would sync after
    all. A pool that keeps its connections keeps the log, and commits stay appends."""
    if store.engine.dialect.name != "sqlite":
        return
    engine = create_engine(
        store.engine.url,
        poolclass=QueuePool,
        pool_size=2,
        # Rasa uses the store from its event loop and from worker threads.
        connect_args={"check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def tune(connection: sqlite3.Connection, _record: Any) -> None:
        cursor = connection.cursor()
        for pragma in PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    store.engine.dispose()
    store.engine = engine
    store.sessionmaker = sessionmaker(bind=engine)


class TunedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tune_sqlite(self)

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        """The new events to the event broker, found by counting the stored ones.

        Rasa's version loads the whole stored conversation again (every event read, parsed and
        replayed) only to learn how many events it has, on every save: about a third of the
        tracker store's time in a turn. Counting gives the same offset (both see the events
        since the latest session start), with one query."""
        if self.event_broker is None:
            return
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
        await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)


class TunedSQLEventBroker(SQLEventBroker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tune_sqlite(self)
