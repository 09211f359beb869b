"""The form's questions that depend on the order and the policy: buttons built from the service."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.catalogue import sentences

from . import answers, exchange
from .in_context import person_buttons
from .language import language_of, t
from .slots import eligible_items, returnable, selected_item
from .texts import common_reasons, day, money, reason_title, resolution_title, shipping_payer


class AskLineNo(Action):
    def name(self) -> str:
        return "action_ask_line_no"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        items = tracker.get_slot("returnable_items") or []
        refused = [item for item in items if not returnable(item)]
        lines = [t(language, "ask.line_no")]
        for item in refused:
            why = sentences(language, [e["text"] for e in item["explanations"]])
            lines.append(t(language, "ask.line_no.refused", item=item["name"], why=why))
        buttons = [
            {
                "title": t(
                    language,
                    "button.item_price",
                    item=item["name"],
                    price=money(item["unit_price_minor"], item["currency"], language),
                ),
                "payload": f'/inform{{"line_no": "{item["line_no"]}"}}',
            }
            for item in eligible_items(tracker)
        ]
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons + person_buttons(tracker, "line_no"))
        return []


class AskQuantity(Action):
    def name(self) -> str:
        return "action_ask_quantity"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        item = selected_item(tracker) or {"returnable_quantity": 1, "name": "item"}
        most = item["returnable_quantity"]
        buttons = [{"title": str(n), "payload": f'/inform{{"quantity": "{n}"}}'} for n in range(1, min(most, 5) + 1)]
        buttons += person_buttons(tracker, "quantity")
        dispatcher.utter_message(text=t(tracker, "ask.quantity", item=item["name"]), buttons=buttons)
        return []


class AskReason(Action):
    def name(self) -> str:
        return "action_ask_reason"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        item = selected_item(tracker) or {"name": "item", "eligible": True, "eligible_reasons": []}
        # The service's buttons; while it can't be read, none: the customer types or asks for a person.
        codes = common_reasons()
        if not item["eligible"]:
            # The usual window has closed; only reasons like a defect are still open. Say so.
            codes = tuple(code for code in codes if code in item["eligible_reasons"])
            why = sentences(language, [e["text"] for e in item.get("explanations", [])])
            dispatcher.utter_message(text=t(language, "ask.reason.window_closed", why=why).strip())
        question = t(language, "ask.reason", item=item["name"])
        if named := reasons_just_named(tracker):  # "faulty, and it came late": which one?
            codes, question = tuple(named), t(language, "ask.reason.which", item=item["name"])
        buttons = [
            {"title": reason_title(code, language), "payload": f'/inform{{"reason": "{code}"}}'} for code in codes
        ]
        buttons += person_buttons(tracker, "reason")
        dispatcher.utter_message(text=question, buttons=buttons)
        return []


def reasons_just_named(tracker: Tracker) -> list[str]:
    """The reasons the customer's last message named, when it named more than one and so left the
    reason open (return_form.validate_reason keeps that message as the note)."""
    note = tracker.get_slot("note")
    if tracker.get_slot("reason") or not note or note != (tracker.latest_message.get("text") or "").strip()[:2000]:
        return []
    named = answers.reasons_named(note)
    return named if len(named) > 1 else []


class AskQuestionAnswer(Action):
    def name(self) -> str:
        return "action_ask_question_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        question = tracker.get_slot("pending_question") or {"text": t(tracker, "ask.question.fallback")}
        buttons = [
            {"title": t(tracker, "button.yes"), "payload": "/affirm"},
            {"title": t(tracker, "button.no"), "payload": "/deny"},
            *person_buttons(tracker, "question_answer"),
        ]
        dispatcher.utter_message(text=question["text"], buttons=buttons)
        return []


class AskResolution(Action):
    def name(self) -> str:
        return "action_ask_resolution"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        language = language_of(tracker)
        preview = tracker.get_slot("preview") or {}
        currency = preview.get("currency", "")
        buttons = []
        for option in preview.get("resolutions", []):
            title = resolution_title(option["kind"], language)
            if option["kind"] != "exchange":
                amount = money(option["customer_amount_minor"], currency, language)
                title = t(language, "button.resolution_amount", resolution=title, amount=amount)
            buttons.append({"title": title, "payload": f'/inform{{"resolution": "{option["kind"]}"}}'})
        buttons += person_buttons(tracker, "resolution")
        dispatcher.utter_message(text=t(language, "ask.resolution"), buttons=buttons)
        return []


class AskConfirmed(Action):
    def name(self) -> str:
        return "action_ask_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        dispatcher.utter_message(
            text=summary(tracker),
            buttons=[
                {"title": t(tracker, "button.yes_submit"), "payload": "/affirm"},
                {"title": t(tracker, "button.no"), "payload": "/deny"},
                *person_buttons(tracker, "confirmed"),
            ],
        )
        return []


def summary(tracker: Tracker) -> str:
    """One message with everything the customer is about to agree to."""
    if exchange.needs_variant(tracker) and tracker.get_slot("exchange_variant"):
        return exchange.summary(tracker, reason_title(tracker.get_slot("reason"), language_of(tracker)).lower())
    language = language_of(tracker)
    preview: dict[str, Any] = tracker.get_slot("preview") or {}
    item = selected_item(tracker) or {"name": "item"}
    currency = preview.get("currency", "")
    kind = tracker.get_slot("resolution")
    option = next((o for o in preview.get("resolutions", []) if o["kind"] == kind), None)
    resolution = resolution_title(kind, language)
    parts = [
        t(
            language,
            "summary.return",
            quantity=tracker.get_slot("quantity") or 1,
            item=item["name"],
            order_number=tracker.get_slot("order_number"),
            reason=reason_title(tracker.get_slot("reason"), language).lower(),
        ),
        t(
            language,
            "summary.you_get_amount",
            resolution=resolution,
            amount=money(option["customer_amount_minor"], currency, language),
        )
        if option and kind != "exchange"
        else t(language, "summary.you_get", resolution=resolution),
        shipping_payer(preview.get("shipping_payer"), language),
    ]
    if preview.get("outcome") == "review":
        parts.append(t(language, "summary.review"))
    elif preview.get("return_by"):
        parts.append(t(language, "summary.send_by", date=day(preview["return_by"], language)))
    parts.append(t(language, "summary.submit"))
    return sentences(language, parts)
