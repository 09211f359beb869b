"""The chat's rating: "How was this chat? 1 (poor) – 5 (great)" and the customer's answer.

The score is kept as the slot `chat_score`; Rasa's event broker carries that slot event to the
returns service, whose conversation metrics count it (satisfaction). Nothing else reads it.
"""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

SCORE_SLOT = "chat_score"
# A lone 1-5 in the typed answer ("great, 5 stars", "4/5"); "10" or "25" is not a score.
TYPED_SCORE = re.compile(r"(?<!\d)([1-5])(?!\d)")


def ask_for_rating(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Ask once per conversation, after the chat achieved something (an RMA, a status answer)."""
    if tracker.get_slot(SCORE_SLOT) is None:
        dispatcher.utter_message(response="utter_ask_chat_rating")


def read_score(tracker: Tracker) -> str | None:
    """The button's entity first, else the first lone digit 1-5 the customer typed."""
    for value in tracker.get_latest_entity_values("score"):
        found = TYPED_SCORE.fullmatch(str(value).strip())
        if found:
            return found.group(1)
    found = TYPED_SCORE.search(tracker.latest_message.get("text") or "")
    return found.group(1) if found else None


class RateChat(Action):
    """rate_chat: keep the score and thank the customer; without a readable score, ask again."""

    def name(self) -> str:
        return "action_rate_chat"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        score = read_score(tracker)
        if score is None:
            dispatcher.utter_message(response="utter_ask_chat_rating")
            return []
        dispatcher.utter_message(response="utter_chat_rated")
        return [SlotSet(SCORE_SLOT, score)]
