"""The per-conversation summaries the ingest keeps: exact under late, out-of-order and repeated events.

Each summary must say what reading all of the conversation's events says (reading.py, tested on
its own in test_conversation_reading.py), whatever order and however often the events arrived.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Row, create_engine, insert, select, text

from returndesk.analytics.conversations.ingest import normalise, store
from returndesk.analytics.conversations.metrics import conversation_metrics
from returndesk.analytics.conversations.reading import ConversationReading
from returndesk.analytics.conversations.summarise import summarise_all
from returndesk.analytics.cycle_times import percentile
from returndesk.analytics.filters import make_filter
from returndesk.db import get_sessionmaker
from returndesk.models import ConversationEvent, ConversationSummary

from ..databases import BACKEND_DIR
from .test_conversation_metrics import DAY, rate, reference_conversations, to_rma
from .test_conversation_reading import RasaChat, read

DAY_FILTER = make_filter("2026-11-20", "2026-11-20", None)


def summary_of(session, conversation_id: str) -> Row | None:
    """The stored row as it is now (a plain row, not the session's cached object)."""
    table = ConversationSummary.__table__
    row = session.execute(select(table).where(table.c.conversation_id == conversation_id)).one_or_none()
    session.rollback()  # end the read (SQLite's BEGIN IMMEDIATE)
    return row


def as_reading(row) -> ConversationReading:
    return ConversationReading(
        user_turns=row.user_turns,
        fallback_turns=row.fallback_turns,
        rma_turn=row.rma_turn,
        paused=row.paused,
        started_return=row.started_return,
        last_step=row.last_step,
        score=row.score,
    )


def test_every_summary_equals_reading_the_hand_counted_conversations(session):
    by_conversation = defaultdict(list)
    for event in reference_conversations(session):
        by_conversation[event["sender_id"]].append(event)

    for conversation_id, events in by_conversation.items():
        chat = RasaChat(conversation_id, DAY)
        chat.events = events
        row = summary_of(session, conversation_id)
        if not any(event["event"] == "user" for event in events):
            # c11: the widget opened, nothing typed: a summary outside every range
            assert row.first_message_at is None and row.user_turns == 0
            continue
        first_message = min(event["timestamp"] for event in events if event["event"] == "user")
        assert as_reading(row) == read(chat), conversation_id
        assert row.first_message_at == datetime.fromtimestamp(first_message, UTC)


def test_a_late_event_re_summarises_its_conversation(session):
    chat = rate(to_rma(RasaChat("late", DAY)), "4")
    submitted = next(i for i, e in enumerate(chat.events) if e.get("name") == "action_submit_return")
    store(session, chat.events[:submitted])
    session.commit()
    before = summary_of(session, "late")
    assert (before.rma_turn, before.score, before.last_step) == (None, None, "confirmed")
    assert conversation_metrics(session, DAY_FILTER)["abandonment"] == [{"step": "confirmed", "conversations": 1}]

    store(session, chat.events[submitted:])  # the RMA and the rating arrive afterwards
    session.commit()

    after = summary_of(session, "late")
    assert as_reading(after) == read(chat)
    assert (after.rma_turn, after.score, after.user_turns) == (3, "4", 4)
    metrics = conversation_metrics(session, DAY_FILTER)
    assert metrics["abandonment"] == [] and metrics["containment"] == 1.0


def test_events_stored_out_of_order_summarise_as_in_rasas_order(session):
    chat = rate(to_rma(RasaChat("shuffled", DAY), fallback=True), "2")
    half = len(chat.events) // 2

    store(session, chat.events[half:])  # the second half first: no first message known yet
    store(session, list(reversed(chat.events[:half])))
    session.commit()

    row = summary_of(session, "shuffled")
    assert as_reading(row) == read(chat)
    assert (row.user_turns, row.fallback_turns, row.rma_turn) == (5, 1, 4)
    assert row.first_message_at == datetime.fromtimestamp(chat.events[3]["timestamp"], UTC)


def test_a_redelivered_batch_counts_once_and_re_reads_nothing(session):
    events = rate(to_rma(RasaChat("twice", DAY)), "5").events
    store(session, events)
    session.commit()
    first = summary_of(session, "twice")

    assert store(session, events + events[:3]) == 0
    session.commit()

    again = summary_of(session, "twice")
    assert as_reading(again) == as_reading(first) and again.user_turns == 4
    assert again.updated_at == first.updated_at  # no new event: the summary was not rewritten
    assert conversation_metrics(session, DAY_FILTER)["conversations"] == 1


def test_a_batch_rolled_back_leaves_neither_events_nor_summaries(session):
    store(session, to_rma(RasaChat("lost", DAY)).events)
    session.rollback()  # the consumer died before committing

    assert session.scalar(select(ConversationEvent.id).limit(1)) is None
    assert summary_of(session, "lost") is None


def wait_for_a_waiting_advisory_lock(engine) -> None:
    deadline = time.monotonic() + 20
    while True:
        with engine.connect() as connection:
            # This test's database only: other test processes (xdist workers, another checkout) take
            # advisory locks of their own on the same server.
            waiting = (
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
            if connection.execute(text(waiting)).scalar():
                return
        assert time.monotonic() < deadline, "the second consumer never waited for the conversation's lock"
        time.sleep(0.05)


@pytest.mark.own_database  # two consumers in two threads, each on a connection of its own
def test_two_consumers_writing_one_conversation_leave_the_summary_of_all_its_events(engine, session):
    if engine.dialect.name != "postgresql":
        pytest.skip("on SQLite BEGIN IMMEDIATE already makes the second writer wait for the first")
    chat = rate(to_rma(RasaChat("raced", DAY)), "5")
    half = len(chat.events) // 2

    def second_consumer() -> None:
        with get_sessionmaker()() as second, second.begin():
            store(second, chat.events[half:])  # cannot see the first half until it is committed

    thread = threading.Thread(target=second_consumer)
    with get_sessionmaker()() as first, first.begin():
        store(first, chat.events[:half])  # stored and summarised, committed at the end of the block
        thread.start()
        wait_for_a_waiting_advisory_lock(engine)
    thread.join()

    assert as_reading(summary_of(session, "raced")) == read(chat)


@pytest.mark.parametrize(
    "turns",
    [
        pytest.param([3], id="one"),
        pytest.param([3, 4], id="two"),
        pytest.param([1, 2, 2, 3, 5, 7, 8, 13, 13, 21], id="ten"),
        pytest.param([2] * 7 + [9] * 3 + [4], id="repeated"),
    ],
)
def test_turns_to_rma_percentiles_are_the_shared_percentile(session, turns):
    for n, turn in enumerate(turns):
        session.add(
            ConversationSummary(
                conversation_id=f"p{n}",
                first_message_at=DAY,
                user_turns=turn + 1,
                fallback_turns=0,
                rma_turn=turn,
                paused=False,
                started_return=True,
            )
        )
    session.commit()

    answer = conversation_metrics(session, DAY_FILTER)["turns_to_rma"]

    ordered = sorted(turns)
    expected = {"count": len(turns), "p50": percentile(ordered, 0.5), "p90": percentile(ordered, 0.9)}
    assert answer == {name: round(value, 2) for name, value in expected.items()}


def test_the_migration_summarises_events_stored_before_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'before-summaries.sqlite3'}"
    config = Config(str(BACKEND_DIR / "alembic.ini"))
    config.attributes.update(database_url=url, configure_logger=False)
    command.upgrade(config, "a7b8c9d0e1f2")  # conversation events, no summaries yet
    chat = rate(to_rma(RasaChat("old", DAY), fallback=True), "3")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(insert(ConversationEvent), [normalise(event) for event in chat.events])

    command.upgrade(config, "b8c9d0e1f2a3")

    with engine.connect() as connection:
        row = connection.execute(select(ConversationSummary)).one()
    engine.dispose()
    assert (row.conversation_id, row.user_turns, row.fallback_turns, row.rma_turn, row.score) == ("old", 5, 1, 4, "3")
    assert row.first_message_at is not None


def test_rebuilding_every_summary_changes_none(session):
    reference_conversations(session)
    table = ConversationSummary.__table__
    kept = {row.conversation_id: as_reading(row) for row in session.execute(select(table))}

    assert summarise_all(session, commit_each_chunk=True) == len(kept)  # as the command runs it

    rebuilt = {row.conversation_id: as_reading(row) for row in session.execute(select(table))}
    session.rollback()
    assert rebuilt == kept
