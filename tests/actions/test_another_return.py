""" "I also want to return my other item / something from another order" after a return or a
status answer in the same chat (actions/submit.py StartReturn), against the real service."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.backend_client import service
from actions.submit import StartReturn

from .conftest import run, tracker
from .test_signed_in import push_order, slots_set, texts

FOUND = "Thanks, I found order {}."


def verified(number: str, email: str) -> dict[str, str]:
    """The slots a status lookup leaves: the order and its token, no items of a return."""
    token = service.verify("another-chat", email, order_number=number)["token"]
    return {"order_number": number, "contact": email, "order_token": token, "rma_number": None}


def said_another(entity: str, extractor: str | None = "RegexEntityExtractor", **slots) -> Tracker:
    current = tracker(slots, text="and the other one too", intent="start_return", active_loop=None)
    found = {"entity": entity, "value": "another order", "extractor": extractor}
    current.latest_message["entities"] = [{k: v for k, v in found.items() if v is not None}]
    return current


def test_after_a_status_answer_the_verified_order_is_checked_again_for_its_items(live_service, dispatcher):
    push_order(live_service, "N5001", "nora.next@example.com")
    current = tracker(verified("N5001", "nora.next@example.com"), intent="start_return", active_loop=None)

    events = run(StartReturn().run(dispatcher, current, {}))

    slots = slots_set(events)
    assert [item["sku"] for item in slots["returnable_items"]] == ["AP-JEANS-SLIM", "AP-TEE-ORG"]
    assert FOUND.format("N5001") in texts(dispatcher)
    assert events[-1] == {"event": "active_loop", "name": "return_form", "timestamp": None}


def test_another_order_forgets_the_verified_one_and_keeps_the_email(live_service, dispatcher):
    push_order(live_service, "N5002", "nora.other@example.com")

    events = run(
        StartReturn().run(dispatcher, said_another("other_order", **verified("N5002", "nora.other@example.com")), {})
    )

    slots = slots_set(events)
    assert (slots["order_number"], slots["order_token"], slots["returnable_items"]) == (None, None, None)
    assert "contact" not in slots  # the form asks for the order number and checks it with this email
    assert dispatcher.messages == []


def test_a_guess_of_the_statistical_extractor_is_not_another_order(live_service, dispatcher):
    # The CRF learnt "my other order" from "my other item"; only the regexes or a button count.
    push_order(live_service, "N5003", "nora.guess@example.com")
    current = said_another("other_order", "CRFEntityExtractor", **verified("N5003", "nora.guess@example.com"))

    slots = slots_set(run(StartReturn().run(dispatcher, current, {})))

    assert slots["order_number"] == "N5003" and slots["returnable_items"]


def test_a_button_naming_another_order_counts(live_service, dispatcher):
    push_order(live_service, "N5004", "nora.button@example.com")
    current = said_another("other_order", None, **verified("N5004", "nora.button@example.com"))

    assert slots_set(run(StartReturn().run(dispatcher, current, {})))["order_token"] is None
