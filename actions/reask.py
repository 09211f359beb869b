"""When the assistant did not understand: say so plainly and offer what it can do, never an intent name.

In the return form, a message nobody could read (the NLU's fallback, nothing the form could use)
is answered with "Sorry, I didn't catch that"; the form then asks its open question again with
its buttons (data/rules.yml). From the second time for the same question, a person is offered too.

Outside forms, Rasa's two-stage fallback asks "Did you mean '<intent>'?". This action of the same
name offers the two or three likeliest things the customer may want as buttons in their words,
plus "Something else" (Rasa then asks them to rephrase, and after that hands over to a person).
"""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from .in_context import UNANSWERED, one_more_failure, person_buttons
from .language import t

# The questions whose own ask (actions/ask.py) adds the person button; for the others (order
# number, contact, photos, keep-the-item offer, exchange size) the "sorry" line carries it.
PERSON_ON_THE_QUESTION = frozenset({"line_no", "quantity", "reason", "question_answer", "resolution", "confirmed"})

# What the customer may have meant, as the buttons name it; only these are ever offered.
CHOICE_TITLES = {
    "start_return": "fallback.choice.start_return",
    "exchange_item": "fallback.choice.exchange_item",
    "check_return_status": "fallback.choice.check_return_status",
    "ask_return_policy": "fallback.choice.ask_return_policy",
    "request_human": "fallback.choice.request_human",
}
# When the NLU ranks fewer of them, the assistant's main offers fill the list, in this order.
USUAL_CHOICES = ("start_return", "check_return_status", "ask_return_policy", "request_human")
MAX_CHOICES = 3
# Rasa's two-stage fallback reads out_of_scope as "none of these" and asks for other words.
SOMETHING_ELSE = "/out_of_scope"
# Entities worth passing on with a choice, so "return order A1001" keeps its order number.
CARRIED_ENTITIES = ("order_number", "rma_number", "email", "phone", "reason", "resolution", "line_no", "quantity")


class ReaskQuestion(Action):
    """The return form could not use the message: say so; the form asks its question again."""

    def name(self) -> str:
        return "action_reask_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        asked = tracker.get_slot("requested_slot")
        counted = one_more_failure(tracker, asked)
        view = tracker.copy()
        view.slots[UNANSWERED] = counted[UNANSWERED]
        buttons = [] if asked in PERSON_ON_THE_QUESTION else person_buttons(view, asked)
        key = "reask.sorry_person" if buttons else "reask.sorry"
        dispatcher.utter_message(text=t(tracker, key), buttons=buttons)
        return [SlotSet(UNANSWERED, counted[UNANSWERED])]


class AskWhatTheCustomerMeant(Action):
    """Replaces Rasa's action_default_ask_affirmation ("Did you mean 'check_return_status'?")."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        entities = carried_entities(tracker.latest_message.get("entities") or [])
        buttons = [
            {"title": t(tracker, CHOICE_TITLES[intent]), "payload": payload(intent, entities)}
            for intent in likely_choices(tracker.latest_message.get("intent_ranking") or [])
        ]
        buttons.append({"title": t(tracker, "fallback.choice.something_else"), "payload": SOMETHING_ELSE})
        dispatcher.utter_message(text=t(tracker, "fallback.which"), buttons=buttons)
        return []


def likely_choices(ranking: list[dict[str, Any]]) -> list[str]:
    """The two or three offerable intents the NLU ranked highest, topped up with the usual ones."""
    ranked = [entry["name"] for entry in ranking if entry.get("name") in CHOICE_TITLES]
    chosen: list[str] = []
    for intent in [*ranked[:MAX_CHOICES], *USUAL_CHOICES]:
        if intent not in chosen:
            chosen.append(intent)
    return chosen[:MAX_CHOICES]


def carried_entities(entities: list[dict[str, Any]]) -> dict[str, str]:
    carried: dict[str, str] = {}
    for entity in entities:
        name, value = entity.get("entity"), entity.get("value")
        if name in CARRIED_ENTITIES and isinstance(value, str) and name not in carried:
            carried[name] = value
    return carried


def payload(intent: str, entities: dict[str, str]) -> str:
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"
