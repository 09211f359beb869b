"""The two ways Rasa's events reach the service: RabbitMQ (production) and Rasa's SQL event broker.

Both hand over batches the same way: the events are stored (duplicates skipped by their key) and
committed first, and only then is the batch marked as read — the queue's messages acknowledged, or
the SQL cursor moved in the same transaction. A crash in between re-delivers a batch, never loses
one, and a re-delivered event is recognised and not counted twice (ingest.event_key).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

import pika
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.orm import Session

from ...db import transaction
from ...models import ConversationEventCursor
from .ingest import store

logger = logging.getLogger(__name__)

BATCH = 500
REPO_ROOT = Path(__file__).resolve().parents[4]
# endpoints.yml's event broker: Rasa's own SQLite file next to its tracker store
DEFAULT_SQL_BROKER_URL = f"sqlite:///{REPO_ROOT / 'var' / 'rasa-events.sqlite3'}"
# Rasa's pika broker publishes to this fanout exchange (not durable) and its durable queues
RASA_EXCHANGE = "rasa-exchange"
DEFAULT_QUEUE = "rasa_core_events"

SessionFactory = Callable[[], Session]


class SqlBrokerSource:
    """New rows of Rasa's SQL event broker table `events`, read by id after a stored cursor."""

    def __init__(self, broker_url: str = DEFAULT_SQL_BROKER_URL, *, engine: Engine | None = None) -> None:
        self.name = f"sql:{broker_url}"[:255]
        self.engine = engine or create_engine(broker_url)

    def read_batch(self, session: Session, limit: int = BATCH) -> int:
        """Store up to `limit` rows after the cursor and move it, in the caller's transaction.

        Returns the number of broker rows read (0: nothing new). Rasa creates the table on its
        first start; until then there is simply nothing to read.
        """
        if not inspect(self.engine).has_table("events"):
            return 0
        cursor = session.get(ConversationEventCursor, self.name) or ConversationEventCursor(source=self.name, last_id=0)
        with self.engine.connect() as broker:
            rows = broker.execute(
                text("SELECT id, sender_id, data FROM events WHERE id > :after ORDER BY id LIMIT :limit"),
                {"after": cursor.last_id, "limit": limit},
            ).all()
        if not rows:
            return 0
        store(session, [event for row in rows if (event := _event(row.data, row.sender_id))])
        cursor.last_id = rows[-1].id
        session.add(cursor)
        session.flush()
        return len(rows)

    def drain(self, sessions: SessionFactory) -> int:
        """Read and commit batch after batch until nothing new is left; returns rows read."""
        total = 0
        while True:
            with transaction(sessions) as session:
                read = self.read_batch(session)
            total += read
            if read < BATCH:
                return total

    def pause(self, seconds: float) -> None:
        time.sleep(seconds)


class PikaSource:
    """A durable RabbitMQ queue bound to Rasa's exchange, consumed with manual acknowledgements."""

    def __init__(self, url: str, queue: str = DEFAULT_QUEUE, *, exchange: str = RASA_EXCHANGE) -> None:
        self.url, self.queue = url, queue
        self.connection = pika.BlockingConnection(pika.URLParameters(url))
        self.channel = self.connection.channel()
        # Declared as Rasa declares them, so either side may start first and nothing is dropped.
        self.channel.exchange_declare(exchange, exchange_type="fanout", durable=False)
        self.channel.queue_declare(queue, durable=True)
        self.channel.queue_bind(queue, exchange)

    def read_batch(self, sessions: SessionFactory, limit: int = BATCH) -> int:
        """Take up to `limit` waiting messages, store and commit them, then acknowledge them."""
        tags: list[int] = []
        events: list[dict] = []
        while len(tags) < limit:
            method, _properties, body = self.channel.basic_get(self.queue, auto_ack=False)
            if method is None:
                break
            tags.append(method.delivery_tag)
            event = _event(body)
            if event:
                events.append(event)
        if not tags:
            return 0
        with transaction(sessions) as session:
            store(session, events)
        # After the commit: dying here re-delivers the batch, which the event keys absorb.
        self.channel.basic_ack(tags[-1], multiple=True)
        return len(tags)

    def drain(self, sessions: SessionFactory) -> int:
        total = 0
        while read := self.read_batch(sessions):
            total += read
        return total

    def pause(self, seconds: float) -> None:
        """Wait between passes while pika keeps answering RabbitMQ's heartbeats."""
        self.connection.sleep(seconds)

    def close(self) -> None:
        if self.connection.is_open:
            self.connection.close()


def _event(data: str | bytes, sender_id: str | None = None) -> dict | None:
    """The JSON event; None (logged) for a message that is not one, so it is skipped, not retried."""
    try:
        event = json.loads(data)
    except (TypeError, ValueError):
        logger.warning("skipping a broker message that is not JSON")
        return None
    if not isinstance(event, dict):
        logger.warning("skipping a broker message that is not a JSON object")
        return None
    if sender_id and not event.get("sender_id"):
        event["sender_id"] = sender_id
    return event
