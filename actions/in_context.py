"""The return form reads a typed message as the answer to its open question before the NLU's intent.

Rasa runs the form's validation action before any rule when a form is open, so its
`extract_<slot>` methods see every message first. Each reads the text (actions/answers.py) only
while its own question is open and only from a message typed just now; a clear answer fills the
slot and the form goes on, whatever intent the NLU saw ("refund" was read as check_return_status).
Anything unclear is left alone: the slot mappings, and then the rules, decide as before.

The form also counts the answers it could not use, per question, in the `unanswered` slot: after
two, the question comes back with a "Talk to a person" button (actions/reask.py, actions/ask.py).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from . import answers
from .backend_client import Refused, ServiceUnavailable, call_service, service
from .exchange import match_variant
from .language import t
from .slots import eligible_items, selected_item

LISTEN = "action_listen"
FORM = "return_form"
# A message the NLU reads as one of these is never taken for an answer: "no, get me a person".
LEAVING_INTENTS = frozenset({"request_human", "stop", "cancel_return", "restart", "switch_language"})
UNANSWERED = "unanswered"
# The questions whose validators turn down an answer they cannot use (a wrong item, a count too
# big, a way of settling not offered, a size not in stock): each such answer counts.
CHECKED_QUESTIONS = frozenset({"line_no", "quantity", "resolution", "exchange_variant"})
# Photos sent while another question is open answer nothing, but are no failure either.
PHOTO_INTENTS = frozenset({"provide_evidence", "no_evidence"})
# From the second answer the form could not use, the question offers a person as well.
FAILURES_BEFORE_A_PERSON = 2


def answering_now(tracker: Tracker) -> bool:
    """Whether the form runs on the message just typed, not on its way back from another action
    (a policy answer, the form's start, a re-ask).

    Rasa hands the validation action a tracker that ends with the form's own ActionExecuted, so
    the action that counts is the one before it: action_listen when the customer just spoke."""
    actions = [event.get("name") for event in reversed(tracker.events) if event.get("event") == "action"]
    if actions and actions[0] == FORM:
        actions = actions[1:]
    return (actions[0] if actions else tracker.latest_action_name) == LISTEN


def typed_answer(tracker: Tracker, slot: str) -> str | None:
    """The text just typed while the form asks for `slot`; None for a button, a digression's
    return to the form, or a message the NLU reads as leaving the form."""
    if tracker.get_slot("requested_slot") != slot or not answering_now(tracker):
        return None
    text = (tracker.latest_message.get("text") or "").strip()
    if not text or text.startswith("/"):
        return None  # a button's payload: its intent and entities say what it means
    if (tracker.latest_message.get("intent") or {}).get("name") in LEAVING_INTENTS:
        return None
    return text


def option_answer(tracker: Tracker, slot: str) -> str | None:
    """A typed answer to an option question that the slot mappings did not already take, and that
    is not a new question ("where is my refund?")."""
    text = typed_answer(tracker, slot)
    if text is None or tracker.slots_to_validate().get(slot) is not None:
        return None
    return None if answers.is_question(text) and not answers.is_short(text) else text


def failures(tracker: Tracker, slot: str | None) -> int:
    unanswered = tracker.get_slot(UNANSWERED)
    if isinstance(unanswered, dict) and unanswered.get("slot") == slot and slot:
        return int(unanswered.get("times") or 0)
    return 0


def one_more_failure(tracker: Tracker, slot: str | None) -> dict[str, Any]:
    return {UNANSWERED: {"slot": slot, "times": failures(tracker, slot) + 1}}


def person_buttons(tracker: Tracker, slot: str) -> list[dict[str, str]]:
    """A "Talk to a person" button once the customer could not answer this question twice."""
    if failures(tracker, slot) < FAILURES_BEFORE_A_PERSON:
        return []
    return [{"title": t(tracker, "button.talk_to_person"), "payload": "/request_human"}]


class AnswersInContext:
    """The return form's `extract_<slot>` methods and its count of answers it could not use."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        asked = tracker.get_slot("requested_slot")
        answering = bool(asked) and answering_now(tracker)
        events = await super().run(dispatcher, tracker, domain)  # type: ignore[misc]
        if not answering:
            return events
        values = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
        if values.get(asked) is not None and tracker.get_slot(UNANSWERED) is not None:
            return [*events, SlotSet(UNANSWERED, None)]  # answered: the next question starts afresh
        photos = (tracker.latest_message.get("intent") or {}).get("name") in PHOTO_INTENTS  # kept for later
        if asked in CHECKED_QUESTIONS and asked in values and values[asked] is None and not photos:
            return [*events, SlotSet(UNANSWERED, one_more_failure(tracker, asked)[UNANSWERED])]
        return events

    # --- yes or no ---------------------------------------------------------------------------
    async def extract_question_answer(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        # The condition described ("没有拆封过", "never opened it") answers before any yes or no word.
        text = typed_answer(tracker, "question_answer")
        question = tracker.get_slot("pending_question") or {}
        answer = answers.condition_answer(question.get("id"), text) if text else None
        return {"question_answer": answer} if answer is not None else _yes_or_no(tracker, "question_answer")

    async def extract_confirmed(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        return _yes_or_no(tracker, "confirmed")

    async def extract_offer_answer(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        return _yes_or_no(tracker, "offer_answer")

    # --- options -------------------------------------------------------------------------------
    async def extract_resolution(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        text = option_answer(tracker, "resolution")
        kind = answers.resolution_named(text) if text else None
        return {"resolution": kind} if kind else {}

    async def extract_reason(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        text = option_answer(tracker, "reason")
        # The words themselves: validate_reason reads them again and keeps them as the note.
        return {"reason": text} if text and answers.reason_named(text) else {}

    async def extract_line_no(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        text = option_answer(tracker, "line_no")
        items = tracker.get_slot("returnable_items") or []
        item = answers.item_named(text, items, eligible_items(tracker)) if text else None
        return {"line_no": str(item["line_no"])} if item else {}

    async def extract_quantity(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        text = option_answer(tracker, "quantity")
        item = selected_item(tracker)
        quantity = answers.quantity_named(text, item["returnable_quantity"]) if text and item else None
        return {"quantity": str(quantity)} if quantity else {}

    async def extract_exchange_variant(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        text = option_answer(tracker, "exchange_variant")
        item = selected_item(tracker)
        if not text or item is None or tracker.get_slot("resolution") != "exchange":
            return {}
        try:
            found = await call_service(
                tracker,
                service.exchange_options,
                tracker.get_slot("order_token"),
                tracker.get_slot("order_number"),
                int(item["line_no"]),
                int(tracker.get_slot("quantity") or 1),
            )
        except (ServiceUnavailable, Refused):
            return {}  # the validator says the service is down when it asks again
        named = match_variant(text, (found or {}).get("options") or [])
        return {"exchange_variant": text} if named else {}  # validate_exchange_variant holds it


def _yes_or_no(tracker: Tracker, slot: str) -> dict[str, Any]:
    text = typed_answer(tracker, slot)
    answer = answers.yes_or_no(text) if text else None
    return {} if answer is None else {slot: answer}
