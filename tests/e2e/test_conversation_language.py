"""The conversation's language through the live stack: a Chinese page gets the whole return in
Chinese (greeting, form questions, their buttons, the RMA message), and a customer can switch
language in the middle of a return and carry on where they were.

Driven by payloads and button clicks (tests/chat.py), so it does not depend on how a trained
model reads a sentence; the page's locale comes as the widget sends it, in the message metadata.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import requests

from ..chat import Conversation
from ..orders import JEANS
from ..stack import SHOP_TOKEN, Stack

CJK_START, CJK_END = "\u4e00", "\u9fff"
TEE = {"sku": "AP-TEE-ORG", "name": "Organic cotton T-shirt", "category": "apparel", "unit_price_minor": 1990}


def push_two_item_order(stack: Stack, number: str, email: str) -> None:
    """Jeans and a T-shirt delivered two days ago: an order of the test's own, with an item to choose."""
    delivered = datetime.now(timezone.utc) - timedelta(days=2)
    lines = [
        {"line_no": n, "quantity": 1, "tags": [], "final_sale": False, **item} for n, item in ((1, JEANS), (2, TEE))
    ]
    order = {
        "number": number,
        "customer": {"email": email, "phone": None, "name": "Lin Wei", "tier": "guest"},
        "placed_at": (delivered - timedelta(days=3)).isoformat(),
        "delivered_at": delivered.isoformat(),
        "payment_method": "card",
        "currency": "EUR",
        "shipping_paid_minor": 495,
        "lines": lines,
    }
    response = requests.post(
        f"{stack.api}/orders", json=order, headers={"Authorization": f"Bearer {SHOP_TOKEN}"}, timeout=10
    )
    assert response.status_code in (200, 201), response.text


def titles(chat: Conversation) -> list[str]:
    return [button["title"] for message in chat.last for button in message.get("buttons", [])]


def has_chinese(text: str) -> bool:
    return any(CJK_START <= ch <= CJK_END for ch in text)


def test_a_chinese_page_gets_the_whole_return_in_chinese(chat: Conversation, stack: Stack, landed_returns):
    push_two_item_order(stack, "L8001", "lin.wei@example.com")
    chat.say("/greet", metadata={"locale": "zh"})
    assert "我是退货助手" in chat.text(), chat.dump()
    assert titles(chat) == ["我要退货", "我的退款到哪了？", "退货政策"], chat.dump()

    chat.click("我要退货")
    assert "请输入订单号" in chat.text(), chat.dump()
    chat.intent("inform", order_number="L8001")
    assert "邮箱或手机号" in chat.text(), chat.dump()
    chat.intent("inform", email="lin.wei@example.com")
    assert "已找到订单 L8001" in chat.text(), chat.dump()
    assert "您想退哪件商品？" in chat.text(), chat.dump()
    assert titles(chat) == ["Slim fit jeans — €59.90", "Organic cotton T-shirt — €19.90"], chat.dump()

    chat.click("Slim fit jeans")
    assert "的原因是什么？" in chat.text(), chat.dump()
    assert "尺码偏小" in titles(chat), chat.dump()
    chat.click("尺码偏小")
    assert "好消息：这件商品可以退货。" in chat.text(), chat.dump()
    # The refund after the policy's label fee, written as the Chinese locale writes euros.
    refund = next(title for title in titles(chat) if title.startswith("退款（"))
    assert re.fullmatch(r"退款（€\d+\.\d\d）", refund), chat.dump()
    chat.click("退款")
    assert chat.text().startswith("请核对：退回订单 L8001 中的 Slim fit jeans × 1，原因：尺码偏小。"), chat.dump()
    assert titles(chat) == ["是的，提交", "否"], chat.dump()
    chat.click("是的，提交")

    assert "您的退货单号是 RMA-" in chat.text(), chat.dump()
    # The refund, with the label it deducts named (issue 15).
    assert f"预计退款：{refund[3:-1]}（商品 €59.90 − 退货运单费 €4.95）。" in chat.text(), chat.dump()
    assert "您对这次对话满意吗？" in chat.text(), chat.dump()  # the rating, a domain response
    assert titles(chat)[0] == "1（很差）", chat.dump()
    assert chat.rma_turn == chat.turns  # the conversation metrics see a Chinese RMA too
    returns = landed_returns("L8001", "lin.wei@example.com")
    assert any(r["rma_number"] in chat.text() for r in returns), returns


def test_switching_language_mid_return_carries_on_with_the_same_question(chat: Conversation, stack: Stack):
    push_two_item_order(stack, "L8002", "lin.wei@example.com")
    chat.intent("start_return", order_number="L8002")
    assert "email address or phone number" in chat.text(), chat.dump()
    assert not has_chinese(chat.text()), chat.dump()

    chat.intent("switch_language", language="zh")
    assert "好的，接下来我用中文为您服务。" in chat.text(), chat.dump()
    assert "邮箱或手机号" in chat.text(), chat.dump()  # the open question again, now in Chinese
    chat.intent("inform", email="lin.wei@example.com")
    assert "已找到订单 L8002" in chat.text(), chat.dump()
    assert "您想退哪件商品？" in chat.text(), chat.dump()

    chat.intent("switch_language", language="en")
    assert "Sure — I'll continue in English." in chat.text(), chat.dump()
    assert "Which item would you like to return?" in chat.text(), chat.dump()
    assert not has_chinese(chat.text()), chat.dump()
    chat.click("Slim fit jeans")
    assert "What's the reason for returning the Slim fit jeans?" in chat.text(), chat.dump()
    assert "Too small" in titles(chat), chat.dump()


def test_an_english_page_stays_english(chat: Conversation):
    chat.say("/greet", metadata={"locale": "en"})
    assert "I'm the returns assistant" in chat.text(), chat.dump()
    assert titles(chat)[0] == "Return an item", chat.dump()
