"""'Talk to a person': open an escalation and say honestly what happens next."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from .backend_client import Refused, ServiceUnavailable, call_service, service
from .texts import REASON_TITLES


class Escalate(Action):
    def name(self) -> str:
        return "action_escalate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        body = {
            "conversation_id": tracker.sender_id,
            "channel": "web",
            "trigger": "customer_request",
            "order_number": tracker.get_slot("order_number") if tracker.get_slot("order_token") else None,
            "summary": _summary(tracker),
        }
        try:
            case = await call_service(service.escalate, body)
        except (ServiceUnavailable, Refused):
            dispatcher.utter_message(
                text="I couldn't reach our team's queue just now. Please email "
                "support@returndesk.example or try again in a few minutes."
            )
            return []
        dispatcher.utter_message(
            text=f"I've passed your case to our customer care team (reference {case['reference']}). "
            f"{case['next_steps']}"
        )
        return []


def _summary(tracker: Tracker) -> str:
    parts = [f'Customer asked for a person: "{tracker.latest_message.get("text", "")}"']
    if tracker.get_slot("order_token"):
        parts.append(f"Verified order {tracker.get_slot('order_number')}.")
    if tracker.get_slot("reason"):
        parts.append(f"Return reason so far: {REASON_TITLES.get(tracker.get_slot('reason'), 'other')}.")
    return " ".join(parts)
