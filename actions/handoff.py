"""'Talk to a person': open a case with what the agent needs, and say honestly what happens next.

The service decides the queue place, the wait and whether people are at the desk at all
(outside staffed hours the case becomes an email ticket); the bot repeats its `next_steps`.

The case carries everything the chat knew, so the agent acts without asking again: the order
token the customer earned in this conversation (the service's proof that the order is theirs),
the item, the reason, the policy's answer and what it left possible. A refusal or a cancelled
return clears those slots for the next return, so they are recalled from the conversation's
events. Once a live case is open the bot pauses: a person answers now, and while they are
awaited or present the channels only acknowledge (bot/channels/handoff.py).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from .backend_client import Refused, ServiceUnavailable, call_service, service
from .language import t
from .submit import input_channel
from .texts import REASON_TITLES, RESOLUTION_CODES, money

FALLBACK_INTENT = "nlu_fallback"


class Escalate(Action):
    def name(self) -> str:
        return "action_escalate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        return await open_case(dispatcher, tracker)


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
            dispatcher.utter_message(text=t(tracker, "handoff.misunderstanding"))
            paused = await open_case(dispatcher, tracker)
        else:
            dispatcher.utter_message(response="utter_default")
            paused = []
        # As Rasa's own fallback: the message that was not understood leaves the dialogue state.
        return [UserUtteranceReverted(), *paused]


async def open_case(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Open (or find) the conversation's case and tell the customer what happens next.

    A live case pauses the bot (the events returned): from now on a person answers, and the
    channels only acknowledge what the customer writes until the case is handed back or closed."""
    body = escalation_body(tracker)
    try:
        try:
            case = await call_service(tracker, service.escalate, body)
        except Refused as refused:
            if "order_token" not in body or refused.status not in (401, 422):
                raise
            # The verification expired during a long chat (401), or the service would not take
            # what the bot recalled (422): the case still opens, with less, and the agent is told,
            # rather than the customer being left without a person.
            if refused.status == 401:
                body = escalation_body(tracker, expired=True)
            else:
                body = {key: value for key, value in body.items() if key != "context"}
            case = await call_service(tracker, service.escalate, body)
    except (ServiceUnavailable, Refused):
        dispatcher.utter_message(text=t(tracker, "handoff.queue_down"))
        return []
    dispatcher.utter_message(text=t(tracker, "handoff.passed", next_steps=case["next_steps"]))
    return [ConversationPaused()] if case.get("mode") == "live" else []


def recalled(tracker: Tracker, name: str) -> Any:
    """The slot, or its last value in this session if a finished return cleared it (a refusal).

    Whatever the return collected is recalled only from after the latest verification, so an item
    or a decision about an earlier order never travels with another order's token."""
    value = tracker.get_slot(name)
    if value is not None:
        return value
    for event in reversed(tracker.events):
        if event.get("event") in ("session_started", "restart"):
            return None
        if event.get("event") != "slot" or event.get("value") is None:
            continue
        if event.get("name") == name:
            return event["value"]
        if event.get("name") == "order_token":
            return None  # verified afresh after this slot's last value: it was about another order
    return None


def escalation_body(tracker: Tracker, *, expired: bool = False) -> dict[str, Any]:
    token = None if expired else recalled(tracker, "order_token")
    body: dict[str, Any] = {
        "conversation_id": tracker.sender_id,
        "channel": input_channel(tracker),
        "trigger": _trigger(tracker),
        # The token names its order; a number named after it may be another, unverified one.
        "order_number": None,
        "summary": _summary(tracker, expired=expired),
        "recommendation": recommendation(tracker),
    }
    if token:
        body["order_token"] = token
        body["context"] = chat_context(tracker)
    if tracker.get_slot("rma_number"):
        body["rma_number"] = tracker.get_slot("rma_number")
    return body


def chat_context(tracker: Tracker) -> dict[str, Any]:
    """The item, reason, wished resolution and the policy's answer, as the customer heard them."""
    context: dict[str, Any] = {}
    line_no = recalled(tracker, "line_no")
    if line_no is not None and str(line_no).isdigit():
        quantity = recalled(tracker, "quantity")
        count = int(float(quantity)) if isinstance(quantity, int | float) or str(quantity or "").isdigit() else 1
        context["items"] = [{"line_no": int(line_no), "quantity": max(count, 1)}]
    if recalled(tracker, "reason") in REASON_TITLES:
        context["reason"] = recalled(tracker, "reason")
    if recalled(tracker, "resolution") in RESOLUTION_CODES:
        context["resolution"] = recalled(tracker, "resolution")
    preview = recalled(tracker, "preview")
    if isinstance(preview, dict) and preview.get("outcome") in ("approve", "review", "reject"):
        context["decision"] = {
            "outcome": preview["outcome"],
            "rule_ids": list(preview.get("rule_ids") or [])[:50],
            "explanations": [
                {"rule_id": e["rule_id"], "text": e.get("text", "")[:2000]}
                for e in (preview.get("explanations") or [])[:50]
                if e.get("rule_id")
            ],
            "alternatives": [alt["text"][:2000] for alt in (preview.get("alternatives") or [])[:10] if alt.get("text")],
            "refund_estimate_minor": preview.get("refund_estimate_minor"),
        }
    return context


def _trigger(tracker: Tracker) -> str:
    """Why a person is needed, as far as the conversation shows it (it sets the case's priority)."""
    if tracker.get_slot("submit_failed"):
        return "service_down"
    # Not get_intent_of_latest_message(): by default it skips the fallback intent we look for.
    if (tracker.latest_message.get("intent") or {}).get("name") == FALLBACK_INTENT:
        return "repeated_fallback"
    if (tracker.get_slot("verification_failures") or 0) >= 2 and not recalled(tracker, "order_token"):
        return "verification_failed"
    return "customer_request"


def _summary(tracker: Tracker, *, expired: bool = False) -> str:
    said = tracker.latest_message.get("text", "")
    if _trigger(tracker) == "repeated_fallback":
        parts = [f'The bot did not understand the customer twice; last message: "{said}"']
    else:
        parts = [f'Customer asked for a person: "{said}"']
    if expired:
        number = tracker.get_slot("order_number")
        parts.append(f"Order {number} was verified in the chat, but that verification has expired.")
    elif recalled(tracker, "order_token"):
        parts.append("The customer verified the order in the chat.")
    elif tracker.get_slot("order_number"):
        parts.append(f"Named order {tracker.get_slot('order_number')} but it is not verified.")
    if recalled(tracker, "reason"):
        parts.append(f"Return reason so far: {REASON_TITLES.get(recalled(tracker, 'reason'), 'other')}.")
    return " ".join(parts)


def recommendation(tracker: Tracker) -> str:
    """What the bot would do next, in one line an agent can weigh (the agent decides)."""
    if tracker.get_slot("rma_number"):
        return f"Return {tracker.get_slot('rma_number')} exists: check its status and answer the customer's question."
    if not recalled(tracker, "order_token"):
        return "The order is not verified: confirm the customer's order number and email first."
    preview = recalled(tracker, "preview") or {}
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
