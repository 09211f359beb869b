"""The chat's rating (actions/satisfaction.py): a button's entity, typed words, or asked again."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.satisfaction import RateChat, ask_for_rating

from .conftest import run, tracker


def rated(text: str, entities: list[dict] | None = None):
    asked = tracker(text=text, intent="rate_chat", active_loop=None)
    asked.latest_message["entities"] = entities or []
    return asked


@pytest.mark.parametrize(
    ("text", "entities", "score"),
    [
        pytest.param('/rate_chat{"score":"4"}', [{"entity": "score", "value": "4"}], "4", id="button"),
        pytest.param("great, 5 stars", [], "5", id="typed, no entity found"),
        pytest.param("2/5 too slow", [{"entity": "score", "value": "2"}], "2", id="typed with entity"),
        pytest.param("5", [], "5", id="a bare digit"),
    ],
)
def test_a_score_is_kept_and_the_customer_thanked(dispatcher, text, entities, score):
    events = run(RateChat().run(dispatcher, rated(text, entities), {}))

    assert events == [SlotSet("chat_score", score)]
    assert [m["response"] for m in dispatcher.messages] == ["utter_chat_rated"]


@pytest.mark.parametrize("text", ["rate this chat", "10 out of 10", "0 stars"])
def test_without_a_score_from_1_to_5_the_question_is_asked_again(dispatcher, text):
    events = run(RateChat().run(dispatcher, rated(text), {}))

    assert events == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_chat_rating"]


def test_a_chat_already_rated_is_not_asked_again(dispatcher):
    ask_for_rating(dispatcher, tracker({"chat_score": "5"}, active_loop=None))
    assert dispatcher.messages == []

    ask_for_rating(dispatcher, tracker({}, active_loop=None))
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_chat_rating"]
