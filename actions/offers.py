"""Keep-the-item offers in the return form: ask the service, say it plainly, act on yes or no.

Once the reason (and the photos the policy wants) are in and the policy would approve the
return, the service may have an offer: keep the item for a partial refund or a coupon, because
sending it back would cost more than it is worth. The bot says it with Accept / No thanks; "no"
asks the service for the next rung, the last "no" goes on with the normal return, and "yes"
ends the return there — the service booked the money, nothing is sent back and no RMA is made.

The offer lives in the `keep_offer` slot: the service's open offer (status "offered"), the
accepted one, or {"status": "none"} once there is nothing (more) to offer for the line. Which
rung comes next is the service's business; the bot only remembers the line it asked about.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from . import evidence
from .backend_client import Refused, ServiceUnavailable, call_service, service
from .language import t
from .slots import reset_return, selected_item, slot

# Negative words win: "I don't want to keep it" is a no, though it says "keep".
NO_WORDS = re.compile(
    r"\b(no|nope|nah|not|don'?t|rather|decline|send (it|them) back|return (it|them)|full refund)\b", re.IGNORECASE
)
YES_WORDS = re.compile(r"\b(yes|yeah|yep|ok|okay|sure|deal|accept|keep|fine|great|agreed|take it)\b", re.IGNORECASE)


def open_offer(tracker: Tracker, updates: dict[str, Any] | None = None) -> dict[str, Any] | None:
    offer = slot(tracker, updates or {}, "keep_offer")
    return offer if isinstance(offer, dict) and offer.get("status") == "offered" else None


def accepted_offer(tracker: Tracker) -> dict[str, Any] | None:
    offer = tracker.get_slot("keep_offer")
    return offer if isinstance(offer, dict) and offer.get("status") == "accepted" else None


def form_slots(tracker: Tracker) -> list[str] | None:
    """The form's last question while an offer is open or taken; None: go on to the resolution."""
    return ["offer_answer"] if open_offer(tracker) or accepted_offer(tracker) else None


async def offer_after_decision(
    dispatcher: CollectingDispatcher, tracker: Tracker, updates: dict[str, Any]
) -> dict[str, Any]:
    """After the dry run: fetch the first offer for the line once nothing else is left to ask."""
    decision = updates.get("preview")
    item = selected_item(tracker, updates)
    if not decision or item is None or decision["outcome"] != "approve" or updates.get("pending_question"):
        return {}
    if evidence.missing_evidence(decision) or slot(tracker, updates, "resolution") == "exchange":
        return {}  # photos first; a customer who asked for an exchange wants the item, not money
    current = slot(tracker, updates, "keep_offer")
    if isinstance(current, dict) and str(current.get("line_no")) == str(item["line_no"]):
        return {}  # already asked about this line: the ladder moves only on the customer's "no"
    return await _next(tracker, updates, item)


def parse_answer(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value or "")
    if NO_WORDS.search(text):
        return False
    if YES_WORDS.search(text):
        return True
    return None


async def validate_offer_answer(value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    offer = open_offer(tracker)
    if offer is None:
        return {"offer_answer": None}
    accept = parse_answer(value)
    if accept is None:
        dispatcher.utter_message(text=t(tracker, "offers.ask_again", amount=offer["amount"]))
        return {"offer_answer": None}
    token = tracker.get_slot("order_token")
    try:
        answered = await call_service(tracker, service.answer_offer, token, offer["id"], accept)
    except ServiceUnavailable:
        dispatcher.utter_message(text=t(tracker, "offers.service_down"))
        return {"offer_answer": None}
    except Refused as refusal:
        if accept:
            # E.g. something else was refunded on the order meanwhile: the return still works.
            dispatcher.utter_message(text=t(tracker, "offers.withdrawn", detail=refusal.detail))
            return {"offer_answer": None, "keep_offer": _nothing(offer["line_no"])}
        # A "no" the service already knew: carry on to the next offer (`answered` is not read).
    if accept:
        dispatcher.utter_message(text=answered["text"])
        return {"offer_answer": True, "keep_offer": answered | {"line_no": offer["line_no"]}}
    item = selected_item(tracker)
    found = await _next(tracker, {}, item) if item else {"keep_offer": _nothing(offer["line_no"])}
    if open_offer(tracker, found) is None:
        dispatcher.utter_message(text=t(tracker, "offers.go_ahead"))
    return {"offer_answer": None, **found}


async def _next(tracker: Tracker, updates: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    try:
        offer = await call_service(
            tracker,
            service.next_offer,
            slot(tracker, updates, "order_token"),
            conversation_id=tracker.sender_id,
            order_number=slot(tracker, updates, "order_number"),
            line_no=item["line_no"],
            reason=slot(tracker, updates, "reason"),
            quantity=int(slot(tracker, updates, "quantity") or 1),
        )
    except (ServiceUnavailable, Refused):
        offer = None  # an offer is a nicety: without one the normal return goes on
    if offer is None:
        return {"keep_offer": _nothing(item["line_no"])}
    return {"keep_offer": offer | {"line_no": item["line_no"]}, "offer_answer": None}


def _nothing(line_no: Any) -> dict[str, Any]:
    return {"status": "none", "line_no": line_no}


class AskOfferAnswer(Action):
    def name(self) -> str:
        return "action_ask_offer_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        offer = open_offer(tracker)
        if offer is not None:
            buttons = [
                {"title": t(tracker, "button.accept"), "payload": "/affirm"},
                {"title": t(tracker, "button.no_thanks"), "payload": "/deny"},
            ]
            dispatcher.utter_message(text=offer["text"], buttons=buttons)
        return []


def item_kept(tracker: Tracker) -> list[EventType]:
    """The return form ended with an accepted offer: nothing to submit (the customer was told)."""
    return reset_return()
