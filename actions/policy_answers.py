"""Policy questions answered from the service's own policy text, so the bot cannot disagree."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from .backend_client import ServiceUnavailable, call_service, service

# Which sections of the policy page answer which kind of question, by words in the question.
TOPICS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("ship", "postage", "label", "pay for", "cost", "free"), ("shipping",)),
    (("fee", "restock", "deduct"), ("restocking_fees", "shipping")),
    (("how long", "days", "window", "late", "still return", "deadline", "weeks", "month"), ("windows",)),
    (("refund", "money back", "when will"), ("deadlines", "resolutions")),
    (("exchange", "swap", "store credit", "voucher"), ("resolutions",)),
    (("receipt", "packaging", "tags", "worn", "used", "opened", "sealed"), ("conditions", "exclusions")),
    (
        ("can't", "cannot", "can i return", "excluded", "sale", "underwear", "food", "digital", "custom"),
        ("exclusions",),
    ),
)
DEFAULT_SECTIONS = ("windows", "shipping", "exclusions")


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
        sections = next((s for words, s in TOPICS if any(w in question for w in words)), DEFAULT_SECTIONS)
        lines = [text for section in sections for text in section_texts(policy.get(section))]
        dispatcher.utter_message(
            text=" ".join(dict.fromkeys(lines)) or "You'll find our full return policy at /policy."
        )
        if tracker.active_loop_name == "return_form":
            dispatcher.utter_message(text="Now, back to your return.")
        return []


def section_texts(section: object) -> list[str]:
    """Every `text` in a section of the machine-readable policy, in the policy's own order."""
    if isinstance(section, dict):
        own = [section["text"]] if isinstance(section.get("text"), str) else []
        return own + [t for key, value in section.items() if key != "text" for t in section_texts(value)]
    if isinstance(section, list):
        return [t for value in section for t in section_texts(value)]
    return []
