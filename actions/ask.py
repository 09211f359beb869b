"""The form's questions that depend on the order and the policy: buttons built from the service."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from .slots import eligible_items, returnable, selected_item
from .texts import REASON_TITLES, RESOLUTION_TITLES, SHIPPING_PAYER, day, money

COMMON_REASONS = (
    "size_too_small",
    "size_too_large",
    "defective",
    "damaged_in_transit",
    "wrong_item",
    "not_as_described",
    "changed_mind",
    "other",
)


class AskLineNo(Action):
    def name(self) -> str:
        return "action_ask_line_no"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        items = tracker.get_slot("returnable_items") or []
        refused = [item for item in items if not returnable(item)]
        lines = ["Which item would you like to return?"]
        for item in refused:
            why = " ".join(e["text"] for e in item["explanations"])
            lines.append(f"(The {item['name']} can't be returned: {why})")
        buttons = [
            {
                "title": f"{item['name']} — {money(item['unit_price_minor'], item['currency'])}",
                "payload": f'/inform{{"line_no": "{item["line_no"]}"}}',
            }
            for item in eligible_items(tracker)
        ]
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return []


class AskQuantity(Action):
    def name(self) -> str:
        return "action_ask_quantity"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        item = selected_item(tracker) or {"returnable_quantity": 1, "name": "item"}
        most = item["returnable_quantity"]
        buttons = [{"title": str(n), "payload": f'/inform{{"quantity": "{n}"}}'} for n in range(1, min(most, 5) + 1)]
        dispatcher.utter_message(text=f"How many of the {item['name']} are you returning?", buttons=buttons)
        return []


class AskReason(Action):
    def name(self) -> str:
        return "action_ask_reason"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        item = selected_item(tracker) or {"name": "item", "eligible": True, "eligible_reasons": []}
        codes = COMMON_REASONS
        if not item["eligible"]:
            # The usual window has closed; only reasons like a defect are still open. Say so.
            codes = tuple(code for code in COMMON_REASONS if code in item["eligible_reasons"])
            why = " ".join(e["text"] for e in item.get("explanations", []))
            dispatcher.utter_message(text=f"{why} It can still be returned if something is wrong with it.".strip())
        buttons = [{"title": REASON_TITLES[code], "payload": f'/inform{{"reason": "{code}"}}'} for code in codes]
        dispatcher.utter_message(
            text=f"What's the reason for returning the {item['name']}? Pick one or tell me in your own words.",
            buttons=buttons,
        )
        return []


class AskQuestionAnswer(Action):
    def name(self) -> str:
        return "action_ask_question_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        question = tracker.get_slot("pending_question") or {"text": "Can you confirm?"}
        dispatcher.utter_message(
            text=question["text"], buttons=[{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
        )
        return []


class AskResolution(Action):
    def name(self) -> str:
        return "action_ask_resolution"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        preview = tracker.get_slot("preview") or {}
        currency = preview.get("currency", "")
        buttons = []
        for option in preview.get("resolutions", []):
            amount = money(option["customer_amount_minor"], currency)
            title = RESOLUTION_TITLES[option["kind"]] + ("" if option["kind"] == "exchange" else f" ({amount})")
            buttons.append({"title": title, "payload": f'/inform{{"resolution": "{option["kind"]}"}}'})
        dispatcher.utter_message(
            text="Good news: this item can be returned. How would you like it settled?", buttons=buttons
        )
        return []


class AskConfirmed(Action):
    def name(self) -> str:
        return "action_ask_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        dispatcher.utter_message(
            text=summary(tracker),
            buttons=[{"title": "Yes, submit", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
        )
        return []


def summary(tracker: Tracker) -> str:
    """One message with everything the customer is about to agree to."""
    preview: dict[str, Any] = tracker.get_slot("preview") or {}
    item = selected_item(tracker) or {"name": "item"}
    currency = preview.get("currency", "")
    kind = tracker.get_slot("resolution")
    option = next((o for o in preview.get("resolutions", []) if o["kind"] == kind), None)
    parts = [
        f"Please check: return {tracker.get_slot('quantity') or 1} × {item['name']} from order "
        f"{tracker.get_slot('order_number')}, reason: {_reason_title(tracker)}.",
        f"You'll get: {RESOLUTION_TITLES.get(kind, kind)}"
        + (f" of {money(option['customer_amount_minor'], currency)}" if option and kind != "exchange" else "")
        + ".",
        SHIPPING_PAYER.get(preview.get("shipping_payer"), "") + ".",
    ]
    if preview.get("outcome") == "review":
        parts.append("A member of our team will review it before you send anything.")
    elif preview.get("return_by"):
        parts.append(f"You'll need to send it by {day(preview['return_by'])}.")
    parts.append("Shall I submit it?")
    return " ".join(parts)


def _reason_title(tracker: Tracker) -> str:
    return REASON_TITLES.get(tracker.get_slot("reason"), "other").lower()
