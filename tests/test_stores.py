"""The tracker store and event broker endpoints.yml names: Rasa's SQL ones with SQLite in WAL mode.

Rasa falls back to an in-memory tracker store, with only a warning, when the class a `type:`
names cannot be imported; so the store is built here the way Rasa builds it from the file.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy import text

from bot.stores import TunedSQLEventBroker, TunedSQLTrackerStore

from .loops import run

REPO = Path(__file__).resolve().parent.parent


def endpoint(name: str, folder: Path) -> EndpointConfig:
    """endpoints.yml's entry `name`, its SQLite file moved into `folder`."""
    config = dict(yaml.safe_load((REPO / "endpoints.yml").read_text())[name])
    config["db"] = str(folder / Path(config["db"]).name)
    return EndpointConfig.from_dict(config)


def pragmas(engine) -> tuple[str, int]:
    with engine.connect() as connection:
        journal = connection.execute(text("PRAGMA journal_mode")).scalar()
        synchronous = connection.execute(text("PRAGMA synchronous")).scalar()
    return journal, synchronous


def test_the_tracker_store_is_the_tuned_sql_store_and_keeps_a_conversation(tmp_path: Path) -> None:
    domain = Domain.from_yaml("slots:\n  language:\n    type: text\n    mappings: []\n")
    store = TrackerStore.create(endpoint("tracker_store", tmp_path), domain=domain)

    assert isinstance(store, TunedSQLTrackerStore)
    assert pragmas(store.engine) == ("wal", 1)  # 1: NORMAL
    tracker = DialogueStateTracker.from_events("c1", [UserUttered("你好"), SlotSet("language", "zh")])
    run(store.save(tracker))
    kept = run(store.retrieve("c1"))
    assert kept is not None and kept.get_slot("language") == "zh"


def test_the_event_broker_is_the_tuned_sql_broker_and_keeps_events(tmp_path: Path) -> None:
    broker = run(EventBroker.create(endpoint("event_broker", tmp_path)))

    assert isinstance(broker, TunedSQLEventBroker)
    assert pragmas(broker.engine) == ("wal", 1)
    broker.publish({"sender_id": "c1", "event": "user", "text": "hi"})
    with broker.engine.connect() as connection:
        assert connection.execute(text("SELECT sender_id FROM events")).scalars().all() == ["c1"]


def test_each_save_streams_only_the_new_events_to_the_broker(tmp_path: Path) -> None:
    domain = Domain.from_yaml("slots:\n  language:\n    type: text\n    mappings: []\n")
    broker = run(EventBroker.create(endpoint("event_broker", tmp_path)))
    store = TrackerStore.create(endpoint("tracker_store", tmp_path), domain=domain, event_broker=broker)
    tracker = DialogueStateTracker.from_events("c1", [UserUttered("hi"), SlotSet("language", "en")])
    run(store.save(tracker))
    tracker.update(UserUttered("说中文"))
    tracker.update(SlotSet("language", "zh"))
    run(store.save(tracker))
    run(store.save(tracker))  # nothing new: nothing streamed

    with broker.engine.connect() as connection:
        streamed = [
            json.loads(row) for row in connection.execute(text("SELECT data FROM events ORDER BY id")).scalars()
        ]
    assert [(e["event"], e.get("text") or e.get("value")) for e in streamed] == [
        ("user", "hi"),
        ("slot", "en"),
        ("user", "说中文"),
        ("slot", "zh"),
    ]
