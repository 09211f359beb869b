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
OUTCOMES = pytest.StashKey[list[dict]]()


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
    outcomes = item.session.stash.setdefault(OUTCOMES, [])
    outcomes.extend(
        {
            "test": item.nodeid,
            "passed": report.passed,
            "customer_turns": conversation.turns,
            "turns_to_rma": conversation.rma_turn,
            "language": conversation.language,
        }
        for conversation in conversations
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = os.environ.get(REPORT_ENV)
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(session.stash.get(OUTCOMES, []), indent=2) + "\n")
