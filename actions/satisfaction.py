"""The chat's rating: "How was this chat? 1 (poor) – 5 (great)" and the customer's answer.

The score is kept as the slot `chat_score`; Rasa's event broker carries that slot event to the
returns service, whose conversation metrics count it (satisfaction). Nothing else reads it.

A bare "5" is the form's answer to "how many?" as much as a rating, so the NLU alone cannot tell
them apart. Asking sets the slot `rating_asked`; a rule conditioned on it (data/satisfaction.yml)
sends a number typed right after the question here. Starting another flow clears it (its
from_intent mapping in domain.yml), and so does a rating read here.
"""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

SCORE_SLOT = "chat_score"
ASKED_SLOT = "rating_asked"
# A lone 1-5 in the typed answer ("great, 5 stars", "4/5", "5!"); "10" or "25" is not a score.
TYPED_SCORE = re.compile(r"(?<!\d)([1-5])(?!\d)")
# Spelled out ("five"), read only when no digit was typed: "one" is as often a pronoun.
SPELLED_SCORE = re.compile(r"\b(one|two|three|four|five)\b", re.IGNORECASE)
SPELLED = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}


def ask_for_rating(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Ask once per conversation, after the chat achieved something (an RMA, a status answer).

    The caller returns these events with its own, so the next message is read as the answer."""
    if tracker.get_slot(SCORE_SLOT) is not None:
        return []
    dispatcher.utter_message(response="utter_ask_chat_rating")
    return [SlotSet(ASKED_SLOT, True)]


def read_score(tracker: Tracker) -> str | None:
    """The button's entity first, else the first lone digit 1-5 typed, else a spelled-out one."""
    for value in tracker.get_latest_entity_values("score"):
        found = TYPED_SCORE.fullmatch(str(value).strip())
        if found:
            return found.group(1)
    text = tracker.latest_message.get("text") or ""
    found = TYPED_SCORE.search(text)
    if found:
        return found.group(1)
    spelled = SPELLED_SCORE.search(text)
    return SPELLED[spelled.group(1).lower()] if spelled else None


class RateChat(Action):
    """rate_chat (or a number right after the question): keep the score and thank the customer;
    without a readable score, ask again."""

    def name(self) -> str:
        return "action_rate_chat"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        score = read_score(tracker)
        if score is None:
            dispatcher.utter_message(response="utter_ask_chat_rating")
            return [SlotSet(ASKED_SLOT, True)]
        dispatcher.utter_message(response="utter_chat_rated")
        # Answered: a later bare number (a new return's quantity) is not a second rating.
        return [SlotSet(SCORE_SLOT, score), SlotSet(ASKED_SLOT, False)]
