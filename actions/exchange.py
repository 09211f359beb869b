"""Exchanges in the return form: the sizes and colours in stock as buttons, the choice read from a
button or words, the price difference as the policy settles it, and the summary and "done" lines
that name the variant instead of a refund.

The service knows the stock and the policy (GET /orders/{n}/lines/{line}/exchange-options); the
chosen variant is kept whole in the `exchange_variant` slot, so the summary and the submit need
no second look-up, and POST /returns holds that SKU for the customer.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.catalogue import sentences

from .backend_client import Refused, ServiceUnavailable, call_service, service
from .language import language_of, t
from .slots import selected_item, slot
from .texts import RESOLUTION_CODES, day, money, resolution_title

# The sentence for each way the policy settles a price difference (the service's `settlement`).
PRICE_SENTENCES = {
    "customer_pays": "exchange.customer_pays",
    "waived": "exchange.waived",
    "refund": "exchange.refund",
    "not_refunded": "exchange.not_refunded",
}
# Words customers use for letter sizes.
SIZE_WORDS = {
    "extra small": "XS",
    "extra large": "XL",
    "small": "S",
    "medium": "M",
    "large": "L",
    "小码": "S",
    "中码": "M",
    "大码": "L",
    "加大": "XL",
}
REFUSAL_PAYLOAD = re.compile(r'/exchange_item\{"line_no": "(\d+)", "reason": "([a-z_]+)"\}')
HOW_QUESTION = re.compile(r"\bhow\b|\bwhat happens\b|怎么|如何|咋|流程", re.IGNORECASE)


def describe(language: str, size: str | None, colour: str | None) -> str:
    """ "size M, Black" / "M码，Black": how a variant is named in a sentence or on a button."""
    if size and colour:
        return t(language, "exchange.variant.size_colour", size=size, colour=colour)
    if size:
        return t(language, "exchange.variant.size", size=size)
    return t(language, "exchange.variant.colour", colour=colour) if colour else ""


def price_sentence(language: str, variant: dict[str, Any]) -> str:
    settlement = variant["settlement"]
    if settlement == "none" or not variant["difference_minor"]:
        return t(language, "exchange.same_price")
    return t(
        language, PRICE_SENTENCES[settlement], amount=money(variant["difference_minor"], variant["currency"], language)
    )


def needs_variant(tracker: Tracker) -> bool:
    """The form asks for the size or colour once the customer settled on an exchange."""
    return tracker.get_slot("resolution") == "exchange"


async def _options(tracker: Tracker, updates: dict[str, Any] | None = None) -> dict[str, Any] | None:
    item = selected_item(tracker, updates)
    if item is None:
        return None
    return await call_service(
        tracker,
        service.exchange_options,
        slot(tracker, updates or {}, "order_token"),
        slot(tracker, updates or {}, "order_number"),
        int(item["line_no"]),
        int(slot(tracker, updates or {}, "quantity") or 1),
    )


class AskExchangeVariant(Action):
    def name(self) -> str:
        return "action_ask_exchange_variant"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        try:
            found = await _options(tracker)
        except (ServiceUnavailable, Refused):
            dispatcher.utter_message(text=t(tracker, "exchange.service_down"))
            return []
        if found is None:
            return []
        language = language_of(tracker)
        if not found["options"]:
            dispatcher.utter_message(
                text=t(language, "exchange.none_in_stock", item=found["name"]), buttons=_other_resolutions(tracker)
            )
            return []
        bought = describe(language, found["size"], found["colour"])
        text = (
            t(language, "exchange.ask_with_variant", item=found["name"], variant=bought)
            if bought
            else t(language, "exchange.ask", item=found["name"])
        )
        dispatcher.utter_message(
            text=text, buttons=[_button(language, option, found["currency"]) for option in found["options"]]
        )
        return []


def _button(language: str, option: dict[str, Any], currency: str) -> dict[str, str]:
    title = describe(language, option["size"], option["colour"])
    amount = money(option["difference_minor"], currency, language)
    if option["settlement"] == "customer_pays":
        title = t(language, "exchange.button.dearer", variant=title, amount=amount)
    elif option["settlement"] == "refund":
        title = t(language, "exchange.button.cheaper", variant=title, amount=amount)
    return {"title": title, "payload": f'/inform{{"exchange_sku": "{option["sku"]}"}}'}


def _other_resolutions(tracker: Tracker) -> list[dict[str, str]]:
    """No variant in stock: the other ways of settling the policy offers here, and a person."""
    language = language_of(tracker)
    offered = [
        o["kind"]
        for o in (tracker.get_slot("preview") or {}).get("resolutions", [])
        if o["kind"] in RESOLUTION_CODES and o["kind"] != "exchange"
    ]
    buttons = [
        {"title": resolution_title(kind, language), "payload": f'/inform{{"resolution": "{kind}"}}'} for kind in offered
    ]
    return [*buttons, {"title": t(language, "button.talk_to_person"), "payload": "/request_human"}]


async def validate_exchange_variant(value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """A SKU from a button, or words ("M", "medium in black"), matched against what is in stock."""
    if tracker.get_slot("resolution") != "exchange":
        return {"exchange_variant": None}  # another way of settling was chosen meanwhile
    if isinstance(value, dict):
        return {"exchange_variant": value}
    try:
        found = await _options(tracker)
    except (ServiceUnavailable, Refused):
        dispatcher.utter_message(text=t(tracker, "exchange.service_down"))
        return {"exchange_variant": None}
    if not found or not found["options"]:
        return {"exchange_variant": None}  # the ask says none is in stock, with the other choices
    option = match_variant(str(value), found["options"])
    if option is None:
        dispatcher.utter_message(text=t(tracker, "exchange.pick"))
        return {"exchange_variant": None}
    item = selected_item(tracker) or {}
    chosen = {
        **option,
        "currency": found["currency"],
        "line_no": item.get("line_no"),
        "quantity": found["quantity"],
    }
    return {"exchange_variant": chosen}


def match_variant(text: str, options: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one option the words name: its SKU, or its size and/or colour; None when none or several."""
    said = text.strip().lower()
    by_sku = [o for o in options if o["sku"].lower() == said]
    if by_sku:
        return by_sku[0]
    for words, size in SIZE_WORDS.items():
        said = said.replace(words, f" {size.lower()} ")
    tokens = set(re.findall(r"[a-z0-9]+|[\u4e00-\u9fff]+", said))
    tokens |= {t[:-1] for t in tokens if t.endswith("码")}  # "m码" -> "m"

    def score(option: dict[str, Any]) -> int:
        size_hit = bool(option["size"]) and option["size"].lower() in tokens
        colour_hit = bool(option["colour"]) and option["colour"].lower() in said
        return 2 * size_hit + colour_hit

    best = max((score(o) for o in options), default=0)
    winners = [o for o in options if best and score(o) == best]
    return winners[0] if len(winners) == 1 else None


def still_chosen(tracker: Tracker, updates: dict[str, Any]) -> dict[str, Any]:
    """A variant chosen for another item or quantity no longer applies: ask again."""
    chosen = slot(tracker, updates, "exchange_variant")
    item = selected_item(tracker, updates)
    quantity = int(slot(tracker, updates, "quantity") or 1)
    if isinstance(chosen, dict) and (
        not item or chosen["line_no"] != item["line_no"] or chosen["quantity"] != quantity
    ):
        return {"exchange_variant": None}
    return {}


def summary(tracker: Tracker, reason_title: str) -> str:
    """The confirmation for an exchange: the variant and the price difference, no refund.

    `reason_title` is the catalogue's title of the reason, in the conversation's language."""
    language = language_of(tracker)
    preview: dict[str, Any] = tracker.get_slot("preview") or {}
    variant: dict[str, Any] = tracker.get_slot("exchange_variant") or {}
    item = selected_item(tracker) or {"name": variant.get("name", "")}
    parts = [
        t(
            language,
            "exchange.summary",
            quantity=tracker.get_slot("quantity") or 1,
            item=item["name"],
            order=tracker.get_slot("order_number"),
            variant=describe(language, variant.get("size"), variant.get("colour")),
            reason=reason_title,
        ),
        price_sentence(language, variant),
        t(language, "exchange.ship_customer")
        if preview.get("shipping_payer") == "customer"
        else t(language, "exchange.ship_free"),
    ]
    if preview.get("outcome") == "review":
        parts.append(t(language, "exchange.review"))
    elif preview.get("return_by"):
        parts.append(t(language, "exchange.send_by", date=day(preview["return_by"], language)))
    parts.append(t(language, "exchange.confirm"))
    return sentences(language, parts)


def sku_to_submit(tracker: Tracker) -> str | None:
    variant = tracker.get_slot("exchange_variant")
    return variant["sku"] if tracker.get_slot("resolution") == "exchange" and isinstance(variant, dict) else None


def done_lines(tracker: Tracker, created: dict[str, Any]) -> list[str] | None:
    """For a return opened as an exchange, what replaces the refund estimate; None otherwise."""
    held = next((line["exchange_for"] for line in created.get("lines", []) if line.get("exchange_for")), None)
    if held is None:
        return None
    language = language_of(tracker)
    variant = describe(language, held["size"], held["colour"])
    return [t(language, "exchange.done", item=held["name"], variant=variant), price_sentence(language, held)]


def refusal_button(tracker: Tracker, preview: dict[str, Any]) -> list[dict[str, str]]:
    """The policy's "exchange it instead" as a button that continues this return as an exchange."""
    if tracker.get_slot("resolution") == "exchange":
        return []  # this was the exchange: offering it again would go round in circles
    if not any(alt["rule_id"] == "alternative.exchange" for alt in preview.get("alternatives", [])):
        return []
    item = selected_item(tracker)
    if item is None:
        return []
    payload = f'/exchange_item{{"line_no": "{item["line_no"]}", "reason": "{tracker.get_slot("reason")}"}}'
    return [{"title": t(tracker, "exchange.instead"), "payload": payload}]


def refused_exchange(tracker: Tracker) -> str | None:
    """The opening of the refusal when the customer had asked for the exchange."""
    item = selected_item(tracker)
    if tracker.get_slot("resolution") != "exchange" or item is None:
        return None
    return t(tracker, "exchange.not_either", item=item["name"])


def asks_how(tracker: Tracker) -> bool:
    return bool(HOW_QUESTION.search(tracker.latest_message.get("text") or ""))


def refused_return_to_continue(tracker: Tracker) -> dict[str, str] | None:
    """The item and reason of a refusal just said, read from its "exchange instead" button, so
    "how do I exchange it?" typed after it continues that return instead of starting over."""
    current_seen = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if current_seen:
                return None  # another turn came between: that refusal is no longer the subject
            current_seen = True
        elif event.get("event") == "bot":
            for button in (event.get("data") or {}).get("buttons") or []:
                match = REFUSAL_PAYLOAD.fullmatch(button.get("payload") or "")
                if match:
                    return {"line_no": match.group(1), "reason": match.group(2)}
    return None
