"""The return form reads typed text as the answer to its open question (actions/in_context.py), and
says plainly when it did not understand (actions/reask.py). No service is needed: every answer
here is read, counted or re-asked before the form would ask the policy anything."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.ask import AskQuestionAnswer, AskResolution
from actions.reask import AskWhatTheCustomerMeant, ReaskQuestion, likely_choices
from actions.return_form import ValidateReturnForm

from .conftest import run, tracker

form = ValidateReturnForm()
ITEM = {
    "line_no": 1,
    "sku": "BE-SHAVER",
    "name": "Electric shaver",
    "returnable_quantity": 1,
    "eligible": True,
    "eligible_reasons": [],
    "explanations": [],
    "currency": "EUR",
    "unit_price_minor": 8990,
}
PREVIEW = {
    "outcome": "approve",
    "questions": [],
    "required_evidence": [],
    "currency": "EUR",
    "resolutions": [{"kind": "refund", "customer_amount_minor": 8990}],
}
# Where the form stands when it asks how to settle the return: verified, item and reason known.
AT_RESOLUTION = {
    "order_number": "T1",
    "contact": "a@example.com",
    "order_token": "token",
    "returnable_items": [ITEM],
    "line_no": "1",
    "quantity": "1",
    "reason": "changed_mind",
    "preview": PREVIEW,
    "keep_offer": {"status": "none", "line_no": 1},
    "requested_slot": "resolution",
}
DOMAIN: dict[str, Any] = {
    "forms": {"return_form": {"required_slots": ["order_number", "contact", "line_no", "reason", "resolution"]}},
    "slots": {},
}


def asked(question: str, text: str, intent: str = "nlu_fallback", **slots: Any) -> Tracker:
    return tracker({"requested_slot": question, **slots}, text=text, intent=intent)


def extracted(method: str, typed: Tracker) -> dict[str, Any]:
    return run(getattr(form, f"extract_{method}")(CollectingDispatcher(), typed, DOMAIN))


@pytest.mark.parametrize(
    ("text", "intent", "answer"),
    [
        pytest.param("yes its still sealed, never opened it", "check_return_status", {"question_answer": True}),
        pytest.param("是的，还没拆封", "nlu_fallback", {"question_answer": True}),
        pytest.param("no not really", "affirm", {"question_answer": False}, id="the-words-beat-the-intent"),
        pytest.param("sealed", "nlu_fallback", {}, id="unclear-is-left-to-the-intent"),
        pytest.param("no, get me a person", "request_human", {}, id="leaving-the-form-is-no-answer"),
        pytest.param("/affirm", "affirm", {}, id="a-button-is-its-payload"),
    ],
)
def test_a_yes_no_question_is_answered_in_words(text, intent, answer):
    assert extracted("question_answer", asked("question_answer", text, intent)) == answer


def test_words_are_read_only_for_the_question_that_is_open():
    assert extracted("confirmed", asked("question_answer", "yes")) == {}


def test_words_are_read_from_the_tracker_rasa_hands_the_form():
    typed = asked("question_answer", "yes")
    # Rasa's temporary tracker: the customer's message, then the form's own run.
    typed.events = [{"event": "action", "name": "action_listen"}, *typed.events]
    typed.events.append({"event": "action", "name": "return_form"})
    assert extracted("question_answer", typed) == {"question_answer": True}


def test_words_are_not_read_again_when_the_form_resumes_after_a_digression():
    typed = asked("question_answer", "yes")
    typed.events += [{"event": "action", "name": "action_answer_policy"}, {"event": "action", "name": "return_form"}]
    assert extracted("question_answer", typed) == {}


@pytest.mark.parametrize(
    ("text", "intent", "answer"),
    [
        pytest.param("refund", "check_return_status", {"resolution": "refund"}, id="issue-15-refund"),
        pytest.param("退款", "start_return", {"resolution": "refund"}, id="tuikuan"),
        pytest.param("where is my refund", "check_return_status", {}, id="a-new-question"),
        pytest.param("refund", "request_human", {}, id="leaving"),
    ],
)
def test_an_option_is_named_in_words(text, intent, answer):
    assert extracted("resolution", asked("resolution", text, intent)) == answer


def test_an_item_is_named_by_its_place_among_the_buttons():
    items = [ITEM, {**ITEM, "line_no": 2, "sku": "BE-BRUSHSET", "name": "Makeup brush set"}]
    typed = asked("line_no", "第二个", "start_return", returnable_items=items)
    assert extracted("line_no", typed) == {"line_no": "2"}


def validated(typed: Tracker, candidate: Any) -> list[dict[str, Any]]:
    typed.events.append({"event": "slot", "name": typed.get_slot("requested_slot"), "value": candidate})
    return run(form.run(CollectingDispatcher(), typed, DOMAIN))


def slot_events(events: list[dict[str, Any]], name: str) -> list[Any]:
    return [event["value"] for event in events if event.get("event") == "slot" and event["name"] == name]


def test_an_answer_the_form_cannot_use_is_counted_and_a_good_one_starts_afresh():
    first = validated(tracker(AT_RESOLUTION, text="store credit", intent="inform"), "store credit")
    assert slot_events(first, "unanswered") == [{"slot": "resolution", "times": 1}]
    twice = {**AT_RESOLUTION, "unanswered": {"slot": "resolution", "times": 1}}
    second = validated(tracker(twice, text="a voucher", intent="inform"), "a voucher")
    assert slot_events(second, "unanswered") == [{"slot": "resolution", "times": 2}]
    answered = validated(tracker(twice, text="refund", intent="inform"), "refund")
    assert slot_events(answered, "resolution")[-1] == "refund"
    assert slot_events(answered, "unanswered") == [None]


def test_not_understood_says_so_and_counts_the_question():
    dispatcher = CollectingDispatcher()
    events = run(ReaskQuestion().run(dispatcher, asked("question_answer", "qwerty"), DOMAIN))
    assert dispatcher.messages[0]["text"] == "Sorry, I didn't catch that."
    assert events == [
        {"event": "slot", "timestamp": None, "name": "unanswered", "value": {"slot": "question_answer", "times": 1}}
    ]


def buttons_of(dispatcher: CollectingDispatcher) -> list[str]:
    return [button["title"] for message in dispatcher.messages for button in message.get("buttons", [])]


def test_the_second_time_the_question_itself_offers_a_person():
    once, twice = ({"slot": "question_answer", "times": n} for n in (1, 2))
    for unanswered, person in ((once, False), (twice, True)):
        dispatcher = CollectingDispatcher()
        question = {"id": "sealed", "text": "Is the item still sealed?"}
        typed = asked("question_answer", "qwerty", pending_question=question, unanswered=unanswered)
        run(AskQuestionAnswer().run(dispatcher, typed, DOMAIN))
        assert buttons_of(dispatcher)[:2] == ["Yes", "No"]
        assert ("Talk to a person" in buttons_of(dispatcher)) is person


def test_a_question_asked_by_a_response_gets_the_person_on_the_sorry_line():
    dispatcher = CollectingDispatcher()
    typed = asked("order_number", "qwerty", unanswered={"slot": "order_number", "times": 1}, language="zh")
    run(ReaskQuestion().run(dispatcher, typed, DOMAIN))
    assert dispatcher.messages[0]["text"].startswith("抱歉")
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["/request_human"]


def test_the_resolution_buttons_are_asked_again_with_a_person_after_two_failures():
    dispatcher = CollectingDispatcher()
    typed = tracker({**AT_RESOLUTION, "unanswered": {"slot": "resolution", "times": 2}})
    run(AskResolution().run(dispatcher, typed, DOMAIN))
    assert buttons_of(dispatcher)[-1] == "Talk to a person"
    assert buttons_of(dispatcher)[0].startswith("Refund")


def ranking(*names: str) -> list[dict[str, Any]]:
    return [{"name": name, "confidence": 0.5 - n / 10} for n, name in enumerate(names)]


@pytest.mark.parametrize(
    ("ranked", "offered"),
    [
        pytest.param(
            ("nlu_fallback", "check_return_status", "inform", "start_return", "ask_return_policy", "request_human"),
            ["check_return_status", "start_return", "ask_return_policy"],
            id="the-likeliest-three",
        ),
        pytest.param(
            ("nlu_fallback", "greet", "exchange_item"),
            ["exchange_item", "start_return", "check_return_status"],
            id="topped-up-with-the-usual",
        ),
        pytest.param(("nlu_fallback",), ["start_return", "check_return_status", "ask_return_policy"], id="a-payload"),
    ],
)
def test_outside_a_form_the_likeliest_wishes_are_offered(ranked, offered):
    assert likely_choices(ranking(*ranked)) == offered


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        ("en", ["Where is my return?", "Return an item", "Return rules", "Something else"]),
        ("zh", ["我的退货到哪了？", "我要退货", "退货规则", "其他问题"]),
    ],
)
def test_did_you_mean_names_no_intent(language, titles):
    typed = tracker({"language": language}, text="wheres my stuff A1001", intent="nlu_fallback", active_loop=None)
    typed.latest_message["intent_ranking"] = ranking("nlu_fallback", "check_return_status", "start_return")
    typed.latest_message["entities"] = [{"entity": "order_number", "value": "A1001"}]
    dispatcher = CollectingDispatcher()
    run(AskWhatTheCustomerMeant().run(dispatcher, typed, DOMAIN))
    [message] = dispatcher.messages
    assert [b["title"] for b in message["buttons"]] == titles
    assert message["buttons"][0]["payload"] == '/check_return_status{"order_number": "A1001"}'
    assert message["buttons"][-1]["payload"] == "/out_of_scope"
    assert "_" not in message["text"]  # no intent name, nor anything like one
