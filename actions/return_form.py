"""The return form: which question comes next, and what each answer means.

The order of questions follows the policy, not a fixed script: verification first, then the
item, quantity only if there is a choice, the reason, the policy's own questions only when the
service's dry run asks them, and a resolution and a confirmation only when the answer is not
already "no". Every decision comes from the returns service.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from bot.catalogue import listing, sentences

from . import answers, evidence, exchange, offers
from .backend_client import Refused, ServiceUnavailable, call_service, service
from .in_context import AnswersInContext
from .items import mentioned_item
from .language import language_of, t
from .slots import eligible_items, returnable, selected_item, slot
from .texts import REASON_TITLES, parse_quantity, reason_from_text, reason_from_title, resolution_title

ORDER_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,63}$")
MAX_VERIFICATION_FAILURES = 3


FILLER_WORDS = {"order", "number", "no", "nr", "num", "my", "is", "it", "its", "the", "from"}


def normalise_order_number(text: str) -> str:
    """ "order no. #a1001" -> "A1001": the first word with a digit that is not a filler word.

    A prefix of one or two letters typed apart from its digits ("K 582348") is joined to them."""
    words = [w for w in re.findall(r"[A-Za-z0-9][A-Za-z0-9_-]*", text) if w.lower() not in FILLER_WORDS]
    words = _joined_prefixes(words)
    with_digit = [w for w in words if any(ch.isdigit() for ch in w)]
    return (with_digit or words or [""])[0].upper()


def _joined_prefixes(words: list[str]) -> list[str]:
    joined: list[str] = []
    for word in words:
        if joined and word.isdigit() and len(joined[-1]) <= 2 and joined[-1].isalpha():
            joined[-1] += word
        else:
            joined.append(word)
    return joined


class ValidateReturnForm(AnswersInContext, FormValidationAction):
    def name(self) -> str:
        return "validate_return_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        slots = ["order_number", "contact"]
        if not tracker.get_slot("order_token") or not eligible_items(tracker):
            return slots  # unverified, or nothing returnable: the form ends and the submit explains
        slots.append("line_no")
        item = selected_item(tracker)
        if item is None:
            return slots
        if item["returnable_quantity"] > 1:
            slots.append("quantity")
        slots.append("reason")
        preview = tracker.get_slot("preview")
        if preview is None:
            return slots
        if tracker.get_slot("pending_question"):
            return [*slots, "question_answer"]
        if preview["outcome"] == "reject":
            return slots
        if evidence.missing_evidence(preview):
            slots.append("evidence")  # the photos the policy asks for, before how to settle it
        elif (offer_slots := offers.form_slots(tracker)) is not None:
            return [*slots, *offer_slots]  # keep the item instead? (actions/offers.py)
        return [*slots, "resolution", *(["exchange_variant"] if exchange.needs_variant(tracker) else []), "confirmed"]

    # --- verification ---------------------------------------------------------------------
    async def validate_order_number(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        number = normalise_order_number(str(value))
        if not ORDER_NUMBER.match(number):
            dispatcher.utter_message(text=t(tracker, "form.bad_order_number"))
            return {"order_number": None}
        updates: dict[str, Any] = {"order_number": number}
        if number != tracker.get_slot("order_number") or tracker.get_slot("order_token") is None:
            updates |= {"order_token": None, "returnable_items": None}
        if tracker.get_slot("contact") and not tracker.get_slot("order_token"):
            updates |= await self._verify(dispatcher, tracker, number, tracker.get_slot("contact"))
            if updates.get("order_token"):
                # The contact came first (a signed-in customer's email): ask the policy about an
                # item and reason already named, as validate_contact does.
                updates |= await self._catch_up(dispatcher, tracker, updates)
        return updates

    async def validate_contact(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if (out_of_turn := await evidence.photos_out_of_turn(dispatcher, tracker, "contact")) is not None:
            return out_of_turn
        order_number = tracker.get_slot("order_number")
        if not order_number:
            return {"contact": str(value).strip()}  # checked once the order number arrives
        updates: dict[str, Any] = {}
        if not tracker.get_slot("order_token"):
            updates = await self._verify(dispatcher, tracker, normalise_order_number(order_number), str(value).strip())
        if updates.get("contact", value) is not None:
            updates |= await self._catch_up(dispatcher, tracker, updates)
        return updates

    async def _verify(self, dispatcher, tracker: Tracker, order_number: str, contact: str) -> dict[str, Any]:
        try:
            verified = await call_service(
                tracker, service.verify, tracker.sender_id, contact, order_number=order_number
            )
            items = await call_service(tracker, service.returnable_items, verified["token"], order_number)
        except ServiceUnavailable:
            dispatcher.utter_message(text=t(tracker, "form.service_down"))
            return {"contact": contact, "order_token": None}
        except Refused as refusal:
            return self._not_verified(dispatcher, tracker, refusal)
        listed = [item | {"currency": items["currency"]} for item in items["items"]]
        updates = {
            "contact": contact,
            "order_token": verified["token"],
            "returnable_items": listed,
            "verification_failures": 0,
        }
        dispatcher.utter_message(text=t(tracker, "form.order_found", order_number=order_number))
        return updates | self._item_already_named(dispatcher, tracker, listed)

    def _item_already_named(self, dispatcher, tracker: Tracker, listed: list[dict[str, Any]]) -> dict[str, Any]:
        """The item, when the order has only one or the customer named it before verification."""
        eligible = [item for item in listed if returnable(item)]
        if len(eligible) == 1 and len(listed) == 1:
            return {"line_no": str(eligible[0]["line_no"])}  # one item: nothing to choose
        named = mentioned_item(_opening_message(tracker), listed)
        if named is None:
            return {}
        if not returnable(named):
            dispatcher.utter_message(text=_not_returnable(named, language_of(tracker)))
            return {}
        return {"line_no": str(named["line_no"])} | ({"quantity": "1"} if named["returnable_quantity"] == 1 else {})

    def _not_verified(self, dispatcher, tracker: Tracker, refusal: Refused) -> dict[str, Any]:
        failures = int(tracker.get_slot("verification_failures") or 0) + 1
        if refusal.status == 422:
            dispatcher.utter_message(text=t(tracker, "form.bad_contact"))
        elif refusal.status == 429 or failures >= MAX_VERIFICATION_FAILURES:
            why = refusal.detail if refusal.status == 429 else t(tracker, "form.still_not_verified")
            dispatcher.utter_message(
                text=t(tracker, "form.person_can_help", why=why),
                buttons=[{"title": t(tracker, "button.talk_to_person"), "payload": "/request_human"}],
            )
        else:
            dispatcher.utter_message(text=t(tracker, "form.not_matched"))
        return {"contact": None, "order_token": None, "verification_failures": float(failures)}

    # --- the item and the reason ------------------------------------------------------------
    async def validate_line_no(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if (out_of_turn := await evidence.photos_out_of_turn(dispatcher, tracker, "line_no")) is not None:
            return out_of_turn
        items = tracker.get_slot("returnable_items") or []
        item = answers.item_named(str(value), items, eligible_items(tracker))
        if item is None:
            dispatcher.utter_message(text=t(tracker, "form.which_item"))
            return {"line_no": None}
        if not returnable(item):
            dispatcher.utter_message(text=_not_returnable(item, language_of(tracker)))
            return {"line_no": None}
        updates: dict[str, Any] = {"line_no": str(item["line_no"])}
        if item["returnable_quantity"] == 1:
            updates["quantity"] = "1"
        return updates | await self._catch_up(dispatcher, tracker, updates)

    async def validate_quantity(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if (out_of_turn := await evidence.photos_out_of_turn(dispatcher, tracker, "quantity")) is not None:
            return out_of_turn
        item = selected_item(tracker)
        most = item["returnable_quantity"] if item else 1
        quantity = parse_quantity(str(value), most)
        if quantity is None or not 1 <= quantity <= most:
            dispatcher.utter_message(text=t(tracker, "form.how_many", most=most))
            return {"quantity": None}
        updates = {"quantity": str(quantity)}
        return updates | await self._catch_up(dispatcher, tracker, updates)

    async def validate_reason(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if (out_of_turn := await evidence.photos_out_of_turn(dispatcher, tracker, "reason")) is not None:
            return out_of_turn
        text = str(value).strip()
        said = (tracker.latest_message.get("text") or "").strip()
        if not said.startswith("/") and len(answers.reasons_named(said)) > 1:
            # Two reasons in one message ("the zip broke, and I changed my mind"), whichever one
            # NLU tagged: which one decides the return is the customer's to say, so the question
            # comes again with just those two (action_ask_reason reads them from the note).
            return {"reason": None, "note": said[:2000]}
        if text in REASON_TITLES:
            updates = {"reason": text}
        elif (titled := reason_from_title(text)) is not None:
            updates = {"reason": titled}
        else:  # free text: keep the customer's words as the note either way
            updates = {"reason": answers.reason_named(text) or "other", "note": text[:2000]}
        return updates | await self._catch_up(dispatcher, tracker, updates)

    async def validate_question_answer(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        question = tracker.get_slot("pending_question")
        answers = dict(tracker.get_slot("answers") or {})
        if question:
            answers[question["id"]] = bool(value)
        updates = {"answers": answers, "question_answer": None}
        return updates | await self._catch_up(dispatcher, tracker, updates)

    async def validate_evidence(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        updates = await evidence.validate_evidence(value, dispatcher, tracker)
        if "evidence_ids" not in updates:
            return updates
        updates |= await self._catch_up(dispatcher, tracker, updates)
        return updates | evidence.evidence_after_catch_up(updates.get("preview"))

    async def validate_offer_answer(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return await offers.validate_offer_answer(value, dispatcher, tracker)

    async def validate_resolution(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if (out_of_turn := await evidence.photos_out_of_turn(dispatcher, tracker, "resolution")) is not None:
            return out_of_turn
        offered = [option["kind"] for option in (tracker.get_slot("preview") or {}).get("resolutions", [])]
        kind = answers.resolution_named(str(value))
        if kind not in offered:
            language = language_of(tracker)
            choices = listing([resolution_title(k, language).lower() for k in offered], language, style="or")
            dispatcher.utter_message(text=t(language, "form.resolution_choices", choices=choices))
            return {"resolution": None}
        return {"resolution": kind} | ({} if kind == "exchange" else {"exchange_variant": None})

    async def validate_exchange_variant(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return await exchange.validate_exchange_variant(value, dispatcher, tracker)

    async def validate_confirmed(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return {"confirmed": bool(value)}

    # --- the service's dry run ------------------------------------------------------------------
    async def _catch_up(self, dispatcher, tracker: Tracker, updates: dict[str, Any]) -> dict[str, Any]:
        """Ask the policy again whenever item, quantity, reason or an answer is newly known."""
        token = slot(tracker, updates, "order_token")
        item = selected_item(tracker, updates)
        reason, fixed = _known_reason(slot(tracker, updates, "reason"), tracker)
        if not (token and item and reason):
            return fixed
        quantity = int(slot(tracker, updates, "quantity") or 1)
        answers = slot(tracker, updates, "answers") or {}
        try:
            decision = await call_service(
                tracker,
                service.preview,
                token,
                slot(tracker, updates, "order_number"),
                [{"line_no": item["line_no"], "quantity": quantity, "reason": reason}],
                answers,
                evidence_ids=slot(tracker, updates, "evidence_ids") or None,
                conversation_id=tracker.sender_id,
            )
        except ServiceUnavailable:
            dispatcher.utter_message(text=t(tracker, "form.service_down"))
            return {"preview": None}
        except Refused as refusal:
            dispatcher.utter_message(text=t(tracker, "service.refused", detail=refusal.detail))
            return {"preview": None, "line_no": None}
        pending = next((q for q in decision["questions"] if q["id"] not in answers), None)
        result: dict[str, Any] = {**fixed, "preview": decision, "pending_question": pending}
        offered = {option["kind"] for option in decision["resolutions"]}
        # A refusal keeps the wish: "can't be exchanged either" must not offer the exchange again.
        if slot(tracker, updates, "resolution") not in offered and decision["outcome"] != "reject":
            result["resolution"] = None  # e.g. asked for an exchange the policy does not offer here
        result |= exchange.still_chosen(tracker, {**updates, **result})
        return result | await offers.offer_after_decision(dispatcher, tracker, {**updates, **result})


def _known_reason(value: Any, tracker: Tracker) -> tuple[str | None, dict[str, Any]]:
    """A reason code, and the slot fix if the slot held something else.

    A reason picked up from an early message (before the form asked for it) was never
    validated; NLU sometimes tags a stray word ("mind") as the reason. Read the message again.
    """
    if value in REASON_TITLES:
        return value, {}
    # "I want to return the rug, I changed my mind": the reason was in the opening message.
    said = (tracker.latest_message.get("text") or "", _opening_message(tracker), str(value or ""))
    code = next((found for text in said if (found := reason_from_text(text))), None)
    return code, ({"reason": code} if code or value is not None else {})


def _not_returnable(item: dict[str, Any], language: str) -> str:
    why = sentences(language, [e["text"] for e in item["explanations"]]) or t(language, "form.no_longer_returnable")
    return t(language, "form.not_returnable", item=item["name"], why=why)


def _opening_message(tracker: Tracker) -> str:
    """The customer's message that started this return."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
            if intent in ("start_return", "exchange_item"):
                return event.get("text") or ""
    return ""
