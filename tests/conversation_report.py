"""The end-to-end suite's conversations as data, for `make eval` (eval/conversation_eval.py).

Each test that talks to the live assistant through the `chat` fixture is one conversation; it
succeeded when the test passed, because the tests assert what the customer read and what
landed in the service's database. With RETURNDESK_CONVERSATION_REPORT=<file>, the run ends by
writing every conversation there: its test, outcome, customer turns and the turn that handed
out a new RMA.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .chat import Conversation

REPORT_ENV = "RETURNDESK_CONVERSATION_REPORT"
CONVERSATIONS = pytest.StashKey[list[Conversation]]()
# A test's conversations travel with its report: under pytest-xdist the test runs in a worker and
# only its report reaches the process that writes the file.
PROPERTY = "conversation"
_outcomes: list[dict] = []


def hold(item: pytest.Item, conversation: Conversation) -> Conversation:
    """Count this conversation as the test's own."""
    item.stash.setdefault(CONVERSATIONS, []).append(conversation)
    return conversation


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = (yield).get_result()
    conversations = item.stash.get(CONVERSATIONS, [])
    if report.when != "call" or not conversations:
        return
    report.user_properties.extend(
        (
            PROPERTY,
            {
                "test": item.nodeid.split("@")[0],  # without pytest-xdist's group
                "passed": report.passed,
                "customer_turns": conversation.turns,
                "turns_to_rma": conversation.rma_turn,
                "language": conversation.language,
            },
        )
        for conversation in conversations
    )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _outcomes.extend(value for name, value in report.user_properties if name == PROPERTY)


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = os.environ.get(REPORT_ENV)
    if path and not hasattr(session.config, "workerinput"):  # the main process has every report
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(_outcomes, indent=2) + "\n")
