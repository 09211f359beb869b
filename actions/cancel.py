"""'Cancel my return': before the parcel ships, the service cancels the customer's own return.

Which return is found the way a status is: the status form, which already knows a return made or
looked up earlier in this chat and otherwise asks for the number and the contact. The intent
`cancel_return` sets the slot `after_lookup` to "cancel" (domain.yml), so the end of that lookup
offers the cancellation instead of the status (actions/status.py calls `offer_cancel`). The customer then
confirms with a button or in words: `cancel_asked` makes a "yes" or "no" typed next the answer to
that question (data/rules.yml). Whether a return can still be cancelled is the service's word:
`customer_may_cancel` on each return, and its refusal when the parcel shipped in between.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from .backend_client import Refused, ServiceUnavailable, call_service, service
from .language import language_of, t
from .satisfaction import ask_for_rating
from .slots import reset_return
from .texts import returned_items

# What the status lookup does once it verified the return (the `after_lookup` slot).
AFTER_LOOKUP = "cancel"
ASKED_SLOT = "cancel_asked"
CONFLICT = 409  # the service's "can no longer be cancelled": its detail is the whole answer


def offer_cancel(dispatcher: CollectingDispatcher, tracker: Tracker, returns: list[dict[str, Any]]) -> list[EventType]:
    """After the lookup: ask to confirm the one return that can be cancelled, ask which when there
    are several, or say why there is nothing to cancel."""
    language = language_of(tracker)
    open_returns = [found for found in returns if found.get("customer_may_cancel")]
    if len(open_returns) == 1:
        found = open_returns[0]
        dispatcher.utter_message(
            text=_named(language, "cancel.confirm", found),
            buttons=[
                {"title": t(language, "button.cancel_yes"), "payload": "/affirm"},
                {"title": t(language, "button.cancel_no"), "payload": "/deny"},
            ],
        )
        return [SlotSet("rma_number", found["rma_number"]), SlotSet(ASKED_SLOT, True), SlotSet("after_lookup", None)]
    if open_returns:  # a button per return; its payload comes back here with that number
        dispatcher.utter_message(
            text=t(language, "cancel.which"),
            buttons=[
                {"title": _named(language, "cancel.choice", found), "payload": _choose(found["rma_number"])}
                for found in open_returns[:5]
            ],
        )
        return [SlotSet("rma_number", None), SlotSet("after_lookup", None)]
    person = [{"title": t(language, "button.talk_to_person"), "payload": "/request_human"}]
    if not returns:
        dispatcher.utter_message(text=t(language, "cancel.no_return", order_number=tracker.get_slot("order_number")))
    for found in returns[:3]:
        dispatcher.utter_message(
            text=_named(language, "cancel.too_late", found),
            buttons=person,
        )
    return [SlotSet("rma_number", None), SlotSet("after_lookup", None)]


class CancelReturn(Action):
    """The answer to "Cancel return X?": yes cancels it through the service, no leaves it as it is."""

    def name(self) -> str:
        return "action_cancel_return"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        language = language_of(tracker)
        rma_number, token = tracker.get_slot("rma_number"), tracker.get_slot("order_token")
        done = [SlotSet(ASKED_SLOT, False)]
        if (tracker.latest_message.get("intent") or {}).get("name") != "affirm":
            dispatcher.utter_message(text=t(language, "cancel.kept", rma_number=rma_number))
            return done
        try:
            await call_service(tracker, service.cancel_return, token, rma_number)
        except ServiceUnavailable:
            dispatcher.utter_message(text=t(language, "status.ask_again_later"))
            return done
        except Refused as refusal:
            # A conflict is the service's whole answer, in the customer's language already.
            text = refusal.detail
            if refusal.status != CONFLICT:
                text = t(language, "service.refused", detail=refusal.detail)
            person = [{"title": t(language, "button.talk_to_person"), "payload": "/request_human"}]
            dispatcher.utter_message(text=text, buttons=person)
            return done
        dispatcher.utter_message(text=t(language, "cancel.done", rma_number=rma_number))
        return [*done, *ask_for_rating(dispatcher, tracker)]


class StopOutsideAForm(Action):
    """ "Stop" / "不退了" with no question open. After a return was made in this chat, "nothing
    was submitted" would be false: the return stays, and cancelling it is one button away."""

    def name(self) -> str:
        return "action_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        rma_number = tracker.get_slot("rma_number")
        if not rma_number:
            dispatcher.utter_message(response="utter_cancelled")
            return reset_return()
        language = language_of(tracker)
        dispatcher.utter_message(
            text=t(language, "cancel.return_stays", rma_number=rma_number),
            buttons=[{"title": t(language, "button.cancel_return"), "payload": _choose(rma_number)}],
        )
        return reset_return()


def _named(language: str, key: str, found: dict[str, Any]) -> str:
    """The catalogue's sentence `key` about one return: its number and its items."""
    return t(language, key, rma_number=found["rma_number"], items=returned_items(found, language))


def _choose(rma_number: str) -> str:
    """The payload of the button that picks this return to cancel."""
    return f'/cancel_return{{"rma_number": "{rma_number}"}}'
