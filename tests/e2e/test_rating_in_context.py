"""A bare number typed after "How was this chat?" is the rating; during a return form it is the
form's answer (actions/satisfaction.py, the rule in data/satisfaction.yml). Live stack, orders of
these tests' own; the stored slot is read back from Rasa's tracker.

The customer's "5" is sent as what NLU makes of it, inform with a quantity (tests/nlu checks
that reading): the context, not the model, must decide what the number answers."""

from __future__ import annotations

import requests

from ..chat import Conversation
from ..orders import JEANS, push_order
from ..stack import RASA_TOKEN, Stack

RATING_QUESTION = "How was this chat? 1 (poor) – 5 (great)"
THANKS_FOR_RATING = "Thank you for rating this chat"


def slots(stack: Stack, chat: Conversation) -> dict:
    answer = requests.get(
        f"{stack.rasa_url}/conversations/{chat.conversation_id}/tracker",
        params={"token": RASA_TOKEN},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["slots"]


def return_the_jeans(chat: Conversation, order_number: str, email: str) -> None:
    chat.intent("start_return", order_number=order_number, reason="size_too_small")
    chat.intent("inform", email=email)
    assert f"found order {order_number}" in chat.text(), chat.dump()


def test_a_bare_5_after_the_rating_question_is_stored_as_the_rating(stack: Stack, chat: Conversation):
    push_order(stack, "R8001", "bare.five@example.com")
    return_the_jeans(chat, "R8001", "bare.five@example.com")
    chat.click("Refund")
    chat.click("Yes")
    assert "Your return number is RMA-" in chat.text(), chat.dump()
    assert RATING_QUESTION in chat.text(), chat.dump()

    chat.intent("inform", quantity="5")  # a bare "5"

    assert THANKS_FOR_RATING in chat.text(), chat.dump()
    stored = slots(stack, chat)
    assert stored["chat_score"] == "5"
    assert stored["rating_asked"] is False


def test_the_same_bare_digit_is_the_forms_quantity_then_after_the_question_the_rating(
    stack: Stack, chat: Conversation, landed_returns
):
    push_order(stack, "R8002", "bare.two@example.com", item={**JEANS, "quantity": 3})
    return_the_jeans(chat, "R8002", "bare.two@example.com")
    assert "How many of the Slim fit jeans are you returning?" in chat.text(), chat.dump()

    chat.intent("inform", quantity="2")  # a bare "2"

    assert THANKS_FOR_RATING not in chat.text(), chat.dump()
    chat.click("Refund")
    chat.click("Yes")
    assert "Your return number is RMA-" in chat.text(), chat.dump()
    assert [r["lines"][0]["quantity"] for r in landed_returns("R8002", "bare.two@example.com")] == [2]
    assert slots(stack, chat)["chat_score"] is None
    assert RATING_QUESTION in chat.text(), chat.dump()

    chat.intent("inform", quantity="2")

    assert THANKS_FOR_RATING in chat.text(), chat.dump()
    assert slots(stack, chat)["chat_score"] == "2"
