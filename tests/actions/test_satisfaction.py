"""The chat's rating (actions/satisfaction.py): a button's entity, typed words, or asked again."""

from __future__ import annotations

import uuid

import pytest
from rasa_sdk.events import SlotSet

from actions.backend_client import service
from actions.satisfaction import RateChat, ask_for_rating
from actions.status import ReturnStatus

from .conftest import run, tracker
from .test_signed_in import push_order

ANSWERED = SlotSet("rating_asked", False)
ASKED = SlotSet("rating_asked", True)


def rated(text: str, entities: list[dict] | None = None, intent: str = "rate_chat"):
    asked = tracker(text=text, intent=intent, active_loop=None)
    asked.latest_message["entities"] = entities or []
    return asked


@pytest.mark.parametrize(
    ("text", "entities", "score"),
    [
        pytest.param('/rate_chat{"score":"4"}', [{"entity": "score", "value": "4"}], "4", id="button"),
        pytest.param("great, 5 stars", [], "5", id="typed, no entity found"),
        pytest.param("2/5 too slow", [{"entity": "score", "value": "2"}], "2", id="typed with entity"),
        pytest.param("5", [], "5", id="a bare digit"),
        pytest.param("4/5", [], "4", id="x/5 is one token, so no entity"),
        pytest.param("4 out of five", [], "4", id="the digit before a spelled-out 5"),
    ],
)
def test_a_score_is_kept_and_the_customer_thanked(dispatcher, text, entities, score):
    events = run(RateChat().run(dispatcher, rated(text, entities), {}))

    assert events == [SlotSet("chat_score", score), ANSWERED]
    assert [m["response"] for m in dispatcher.messages] == ["utter_chat_rated"]


# What the rule after "How was this chat?" sends here: inform, with the number as a quantity.
@pytest.mark.parametrize(
    ("text", "quantity", "score"),
    [
        pytest.param("5", "5", "5", id="bare digit"),
        pytest.param("5!", "5", "5", id="digit and punctuation"),
        pytest.param("five", "5", "5", id="spelled out"),
        pytest.param("2.", "2", "2", id="low score"),
    ],
)
def test_a_number_typed_right_after_the_question_is_the_score(dispatcher, text, quantity, score):
    number = rated(text, [{"entity": "quantity", "value": quantity}], intent="inform")

    events = run(RateChat().run(dispatcher, number, {}))

    assert events == [SlotSet("chat_score", score), ANSWERED]


@pytest.mark.parametrize("text", ["rate this chat", "10 out of 10", "0 stars"])
def test_without_a_score_from_1_to_5_the_question_is_asked_again(dispatcher, text):
    events = run(RateChat().run(dispatcher, rated(text), {}))

    assert events == [ASKED]  # still waiting: the next bare number is the answer
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_chat_rating"]


def test_a_chat_already_rated_is_not_asked_again(dispatcher):
    assert ask_for_rating(dispatcher, tracker({"chat_score": "5"}, active_loop=None)) == []
    assert dispatcher.messages == []

    assert ask_for_rating(dispatcher, tracker({}, active_loop=None)) == [ASKED]
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_chat_rating"]


def test_a_status_answer_asks_and_marks_the_question_asked(live_service, dispatcher):
    push_order(live_service, "S6011", "rating.status@example.com")
    verified = service.verify("rating-status-chat", "rating.status@example.com", order_number="S6011")
    created = service.create_return(
        verified["token"],
        str(uuid.uuid4()),
        {"order_number": "S6011", "lines": [{"line_no": 1, "quantity": 1, "reason": "size_too_small"}]},
    )
    slots = {"order_token": verified["token"], "rma_number": created["rma_number"], "order_number": "S6011"}

    events = run(ReturnStatus().run(dispatcher, tracker(slots, active_loop=None), {}))

    assert dispatcher.messages[-1]["response"] == "utter_ask_chat_rating"
    assert ASKED in events
