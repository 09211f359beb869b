"""Fixtures for the webhook tests: a loopback receiver registered as an endpoint, and a worker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from returndesk.payment_provider import use_payment_provider

from ..escalation.conftest import fake_chat  # noqa: F401 - the fixture
from ..escalation.test_decisions import review_case  # noqa: F401 - the fixture
from .receiver import Receiver, start_receiver

ALL_EVENTS = [
    "return.created",
    "return.approved",
    "return.rejected",
    "return.received",
    "return.graded",
    "refund.issued",
    "refund.failed",
    "exchange.shipped",
    "case.opened",
]


@pytest.fixture
def receiver(api, shop_headers) -> Iterator[Receiver]:
    """A receiver on loopback, registered over the API with the shop token for every event."""
    found, server = start_receiver()
    created = api.post("/webhooks/endpoints", json={"url": found.url, "events": ALL_EVENTS}, headers=shop_headers)
    assert created.status_code == 201, created.text
    found.secret = created.json()["secret"]
    found.endpoint_id = created.json()["id"]
    try:
        yield found
    finally:
        found.release.set()
        server.shutdown()


@pytest.fixture
def worker(engine):
    """`worker(**settings)`: the webhook worker in-process, as `--once` runs it."""
    from returndesk.config import get_settings
    from returndesk.db import get_sessionmaker
    from returndesk.webhooks.tasks import Worker

    made = []

    def make(**overrides):
        settings = get_settings().model_copy(update={"webhook_timeout_seconds": 10, **overrides})
        made.append(Worker(get_sessionmaker(), settings, name="test-webhook-worker"))
        return made[-1]

    yield make
    for one in made:
        one.client.close()


@pytest.fixture(autouse=True)
def _default_provider() -> Iterator[None]:
    use_payment_provider(None)
    yield
    use_payment_provider(None)


def deliveries(session, **where):
    from sqlalchemy import select

    from returndesk.models import WebhookDelivery

    session.expire_all()
    query = select(WebhookDelivery).order_by(WebhookDelivery.id)
    for name, value in where.items():
        query = query.where(getattr(WebhookDelivery, name) == value)
    rows = list(session.scalars(query))
    session.commit()  # SQLite: a read transaction here holds the write lock the worker needs
    return rows
