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

from .backend_client import Refused, ServiceUnavailable, call_service, service
from .slots import selected_item, slot
from .texts import day, money

# to the catalogue
TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "ask": "Which size or colour would you like instead of your {item}{bought}?",
        "bought": " ({variant})",
        "none_in_stock": "Sorry, no other size or colour of the {item} is in stock right now, so I can't exchange "
        "it. Would you like one of these instead?",
        "pick": "Please pick one of the sizes or colours below.",
        "service_down": "I can't check the stock right now, sorry. Please try again in a moment.",
        "size": "size {size}",
        "same_price": "Same price, so there's nothing to pay.",
        "customer_pays": "It costs {amount} more; you pay the difference.",
        "waived": "It costs {amount} more, but you pay nothing extra.",
        "refund": "It costs {amount} less; we refund the difference to your original payment method.",
        "not_refunded": "It costs {amount} less; under our policy the difference is not refunded.",
        "more": "+{amount}",
        "less": "−{amount}",
        "summary": "Please check: exchange {quantity} × {item} from order {order} for the {item} in {variant}, "
        "reason: {reason}.",
        "ship_free": "Sending yours back is free.",
        "ship_customer": "Sending yours back is at your cost.",
        "review": "A member of our team will review it before you send anything.",
        "send_by": "Please send yours by {date}.",
        "confirm": "Shall I submit it?",
        "done": "Your exchange: the {item} in {variant} is held for you and goes out once yours arrives.",
        "how": "To exchange an item, tell me which one and why. I'll show you the sizes and colours we have in "
        "stock, hold the one you pick, and send it once your item is on its way back to us.",
        "instead": "Exchange instead",
        "person": "Talk to a person",
        "not_either": "I'm sorry, the {item} can't be returned or exchanged.",
    },
    "zh": {
        "ask": "您的{item}{bought}想换成哪个尺码或颜色？",
        "bought": "（{variant}）",
        "none_in_stock": "抱歉，{item}的其他尺码和颜色目前都没有库存，暂时无法换货。您想改为以下方式吗？",
        "pick": "请从下面选择一个尺码或颜色。",
        "service_down": "抱歉，暂时查不到库存，请稍后再试。",
        "size": "{size}码",
        "same_price": "价格相同，无需补差价。",
        "customer_pays": "新商品贵 {amount}，差价由您补付。",
        "waived": "新商品贵 {amount}，但您无需补差价。",
        "refund": "新商品便宜 {amount}，差价将原路退回。",
        "not_refunded": "新商品便宜 {amount}，按我们的政策差价不予退还。",
        "more": "+{amount}",
        "less": "−{amount}",
        "summary": "请确认：订单 {order} 中的 {quantity} 件{item}换成{variant}的{item}，原因：{reason}。",
        "ship_free": "寄回运费由我们承担。",
        "ship_customer": "寄回运费由您承担。",
        "review": "我们的工作人员会先审核，审核通过前请不要寄出。",
        "send_by": "请在 {date} 前寄出。",
        "confirm": "确认提交吗？",
        "done": "换货：{variant}的{item}已为您预留，收到您寄回的商品后即发出。",
        "how": "换货很简单：告诉我要换哪件商品以及原因，我会列出有库存的尺码和颜色，为您预留选中的那一款，"
        "并在您寄回原商品后发出。",
        "instead": "改为换货",
        "person": "转人工",
        "not_either": "抱歉，{item}无法退货，也无法换货。",
    },
}
# to the catalogue
RESOLUTION_NAMES = {
    "en": {"refund": "Refund", "store_credit": "Store credit"},
    "zh": {"refund": "退款", "store_credit": "店铺积分"},
}
# to the catalogue
REASON_NAMES_ZH = {
    "size_too_small": "尺码偏小",
    "size_too_large": "尺码偏大",
    "damaged_in_transit": "运输中损坏",
    "defective": "质量问题",
    "not_as_described": "与描述不符",
    "wrong_item": "发错货",
    "missing_parts": "缺少配件",
    "changed_mind": "不想要了",
    "better_price_found": "找到更便宜的",
    "arrived_late": "到货太晚",
    "other": "其他",
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


def language(tracker: Tracker) -> str:
    chosen = str(tracker.get_slot("language") or "en").lower()[:2]
    return chosen if chosen in TEXTS else "en"


def say(tracker: Tracker, key: str, **values: Any) -> str:
    return TEXTS[language(tracker)][key].format(**values)


def describe(tracker: Tracker, size: str | None, colour: str | None) -> str:
    """ "size M, Black" / "M码，Black": how a variant is named in a sentence or on a button."""
    parts = [say(tracker, "size", size=size)] if size else []
    parts += [colour] if colour else []
    return ("，" if language(tracker) == "zh" else ", ").join(parts)


def price_sentence(tracker: Tracker, variant: dict[str, Any]) -> str:
    settlement = variant["settlement"]
    if settlement == "none" or not variant["difference_minor"]:
        return say(tracker, "same_price")
    return say(tracker, settlement, amount=money(variant["difference_minor"], variant["currency"]))


def needs_variant(tracker: Tracker) -> bool:
    """The form asks for the size or colour once the customer settled on an exchange."""
    return tracker.get_slot("resolution") == "exchange"


async def _options(tracker: Tracker, updates: dict[str, Any] | None = None) -> dict[str, Any] | None:
    item = selected_item(tracker, updates)
    if item is None:
        return None
    return await call_service(
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
            dispatcher.utter_message(text=say(tracker, "service_down"))
            return []
        if found is None:
            return []
        if not found["options"]:
            dispatcher.utter_message(
                text=say(tracker, "none_in_stock", item=found["name"]), buttons=_other_resolutions(tracker)
            )
            return []
        bought = describe(tracker, found["size"], found["colour"])
        dispatcher.utter_message(
            text=say(
                tracker, "ask", item=found["name"], bought=say(tracker, "bought", variant=bought) if bought else ""
            ),
            buttons=[_button(tracker, option, found["currency"]) for option in found["options"]],
        )
        return []


def _button(tracker: Tracker, option: dict[str, Any], currency: str) -> dict[str, str]:
    title = describe(tracker, option["size"], option["colour"])
    amount = money(option["difference_minor"], currency)
    if option["settlement"] == "customer_pays":
        title += f" ({say(tracker, 'more', amount=amount)})"
    elif option["settlement"] == "refund":
        title += f" ({say(tracker, 'less', amount=amount)})"
    return {"title": title, "payload": f'/inform{{"exchange_sku": "{option["sku"]}"}}'}


def _other_resolutions(tracker: Tracker) -> list[dict[str, str]]:
    """No variant in stock: the other ways of settling the policy offers here, and a person."""
    names = RESOLUTION_NAMES[language(tracker)]
    offered = [o["kind"] for o in (tracker.get_slot("preview") or {}).get("resolutions", []) if o["kind"] in names]
    buttons = [{"title": names[kind], "payload": f'/inform{{"resolution": "{kind}"}}'} for kind in offered]
    return [*buttons, {"title": say(tracker, "person"), "payload": "/request_human"}]


async def validate_exchange_variant(value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """A SKU from a button, or words ("M", "medium in black"), matched against what is in stock."""
    if tracker.get_slot("resolution") != "exchange":
        return {"exchange_variant": None}  # another way of settling was chosen meanwhile
    if isinstance(value, dict):
        return {"exchange_variant": value}
    try:
        found = await _options(tracker)
    except (ServiceUnavailable, Refused):
        dispatcher.utter_message(text=say(tracker, "service_down"))
        return {"exchange_variant": None}
    if not found or not found["options"]:
        return {"exchange_variant": None}  # the ask says none is in stock, with the other choices
    option = match_variant(str(value), found["options"])
    if option is None:
        dispatcher.utter_message(text=say(tracker, "pick"))
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
    """The confirmation for an exchange: the variant and the price difference, no refund."""
    preview: dict[str, Any] = tracker.get_slot("preview") or {}
    variant: dict[str, Any] = tracker.get_slot("exchange_variant") or {}
    item = selected_item(tracker) or {"name": variant.get("name", "")}
    reason = (
        REASON_NAMES_ZH.get(tracker.get_slot("reason"), reason_title) if language(tracker) == "zh" else reason_title
    )
    parts = [
        say(
            tracker,
            "summary",
            quantity=tracker.get_slot("quantity") or 1,
            item=item["name"],
            order=tracker.get_slot("order_number"),
            variant=describe(tracker, variant.get("size"), variant.get("colour")),
            reason=reason,
        ),
        price_sentence(tracker, variant),
        say(tracker, "ship_customer" if preview.get("shipping_payer") == "customer" else "ship_free"),
    ]
    if preview.get("outcome") == "review":
        parts.append(say(tracker, "review"))
    elif preview.get("return_by"):
        parts.append(say(tracker, "send_by", date=day(preview["return_by"])))
    parts.append(say(tracker, "confirm"))
    return ("" if language(tracker) == "zh" else " ").join(parts)


def sku_to_submit(tracker: Tracker) -> str | None:
    variant = tracker.get_slot("exchange_variant")
    return variant["sku"] if tracker.get_slot("resolution") == "exchange" and isinstance(variant, dict) else None


def done_lines(tracker: Tracker, created: dict[str, Any]) -> list[str] | None:
    """For a return opened as an exchange, what replaces the refund estimate; None otherwise."""
    held = next((line["exchange_for"] for line in created.get("lines", []) if line.get("exchange_for")), None)
    if held is None:
        return None
    variant = describe(tracker, held["size"], held["colour"])
    return [say(tracker, "done", item=held["name"], variant=variant), price_sentence(tracker, held)]


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
    return [{"title": say(tracker, "instead"), "payload": payload}]


def refused_exchange(tracker: Tracker) -> str | None:
    """The opening of the refusal when the customer had asked for the exchange."""
    item = selected_item(tracker)
    if tracker.get_slot("resolution") != "exchange" or item is None:
        return None
    return say(tracker, "not_either", item=item["name"])


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
