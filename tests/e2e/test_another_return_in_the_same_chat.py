"""A customer verified earlier in the chat starts another return: the bot re-checks the order it
knows (or the one just named) with the email it knows, instead of failing or using the old order
(actions/submit.py StartReturn). Live stack, orders of these tests' own."""

from __future__ import annotations

import re

from ..chat import Conversation
from ..orders import JEANS, push_order
from ..stack import Stack

SERVICE_DOWN = "I can't reach our returns system"


def rma_numbers(chat: Conversation) -> list[str]:
    """The return numbers the bot gave in the whole conversation, in order."""
    return re.findall(r"Your return number is (RMA-[\w-]+)", chat.dump())


def return_one_pair(chat: Conversation) -> None:
    chat.click("Refund")
    chat.click("Yes")


def test_a_second_return_on_the_same_order_is_verified_again_without_asking(
    chat: Conversation, stack: Stack, landed_returns
):
    email = "twice.returner@example.com"
    push_order(stack, "T9101", email, item={**JEANS, "quantity": 3})
    chat.intent("start_return", order_number="T9101", reason="size_too_small")
    chat.intent("inform", email=email)
    chat.intent("inform", quantity="1")
    return_one_pair(chat)
    assert len(rma_numbers(chat)) == 1, chat.dump()

    chat.intent("start_return")  # "I want to return another pair of jeans"

    assert SERVICE_DOWN not in chat.text(), chat.dump()
    assert "found order T9101" in chat.text() and "How many" in chat.text(), chat.dump()
    chat.intent("inform", quantity="1")
    assert "What's the reason" in chat.text(), chat.dump()
    chat.click("Too small")
    return_one_pair(chat)

    assert len(set(rma_numbers(chat))) == 2, chat.dump()
    assert sorted(r["lines"][0]["quantity"] for r in landed_returns("T9101", email)) == [1, 1]


def test_naming_another_order_after_a_status_answer_opens_that_order(chat: Conversation, stack: Stack, landed_returns):
    email = "two.orders@example.com"
    push_order(stack, "T9102", email)
    push_order(stack, "T9103", email)
    chat.intent("start_return", order_number="T9102", reason="size_too_small")
    chat.intent("inform", email=email)
    return_one_pair(chat)
    [rma] = rma_numbers(chat)
    chat.intent("check_return_status", rma_number=rma)
    assert f"Your return {rma}" in chat.text(), chat.dump()

    chat.intent("start_return", order_number="T9103", reason="size_too_small")

    assert "found order T9103" in chat.text(), chat.dump()
    assert "nothing on order T9103 can be returned" not in chat.text(), chat.dump()
    return_one_pair(chat)
    assert len(set(rma_numbers(chat))) == 2, chat.dump()
    assert len(landed_returns("T9103", email)) == 1
