"""A customer verified earlier in the chat starts another return: the bot re-checks the order it
knows (or the one just named) with the email it knows, instead of failing or using the old order
(actions/submit.py StartReturn). Live stack, orders of these tests' own."""

from __future__ import annotations

import re

import pytest
import requests

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


TEE = {"sku": "AP-TEE-ORG", "name": "Organic cotton T-shirt", "category": "apparel", "unit_price_minor": 1990}
WORDS = {
    "en": {"found": "Thanks, I found order {}.", "which_order": "Which order is it about?", "refund": "Refund"},
    "zh": {"found": "谢谢，已找到订单 {}。", "which_order": "请问是哪个订单？", "refund": "退款"},
}
YES = {"en": "Yes", "zh": "是的，提交"}
TOO_SMALL = '/inform{"reason": "size_too_small"}'
RMA = r"RMA-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"


def first_return(chat: Conversation, stack: Stack, locale: str, order: str, email: str) -> str:
    """The jeans (line 1) of a jeans-and-T-shirt order returned for a refund; the RMA number."""
    push_order(stack, order, email, more=(TEE,))
    chat.say("/greet", metadata={"locale": locale})
    chat.intent("start_return", order_number=order, reason="size_too_small")
    chat.intent("inform", email=email)
    chat.intent("inform", line_no="1")
    chat.click(WORDS[locale]["refund"])
    chat.click(YES[locale])
    return re.findall(RMA, chat.text())[0]


def the_tee_returned_too(chat: Conversation, locale: str) -> None:
    """The form asks for the item left (the T-shirt), then it is returned for a refund."""
    assert '/inform{"line_no": "2"}' in [b["payload"] for m in chat.last for b in m.get("buttons", [])], chat.dump()
    chat.intent("inform", line_no="2")
    chat.say(TOO_SMALL)
    chat.click(WORDS[locale]["refund"])
    chat.click(YES[locale])


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_after_a_status_answer_the_other_item_starts_a_new_return_on_that_order(
    chat: Conversation, stack: Stack, landed_returns, locale
):
    email, order = f"other.item.{locale}@example.com", f"T92{locale.upper()}"
    rma = first_return(chat, stack, locale, order, email)
    chat.intent("check_return_status")  # "where is my refund?"
    assert rma in chat.text(), chat.dump()

    chat.intent("start_return", other_item="my other item")  # "I also want to return my other item"

    assert WORDS[locale]["found"].format(order) in chat.text(), chat.dump()  # the verified order, not asked again
    the_tee_returned_too(chat, locale)
    numbers = {found["rma_number"] for found in landed_returns(order, email)}
    assert len(numbers) == 2 and rma in numbers, chat.dump()
    said = re.findall(RMA, chat.text())
    assert said and rma not in said, chat.dump()  # the new number, not the old one


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_after_the_change_to_an_exchange_the_other_item_is_a_new_return_not_that_exchange(
    chat: Conversation, stack: Stack, landed_returns, service_as_owner, locale
):
    email, order = f"other.after.exchange.{locale}@example.com", f"T93{locale.upper()}"
    rma = first_return(chat, stack, locale, order, email)
    chat.intent("exchange_item")
    chat.click("size 34" if locale == "en" else "34码")
    try:
        # "exchange my other item too": a new return as an exchange, not the sizes of return `rma`
        chat.intent("exchange_item", other_item="my other item")

        assert WORDS[locale]["found"].format(order) in chat.text(), chat.dump()
        assert rma not in chat.text(), chat.dump()
        chat.intent("inform", line_no="2")
        chat.say(TOO_SMALL)
        assert "AP-TEE-ORG-M" in str(chat.last), chat.dump()  # the T-shirt's sizes: the return form asks
    finally:  # the jeans' size 34 goes back on sale for the suite's other exchanges
        requests.post(
            f"{stack.api}/returns/{rma}/resolution",
            json={"resolution": "refund"},
            headers=service_as_owner(order, email),
            timeout=10,
        )
    assert [found["rma_number"] for found in landed_returns(order, email)] == [rma]  # nothing new submitted yet


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_an_item_from_another_order_asks_which_order_and_not_the_email_again(
    chat: Conversation, stack: Stack, landed_returns, locale
):
    email, order, other = f"other.order.{locale}@example.com", f"T94{locale.upper()}", f"T95{locale.upper()}"
    first_return(chat, stack, locale, order, email)
    push_order(stack, other, email, item=TEE)

    chat.intent("start_return", other_order="another order")  # "I'd like to return something from another order"

    assert WORDS[locale]["which_order"] in chat.text(), chat.dump()
    assert WORDS[locale]["found"].format(order) not in chat.text(), chat.dump()
    chat.intent("inform", order_number=other)
    assert WORDS[locale]["found"].format(other) in chat.text(), chat.dump()  # checked with the email it knew
    chat.say(TOO_SMALL)
    chat.click(WORDS[locale]["refund"])
    chat.click(YES[locale])
    assert len(landed_returns(other, email)) == 1, chat.dump()
    assert len(landed_returns(order, email)) == 1, chat.dump()
