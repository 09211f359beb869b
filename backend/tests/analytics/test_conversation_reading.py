"""Reading one conversation's events, and turning Rasa's event dicts into rows (no database).

The event dicts are shaped exactly as Rasa 3.6's event brokers publish them (`RasaChat` below
builds them turn by turn, as the tracker records a conversation); other conversation tests
import it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from returndesk.analytics.conversations.ingest import UnreadableEvent, event_key, normalise
from returndesk.analytics.conversations.reading import Event, read_conversation


class RasaChat:
    """One conversation's tracker events, in the order and shape Rasa publishes them."""

    def __init__(self, conversation_id: str, start: datetime) -> None:
        self.conversation_id, self.clock, self.events = conversation_id, start.timestamp(), []
        self._add({"event": "action", "name": "action_session_start", **_action_fields("RulePolicy")})
        self._add({"event": "session_started", "metadata": {"model_id": "3f0c1e"}})
        self.listen()

    def user(self, text: str, intent: str, **entities: str) -> RasaChat:
        message_id = uuid.uuid4().hex
        found = [
            {"entity": k, "value": v, "start": 0, "end": len(v), "extractor": "DIETClassifier"}
            for k, v in entities.items()
        ]
        parse = {
            "intent": {"name": intent, "confidence": 0.93},
            "entities": found,
            "text": text,
            "message_id": message_id,
            "metadata": {},
            "intent_ranking": [{"name": intent, "confidence": 0.93}],
        }
        self._add(
            {
                "event": "user",
                "metadata": {},
                "text": text,
                "parse_data": parse,
                "input_channel": "signed_rest",
                "message_id": message_id,
            }
        )
        return self

    def act(self, name: str, *, policy: str = "RulePolicy", said: str | None = None, **slots: Any) -> RasaChat:
        """An action: Rasa logs it, then what it said (bot), then the events it returned (slots)."""
        self._add({"event": "action", "name": name, **_action_fields(policy)})
        if said:
            self.bot(said)
        for slot, value in slots.items():
            self.slot(slot, value)
        return self

    def bot(self, text: str, utter_action: str | None = None) -> RasaChat:
        data = {
            "elements": None,
            "quick_replies": None,
            "buttons": None,
            "attachment": None,
            "image": None,
            "custom": None,
        }
        metadata = {"utter_action": utter_action} if utter_action else {}
        self._add({"event": "bot", "metadata": {**metadata, "model_id": "3f0c1e"}, "text": text, "data": data})
        return self

    def slot(self, name: str, value: Any) -> RasaChat:
        self._add({"event": "slot", "metadata": {}, "name": name, "value": value})
        return self

    def loop(self, name: str | None) -> RasaChat:
        self._add({"event": "active_loop", "metadata": {}, "name": name})
        return self

    def pause(self) -> RasaChat:
        self._add({"event": "pause", "metadata": {}})
        return self

    def listen(self) -> RasaChat:
        return self.act("action_listen")

    def form_asks(self, slot: str, **filled: Any) -> RasaChat:
        """The return form runs: slots it filled, then its next question (requested_slot)."""
        self.act("return_form", policy="RulePolicy", **filled)
        return self.slot("requested_slot", slot).bot(f"question for {slot}", f"utter_ask_{slot}").listen()

    def _add(self, body: dict[str, Any]) -> None:
        self.clock += 0.25
        self.events.append({**body, "timestamp": self.clock, "sender_id": self.conversation_id})


def _action_fields(policy: str) -> dict[str, Any]:
    return {
        "metadata": {"model_id": "3f0c1e"},
        "policy": policy,
        "confidence": 1.0,
        "action_text": None,
        "hide_rule_turn": False,
    }


def read(chat: RasaChat):
    rows = [normalise(event) for event in chat.events]
    return read_conversation(Event(r["event_type"], r["name"], r["value"]) for r in rows)


START = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def test_a_return_to_the_rma_then_a_rating():
    chat = RasaChat("c1", START)
    chat.user("I want to return my jeans", "start_return").act("action_start_return", submit_failed=False)
    chat.loop("return_form").form_asks("order_number")
    chat.user("A1001", "inform", order_number="A1001").form_asks("contact", order_number="A1001")
    chat.user("dev@example.com", "inform", email="dev@example.com").form_asks("confirmed", contact="dev@example.com")
    chat.user("yes", "affirm").act("return_form", confirmed=True).loop(None).slot("requested_slot", None)
    chat.act(
        "action_submit_return", said="Done! Your return number is RMA-AB12-CD34-EF56.", rma_number="RMA-AB12-CD34-EF56"
    )
    chat.listen().user('/rate_chat{"score":"4"}', "rate_chat", score="4").act(
        "action_rate_chat", chat_score="4"
    ).listen()
    chat.user("actually 5 stars", "rate_chat", score="5").act("action_rate_chat", chat_score="5").listen()

    reading = read(chat)

    assert (reading.user_turns, reading.rma_turn, reading.fallback_turns) == (6, 4, 0)
    assert reading.started_return and not reading.paused
    assert reading.score == "5"  # the customer changed their mind: the last rating counts
    assert reading.last_step == "confirmed"  # the form's last question; requested_slot=None does not erase it


def test_an_rma_number_named_for_a_status_check_is_not_a_new_return():
    chat = RasaChat("c2", START)
    chat.user("where is RMA-AB12-CD34-EF56", "check_return_status", rma_number="RMA-AB12-CD34-EF56")
    chat.slot("rma_number", "RMA-AB12-CD34-EF56").act("status_form").loop("status_form")
    chat.act("action_return_status", said="Your return is approved.", rma_number=None).listen()

    reading = read(chat)

    assert reading.rma_turn is None and not reading.started_return
    assert reading.user_turns == 1


def test_one_turn_with_two_fallbacks_counts_once_and_a_pause_is_a_handoff():
    chat = RasaChat("c3", START)
    chat.user("blorp", "nlu_fallback").act("action_two_stage_fallback").loop("action_two_stage_fallback")
    chat.act("action_default_fallback", policy="RulePolicy").listen()
    chat.user("talk to a person", "request_human").act("action_escalate", said="Your reference is ESC-1.").listen()
    chat.pause()

    reading = read(chat)

    assert (reading.user_turns, reading.fallback_turns, reading.paused) == (2, 1, True)


def test_a_row_keeps_names_and_lengths_never_the_customers_words():
    chat = RasaChat("c4", START)
    chat.user("it's kim@example.com", "inform", email="kim@example.com").act("return_form", contact="kim@example.com")
    chat.slot("requested_slot", "line_no")
    user, action, contact, step = (normalise(e) for e in chat.events[-4:])

    assert user["name"] == "inform" and user["text_length"] == len("it's kim@example.com")
    assert action["name"] == "return_form"
    assert contact["name"] == "contact" and contact["value"] is None  # set, but its value stays with Rasa
    assert step["value"] == "line_no"
    assert all("kim@example.com" not in str(row.values()) for row in (user, action, contact, step))


def test_the_same_event_always_has_the_same_key():
    chat = RasaChat("c5", START).user("hi", "greet")
    event = chat.events[-1]

    assert event_key(dict(reversed(event.items()))) == event_key(event)  # key order does not matter
    assert event_key({**event, "timestamp": event["timestamp"] + 1}) != event_key(event)


@pytest.mark.parametrize(
    "event",
    [
        pytest.param({"event": "user", "timestamp": 1.0}, id="no sender"),
        pytest.param({"sender_id": "x", "timestamp": 1.0}, id="no type"),
        pytest.param({"sender_id": "x", "event": "user", "timestamp": "soon"}, id="timestamp not a number"),
    ],
)
def test_what_is_not_a_rasa_event_is_refused(event):
    with pytest.raises(UnreadableEvent):
        normalise(event)
