"""'Where is my return / refund?': by RMA number or by verified order."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from bot.catalogue import sentences

from . import cancel, change_resolution
from .backend_client import Refused, ServiceUnavailable, call_service, service
from .language import language_of, t
from .return_form import normalise_order_number
from .satisfaction import ask_for_rating
from .signed_in import signed_in_customer
from .texts import money, returned_items

# What each status means to the customer: the catalogue's `status.<status>`.
STATUSES = (
    "requested",
    "pending_review",
    "approved",
    "rejected",
    "in_transit",
    "received",
    "inspected",
    "resolved",
    "closed",
    "cancelled",
)


# The entities that name which return or order a status is wanted for.
NUMBERS = frozenset({"rma_number", "order_number"})

# Twelve letters or digits, possibly grouped with spaces or hyphens, after an optional "RMA".
RMA_LIKE = re.compile(r"(?i)(?<![0-9a-z])(?:rma[\s-]*)?([0-9a-z](?:[\s-]?[0-9a-z]){11})(?![0-9a-z])")


def find_rma_number(text: str) -> str | None:
    """The RMA-looking part of a message, as typed; the service checks it (and its check symbol).

    Twelve letters in a row are as often words ("hello there my") as a number, so without the
    "RMA" before them a digit is required; after "RMA" an all-letter number (about 1 in 90 are)
    counts too."""
    for match in RMA_LIKE.finditer(text):
        after_rma = match.group(0)[:3].lower() == "rma"
        if after_rma or any(ch.isdigit() for ch in match.group(1)):
            return match.group(1)
    return None


class ValidateStatusForm(FormValidationAction):
    """Asks for the RMA or order number and the contact, then verifies ownership."""

    def name(self) -> str:
        return "validate_status_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        return ["lookup", "contact"]

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        # The form starts, and the message names no number: the chat may already know which return.
        # (A number named earlier in the chat may sit in `lookup` already: that is no answer.)
        named = {e.get("entity") for e in tracker.latest_message.get("entities") or []} & NUMBERS
        if tracker.get_slot("requested_slot") is None and not named:
            found = await _already_known(tracker)
            if found:
                return [SlotSet(name, value) for name, value in found.items()] + [SlotSet("requested_slot", None)]
        return await super().run(dispatcher, tracker, domain)

    async def validate_lookup(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        # The whole message, not just the entity: NLU may have caught only part of "rma 7k4m 9qxt 2b5h".
        # Not a button's payload, nor a number named earlier in the chat: then the value is all there is.
        typed = tracker.latest_message.get("text") or ""
        text = typed if typed and not typed.startswith("/") else str(value)
        # "its order k131310" has twelve letters and digits after "its": what NLU read as an order
        # number (and not also an RMA) is one.
        found = {e.get("entity"): e.get("value") for e in tracker.latest_message.get("entities") or []}
        an_order = found.get("order_number") and not found.get("rma_number")
        rma = None if an_order else find_rma_number(text)
        if rma:
            updates: dict[str, Any] = {"lookup": rma, "rma_number": rma}
        else:
            order_number = normalise_order_number(str(found["order_number"]) if an_order else text)
            updates = {"lookup": text, "rma_number": None, "order_number": order_number}
        # Signed in, or the contact already given in this chat: it stands in for asking. If the
        # number is not one of theirs, the form asks for the contact as it would ask anyone.
        customer = signed_in_customer(tracker)
        contact = customer.email if customer is not None else tracker.get_slot("contact")
        if contact:
            verified = await _verified_with(
                contact, rma_number=updates["rma_number"], order_number=updates.get("order_number"), tracker=tracker
            )
            updates |= verified or {"contact": None}
        return updates

    async def validate_contact(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        contact = str(value).strip()
        try:
            verified = await call_service(
                tracker,
                service.verify,
                tracker.sender_id,
                contact,
                rma_number=tracker.get_slot("rma_number"),
                order_number=None if tracker.get_slot("rma_number") else tracker.get_slot("order_number"),
            )
        except ServiceUnavailable:
            dispatcher.utter_message(text=t(tracker, "status.service_down"))
            return {"contact": None}
        except Refused as refusal:
            if refusal.status == 422 and "RMA" in refusal.detail:
                dispatcher.utter_message(text=t(tracker, "status.bad_rma", detail=refusal.detail))
                return {"contact": None, "rma_number": None, "lookup": None}
            dispatcher.utter_message(text=t(tracker, "status.not_matched"))
            return {"contact": None}
        return {"contact": contact, "order_token": verified["token"], "order_number": verified["order_number"]}


async def _already_known(tracker: Tracker) -> dict[str, Any]:
    """The status form's slots when the chat already says which return and whose it is; {} if not.

    - A customer the shop signed in with an order: that order.
    - Right after a return was made in this chat ("where is my refund?"): that return, with the
      contact the customer verified its order with."""
    customer = signed_in_customer(tracker)
    if customer is not None and customer.order_number:
        return await _verified_with(
            customer.email, rma_number=None, order_number=customer.order_number, tracker=tracker
        )
    rma_number, contact = tracker.get_slot("rma_number"), tracker.get_slot("contact")
    if rma_number and contact:
        return await _verified_with(contact, rma_number=rma_number, order_number=None, tracker=tracker)
    return {}


async def _verified_with(
    contact: str, *, rma_number: str | None, order_number: str | None, tracker: Tracker
) -> dict[str, Any]:
    """The status form's slots once the service confirmed the number for this contact; {} if not."""
    try:
        verified = await call_service(
            tracker, service.verify, tracker.sender_id, contact, rma_number=rma_number, order_number=order_number
        )
    except (ServiceUnavailable, Refused):
        return {}
    return {
        "lookup": rma_number or verified["order_number"],
        "rma_number": rma_number,
        "order_number": verified["order_number"],
        "contact": contact,
        "order_token": verified["token"],
    }


class ReturnStatus(Action):
    def name(self) -> str:
        return "action_return_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        token = tracker.get_slot("order_token")
        if not token:
            return []
        # A lookup may have been to find which return to change or cancel ("after_lookup").
        wish = tracker.get_slot("after_lookup")
        if wish in (change_resolution.AFTER_LOOKUP, change_resolution.AFTER_LOOKUP_REFUND):
            known = {k: tracker.get_slot(k) for k in ("order_number", "rma_number")} | {"token": token}
            return await change_resolution.change_known(dispatcher, tracker, known, to=wish)
        try:
            if tracker.get_slot("rma_number"):
                returns = [await call_service(tracker, service.get_return, token, tracker.get_slot("rma_number"))]
            else:
                returns = await call_service(tracker, service.order_returns, token, tracker.get_slot("order_number"))
        except ServiceUnavailable:
            dispatcher.utter_message(text=t(tracker, "status.ask_again_later"))
            return []
        except Refused as refusal:
            dispatcher.utter_message(text=t(tracker, "service.refused", detail=refusal.detail))
            return [SlotSet("rma_number", None), SlotSet("lookup", None)]
        if tracker.get_slot("after_lookup") == cancel.AFTER_LOOKUP:
            return [SlotSet("lookup", None), *cancel.offer_cancel(dispatcher, tracker, returns)]
        language = language_of(tracker)
        if not returns:
            dispatcher.utter_message(
                text=t(language, "status.no_return", order_number=tracker.get_slot("order_number")),
                buttons=[{"title": t(language, "button.start_return"), "payload": "/start_return"}],
            )
        for found in returns[:3]:
            dispatcher.utter_message(text=describe(found, with_items=len(returns) > 1, language=language))
        rating = ask_for_rating(dispatcher, tracker) if returns else []
        return [SlotSet("rma_number", None), SlotSet("lookup", None), *rating]


def describe(found: dict[str, Any], *, with_items: bool = False, language: str = "en") -> str:
    """The answer to "where is my return / refund?" for one return.

    The service's `progress` says what happened, what comes next and when, from the real records
    (receipt, inspection, the refund sent to the card, the replacement order); several returns on
    one order are told apart by their items."""
    progress = found.get("progress")
    if not progress:  # a service from before progress existed: the status and the last event
        return _describe_status(found, language)
    parts = [progress["done"], progress.get("next_step")]
    if found["status"] == "approved":
        parts += _where_to_send(found.get("instructions") or {}, language)
    text = sentences(language, parts)
    if with_items:
        text = t(language, "status.items_then", items=returned_items(found, language), text=text)
    return text


def _where_to_send(instructions: dict[str, Any], language: str) -> list[str]:
    """An approved return the customer still has to send: where to, and the label to print."""
    label_url = (instructions.get("label") or {}).get("label_url")
    if not label_url:
        return []
    where = [t(language, "status.send_to", address=instructions["ship_to"])] if instructions.get("ship_to") else []
    return [*where, t(language, "label.link", url=label_url)]


def _describe_status(found: dict[str, Any], language: str) -> str:
    status = found["status"]
    meaning = t(language, f"status.{status}") if status in STATUSES else status
    items = returned_items(found, language)
    parts = [t(language, "status.line", rma_number=found["rma_number"], items=items, status=meaning)]
    if status in ("approved", "in_transit", "received", "inspected"):
        amount = money(found["refund_estimate_minor"], found["currency"], language)
        parts.append(t(language, "status.expected_refund", amount=amount))
        due = found["decision"].get("refund_due_days")
        if due:
            parts.append(t(language, "status.refund_within", days=due))
    parts.append(t(language, "status.last_update", update=found["timeline"][-1]["description"]))
    return sentences(language, parts)
