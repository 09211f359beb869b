"""Conversation metrics from the live stack: Rasa's SQL event broker, the consumer, the API.

One customer gets an RMA and rates the chat 5 with its button; another asks for a person. The
consumer (`--once`, as scripts/run.sh runs it in a loop) reads Rasa's events, and
GET /analytics/conversations counts both. Other tests share this stack, so the numbers are
compared before and after these two conversations.
"""

from __future__ import annotations

import subprocess
from datetime import datetime, timezone

import requests

from ..chat import Conversation
from ..orders import push_order
from ..stack import BACKEND, SERVICE_PYTHON, Stack

DEMO_PASSWORD = "returndesk-demo"  # backend/returndesk/demo/staff.py: demo users exist in development and test


def consume_events(stack: Stack) -> None:
    subprocess.run(
        [str(SERVICE_PYTHON), "-m", "returndesk.analytics.conversations.consume", "--once"],
        cwd=BACKEND,
        env=stack.env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def conversation_metrics(stack: Stack) -> dict:
    signed_in = requests.Session()
    login = signed_in.post(
        f"{stack.api}/staff/sessions", json={"username": "sofia", "password": DEMO_PASSWORD}, timeout=10
    )
    assert login.status_code in (200, 201), login.text
    today = datetime.now(timezone.utc).date().isoformat()
    answer = signed_in.get(f"{stack.api}/analytics/conversations", params={"from": today, "to": today}, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()


def counted(metrics: dict, rate: str) -> int:
    """How many conversations a rate stands for (rates are rounded to 4 places)."""
    return round(metrics[rate] * metrics["conversations"])


def test_a_rated_return_and_a_handoff_show_in_the_conversation_metrics(stack: Stack, chat: Conversation):
    consume_events(stack)
    before = conversation_metrics(stack)

    push_order(stack, "M7001", "metrics.rater@example.com")
    chat.intent("start_return", order_number="M7001", reason="size_too_small")
    chat.intent("inform", email="metrics.rater@example.com")
    assert "found order M7001" in chat.text(), chat.dump()
    chat.click("Refund")
    chat.click("Yes")
    assert "Your return number is RMA-" in chat.text(), chat.dump()
    assert "How was this chat? 1 (poor) – 5 (great)" in chat.text(), chat.dump()
    chat.click("5 (great)")
    assert "Thank you for rating this chat" in chat.text(), chat.dump()

    person = Conversation.start(stack)
    person.intent("request_human")
    assert "Your reference is ESC-" in person.text(), person.dump()

    consume_events(stack)
    after = conversation_metrics(stack)

    assert after["conversations"] == before["conversations"] + 2
    assert counted(after, "containment") == counted(before, "containment") + 1  # the rated return
    assert counted(after, "handoff_rate") == counted(before, "handoff_rate") + 1  # the person
    rated, earlier = after["satisfaction"], before["satisfaction"]
    assert rated["responses"] == earlier["responses"] + 1
    assert rated["distribution"]["5"] == earlier["distribution"]["5"] + 1
    assert after["turns_to_rma"]["count"] == before["turns_to_rma"]["count"] + 1
