"""Starting, submitting and resetting a return."""

from __future__ import annotations

import uuid
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.catalogue import has_message, sentences

from . import exchange, offers
from .backend_client import Refused, ServiceUnavailable, call_service, service
from .language import language_of, t
from .return_form import ValidateReturnForm, normalise_order_number
from .satisfaction import ask_for_rating
from .signed_in import SignedInCustomer, signed_in_customer
from .slots import eligible_items, reset_return, selected_item, speaks_of
from .texts import money

# Channels whose buttons can open a link (the widget, Telegram's inline keyboard); anywhere else
# the label's address is in the text, and Rasa's stock connectors (Slack) would drop or choke on it.
LINK_BUTTON_CHANNELS = ("signed_socketio", "socketio", "telegram")


def human(language: str) -> list[dict[str, str]]:
    return [{"title": t(language, "button.talk_to_person"), "payload": "/request_human"}]


def try_again(language: str) -> list[dict[str, str]]:
    return [{"title": t(language, "button.try_again"), "payload": "/affirm"}, *human(language)]


class StartReturn(Action):
    """start_return / exchange_item: open the form, remembering a wish for an exchange."""

    def name(self) -> str:
        return "action_start_return"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        events: list[EventType] = [SlotSet("submit_failed", False)]
        if tracker.get_intent_of_latest_message() == "exchange_item":
            events += exchange_start(dispatcher, tracker)
        events += await self._known_order(dispatcher, tracker, _continued(events))
        return [*events, ActiveLoop("return_form")]

    async def _known_order(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, continued: dict[str, Any] | None = None
    ) -> list[EventType]:
        """The order to verify without asking, when this chat already knows who the customer is.

        A customer the shop vouched for is not asked for the order number and email; nor is one
        who verified earlier in this chat (a return, a status answer) and now starts another
        return. The order is the one named in this message, else the one of this chat, else the
        shop page's, unless the customer speaks of another order. A return under way on the
        verified order the message does not change goes on as it is; any other is
        verified with the known email exactly as the form verifies typed details. If the service
        does not confirm it, the details are cleared and the form asks as it would ask anyone.
        """
        customer = signed_in_customer(tracker)
        named = next(tracker.get_latest_entity_values("order_number"), None)
        if not named and speaks_of(tracker, "other_order"):
            # "an item from another order": not the order this chat verified; the form asks which,
            # and checks it with the contact it already knows.
            forget = [SlotSet("order_number", None), SlotSet("order_token", None), SlotSet("returnable_items", None)]
            return forget + ([SlotSet("contact", customer.email)] if customer else [])
        # A return under way on the verified order goes on as it is. A token without its items was
        # left by a status lookup or a change to an exchange: the order is checked again below.
        if tracker.get_slot("order_token") and tracker.get_slot("returnable_items") and not named:
            return []
        contact = customer.email if customer else tracker.get_slot("contact")
        number = named or tracker.get_slot("order_number") or (customer.order_number if customer else None)
        if not (contact and number):
            return _forget_verified(tracker) + ([SlotSet("contact", customer.email)] if customer else [])
        return await self._verify_known(
            dispatcher, tracker, normalise_order_number(number), contact, customer, continued or {}
        )

    async def _verify_known(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        number: str,
        contact: str,
        customer: SignedInCustomer | None,
        continued: dict[str, Any],
    ) -> list[EventType]:
        # The form's own check, as if the customer had typed the email (it also asks the policy
        # about an item and reason already named). Its words are kept aside: on success they are
        # said (a signed-in customer gets ours instead of its greeting); on trouble nothing is
        # said and the form asks as usual.
        view = tracker.copy()
        view.slots.update(order_number=number, order_token=None, returnable_items=None, **continued)
        said = CollectingDispatcher()
        updates = await ValidateReturnForm().validate_contact(contact, said, view, {})
        if not updates.get("order_token"):
            return _forget_verified(tracker) + ([] if customer else [SlotSet("contact", None)])
        found = t(tracker, "form.order_found", order_number=number)
        if customer:
            dispatcher.utter_message(text=t(tracker, "submit.signed_in", order_number=number))
        for message in said.messages:
            if not (customer and message.get("text") == found):
                dispatcher.utter_message(**{k: v for k, v in message.items() if k in ("text", "buttons")})
        return [SlotSet("order_number", number), *(SlotSet(name, value) for name, value in updates.items())]


def exchange_start(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """exchange_item: remember the wish; "how do I exchange?" is answered, and typed right after a
    refusal that offered the exchange it continues that return (same item and reason) instead of
    starting the form over."""
    events: list[EventType] = []
    if exchange.asks_how(tracker):
        dispatcher.utter_message(text=t(tracker, "exchange.how"))
        refused = exchange.refused_return_to_continue(tracker)
        if refused and not tracker.get_slot("line_no"):
            events += [SlotSet("line_no", refused["line_no"]), SlotSet("reason", refused["reason"])]
    if tracker.get_slot("resolution") != "exchange":
        events.append(SlotSet("resolution", "exchange"))
    return events


def _continued(events: list[EventType]) -> dict[str, Any]:
    """Slots this action sets that the silent verification must already see (a continued return)."""
    return {
        e["name"]: e["value"]
        for e in events
        if e.get("event") == "slot" and e["name"] in ("line_no", "reason", "resolution")
    }


def _forget_verified(tracker: Tracker) -> list[EventType]:
    """Another order was named: the verified one's token and items no longer apply."""
    if not tracker.get_slot("order_token"):
        return []
    return [SlotSet("order_token", None), SlotSet("returnable_items", None)]


class SubmitReturn(Action):
    """Runs when the return form ends: submit, or explain why not and what is still possible."""

    def name(self) -> str:
        return "action_submit_return"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        if offers.accepted_offer(tracker):
            return offers.item_kept(tracker)  # the customer keeps the item: no return to submit
        if not tracker.get_slot("order_token"):
            return self._could_not_verify(dispatcher, tracker)
        if not eligible_items(tracker):
            return self._nothing_returnable(dispatcher, tracker)
        preview = tracker.get_slot("preview")
        if preview is None:
            return _service_down(dispatcher, tracker)
        if preview["outcome"] == "reject":
            return _refused(dispatcher, tracker, preview)
        if tracker.get_slot("confirmed") is False:
            dispatcher.utter_message(text=t(tracker, "submit.not_submitted"))
            return reset_return()
        return await self._submit(dispatcher, tracker)

    async def _submit(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        # The key is stored before the call: a retry after a time-out reuses it, so the service
        # answers with the return it already created instead of making a second one.
        key = tracker.get_slot("return_key") or str(uuid.uuid4())
        item = selected_item(tracker)
        assert item is not None, "the return form ends with a line chosen, and the preview is of it"
        body = {
            "order_number": tracker.get_slot("order_number"),
            "lines": [
                {
                    "line_no": item["line_no"],
                    "quantity": int(tracker.get_slot("quantity") or 1),
                    "reason": tracker.get_slot("reason"),
                    "note": tracker.get_slot("note"),
                }
            ],
            "answers": tracker.get_slot("answers") or {},
            "preferred_resolution": tracker.get_slot("resolution"),
            "channel": input_channel(tracker),
            "conversation_id": tracker.sender_id,
        }
        if sku := exchange.sku_to_submit(tracker):  # the size or colour chosen, held by the service
            body["lines"][0]["exchange_sku"] = sku
        if tracker.get_slot("evidence_ids"):  # confirmed uploads of this conversation
            body["evidence_ids"] = tracker.get_slot("evidence_ids")
        try:
            created = await call_service(
                tracker,
                service.create_return,
                tracker.get_slot("order_token"),
                key,
                body,
                conversation_id=tracker.sender_id,
            )
        except ServiceUnavailable:
            return [SlotSet("return_key", key), *_service_down(dispatcher, tracker)]
        except Refused as refusal:
            dispatcher.utter_message(
                text=t(tracker, "submit.failed", detail=refusal.detail), buttons=human(language_of(tracker))
            )
            return reset_return()
        link_buttons = input_channel(tracker) in LINK_BUTTON_CHANNELS
        exchanged = exchange.done_lines(tracker, created)
        for message in created_messages(created, language_of(tracker), exchanged, link_buttons=link_buttons):
            dispatcher.utter_message(**message)
        # A return in review opened a case: the chat is rated when that case closes (the service).
        rating = [] if created.get("escalation") else ask_for_rating(dispatcher, tracker)
        return [*reset_return(), SlotSet("rma_number", created["rma_number"]), *rating]

    def _could_not_verify(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        if tracker.get_slot("order_number") and tracker.get_slot("contact"):
            return _service_down(dispatcher, tracker)  # details are there; the check itself failed
        dispatcher.utter_message(text=t(tracker, "submit.not_verified"), buttons=human(language_of(tracker)))
        return reset_return()

    def _nothing_returnable(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        language = language_of(tracker)
        lines = [t(language, "submit.nothing_returnable", order_number=tracker.get_slot("order_number"))]
        for item in tracker.get_slot("returnable_items") or []:
            why = sentences(language, [e["text"] for e in item["explanations"]])
            lines.append(t(language, "submit.nothing_line", item=item["name"], why=why))
        lines.append(t(language, "submit.nothing_help"))
        dispatcher.utter_message(text="\n".join(lines), buttons=human(language))
        return reset_return()


class ResetReturn(Action):
    def name(self) -> str:
        return "action_reset_return"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        return reset_return()


def _service_down(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    language = language_of(tracker)
    dispatcher.utter_message(text=t(language, "submit.service_down"), buttons=try_again(language))
    return [SlotSet("submit_failed", True)]


def _refused(dispatcher: CollectingDispatcher, tracker: Tracker, preview: dict[str, Any]) -> list[EventType]:
    language = language_of(tracker)
    why = sentences(
        language,
        [e["text"] for e in preview["explanations"] if not e["rule_id"].startswith(("shipping.", "deadline."))],
    )
    not_exchanged = exchange.refused_exchange(tracker)
    # Asked for the exchange: its own "you can still exchange it" would go round in circles.
    options = [
        alt["text"]
        for alt in preview.get("alternatives", [])
        if not (not_exchanged and alt["rule_id"] == "alternative.exchange")
    ]
    opening = not_exchanged or t(language, "submit.refused_opening")
    parts = [opening, why]
    if options:
        parts.append(t(language, "submit.refused_options", options=sentences(language, options)))
    buttons = exchange.refusal_button(tracker, preview) + human(language)
    dispatcher.utter_message(text=sentences(language, parts), buttons=buttons)
    return reset_return()


def created_messages(
    created: dict[str, Any],
    language: str = "en",
    exchanged: list[str] | None = None,
    *,
    link_buttons: bool = True,
) -> list[dict[str, Any]]:
    """The bot's messages for a created return, each short enough to be read: the number alone;
    what to do next; the label (a link button where the channel opens one, else its address in
    the text); the refund with each deduction the service named, or the exchange held instead."""
    number = created["rma_number"]
    if created["status"] == "pending_review":
        return [{"text": _review_message(created, language)}]
    messages: list[dict[str, Any]] = [{"text": t(language, "submit.done", rma_number=number)}]
    instructions = created.get("instructions") or {}
    # The service picks the steps a chat shows first (where, the label, by when); an older
    # service sends only all the steps.
    steps = instructions.get("first_steps") or instructions.get("steps", [])[:3]
    if steps:
        messages.append({"text": "\n".join(steps)})
    label_url = (instructions.get("label") or {}).get("label_url")
    if label_url and link_buttons:
        button = {"title": t(language, "label.button"), "url": label_url}
        messages.append({"text": t(language, "label.ready"), "buttons": [button]})
    elif label_url:
        messages.append({"text": t(language, "label.link", url=label_url)})
    # An exchange names the variant held for the customer instead of a refund.
    settled = exchanged if exchanged is not None else [refund_sentence(created, language)]
    if settled:
        messages.append({"text": sentences(language, settled)})
    return messages


def refund_sentence(created: dict[str, Any], language: str) -> str:
    """ "Estimated refund: €45.00 (item €49.90 − restocking fee €4.90)." Every amount is the
    service's: the goods' value, its named deductions and any delivery given back add up to the
    estimate there; a return decided before the service named them gets the total alone."""
    decision, currency = created["decision"], created["currency"]
    amount = money(created["refund_estimate_minor"], currency, language)
    deductions = [d for d in decision.get("deductions") or [] if d.get("amount_minor")]
    delivery = int(decision.get("outbound_shipping_refund_minor") or 0)
    goods = decision.get("goods_value_minor")
    if not goods or not (deductions or delivery):
        return t(language, "submit.estimated_refund", amount=amount)
    units = sum(int(line.get("quantity") or 1) for line in created.get("lines") or [])
    goods_key = "refund.goods_many" if units > 1 else "refund.goods_one"
    parts = [t(language, goods_key, amount=money(goods, currency, language))]
    for deduction in deductions:
        key = f"refund.less.{deduction['kind']}"
        key = key if has_message(key) else "refund.less.other"
        parts.append(t(language, key, amount=money(deduction["amount_minor"], currency, language)))
    if delivery:
        parts.append(t(language, "refund.plus_delivery", amount=money(delivery, currency, language)))
    return t(language, "submit.refund_parts", amount=amount, parts=" ".join(parts))


def _review_message(created: dict[str, Any], language: str) -> str:
    return sentences(
        language,
        [
            t(language, "submit.review", rma_number=created["rma_number"]),
            *_review_reasons(created["decision"]),
            *_what_happens_next(created.get("escalation")),
            t(language, "submit.dont_send"),
        ],
    )


def _review_reasons(decision: dict[str, Any]) -> list[str]:
    """The policy's own sentences on why a person looks first (a value limit, photos needed)."""
    return [e["text"] for e in decision["explanations"] if e["rule_id"].startswith(("review.", "evidence."))]


def _what_happens_next(case: dict[str, Any] | None) -> list[str]:
    """The case the service opened for the review: its place in the queue, or when the email comes."""
    if not case:
        return []
    return [case["next_steps"]]


def input_channel(tracker: Tracker) -> str:
    """The channel the customer writes from (rest, socketio, telegram...), as the service accepts it."""
    channel = (tracker.get_latest_input_channel() or "web").lower()
    return "".join(ch for ch in channel if ch.isalnum() or ch == "_")[:32] or "web"
