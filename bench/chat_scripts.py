"""The conversations the chat benchmark holds: ReturnDesk's happy path and the `rasa init` moodbot.

Both clients send one plain `requests.post` per message (no keep-alive, as tests/chat.py does),
so the transport cost is the same on both sides of the ratio.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import requests

from tests.chat import Conversation
from tests.stack import SHOP_TOKEN, Stack

from .chat_load import Converse, Record

BASELINE_SCRIPT = ("hello", "I am sad", "yes", "bye")


def order_number(n: int) -> str:
    # Matches the assistant's order_number regex (1-2 letters, 3-6 digits) and never a demo order.
    return f"CB{100000 + n}"


def push_orders(stack: Stack, numbers: range) -> None:
    """One fresh order per conversation, as a shop would push it: demo order A1001's two lines,
    delivered 3 days ago. Two lines, so the item comes from the customer's words, as in the e2e happy path."""
    now = datetime.now(timezone.utc)
    with requests.Session() as http:
        for n in numbers:
            body = {
                "number": order_number(n),
                "customer": {"email": f"bench{n}@example.com", "phone": None, "name": "Bench", "tier": "guest"},
                "placed_at": (now - timedelta(days=6)).isoformat(),
                "delivered_at": (now - timedelta(days=3)).isoformat(),
                "payment_method": "card",
                "currency": "EUR",
                "shipping_paid_minor": 495,
                "lines": [
                    _line(1, "AP-JEANS-SLIM", "Slim fit jeans", 1, 5990),
                    _line(2, "AP-TEE-ORG", "T-shirt", 2, 1990),
                ],
            }
            answer = http.post(
                f"{stack.api}/orders", json=body, headers={"Authorization": f"Bearer {SHOP_TOKEN}"}, timeout=30
            )
            answer.raise_for_status()


def _line(line_no: int, sku: str, name: str, quantity: int, unit_price_minor: int) -> dict[str, Any]:
    return {
        "line_no": line_no,
        "sku": sku,
        "name": name,
        "category": "apparel",
        "quantity": quantity,
        "unit_price_minor": unit_price_minor,
        "final_sale": False,
        "tags": [],
    }


@dataclass
class _TimedConversation(Conversation):
    """tests/chat.py's customer, timing every message it sends (clicks send the button's payload)."""

    record: Record | None = None

    def say(self, text: str) -> list[dict[str, Any]]:
        sent = time.perf_counter()
        answer = super().say(text)
        if self.record:
            self.record((time.perf_counter() - sent) * 1000)
        return answer


def returndesk_happy_path(stack: Stack) -> Converse:
    """tests/e2e happy path on order CB1xxxxx: first message to RMA number in four messages."""

    def converse(n: int, record: Record) -> None:
        chat = _TimedConversation.start(stack)  # signing the session is not a chat message: untimed
        chat.record = record
        number = order_number(n)
        chat.say(f"the jeans from order {number} are too small")
        _expect("email" in chat.text().lower(), chat)
        chat.say(f"bench{n}@example.com")
        _expect(f"found order {number}" in chat.text(), chat)  # the jeans and the reason were already said
        chat.click("Refund")
        _expect("Shall I submit it?" in chat.text(), chat)
        chat.click("Yes")
        _expect("Your return number is RMA-" in chat.text(), chat)

    return converse


def moodbot(rasa_url: str) -> Converse:
    """The `rasa init` assistant over Rasa's stock REST channel; every message must get a reply."""

    def converse(_n: int, record: Record) -> None:
        sender = f"bench-{uuid.uuid4()}"
        for text in BASELINE_SCRIPT:
            sent = time.perf_counter()
            answer = requests.post(
                f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
            )
            took_ms = (time.perf_counter() - sent) * 1000
            if answer.status_code != 200 or not answer.json():
                raise RuntimeError(f"{text!r} -> {answer.status_code} {answer.text[:300]}")
            record(took_ms)

    return converse


def _expect(condition: bool, chat: Conversation) -> None:
    if not condition:
        raise RuntimeError(f"conversation went off the happy path:\n{chat.dump()}")
