""" "Can I change it to an exchange instead?" about a return this chat already knows.

`exchange_item` outside the return form means changing THAT return when the chat holds one: the
return just made here (its number and the contact verified for it), the order a status lookup
verified, or the order the shop signed the customer in with. The service lists the sizes and
colours it could still become (GET /returns/{rma}/exchange-options), or says why not; the
customer picks a button; the service decides (POST /returns/{rma}/resolution) and the bot says
what changed, with no refund wording. A number named but not verified in this chat is verified
through the status lookup first, then the sizes are offered. With no return in sight, the
message starts a return as an exchange, as it always did; so does "exchange my OTHER item" or
"an item from another order" (the `other_item` / `other_order` entities): that is a new return.

`refund_instead` ("actually I want my money back instead", the button under the change) turns
the exchange back into a refund the same way (POST /returns/{rma}/resolution): the service
gives the held size back to stock, the bot says what the refund will be.

Which returns may still change is the service's rule (`customer_may_change_resolution`).
"""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.catalogue import listing, sentences

from .backend_client import Refused, ServiceUnavailable, call_service, service
from .exchange import describe, price_sentence, refused_return_to_continue
from .language import language_of, t
from .signed_in import signed_in_customer
from .slots import speaks_of
from .texts import money

# What the status lookup does once it verified a number for this wish (the `after_lookup` slot).
AFTER_LOOKUP = "exchange"
AFTER_LOOKUP_REFUND = "refund"
# Words that point past the return this chat knows ("my other item", "another order").
ANOTHER = ("other_item", "other_order")


class ChangeResolution(Action):
    """exchange_item outside the return form: change the return the chat knows, else start one."""

    # What the known return becomes; also the `after_lookup` wish when a status lookup comes first.
    to = AFTER_LOOKUP

    def name(self) -> str:
        return "action_change_resolution"

    def new_return(self, tracker: Tracker) -> bool:
        """The message is about a return still to be made, not the one this chat knows."""
        # "Exchange instead" under a refusal just said is about that refused return, even when an
        # earlier return of this chat is known: the form continues it (actions/submit.py).
        return bool(refused_return_to_continue(tracker)) or any(speaks_of(tracker, entity) for entity in ANOTHER)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        if self.new_return(tracker):
            return [FollowupAction("action_start_return")]
        named = next(tracker.get_latest_entity_values("rma_number"), None)
        try:
            known = await known_return(tracker, named)
        except ServiceUnavailable:
            dispatcher.utter_message(text=t(tracker, "change.service_down"), buttons=_person(tracker))
            return []
        if known is None and named:
            # A number this chat has not verified: the status lookup asks for the contact, then
            # action_return_status hands back here (after_lookup).
            return [SlotSet("after_lookup", self.to), ActiveLoop("status_form")]
        if known is None:
            # No return in sight: start one, as before ("my money back" too: the form asks how).
            return [FollowupAction("action_start_return")]
        return await change_known(dispatcher, tracker, known, to=self.to)


class RefundInstead(ChangeResolution):
    """refund_instead: turn the exchange the chat knows back into a refund."""

    to = AFTER_LOOKUP_REFUND

    def name(self) -> str:
        return "action_refund_instead"

    def new_return(self, tracker: Tracker) -> bool:
        return False


async def change_known(
    dispatcher: CollectingDispatcher, tracker: Tracker, known: dict[str, Any], to: str = "exchange"
) -> list[EventType]:
    """Offer the sizes for the known return, or make the change a button asked for; `to` "refund"
    turns its exchange back into a refund."""
    # A button's line_no (several items in the return) fills the form's slot too: it must not
    # preselect the item of the next return.
    remembered = [
        SlotSet("order_number", known["order_number"]),
        SlotSet("order_token", known["token"]),
        SlotSet("after_lookup", None),
        SlotSet("line_no", None),
    ]
    try:
        rma = known.get("rma_number") or await _the_return(dispatcher, tracker, known, to)
        if rma is None:
            return remembered
        sku = next(tracker.get_latest_entity_values("exchange_sku"), None)
        line_no = _line_no(tracker)
        if to == "refund":
            await _to_refund(dispatcher, tracker, known["token"], rma)
        elif sku:
            await _change(dispatcher, tracker, known["token"], rma, sku, line_no)
        else:
            await _offer(dispatcher, tracker, known["token"], rma, line_no)
    except ServiceUnavailable:
        dispatcher.utter_message(text=t(tracker, "change.service_down"), buttons=_person(tracker))
        return remembered
    except Refused as refusal:
        _refused(dispatcher, tracker, refusal)
        return remembered
    return [*remembered, SlotSet("rma_number", rma)]


async def known_return(tracker: Tracker, named: str | None = None) -> dict[str, Any] | None:
    """The return (or verified order) this chat holds: {"token", "order_number", "rma_number"}.

    The number named now or made in this chat, verified with the contact the chat knows; else
    the order a status lookup verified (its token is still in the chat); else the signed-in
    customer's order. None when none of them is there or the service does not confirm it."""
    customer = signed_in_customer(tracker)
    contact = customer.email if customer is not None else tracker.get_slot("contact")
    rma = named or tracker.get_slot("rma_number")
    if rma and contact:
        verified = await _verify(tracker, contact, rma_number=rma)
        if verified is not None:
            return {**verified, "rma_number": rma}
        if named:
            return None  # not this customer's number, as far as this chat knows: look it up
    if tracker.get_slot("order_token") and tracker.get_slot("order_number"):
        return {"token": tracker.get_slot("order_token"), "order_number": tracker.get_slot("order_number")}
    if customer is not None and customer.order_number:
        return await _verify(tracker, customer.email, order_number=customer.order_number)
    return None


async def _verify(tracker: Tracker, contact: str, **number: str) -> dict[str, Any] | None:
    try:
        verified = await call_service(tracker, service.verify, tracker.sender_id, contact, **number)
    except Refused:
        return None
    return {"token": verified["token"], "order_number": verified["order_number"], "rma_number": None}


async def _the_return(
    dispatcher: CollectingDispatcher, tracker: Tracker, known: dict[str, Any], to: str = "exchange"
) -> str | None:
    """The one return on the verified order that can still change; several: the customer picks.
    Back to a refund, only the ones that are exchanges are in question."""
    returns = await call_service(tracker, service.order_returns, known["token"], known["order_number"])
    if not returns:
        dispatcher.utter_message(
            text=t(tracker, "change.no_return", order_number=known["order_number"]),
            buttons=[{"title": t(tracker, "button.start_return"), "payload": "/start_return"}, *_person(tracker)],
        )
        return None
    open_ = [found for found in returns if found.get("customer_may_change_resolution")]
    if to == "refund":
        open_ = [found for found in open_ if _held(found)] or open_
    if len(open_) == 1 or not open_:
        return (open_ or returns)[0]["rma_number"]  # newest first: a shipped one gets the service's refusal
    language = language_of(tracker)
    intent = "refund_instead" if to == "refund" else "exchange_item"
    dispatcher.utter_message(
        text=t(language, "change.which_return_refund" if to == "refund" else "change.which_return"),
        buttons=[
            {"title": _return_title(found, language), "payload": _payload(intent, rma_number=found["rma_number"])}
            for found in open_
        ],
    )
    return None


async def _offer(dispatcher: CollectingDispatcher, tracker: Tracker, token: str, rma: str, line_no: int | None) -> None:
    language = language_of(tracker)
    try:
        found = await call_service(tracker, service.return_exchange_options, token, rma, line_no)
    except Refused as refusal:
        if refusal.status != 422 or line_no:
            raise
        # Several items in the return: which one is to be exchanged.
        whole = await call_service(tracker, service.get_return, token, rma)
        dispatcher.utter_message(
            text=t(language, "change.which_item", rma_number=rma),
            buttons=[
                {
                    "title": line["name"],
                    "payload": _payload("exchange_item", rma_number=rma, line_no=str(line["line_no"])),
                }
                for line in whole["lines"]
            ],
        )
        return
    if found["refusal"]:
        dispatcher.utter_message(text=t(language, "change.refused", detail=found["refusal"]), buttons=_person(language))
        return
    if not found["options"]:
        dispatcher.utter_message(
            text=t(language, "change.none_in_stock", item=found["name"], rma_number=rma), buttons=_person(language)
        )
        return
    bought = describe(language, found["size"], found["colour"])
    key = "change.ask_with_variant" if bought else "change.ask"
    dispatcher.utter_message(
        text=t(language, key, item=found["name"], variant=bought, rma_number=rma),
        buttons=[_button(language, option, found, rma, line_no) for option in found["options"]],
    )


async def _change(
    dispatcher: CollectingDispatcher, tracker: Tracker, token: str, rma: str, sku: str, line_no: int | None
) -> None:
    changed = await call_service(
        tracker, service.change_resolution, token, rma, "exchange", exchange_sku=sku, line_no=line_no
    )
    language = language_of(tracker)
    held = next(
        (line["exchange_for"] for line in changed["lines"] if (line.get("exchange_for") or {}).get("sku") == sku), None
    )
    if held is None:  # the service answered without the hold: say nothing it did not confirm
        raise ServiceUnavailable(f"{rma} answered without {sku}")
    variant = describe(language, held["size"], held["colour"])
    review = changed["status"] != "approved"
    dispatcher.utter_message(
        text=sentences(
            language,
            [
                t(language, "change.done", rma_number=changed["rma_number"], item=held["name"], variant=variant),
                price_sentence(language, held),
                t(language, "change.next_review" if review else "change.next_send"),
            ],
        ),
        # Changing one's mind back is one tap away; the service still decides.
        buttons=[
            {"title": t(language, "button.refund_instead"), "payload": _payload("refund_instead", rma_number=rma)}
        ],
    )


async def _to_refund(dispatcher: CollectingDispatcher, tracker: Tracker, token: str, rma: str) -> None:
    language = language_of(tracker)
    held = _held(await call_service(tracker, service.get_return, token, rma))
    if not held:  # a refund already (a second tap, or never an exchange): nothing to change
        dispatcher.utter_message(text=t(language, "refund_instead.already", rma_number=rma))
        return
    changed = await call_service(tracker, service.change_resolution, token, rma, "refund")
    if _held(changed):  # the service answered with the size still held: say nothing it did not confirm
        raise ServiceUnavailable(f"{rma} still holds {_held(changed)[0]['sku']}")
    was = held[0]
    review = changed["status"] != "approved"
    amount = money(changed["refund_estimate_minor"], changed["currency"], language)
    dispatcher.utter_message(
        text=sentences(
            language,
            [
                t(
                    language,
                    "refund_instead.done",
                    rma_number=changed["rma_number"],
                    item=was["name"],
                    variant=describe(language, was["size"], was["colour"]),
                ),
                t(language, "refund_instead.amount", amount=amount),
                t(language, "refund_instead.next_review" if review else "refund_instead.next_send"),
            ],
        )
    )


def _refused(dispatcher: CollectingDispatcher, tracker: Tracker, refusal: Refused) -> None:
    """The service's own sentence (sold out, too late, not under the policy), and a person."""
    if refusal.status in (404, 422):
        dispatcher.utter_message(text=t(tracker, "change.not_found"), buttons=_person(tracker))
        return
    dispatcher.utter_message(text=t(tracker, "change.refused", detail=refusal.detail), buttons=_person(tracker))


def _button(
    language: str, option: dict[str, Any], found: dict[str, Any], rma: str, line_no: int | None
) -> dict[str, str]:
    title = describe(language, option["size"], option["colour"])
    amount = money(option["difference_minor"], found["currency"], language)
    if option["settlement"] == "customer_pays":
        title = t(language, "exchange.button.dearer", variant=title, amount=amount)
    elif option["settlement"] == "refund":
        title = t(language, "exchange.button.cheaper", variant=title, amount=amount)
    extra = {"line_no": str(line_no)} if line_no else {}
    return {"title": title, "payload": _payload("exchange_item", rma_number=rma, exchange_sku=option["sku"], **extra)}


def _payload(intent: str, **entities: str) -> str:
    return f"/{intent}" + json.dumps(entities, ensure_ascii=False)


def _held(found: dict[str, Any]) -> list[dict[str, Any]]:
    """The sizes and colours held for the return's exchange (none: it is a refund)."""
    return [line["exchange_for"] for line in found["lines"] if line.get("exchange_for")]


def _line_no(tracker: Tracker) -> int | None:
    value = next(tracker.get_latest_entity_values("line_no"), None)
    return int(value) if value and str(value).isdigit() else None


def _return_title(found: dict[str, Any], language: str) -> str:
    items = listing([line["name"] for line in found["lines"]], language)
    return t(language, "change.return_button", rma_number=found["rma_number"], items=items)


def _person(where: Tracker | str) -> list[dict[str, str]]:
    return [{"title": t(where, "button.talk_to_person"), "payload": "/request_human"}]
