"""Exchanges through the live Rasa server, action server and service: the size picked from the
buttons of what is in stock, a summary and an RMA that name it, and the exchange a refusal offers.

The demo shop's T-shirt (AP-TEE-ORG, bought in S white) has M in white at the same price and in
black for 3.00 more; L is sold out (backend/returndesk/demo/catalogue.py, VARIANTS).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import requests

from bot.catalogue import message

from ..chat import Conversation
from ..stack import SHOP_TOKEN

TEE = {"sku": "AP-TEE-ORG", "name": "Organic cotton T-shirt", "category": "apparel", "unit_price_minor": 1990}
JEANS = {"sku": "AP-JEANS-SLIM", "name": "Slim fit jeans", "category": "apparel", "unit_price_minor": 5990}


def buttons(chat: Conversation) -> list[str]:
    return [b["title"] for m in chat.last for b in m.get("buttons", [])]


def push_two_item_order(stack, number: str, email: str) -> None:
    """Jeans and a T-shirt, one each, delivered two days ago: the customer picks the item."""
    delivered = datetime.now(timezone.utc) - timedelta(days=2)
    order = {
        "number": number,
        "customer": {"email": email, "phone": None, "name": "Eli Exchange", "tier": "guest"},
        "placed_at": (delivered - timedelta(days=3)).isoformat(),
        "delivered_at": delivered.isoformat(),
        "payment_method": "card",
        "currency": "EUR",
        "shipping_paid_minor": 495,
        "lines": [
            {"line_no": no, "quantity": 1, "tags": [], "final_sale": False, **item}
            for no, item in ((1, JEANS), (2, TEE))
        ],
    }
    answer = requests.post(
        f"{stack.api}/orders", json=order, headers={"Authorization": f"Bearer {SHOP_TOKEN}"}, timeout=10
    )
    assert answer.status_code in (200, 201), answer.text


def test_an_exchange_for_size_m_picked_by_button(chat: Conversation, stack, landed_returns):
    push_two_item_order(stack, "X7001", "eli@example.com")
    chat.intent("start_return", order_number="X7001")
    chat.intent("inform", email="eli@example.com")
    assert "found order X7001" in chat.text(), chat.dump()
    chat.click("Organic cotton T-shirt")
    chat.intent("inform", reason="size_too_small")
    chat.click("Exchange")
    assert "Which size or colour would you like instead of your Organic cotton T-shirt (size S, White)?" in (
        chat.text()
    ), chat.dump()
    assert buttons(chat) == ["size M, Black (+€3.00)", "size M, White"], chat.dump()  # L is sold out

    chat.click("size M, White")
    summary = chat.text()
    assert "exchange 1 × Organic cotton T-shirt from order X7001 for the Organic cotton T-shirt in size M, White" in (
        summary
    ), chat.dump()
    assert "Shall I submit it?" in summary and "refund" not in summary.lower(), chat.dump()

    chat.click("Yes")
    done = chat.text()
    assert "Your return number is RMA-" in done, chat.dump()
    assert "the Organic cotton T-shirt in size M, White is held for you" in done, chat.dump()
    assert "Estimated refund" not in done, chat.dump()
    (created,) = landed_returns("X7001", "eli@example.com")
    assert created["status"] == "approved"
    line = created["lines"][0]
    assert (line["sku"], line["reason"]) == ("AP-TEE-ORG", "size_too_small")
    assert line["exchange_for"] | {} == {
        "sku": "AP-TEE-ORG-M",
        "name": "Organic cotton T-shirt",
        "size": "M",
        "colour": "White",
        "quantity": 1,
        "settlement": "none",
        "difference_minor": 0,
        "currency": "EUR",
    }


def test_the_exchange_a_refusal_offers_is_a_button_that_continues_the_same_return(chat: Conversation, landed_returns):
    # A1005: the rain jacket after 120 days, a change of mind: refused; the policy names the exchange.
    chat.intent("start_return", order_number="A1005")
    chat.intent("inform", email="hugo@example.com")
    chat.intent("inform", reason="changed_mind")
    assert "can't be returned" in chat.text(), chat.dump()
    assert "exchange it for another size or colour" in chat.text(), chat.dump()
    assert buttons(chat) == ["Exchange instead", "Talk to a person"], chat.dump()

    chat.click("Exchange instead")
    # The same order, item and reason go on as an exchange: nothing is asked again, and the
    # policy's answer for an exchange is said, without offering the same exchange once more.
    continued = chat.text()
    assert "Which order" not in continued and "email" not in continued.lower(), chat.dump()
    assert "the Rain jacket can't be returned or exchanged" in continued, chat.dump()
    assert "30 days" in continued, chat.dump()
    assert buttons(chat) == ["Talk to a person"], chat.dump()
    assert landed_returns("A1005", "hugo@example.com") == []


def test_in_chinese_an_exchange_for_size_m_picked_by_button(chat: Conversation, stack, landed_returns):
    push_two_item_order(stack, "X7011", "eli.zh@example.com")
    chat.say("/greet", metadata={"locale": "zh"})
    chat.intent("start_return", order_number="X7011")
    chat.intent("inform", email="eli.zh@example.com")
    chat.click("Organic cotton T-shirt")
    chat.intent("inform", reason="size_too_small")
    chat.click("换货")
    worn = message("zh", "exchange.variant.size_colour", size="S", colour="White")
    wanted = message("zh", "exchange.variant.size_colour", size="M", colour="White")
    asked = message("zh", "exchange.ask_with_variant", item="Organic cotton T-shirt", variant=worn)
    assert asked in chat.text(), chat.dump()
    black = message("zh", "exchange.variant.size_colour", size="M", colour="Black")
    assert buttons(chat) == [message("zh", "exchange.button.dearer", variant=black, amount="€3.00"), wanted], (
        chat.dump()
    )

    chat.click(wanted)
    summary = chat.text()
    assert "换成" + wanted + "的Organic cotton T-shirt" in summary, chat.dump()
    assert message("zh", "exchange.confirm") in summary and "退款" not in summary, chat.dump()

    chat.click(message("zh", "button.yes_submit"))
    done = chat.text()
    assert "您的退货单号是 RMA-" in done, chat.dump()
    assert message("zh", "exchange.done", item="Organic cotton T-shirt", variant=wanted) in done, chat.dump()
    assert "预计退款" not in done, chat.dump()
    (created,) = landed_returns("X7011", "eli.zh@example.com")
    assert created["lines"][0]["exchange_for"]["sku"] == "AP-TEE-ORG-M"


def test_in_chinese_the_exchange_a_refusal_offers_is_a_button(chat: Conversation, landed_returns):
    chat.say("/greet", metadata={"locale": "zh"})
    chat.intent("start_return", order_number="A1005")
    chat.intent("inform", email="hugo@example.com")
    chat.intent("inform", reason="changed_mind")
    assert buttons(chat) == [message("zh", "exchange.instead"), message("zh", "button.talk_to_person")], chat.dump()

    chat.click(message("zh", "exchange.instead"))
    continued = chat.text()
    assert "订单号" not in continued and "邮箱" not in continued, chat.dump()
    assert message("zh", "exchange.not_either", item="Rain jacket") in continued, chat.dump()
    assert buttons(chat) == [message("zh", "button.talk_to_person")], chat.dump()
    assert landed_returns("A1005", "hugo@example.com") == []
