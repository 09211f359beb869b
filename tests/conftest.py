"""Fixtures for the tests that need the live product (see stack.py)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from .browser import browser, page  # noqa: F401 - one Chromium for the whole session
from .chat import Conversation
from .conversation_report import hold
from .stack import SHOP_TOKEN, Stack, running_stack

# Seconds per part of the suite (browser, live conversations, ...) for `make test`'s table, and
# the conversations for `make eval`.
pytest_plugins = ["tests.stage_times", "tests.conversation_report"]

# What a test needs that is costly to start, once per process: with `pytest -n 2 --dist loadgroup`
# (make test-assistant) the tests of each go to one worker, so two processes share the suite and
# neither starts the other's. The live stack's tests wait on Rasa and Chromium much of the time;
# the model's tests keep a core busy meanwhile.
COSTLY_FIXTURES = {"stack": "live-stack", "understand": "model-in-process"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, group in COSTLY_FIXTURES.items():
            if fixture in item.fixturenames:
                item.add_marker(pytest.mark.xdist_group(group))
                break


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    with tempfile.TemporaryDirectory(prefix="returndesk-e2e-") as folder, running_stack(Path(folder)) as live:
        yield live


@pytest.fixture
def chat(stack: Stack, request: pytest.FixtureRequest) -> Conversation:
    return hold(request.node, Conversation.start(stack))


@pytest.fixture
def service_as_owner(stack: Stack):
    """Read the service as a verified customer would, to check what landed in the database."""

    def open_order(order_number: str, email: str, conversation: str | None = None) -> dict[str, str]:
        # With `conversation`: verified in that chat as the assistant does it, so the token may use its uploads.
        relayed = {"Authorization": f"Bearer {SHOP_TOKEN}", "X-ReturnDesk-Conversation": conversation}
        response = requests.post(
            f"{stack.api}/verifications",
            json={"order_number": order_number, "email": email},
            headers=relayed if conversation else None,
            timeout=10,
        )
        assert response.status_code == 201, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}

    return open_order


@pytest.fixture
def landed_returns(stack: Stack, service_as_owner):
    """The returns the service holds for an order, read as its verified owner."""

    def returns_of(order_number: str, email: str) -> list[dict]:
        headers = service_as_owner(order_number, email)
        response = requests.get(f"{stack.api}/orders/{order_number}/returns", headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    return returns_of


@pytest.fixture
def shop_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {SHOP_TOKEN}"}
