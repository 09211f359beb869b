"""The two event sources: Rasa's SQL event broker table (by row id) and RabbitMQ (manual acks).

The SQL broker table is created as Rasa 3.6's SQLEventBroker creates it; the RabbitMQ test talks
to the real broker on 127.0.0.1:5672 with its own exchange and queue, removed afterwards.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime

import pika
import pytest
from sqlalchemy import create_engine, text

from returndesk.analytics.conversations.sources import PikaSource, SqlBrokerSource
from returndesk.db import get_sessionmaker
from returndesk.models import ConversationEvent, ConversationEventCursor

from .test_conversation_reading import RasaChat

RABBITMQ_URL = os.environ.get("RETURNDESK_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
START = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def a_chat(conversation_id: str) -> list[dict]:
    chat = RasaChat(conversation_id, START).user("I want to return a shirt", "start_return")
    return chat.act("action_start_return").loop("return_form").form_asks("order_number").events


def stored(session, conversation_id: str | None = None) -> int:
    query = session.query(ConversationEvent)
    if conversation_id:
        query = query.filter(ConversationEvent.conversation_id == conversation_id)
    count = query.count()
    session.rollback()  # end the read transaction (SQLite's BEGIN IMMEDIATE)
    return count


@pytest.fixture
def rasa_events_db(tmp_path):
    """Rasa's SQL event broker database: the table `events` exactly as Rasa creates it."""
    engine = create_engine(f"sqlite:///{tmp_path / 'rasa-events.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(
            text("CREATE TABLE events (id INTEGER NOT NULL, sender_id VARCHAR(255), data TEXT, PRIMARY KEY (id))")
        )
    yield engine
    engine.dispose()


def publish_sql(engine, events: list[dict]) -> None:
    """What SQLEventBroker.publish does per event: sender_id and the event as JSON."""
    with engine.begin() as connection:
        for event in events:
            connection.execute(
                text("INSERT INTO events (sender_id, data) VALUES (:s, :d)"),
                {"s": event["sender_id"], "d": json.dumps(event)},
            )


def test_the_sql_broker_is_read_after_its_cursor(session, rasa_events_db):
    source = SqlBrokerSource("sqlite:///rasa-events", engine=rasa_events_db)
    first, second = a_chat("sql-1"), a_chat("sql-2")
    publish_sql(rasa_events_db, first)

    assert source.drain(get_sessionmaker()) == len(first)
    publish_sql(rasa_events_db, [*second, {"event": "user", "sender_id": "sql-2"}])  # no timestamp: skipped
    assert source.drain(get_sessionmaker()) == len(second) + 1
    assert source.drain(get_sessionmaker()) == 0  # nothing new

    assert (stored(session, "sql-1"), stored(session, "sql-2")) == (len(first), len(second))
    assert session.get(ConversationEventCursor, source.name).last_id == len(first) + len(second) + 1


def test_rows_read_again_after_a_lost_cursor_are_not_stored_twice(session, rasa_events_db):
    source = SqlBrokerSource("sqlite:///rasa-events", engine=rasa_events_db)
    publish_sql(rasa_events_db, a_chat("sql-3"))
    source.drain(get_sessionmaker())
    with get_sessionmaker()() as other, other.begin():
        other.get(ConversationEventCursor, source.name).last_id = 0  # as if the commit had been lost

    source.drain(get_sessionmaker())

    assert stored(session) == len(a_chat("sql-3"))


def test_no_broker_table_yet_means_nothing_to_read(tmp_path):
    empty = SqlBrokerSource(f"sqlite:///{tmp_path / 'not-started.sqlite3'}")

    assert empty.drain(get_sessionmaker()) == 0


@pytest.fixture
def rabbit():
    """A fresh exchange and queue on the real RabbitMQ; the source declares and binds them."""
    suffix = uuid.uuid4().hex[:8]
    exchange, queue = f"test-rasa-exchange-{suffix}", f"test_rasa_events_{suffix}"
    try:
        source = PikaSource(RABBITMQ_URL, queue, exchange=exchange)
    except pika.exceptions.AMQPConnectionError:
        pytest.fail(f"RabbitMQ is not reachable at {RABBITMQ_URL}; start it (docs/operations.md)")
    connection = pika.BlockingConnection(pika.URLParameters(RABBITMQ_URL))
    publisher = connection.channel()
    yield source, publisher, exchange, queue
    publisher.queue_delete(queue)
    publisher.exchange_delete(exchange)
    connection.close()
    source.close()


def publish_amqp(channel, exchange: str, events: list[dict]) -> None:
    """As Rasa's PikaEventBroker publishes: JSON body to the fanout exchange, persistent."""
    for event in events:
        channel.basic_publish(exchange, "", json.dumps(event).encode(), pika.BasicProperties(delivery_mode=2))


def test_rabbitmq_events_are_stored_and_acknowledged_once(session, rabbit):
    source, publisher, exchange, queue = rabbit
    events = a_chat("amqp-1")
    publish_amqp(publisher, exchange, events)

    # A consumer that takes the messages and dies before acknowledging: RabbitMQ re-delivers them.
    dying = pika.BlockingConnection(pika.URLParameters(RABBITMQ_URL))
    taken = [dying.channel().basic_get(queue, auto_ack=False) for _ in events]
    assert all(method is not None for method, _, _ in taken)
    dying.close()

    assert source.drain(get_sessionmaker()) == len(events)  # the re-delivered messages
    publish_amqp(publisher, exchange, events)  # the broker delivers the same events once more
    assert source.drain(get_sessionmaker()) == len(events)

    assert stored(session, "amqp-1") == len(events)  # each event once
    assert publisher.queue_declare(queue, durable=True).method.message_count == 0  # all acknowledged
