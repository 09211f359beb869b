"""'Cancel my return' through the live assistant, in English and Chinese: the bot finds which return
(the one just made, or by its number and the customer's email), asks to confirm, and the service
cancels it before the parcel ships and refuses after (actions/cancel.py)."""

from __future__ import annotations

import re

from ..chat import Conversation
from ..orders import push_order
from ..stack import Stack
from .test_status_conversation import approved_return, staff


def return_made_in_chat(chat: Conversation, stack: Stack, order_number: str, email: str) -> str:
    """A pair of jeans returned for a refund in this chat; its RMA number."""
    push_order(stack, order_number, email)
    chat.intent("start_return", order_number=order_number, reason="size_too_small")
    chat.intent("inform", email=email)
    chat.click("Refund")
    chat.click("Yes")
    [rma] = re.findall(r"Your return number is (RMA-[\w-]+)", chat.dump())
    return rma


def status_of(landed_returns, order_number: str, email: str) -> list[str]:
    return [found["status"] for found in landed_returns(order_number, email)]


def test_a_return_just_made_is_cancelled_after_a_yes(chat: Conversation, stack: Stack, landed_returns):
    email = "keeps.it@example.com"
    rma = return_made_in_chat(chat, stack, "C7101", email)

    chat.intent("cancel_return")  # "I'd like to cancel my return, I'm keeping the jeans"

    assert f"Cancel return {rma} (1 × Slim fit jeans)?" in chat.text(), chat.dump()
    assert status_of(landed_returns, "C7101", email) == ["approved"]
    chat.click("Yes, cancel it")
    assert f"Done: return {rma} is cancelled." in chat.text(), chat.dump()
    assert status_of(landed_returns, "C7101", email) == ["cancelled"]


def test_a_chinese_customer_names_the_return_says_no_then_yes(
    chat: Conversation, stack: Stack, service_as_owner, landed_returns
):
    email = "wang.fang@example.com"
    rma = approved_return(stack, service_as_owner, "C7102", email)
    chat.say("/greet", metadata={"locale": "zh"})

    chat.intent("cancel_return", rma_number=rma)  # 退货单 RMA-… 帮我撤回
    assert "邮箱或手机号" in chat.text(), chat.dump()
    chat.intent("inform", email=email)
    assert f"要取消退货 {rma}（Slim fit jeans × 1）吗？" in chat.text(), chat.dump()
    chat.click("不，继续退货")
    assert f"好的，退货 {rma} 保持不变。" in chat.text(), chat.dump()
    assert status_of(landed_returns, "C7102", email) == ["approved"]

    chat.intent("cancel_return")  # the chat knows the return and the customer now: no questions
    assert f"要取消退货 {rma}" in chat.text(), chat.dump()
    chat.click("是，取消退货")
    assert f"已取消退货 {rma}。" in chat.text(), chat.dump()
    assert status_of(landed_returns, "C7102", email) == ["cancelled"]


def test_a_parcel_already_at_the_warehouse_is_not_cancelled_and_a_person_is_offered(
    chat: Conversation, stack: Stack, service_as_owner, landed_returns
):
    email = "too.late@example.com"
    rma = approved_return(stack, service_as_owner, "C7103", email)
    received = staff(stack, "wim").post(f"{stack.api}/warehouse/receipts", json={"rma_number": rma}, timeout=10)
    assert received.status_code == 201, received.text

    chat.intent("cancel_return", order_number="C7103")
    chat.intent("inform", email=email)

    assert f"Return {rma} (1 × Slim fit jeans) can no longer be cancelled" in chat.text(), chat.dump()
    assert [b["payload"] for m in chat.last for b in m.get("buttons", [])] == ["/request_human"], chat.dump()
    assert status_of(landed_returns, "C7103", email) == ["received"]


def test_cancel_in_the_middle_of_a_return_stops_it_and_submits_nothing(
    chat: Conversation, stack: Stack, landed_returns
):
    email = "half.way@example.com"
    push_order(stack, "C7104", email)
    chat.intent("start_return", order_number="C7104")
    chat.intent("inform", email=email)

    chat.intent("cancel_return")

    assert "Okay, I've stopped. Nothing was submitted." in chat.text(), chat.dump()
    assert landed_returns("C7104", email) == []


def test_stop_after_the_rma_keeps_the_return_and_offers_to_cancel_it(chat: Conversation, stack: Stack, landed_returns):
    email = "changed.mind@example.com"
    rma = return_made_in_chat(chat, stack, "C7105", email)

    chat.intent("stop")  # "forget it, I don't want to return it"

    assert f"Your return {rma} stays as it is" in chat.text(), chat.dump()
    assert "Nothing was submitted" not in chat.text(), chat.dump()
    chat.click("Cancel my return")
    assert f"Cancel return {rma} (1 × Slim fit jeans)?" in chat.text(), chat.dump()
    chat.click("Yes, cancel it")
    assert status_of(landed_returns, "C7105", email) == ["cancelled"]
