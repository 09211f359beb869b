"""'Talk to a person': open a case with what the agent needs, and say honestly what happens next.

The service decides the queue place, the wait and whether people are at the desk at all
(outside staffed hours the case becomes an email ticket); the bot repeats its `next_steps`.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from .backend_client import Refused, ServiceUnavailable, call_service, service
from .submit import input_channel
from .texts import REASON_TITLES, money

FALLBACK_INTENT = "nlu_fallback"


class Escalate(Action):
    def name(self) -> str:
        return "action_escalate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        await open_case(dispatcher, tracker)
        return []


class FallBackToAPerson(Action):
    """Replaces Rasa's `action_default_fallback`.

    Rasa runs it when the two-stage fallback gives up (the customer's rephrasing was not
    understood either) and when no dialogue policy is confident. Only the first is a customer
    stuck with the bot, so only then does a person take over; otherwise it is Rasa's default.
    """

    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        if _trigger(tracker) == "repeated_fallback":
            dispatcher.utter_message(text="I'm sorry, I keep misunderstanding you, so I'm bringing in a person.")
            await open_case(dispatcher, tracker)
        else:
            dispatcher.utter_message(response="utter_default")
        # As Rasa's own fallback: the message that was not understood leaves the dialogue state.
        return [UserUtteranceReverted()]


async def open_case(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Open (or find) the conversation's case and tell the customer what happens next."""
    try:
        case = await call_service(service.escalate, escalation_body(tracker))
    except (ServiceUnavailable, Refused):
        dispatcher.utter_message(
            text="I couldn't reach our team's queue just now. Please email "
            "support@returndesk.example or try again in a few minutes."
        )
        return
    dispatcher.utter_message(text=f"I've passed your case to our customer care team. {case['next_steps']}")


def escalation_body(tracker: Tracker) -> dict[str, Any]:
    verified = bool(tracker.get_slot("order_token"))
    body: dict[str, Any] = {
        "conversation_id": tracker.sender_id,
        "channel": input_channel(tracker),
        "trigger": _trigger(tracker),
        "order_number": tracker.get_slot("order_number") if verified else None,
        "summary": _summary(tracker),
        "recommendation": recommendation(tracker),
    }
    if tracker.get_slot("rma_number"):
        body["rma_number"] = tracker.get_slot("rma_number")
    return body


def _trigger(tracker: Tracker) -> str:
    """Why a person is needed, as far as the conversation shows it (it sets the case's priority)."""
    if tracker.get_slot("submit_failed"):
        return "service_down"
    # Not get_intent_of_latest_message(): by default it skips the fallback intent we look for.
    if (tracker.latest_message.get("intent") or {}).get("name") == FALLBACK_INTENT:
        return "repeated_fallback"
    if (tracker.get_slot("verification_failures") or 0) >= 2 and not tracker.get_slot("order_token"):
        return "verification_failed"
    return "customer_request"


def _summary(tracker: Tracker) -> str:
    said = tracker.latest_message.get("text", "")
    if _trigger(tracker) == "repeated_fallback":
        parts = [f'The bot did not understand the customer twice; last message: "{said}"']
    else:
        parts = [f'Customer asked for a person: "{said}"']
    if tracker.get_slot("order_token"):
        parts.append(f"Verified order {tracker.get_slot('order_number')}.")
    elif tracker.get_slot("order_number"):
        parts.append(f"Named order {tracker.get_slot('order_number')} but it is not verified.")
    if tracker.get_slot("reason"):
        parts.append(f"Return reason so far: {REASON_TITLES.get(tracker.get_slot('reason'), 'other')}.")
    return " ".join(parts)


def recommendation(tracker: Tracker) -> str:
    """What the bot would do next, in one line an agent can weigh (the agent decides)."""
    if tracker.get_slot("rma_number"):
        return f"Return {tracker.get_slot('rma_number')} exists: check its status and answer the customer's question."
    if not tracker.get_slot("order_token"):
        return "The order is not verified: confirm the customer's order number and email first."
    preview = tracker.get_slot("preview") or {}
    why = " ".join(e["text"] for e in preview.get("explanations", []) if e["rule_id"].startswith(("review.", "exclu")))
    if preview.get("outcome") == "reject":
        options = " ".join(alt["text"] for alt in preview.get("alternatives", []))
        return f"The policy refuses this return. {why} Offer what is still possible. {options}".strip()
    if preview.get("outcome") == "review":
        return f"The policy wants a person to check this return. {why}".strip()
    if preview.get("outcome") == "approve":
        refund = money(preview.get("refund_estimate_minor", 0), preview.get("currency", "EUR"))
        return f"The policy would approve this return (estimated refund {refund}): help the customer finish it."
    return "No return started yet: ask what the customer needs."
