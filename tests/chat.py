"""A customer talking to the live assistant over the signed REST channel."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import requests

from .stack import Stack

# How the assistant hands out a new return, in English or Chinese (locales/*/assistant.po
# submit.done, submit.review); a status answer quotes an RMA number too, but not with these words.
NEW_RETURN = re.compile(r"(?:return number is|退货单号是) RMA-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b", re.IGNORECASE)
# Chinese characters (CJK Unified Ideographs): a bot message with any is a Chinese one.
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Conversation:
    stack: Stack
    conversation_id: str
    token: str
    turns: int = 0
    # The customer turn whose answer first handed out an RMA number (None: no return was made).
    rma_turn: int | None = None
    transcript: list[tuple[str, str]] = field(default_factory=list)
    last: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def start(cls, stack: Stack) -> Conversation:
        session = requests.post(f"{stack.api}/chat/sessions", timeout=10)
        session.raise_for_status()
        body = session.json()
        return cls(stack, body["conversation_id"], body["token"])

    def say(self, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Send one customer message; returns the bot's messages (text, buttons, ...).

        `metadata` is what the widget sends along, e.g. {"locale": "zh"} for a Chinese page."""
        body: dict[str, Any] = {"sender": self.conversation_id, "message": text}
        if metadata is not None:
            body["metadata"] = metadata
        response = requests.post(
            f"{self.stack.rasa_url}/webhooks/signed_rest/webhook",
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        self.turns += 1
        self.last = response.json()
        self.transcript.append(("customer", text))
        self.transcript.extend(("bot", m.get("text", "")) for m in self.last)
        if self.rma_turn is None and NEW_RETURN.search(self.text()):
            self.rma_turn = self.turns
        return self.last

    def intent(self, name: str, **entities: str) -> list[dict[str, Any]]:
        """Send a structured message, as a button does: `/start_return{"order_number": "A1001"}`.

        Rasa reads it without NLU, so the dialogue a test drives this way does not depend on how
        a trained model reads a sentence (tests/nlu/ tests that on purpose). Entity values must
        be the canonical ones the slots and actions expect ("size_too_small", not "too small").
        """
        return self.say(f"/{name}{json.dumps(entities)}" if entities else f"/{name}")

    def click(self, title_fragment: str) -> list[dict[str, Any]]:
        """Press the button (of the bot's last messages) whose title contains `title_fragment`."""
        for message in reversed(self.last):
            for button in message.get("buttons", []):
                if title_fragment.lower() in button["title"].lower():
                    return self.say(button["payload"])
        raise AssertionError(f"no button like {title_fragment!r} in {self.last}\n{self.dump()}")

    def text(self) -> str:
        return " ".join(m.get("text", "") for m in self.last)

    @property
    def language(self) -> str:
        """The language the assistant spoke last ("zh" or "en"), for results per language."""
        said = [text for who, text in self.transcript if who == "bot" and text]
        return "zh" if said and CHINESE.search(said[-1]) else "en"

    def dump(self) -> str:
        return "\n".join(f"{who:>8}: {text}" for who, text in self.transcript)
