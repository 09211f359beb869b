""" "Change it to an exchange" after the RMA (actions/change_resolution.py), against the real service
and its demo stock: the T-shirt bought in S, white; M white at the same price, M black 3.00 dearer,
L sold out (backend/returndesk/demo/catalogue.py)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import requests
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_client import service
from actions.change_resolution import ChangeResolution, RefundInstead
from actions.status import ReturnStatus

from ..stack import SHOP_TOKEN
from .conftest import run

TEE = {"sku": "AP-TEE-ORG", "name": "Organic cotton T-shirt", "category": "apparel", "unit_price_minor": 1990}


def email(number: str) -> str:
    """One customer per order: several returns by one customer send the next to review."""
    return f"cora.{number.lower()}@example.com"


BRUSHES = {"sku": "BE-BRUSHSET", "name": "Makeup brush set", "category": "beauty", "unit_price_minor": 2490}


def push_order(number: str, contact: str, item: dict[str, Any] = TEE) -> None:
    delivered = datetime.now(timezone.utc) - timedelta(days=2)
    order = {
        "number": number,
        "customer": {"email": contact, "name": "Cora Change", "tier": "guest"},
        "placed_at": (delivered - timedelta(days=3)).isoformat(),
        "delivered_at": delivered.isoformat(),
        "payment_method": "card",
        "currency": "EUR",
        "lines": [{"line_no": 1, "quantity": 1, "tags": [], "final_sale": False, **item}],
    }
    answer = requests.post(
        f"{service.base_url}/orders", json=order, headers={"Authorization": f"Bearer {SHOP_TOKEN}"}, timeout=10
    )
    assert answer.status_code in (200, 201), answer.text


def returned(number: str, contact: str, reason: str = "size_too_small") -> tuple[str, str]:
    """A return of the order's one item for a refund, approved; its RMA number and the order's token."""
    token = service.verify("change-chat", contact, order_number=number)["token"]
    body = {"order_number": number, "lines": [{"line_no": 1, "quantity": 1, "reason": reason}]}
    created = service.create_return(token, str(uuid.uuid4()), body | {"preferred_resolution": "refund"})
    assert created["status"] == "approved", created
    return created["rma_number"], token


def chat(
    slots: dict[str, Any], *, entities: dict[str, str] | None = None, text: str = "", intent: str = "exchange_item"
) -> Tracker:
    """The customer's `intent` message (typed, or a button with its entities), outside any form."""
    parse_data = {
        "text": text or "can I change it to an exchange instead?",
        "intent": {"name": intent, "confidence": 1.0},
        "entities": [{"entity": name, "value": value} for name, value in (entities or {}).items()],
    }
    return Tracker(
        sender_id="change-chat",
        slots={"requested_slot": None, **slots},
        latest_message=parse_data,
        events=[{"event": "user", "text": parse_data["text"], "parse_data": parse_data, "metadata": {}}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def said(dispatcher: CollectingDispatcher) -> str:
    return " ".join(message.get("text") or "" for message in dispatcher.messages)


def buttons(dispatcher: CollectingDispatcher) -> list[tuple[str, str]]:
    return [(b["title"], b["payload"]) for m in dispatcher.messages for b in m.get("buttons") or []]


def slots_set(events: list[dict]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_right_after_the_rma_the_sizes_in_stock_are_buttons_for_that_return(live_service, dispatcher):
    push_order("C8001", email("C8001"))
    rma, _ = returned("C8001", email("C8001"))

    events = run(ChangeResolution().run(dispatcher, chat({"rma_number": rma, "contact": email("C8001")}), {}))

    assert f"instead of your Organic cotton T-shirt (size S, White) on return {rma}?" in said(dispatcher)
    assert buttons(dispatcher) == [
        ("size M, Black (+€3.00)", f'/exchange_item{{"rma_number": "{rma}", "exchange_sku": "AP-TEE-ORG-M-BLK"}}'),
        ("size M, White", f'/exchange_item{{"rma_number": "{rma}", "exchange_sku": "AP-TEE-ORG-M"}}'),
    ]  # L is sold out
    assert slots_set(events)["rma_number"] == rma
    assert service.get_return(slots_set(events)["order_token"], rma)["lines"][0]["exchange_for"] is None


def test_the_picked_size_makes_it_an_exchange_said_without_refund_and_twice_is_once(live_service, dispatcher):
    push_order("C8002", email("C8002"))
    rma, token = returned("C8002", email("C8002"))
    slots = {"rma_number": rma, "contact": email("C8002")}
    picked = chat(slots, entities={"rma_number": rma, "exchange_sku": "AP-TEE-ORG-M"}, text="")

    try:
        run(ChangeResolution().run(dispatcher, picked, {}))
        again = CollectingDispatcher()
        run(ChangeResolution().run(again, picked, {}))

        text = said(dispatcher)
        assert text.startswith(f"Return {rma} is now an exchange for the Organic cotton T-shirt in size M, White.")
        assert "Same price, so there's nothing to pay." in text and "same label" in text
        assert "refund" not in text.lower()
        assert said(again) == text
        shown = service.get_return(token, rma)
        assert shown["lines"][0]["exchange_for"]["sku"] == "AP-TEE-ORG-M"
        assert [e["description"] for e in shown["timeline"]].count(
            "Changed to an exchange by the customer: Organic cotton T-shirt (AP-TEE-ORG-M) instead of "
            "Organic cotton T-shirt, no refund"
        ) == 1
    finally:  # the demo stock is shared by the whole run
        service.change_resolution(token, rma, "refund")


def test_in_chinese_the_change_is_said_in_chinese(live_service, dispatcher):
    push_order("C8003", email("C8003"))
    rma, token = returned("C8003", email("C8003"))
    slots = {"rma_number": rma, "contact": email("C8003"), "language": "zh"}

    try:
        run(ChangeResolution().run(dispatcher, chat(slots, entities={"exchange_sku": "AP-TEE-ORG-M"}), {}))

        text = said(dispatcher)
        assert text.startswith(f"退货 {rma} 已改为换货：换成M码，White的Organic cotton T-shirt。"), text
        assert "价格相同" in text and "退款" not in text
    finally:
        service.change_resolution(token, rma, "refund")


def test_a_policy_refusal_is_the_services_sentence_with_a_person(live_service, dispatcher):
    push_order("C8004", email("C8004"), BRUSHES)
    rma, token = returned("C8004", email("C8004"), reason="changed_mind")
    slots = {"rma_number": rma, "contact": email("C8004")}

    run(ChangeResolution().run(dispatcher, chat(slots), {}))

    assert said(dispatcher) == (
        f"Our return policy does not offer an exchange for Makeup brush set on return {rma}, so it stays a refund. "
        "If you'd like, a person from our team can help."
    )
    assert buttons(dispatcher) == [("Talk to a person", "/request_human")]
    assert service.get_return(token, rma)["lines"][0]["exchange_for"] is None


def test_after_a_status_lookup_by_order_its_one_open_return_is_changed(live_service, dispatcher):
    push_order("C8005", email("C8005"))
    rma, token = returned("C8005", email("C8005"))
    # The status answer clears the RMA number and keeps the verified order.
    slots = {"order_number": "C8005", "order_token": token, "contact": email("C8005")}

    run(ChangeResolution().run(dispatcher, chat(slots), {}))

    assert f"on return {rma}?" in said(dispatcher), said(dispatcher)
    assert ("size M, White", f'/exchange_item{{"rma_number": "{rma}", "exchange_sku": "AP-TEE-ORG-M"}}') in buttons(
        dispatcher
    )


def test_with_no_return_in_the_chat_a_return_is_started_as_before(live_service, dispatcher):
    events = run(ChangeResolution().run(dispatcher, chat({}, text="I'd rather have a size M"), {}))

    assert events == [{"event": "followup", "name": "action_start_return", "timestamp": None}]
    assert dispatcher.messages == []


def test_a_number_not_verified_here_goes_through_the_status_lookup_then_the_sizes(live_service, dispatcher):
    push_order("C8006", email("C8006"))
    rma, token = returned("C8006", email("C8006"))

    events = run(ChangeResolution().run(dispatcher, chat({}, entities={"rma_number": rma}), {}))

    assert slots_set(events) == {"after_lookup": "exchange"}
    assert {"event": "active_loop", "name": "status_form", "timestamp": None} in events
    # The status form verified it (the contact typed): the status answer hands over to the sizes.
    verified = {"rma_number": rma, "order_number": "C8006", "order_token": token, "after_lookup": "exchange"}
    offered = CollectingDispatcher()
    after = run(ReturnStatus().run(offered, chat(verified), {}))
    assert f"instead of your Organic cotton T-shirt (size S, White) on return {rma}?" in said(offered)
    assert slots_set(after)["after_lookup"] is None


def test_exchange_instead_under_a_refusal_continues_that_return_not_an_earlier_one(live_service, dispatcher):
    push_order("C8007", email("C8007"))
    rma, _ = returned("C8007", email("C8007"))
    slots = {"rma_number": rma, "contact": email("C8007")}
    clicked = chat(slots, entities={"line_no": "1", "reason": "changed_mind"})
    refusal = {
        "event": "bot",
        "text": "Sorry, this can't be returned.",
        "data": {
            "buttons": [
                {"title": "Exchange instead", "payload": '/exchange_item{"line_no": "1", "reason": "changed_mind"}'}
            ]
        },
    }
    clicked.events.insert(0, refusal)

    events = run(ChangeResolution().run(dispatcher, clicked, {}))

    assert events == [{"event": "followup", "name": "action_start_return", "timestamp": None}]
    assert dispatcher.messages == []


def test_only_a_return_the_service_still_lets_change_is_in_question(live_service, dispatcher):
    push_order("C8012", email("C8012"), {**TEE, "quantity": 2})
    kept, token = returned("C8012", email("C8012"))
    service.cancel_return(token, kept)  # cancelled: the service says it may no longer change
    open_rma, _ = returned("C8012", email("C8012"))
    slots = {"order_number": "C8012", "order_token": token, "contact": email("C8012")}

    run(ChangeResolution().run(dispatcher, chat(slots), {}))

    assert f"on return {open_rma}?" in said(dispatcher), said(dispatcher)  # no "which return?" either
    assert kept not in said(dispatcher)


def test_exchanging_my_other_item_is_a_new_return_not_a_change_of_this_one(live_service, dispatcher):
    push_order("C8008", email("C8008"))
    rma, _ = returned("C8008", email("C8008"))
    slots = {"rma_number": rma, "contact": email("C8008")}
    typed = chat(slots, entities={"other_item": "my other item"}, text="i want to exchange my other item")

    events = run(ChangeResolution().run(dispatcher, typed, {}))

    assert events == [{"event": "followup", "name": "action_start_return", "timestamp": None}]
    assert dispatcher.messages == []


def test_refund_instead_gives_the_size_back_and_says_the_refund(live_service, dispatcher):
    push_order("C8009", email("C8009"))
    rma, token = returned("C8009", email("C8009"))
    service.change_resolution(token, rma, "exchange", exchange_sku="AP-TEE-ORG-M")
    slots = {"rma_number": rma, "contact": email("C8009")}
    tapped = chat(slots, entities={"rma_number": rma}, text="", intent="refund_instead")

    try:
        events = run(RefundInstead().run(dispatcher, tapped, {}))
        again = CollectingDispatcher()
        run(RefundInstead().run(again, tapped, {}))
    finally:  # the demo stock is shared by the whole run
        service.change_resolution(token, rma, "refund")

    assert said(dispatcher) == (
        f"Return {rma} is a refund again; we're no longer holding the Organic cotton T-shirt in size M, White for "
        "you. Estimated refund: €14.95, once your item has arrived and been checked. Everything else stays as it "
        "was: send your item back as before, with the same label."
    )
    assert said(again) == f"Return {rma} is already a refund, so nothing has changed."
    shown = service.get_return(token, rma)
    assert shown["lines"][0]["exchange_for"] is None
    assert [e["description"] for e in shown["timeline"]].count("Changed to a refund by the customer") == 1
    assert slots_set(events)["rma_number"] == rma


def test_refund_instead_in_chinese(live_service, dispatcher):
    push_order("C8010", email("C8010"))
    rma, token = returned("C8010", email("C8010"))
    service.change_resolution(token, rma, "exchange", exchange_sku="AP-TEE-ORG-M")
    slots = {"rma_number": rma, "contact": email("C8010"), "language": "zh"}

    try:
        run(RefundInstead().run(dispatcher, chat(slots, text="还是退款吧", intent="refund_instead"), {}))
    finally:
        service.change_resolution(token, rma, "refund")

    assert said(dispatcher).startswith(f"退货 {rma} 已改回退款；我们不再为您预留M码，White的Organic cotton T-shirt。")
    assert service.get_return(token, rma)["lines"][0]["exchange_for"] is None


def test_the_exchange_made_offers_a_refund_instead_button(live_service, dispatcher):
    push_order("C8011", email("C8011"))
    rma, token = returned("C8011", email("C8011"))
    slots = {"rma_number": rma, "contact": email("C8011")}

    try:
        run(ChangeResolution().run(dispatcher, chat(slots, entities={"exchange_sku": "AP-TEE-ORG-M"}), {}))
    finally:
        service.change_resolution(token, rma, "refund")

    assert buttons(dispatcher) == [("Refund instead", f'/refund_instead{{"rma_number": "{rma}"}}')]
