"""Which parts of the policy answer a question (actions/policy_answers.py)."""

from __future__ import annotations

import pytest

from actions.policy_answers import DEFAULT_TOPICS, AnswerPolicy, topics_asked

from .conftest import run, tracker


@pytest.mark.parametrize(
    ("question", "topics"),
    [
        # An opened item: the conditions and the restocking fee, not the windows and exclusions.
        ("can i return headphones if ive already opened the box?", ("condition", "fee")),
        ("耳机拆封了还能退吗", ("condition", "fee")),
        ("how long do i have to send it back", ("window",)),
        ("who pays for the return label", ("shipping",)),
        ("is there a restocking fee", ("fee", "shipping")),
        ("when will i get my money back", ("deadline", "settle")),
        # Two questions in one: both answered.
        ("how many days do i have and who pays postage", ("shipping", "window")),
        # "Can I return this?" and nothing more specific: what cannot be returned, and until when.
        ("can i return sale items", ("cannot", "window")),
        ("什么不能退", ("cannot", "window")),
        ("what is your return policy", DEFAULT_TOPICS),
    ],
)
def test_a_question_is_answered_by_the_parts_of_the_policy_it_asks_about(question, topics):
    assert topics_asked(question) == topics


@pytest.mark.parametrize(
    ("language", "question", "fee"),
    [
        ("en", "can i return headphones if ive already opened the box?", "10% restocking fee"),
        ("zh", "耳机拆封了还能退吗", "10%的重新入库费"),
    ],
)
def test_an_opened_item_question_hears_of_the_restocking_fee_from_the_live_policy(
    live_service, dispatcher, language, question, fee
):
    asked = tracker({"language": language}, text=question, intent="ask_return_policy", active_loop=None)
    run(AnswerPolicy().run(dispatcher, asked, {}))
    [answer] = dispatcher.messages
    assert fee in answer["text"], answer["text"]
    assert answer["buttons"], "a return stays one click away"
