"""'Cancel my return': the lookup's end asks which or to confirm; yes cancels through the service."""

from __future__ import annotations

import uuid

from rasa_sdk.events import SlotSet

from actions.backend_client import service
from actions.cancel import CancelReturn, StopOutsideAForm, offer_cancel
from actions.status import ReturnStatus

from .conftest import run, tracker
from .test_signed_in import push_order


def _found(rma_number: str, *, may_cancel: bool, item: str = "Slim fit jeans") -> dict:
    return {"rma_number": rma_number, "customer_may_cancel": may_cancel, "lines": [{"quantity": 1, "name": item}]}


def _slots(events: list) -> dict:
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def test_the_one_return_that_can_be_cancelled_is_asked_about_with_yes_and_no(dispatcher):
    events = offer_cancel(dispatcher, tracker(active_loop=None), [_found("RMA-A", may_cancel=True)])

    (message,) = dispatcher.messages
    assert (
        message["text"] == "Cancel return RMA-A (1 × Slim fit jeans)? You keep the item, and there is no refund for it."
    )
    assert [(b["title"], b["payload"]) for b in message["buttons"]] == [
        ("Yes, cancel it", "/affirm"),
        ("No, keep the return", "/deny"),
    ]
    assert _slots(events) == {"rma_number": "RMA-A", "cancel_asked": True, "after_lookup": None}


def test_several_open_returns_are_offered_one_button_each_that_names_the_return(dispatcher):
    returns = [
        _found("RMA-A", may_cancel=True),
        _found("RMA-B", may_cancel=False),
        _found("RMA-C", may_cancel=True, item="Organic cotton T-shirt"),
    ]

    events = offer_cancel(dispatcher, tracker(active_loop=None, slots={"language": "zh"}), returns)

    (message,) = dispatcher.messages
    assert message["text"] == "您要取消哪一个退货？"
    assert [b["payload"] for b in message["buttons"]] == [
        '/cancel_return{"rma_number": "RMA-A"}',
        '/cancel_return{"rma_number": "RMA-C"}',
    ]
    assert message["buttons"][1]["title"].startswith("RMA-C：")
    assert _slots(events)["after_lookup"] is None and "cancel_asked" not in _slots(events)


def test_a_return_already_on_its_way_is_explained_and_a_person_offered(dispatcher):
    events = offer_cancel(dispatcher, tracker(active_loop=None), [_found("RMA-B", may_cancel=False)])

    (message,) = dispatcher.messages
    assert message["text"].startswith("Return RMA-B (1 × Slim fit jeans) can no longer be cancelled")
    assert [b["payload"] for b in message["buttons"]] == ["/request_human"]
    assert "cancel_asked" not in _slots(events)


def test_no_is_answered_and_the_return_left_alone(dispatcher):
    slots = {"rma_number": "RMA-A", "order_token": "not-used", "cancel_asked": True}

    events = run(CancelReturn().run(dispatcher, tracker(slots, intent="deny", active_loop=None), {}))

    assert dispatcher.messages[0]["text"] == "All right, return RMA-A stays as it is."
    assert events == [SlotSet("cancel_asked", False)]


def test_the_live_service_cancels_after_the_lookup_and_the_yes(live_service, dispatcher):
    push_order(live_service, "S6401", "cancel.asker@example.com")
    verified = service.verify("cancel-chat", "cancel.asker@example.com", order_number="S6401")
    created = service.create_return(
        verified["token"],
        str(uuid.uuid4()),
        {"order_number": "S6401", "lines": [{"line_no": 1, "quantity": 1, "reason": "size_too_small"}]},
    )
    slots = {"order_token": verified["token"], "rma_number": created["rma_number"], "order_number": "S6401"}

    looked_up = run(ReturnStatus().run(dispatcher, tracker({**slots, "after_lookup": "cancel"}, active_loop=None), {}))
    assert _slots(looked_up)["cancel_asked"] is True, dispatcher.messages
    confirmed = run(CancelReturn().run(dispatcher, tracker(slots, intent="affirm", active_loop=None), {}))

    texts = [message.get("text") for message in dispatcher.messages]
    assert (
        texts[1]
        == f"Done: return {created['rma_number']} is cancelled. Keep the item; there's nothing to send and no refund."
    )
    assert service.get_return(verified["token"], created["rma_number"])["status"] == "cancelled"
    assert SlotSet("cancel_asked", False) in confirmed

    dispatcher.messages.clear()  # yes again (a double click): the service answers the return as it is
    run(CancelReturn().run(dispatcher, tracker(slots, intent="affirm", active_loop=None), {}))
    assert dispatcher.messages[0]["text"].startswith(f"Done: return {created['rma_number']} is cancelled.")


def test_stop_after_a_return_was_made_says_it_stays_and_offers_to_cancel_it(dispatcher):
    slots = {"rma_number": "RMA-A", "language": "zh"}

    run(StopOutsideAForm().run(dispatcher, tracker(slots, intent="stop", active_loop=None), {}))

    (message,) = dispatcher.messages
    assert message["text"].startswith("好的，已经停止。您的退货 RMA-A 保持不变")
    assert message["buttons"] == [{"title": "取消我的退货", "payload": '/cancel_return{"rma_number": "RMA-A"}'}]


def test_stop_with_no_return_made_says_nothing_was_submitted(dispatcher):
    events = run(StopOutsideAForm().run(dispatcher, tracker({"line_no": "1"}, intent="stop", active_loop=None), {}))

    assert dispatcher.messages[0]["response"] == "utter_cancelled"
    assert SlotSet("line_no", None) in events
