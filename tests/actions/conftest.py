"""Actions called directly, against the real returns service on a free port."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import service
from actions.signed_in import METADATA_KEY
from actions.vocabulary import Vocabulary, vocabulary

from ..loops import run  # noqa: F401  (the actions' tests import it from here)
from ..service_vocabulary import service_documents
from ..stack import SHOP_TOKEN, _stop, free_port, start_service

T = TypeVar("T")


@pytest.fixture(scope="session", autouse=True)
def _service_vocabulary() -> None:
    """The actions' codes and titles, as the action server reads them from the service at start-up
    (actions/vocabulary.py), from the service's own source: the same in every test, service or not."""
    vocabulary.use(Vocabulary.from_documents(service_documents()))


@pytest.fixture(scope="session")
def service_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="returndesk-actions-") as folder:
        port = free_port()
        env = {
            **os.environ,
            "RETURNDESK_ENVIRONMENT": "test",
            "RETURNDESK_DATABASE_URL": f"sqlite:///{folder}/service.sqlite3",
            "RETURNDESK_SHOP_API_TOKEN": SHOP_TOKEN,
        }
        process = start_service(Path(folder), env, port)
        try:
            yield f"http://127.0.0.1:{port}/api/v1"
        finally:
            _stop(process)


@pytest.fixture
def live_service(service_url: str, monkeypatch: pytest.MonkeyPatch):
    """The actions' one client, pointed at the test service."""
    monkeypatch.setattr(service, "base_url", service_url)
    monkeypatch.setattr(service, "service_token", SHOP_TOKEN)
    return service


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def tracker(
    slots: dict[str, Any] | None = None,
    *,
    sender: str = "test-chat",
    text: str = "",
    intent: str = "inform",
    active_loop: str | None = "return_form",
    signed_in: dict[str, str] | None = None,
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    """A tracker whose latest message is `text`; `signed_in` is the verified customer context the
    signed channels put in the message's metadata (see actions/signed_in.py)."""
    parse_data = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    metadata = dict(metadata or {})
    if signed_in is not None:
        metadata[METADATA_KEY] = signed_in
    return Tracker(
        sender_id=sender,
        slots={"requested_slot": None, **(slots or {})},
        latest_message=parse_data,
        events=[{"event": "user", "text": text, "parse_data": parse_data, "metadata": metadata}],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )
