"""Handing over to people: the case the bot opens, and what the customer is told, against the real service."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.handoff import Escalate, FallBackToAPerson, escalation_body, recommendation
from actions.return_form import ValidateReturnForm
from actions.submit import SubmitReturn

from .conftest import run, tracker

form = ValidateReturnForm()


def texts(dispatcher) -> str:
    return " ".join(message.get("text") or "" for message in dispatcher.messages)


def on_channel(channel: str, slots: dict | None = None, *, sender: str = "tg-chat", intent: str = "request_human"):
    """A tracker whose latest message came in through `channel` (Rasa records it on the user event)."""
    base = tracker(slots, sender=sender, text="I want a person", intent=intent, active_loop=None)
    events = [{**base.events[0], "input_channel": channel}]
    return Tracker(
        sender_id=sender,
        slots=base.slots,
        latest_message=base.latest_message,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def test_the_body_names_the_channel_the_trigger_and_a_recommendation():
    body = escalation_body(on_channel("telegram", {"order_number": "A1001", "order_token": "t"}))
    assert body["channel"] == "telegram" and body["trigger"] == "customer_request"
    assert body["order_number"] == "A1001" and "No return started yet" in body["recommendation"]
    assert escalation_body(on_channel("rest", {"submit_failed": True}))["trigger"] == "service_down"
    assert escalation_body(on_channel("rest", intent="nlu_fallback"))["trigger"] == "repeated_fallback"
    unverified = escalation_body(on_channel("rest", {"order_number": "A1001", "verification_failures": 2}))
    assert unverified["trigger"] == "verification_failed" and unverified["order_number"] is None
    assert "not verified" in unverified["recommendation"]


def test_the_recommendation_follows_the_policy_preview():
    refused = {
        "outcome": "reject",
        "explanations": [{"rule_id": "exclusion.final_sale", "text": "Final sale items cannot be returned."}],
        "alternatives": [{"rule_id": "alternative.exchange", "text": "You can exchange it."}],
    }
    said = recommendation(tracker({"order_token": "t", "preview": refused}))
    assert said.startswith("The policy refuses this return. Final sale items") and "exchange it" in said
    approve = {"outcome": "approve", "explanations": [], "refund_estimate_minor": 5990, "currency": "EUR"}
    assert "estimated refund 59.90 EUR" in recommendation(tracker({"order_token": "t", "preview": approve}))


def test_asking_for_a_person_tells_the_queue_place_and_the_wait(live_service, dispatcher):
    run(Escalate().run(dispatcher, on_channel("telegram", sender="handoff-1"), {}))
    said = texts(dispatcher)
    assert said.startswith("I've passed your case to our customer care team.")
    assert "in the queue" in said and "minutes" in said and "Your reference is ESC-" in said


def test_asking_twice_keeps_one_case(live_service, dispatcher):
    run(Escalate().run(dispatcher, on_channel("rest", sender="handoff-2"), {}))
    run(Escalate().run(dispatcher, on_channel("rest", sender="handoff-2"), {}))
    first, second = (m["text"].rsplit("Your reference is ", 1)[1] for m in dispatcher.messages)
    assert first == second


def test_a_return_in_review_says_what_happens_next(live_service, dispatcher):
    async def scenario() -> None:
        slots = {"order_number": "A1008"}  # unused by the other action tests
        # One conversation throughout: the order token is bound to the chat it was verified in.
        in_chat = "review-chat"
        slots |= await form.validate_contact("grace@example.com", dispatcher, tracker(slots, sender=in_chat), {})
        slots |= await form.validate_line_no("1", dispatcher, tracker(slots, sender=in_chat), {})
        slots |= await form.validate_reason("damaged_in_transit", dispatcher, tracker(slots, sender=in_chat), {})
        assert slots["preview"]["outcome"] == "review", slots["preview"]
        slots |= {"resolution": "refund", "confirmed": True}
        dispatcher.messages.clear()
        await SubmitReturn().run(dispatcher, tracker(slots, sender=in_chat), {})

    run(scenario())
    said = texts(dispatcher)
    assert "return number is RMA-" in said and "in the queue" in said and "Your reference is ESC-" in said
    assert "don't send anything" in said


def test_when_the_rephrasing_is_not_understood_either_a_person_takes_over(live_service, dispatcher):
    events = run(
        FallBackToAPerson().run(dispatcher, on_channel("rest", sender="fallback-1", intent="nlu_fallback"), {})
    )
    said = texts(dispatcher)
    assert said.startswith("I'm sorry, I keep misunderstanding you, so I'm bringing in a person.")
    assert "Your reference is ESC-" in said
    assert [event["event"] for event in events] == ["rewind"]


def test_an_unsure_dialogue_policy_gets_rasas_default_answer_and_no_case(live_service, dispatcher):
    run(FallBackToAPerson().run(dispatcher, on_channel("rest", sender="fallback-2", intent="greet"), {}))
    assert [message.get("response") for message in dispatcher.messages] == ["utter_default"]
    assert "ESC-" not in texts(dispatcher)
