"""Policy questions answered from the service's own policy text, so the bot cannot disagree."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from .backend_client import ServiceUnavailable, call_service, service

# Which headings of the policy's human text answer which kind of question, by words in it.
TOPICS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("ship", "postage", "label", "pay for", "cost", "free"), ("shipping",)),
    (("fee", "restock", "deduct"), ("fee", "shipping")),
    (("how long", "days", "window", "late", "still return", "deadline", "weeks", "month"), ("window",)),
    (("refund", "money back", "when will"), ("deadline", "settle")),
    (("exchange", "swap", "store credit", "voucher"), ("settle",)),
    (("photo", "picture", "proof", "evidence"), ("photo",)),
    (("receipt", "packaging", "tags", "worn", "used", "opened", "sealed"), ("condition", "cannot", "window")),
    (("can't", "cannot", "can i return", "excluded", "sale", "underwear", "food", "digital", "custom"), ("cannot",)),
)
DEFAULT_TOPICS = ("window", "shipping", "cannot")
START_RETURN = [{"title": "Start a return", "payload": "/start_return"}]


class AnswerPolicy(Action):
    def name(self) -> str:
        return "action_answer_policy"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        try:
            policy = await call_service(service.policy)
        except ServiceUnavailable:
            dispatcher.utter_message(
                text="I can't load our return policy right now. You can read it at /policy on our site."
            )
            return []
        question = (tracker.latest_message.get("text") or "").lower()
        wanted = next((topics for words, topics in TOPICS if any(w in question for w in words)), DEFAULT_TOPICS)
        lines = [
            line
            for section in policy.get("sections", [])
            if any(topic in section["heading"].lower() for topic in wanted)
            for line in section["lines"]
        ]
        answer = " ".join(lines) or "You'll find our full return policy at /policy on our site."
        if tracker.active_loop_name == "return_form":
            dispatcher.utter_message(text=answer)
            dispatcher.utter_message(text="Now, back to your return.")
        else:  # "can I return these?" is often the step before "then I will": one click away
            dispatcher.utter_message(text=answer, buttons=START_RETURN)
        return []
