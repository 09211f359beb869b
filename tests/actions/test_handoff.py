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
    # The token names the verified order (the service reads it); the number alone proves nothing.
    assert body["order_token"] == "t" and body["order_number"] is None
    assert "No return started yet" in body["recommendation"]
    assert escalation_body(on_channel("rest", {"submit_failed": True}))["trigger"] == "service_down"
    assert escalation_body(on_channel("rest", intent="nlu_fallback"))["trigger"] == "repeated_fallback"
    unverified = escalation_body(on_channel("rest", {"order_number": "A1001", "verification_failures": 2}))
    assert unverified["trigger"] == "verification_failed" and unverified["order_number"] is None
    assert "order_token" not in unverified and "not verified" in unverified["recommendation"]
    assert "Named order A1001 but it is not verified" in unverified["summary"]


REFUSED = {
    "outcome": "reject",
    "rule_ids": ["window.change_of_mind"],
    "explanations": [{"rule_id": "window.change_of_mind", "text": "Too late for a change of mind."}],
    "alternatives": [{"rule_id": "alternative.defect", "text": "A defect can still be returned."}],
    "refund_estimate_minor": 0,
}


def after_a_refusal(*, sender: str = "refused-chat") -> Tracker:
    """The customer verified, picked an item and a reason, was refused (the return's slots were
    reset), then asked for a person: what the bot knew is only in the events now."""
    set_then_cleared = {"order_token": "tok", "line_no": "1", "reason": "changed_mind", "preview": REFUSED}
    events = [{"event": "session_started"}]
    events += [{"event": "slot", "name": name, "value": value} for name, value in set_then_cleared.items()]
    events += [{"event": "slot", "name": name, "value": None} for name in set_then_cleared]
    events.append({"event": "user", "text": "talk to a person", "parse_data": {"intent": {"name": "request_human"}}})
    return Tracker(
        sender_id=sender,
        slots={"order_number": "A1005", "order_token": None, "preview": None, "reason": None, "line_no": None},
        latest_message={"text": "talk to a person", "intent": {"name": "request_human", "confidence": 1.0}},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def test_after_a_refusal_the_case_still_gets_the_verified_order_and_what_was_decided():
    body = escalation_body(after_a_refusal())
    assert body["order_token"] == "tok" and "not verified" not in body["summary"]
    assert body["context"] == {
        "items": [{"line_no": 1, "quantity": 1}],
        "reason": "changed_mind",
        "decision": {
            "outcome": "reject",
            "rule_ids": ["window.change_of_mind"],
            "explanations": [{"rule_id": "window.change_of_mind", "text": "Too late for a change of mind."}],
            "alternatives": ["A defect can still be returned."],
            "refund_estimate_minor": 0,
        },
    }
    assert body["recommendation"].startswith("The policy refuses this return.")


def test_nothing_is_recalled_from_before_the_session_started():
    earlier = after_a_refusal()
    events = [*earlier.events[:-1], {"event": "session_started"}, earlier.events[-1]]
    fresh = Tracker(earlier.sender_id, earlier.slots, earlier.latest_message, events, False, None, {}, "action_listen")
    assert "order_token" not in escalation_body(fresh)


def test_the_recommendation_follows_the_policy_preview():
    refused = {
        "outcome": "reject",
        "explanations": [{"rule_id": "exclusion.final_sale", "text": "Final sale items cannot be returned."}],
        "alternatives": [{"rule_id": "alternative.exchange", "text": "You can exchange it."}],
    }
    said = recommendation(tracker({"order_token": "t", "preview": refused}))
    assert said.startswith("The policy refuses this return. Final sale items") and "exchange it" in said
    approve = {"outcome": "approve", "explanations": [], "refund_estimate_minor": 5990, "currency": "EUR"}
    assert "estimated refund €59.90" in recommendation(tracker({"order_token": "t", "preview": approve}))


def test_asking_for_a_person_tells_the_queue_place_and_the_wait(live_service, dispatcher):
    events = run(Escalate().run(dispatcher, on_channel("telegram", sender="handoff-1"), {}))
    said = texts(dispatcher)
    assert said.startswith("I've passed your case to our customer care team.")
    assert "in the queue" in said and "minutes" in said and "Your reference is ESC-" in said
    # A person answers from now on: the bot pauses (the channels only acknowledge).
    assert [event["event"] for event in events] == ["pause"]


def test_in_a_chinese_chat_the_handoff_is_said_in_chinese(live_service, dispatcher):
    run(Escalate().run(dispatcher, on_channel("rest", {"language": "zh"}, sender="handoff-zh"), {}))
    assert texts(dispatcher).startswith("已将您的问题转交给客服团队。")


def test_a_verification_the_service_no_longer_accepts_still_opens_the_case_unproven(live_service, dispatcher):
    # The service answers 401 to an expired token as to this one; the customer still gets a person.
    expired = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJBMTAwMSJ9.invalid"
    run(Escalate().run(dispatcher, on_channel("rest", {"order_number": "A1001", "order_token": expired}), {}))
    said = texts(dispatcher)
    assert said.startswith("I've passed your case") and "Your reference is ESC-" in said


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
    assert [event["event"] for event in events] == ["rewind", "pause"]


def test_an_unsure_dialogue_policy_gets_rasas_default_answer_and_no_case(live_service, dispatcher):
    run(FallBackToAPerson().run(dispatcher, on_channel("rest", sender="fallback-2", intent="greet"), {}))
    assert [message.get("response") for message in dispatcher.messages] == ["utter_default"]
    assert "ESC-" not in texts(dispatcher)


def test_what_a_return_collected_before_another_verification_is_not_recalled():
    earlier = after_a_refusal()
    # Another order verified afterwards: its token is recalled, the first order's item is not.
    events = [*earlier.events[:-1], {"event": "slot", "name": "order_token", "value": "tok-2"}, earlier.events[-1]]
    later = Tracker(earlier.sender_id, earlier.slots, earlier.latest_message, events, False, None, {}, "action_listen")
    body = escalation_body(later)
    assert body["order_token"] == "tok-2" and body["context"] == {}


def test_a_context_the_service_refuses_still_opens_the_verified_case(live_service, dispatcher):
    async def scenario() -> list:
        in_chat = "stale-line-chat"
        slots = {"order_number": "A1009"}  # unused by the other action tests
        slots |= await form.validate_contact("sam@example.com", dispatcher, tracker(slots, sender=in_chat), {})
        dispatcher.messages.clear()
        # A line the order does not have (a client bug): the service answers 422 to the context.
        asking = on_channel("rest", slots | {"line_no": "99"}, sender=in_chat)
        return await Escalate().run(dispatcher, asking, {})

    events = run(scenario())
    assert texts(dispatcher).startswith("I've passed your case") and "Your reference is ESC-" in texts(dispatcher)
    assert [event["event"] for event in events] == ["pause"]
