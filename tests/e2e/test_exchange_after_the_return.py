""" "Can I change it to an exchange instead?" after the RMA, through the live Rasa server, action
server and service (actions/change_resolution.py, POST /returns/{rma}/resolution): the sizes in
stock as buttons for THAT return, the service deciding, and the change said without refund words.

The demo shop's T-shirt (AP-TEE-ORG, bought in S white) has M in white at the same price and in
black for 3.00 more; L is sold out (backend/returndesk/demo/catalogue.py, VARIANTS). Each test
puts the size it held back on sale, so the suite's other exchanges find the stock they expect.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
import requests

from ..chat import Conversation
from ..orders import push_order
from ..stack import Stack
from .test_status_conversation import approved_return, staff

TEE = {"sku": "AP-TEE-ORG", "name": "Organic cotton T-shirt", "category": "apparel", "unit_price_minor": 1990}
CHANGED = "Changed to an exchange by the customer"


def buttons(chat: Conversation) -> list[str]:
    return [b["title"] for m in chat.last for b in m.get("buttons", [])]


def rma_in(text: str) -> str | None:
    found = re.search(r"RMA-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", text)
    return found.group(0) if found else None


@pytest.fixture
def stored(stack: Stack, service_as_owner) -> Iterator[Callable[[str, str, str], dict]]:
    """The return as the service holds it, read as its owner; afterwards its held size goes back on sale."""
    seen: list[tuple[str, str, str]] = []

    def read(order_number: str, email: str, rma: str) -> dict:
        seen.append((order_number, email, rma))
        answer = requests.get(f"{stack.api}/returns/{rma}", headers=service_as_owner(order_number, email), timeout=10)
        assert answer.status_code == 200, answer.text
        return answer.json()

    yield read
    for order_number, email, rma in set(seen):
        requests.post(
            f"{stack.api}/returns/{rma}/resolution",
            json={"resolution": "refund"},
            headers=service_as_owner(order_number, email),
            timeout=10,
        )


def made_a_tee_return(chat: Conversation, stack: Stack, order: str, email: str, refund: str, yes: str) -> str:
    push_order(stack, order, email, item=TEE)
    chat.intent("start_return", order_number=order, reason="size_too_small")
    chat.intent("inform", email=email)
    chat.click(refund)
    chat.click(yes)
    rma = rma_in(chat.text())
    assert rma, chat.dump()
    return rma


def test_right_after_the_rma_the_customer_changes_it_to_size_m(chat: Conversation, stack: Stack, stored):
    email = "change.after@example.com"
    rma = made_a_tee_return(chat, stack, "E8101", email, "Refund", "Yes")

    chat.intent("exchange_item")  # "can I change it to an exchange instead?"

    assert f"instead of your Organic cotton T-shirt (size S, White) on return {rma}?" in chat.text(), chat.dump()
    assert buttons(chat) == ["size M, Black (+€3.00)", "size M, White"], chat.dump()  # L is sold out
    assert "email" not in chat.text().lower(), chat.dump()  # the chat already knows whose return it is

    chat.click("size M, White")

    done = chat.text()
    assert done.startswith(f"Return {rma} is now an exchange for the Organic cotton T-shirt in size M, White."), (
        chat.dump()
    )
    assert "Same price, so there's nothing to pay." in done and "same label" in done, chat.dump()
    assert "refund" not in done.lower(), chat.dump()
    held = stored("E8101", email, rma)
    assert held["status"] == "approved"
    assert held["lines"][0]["exchange_for"]["sku"] == "AP-TEE-ORG-M"
    assert sum(CHANGED in event["description"] for event in held["timeline"]) == 1

    chat.say(f'/exchange_item{{"rma_number": "{rma}", "exchange_sku": "AP-TEE-ORG-M"}}')  # the same button again

    assert chat.text() == done, chat.dump()
    again = stored("E8101", email, rma)
    assert again["lines"][0]["exchange_for"] == held["lines"][0]["exchange_for"]
    assert sum(CHANGED in event["description"] for event in again["timeline"]) == 1


def test_in_chinese_换成换货_after_the_rma(chat: Conversation, stack: Stack, stored):
    email = "change.after.zh@example.com"
    chat.say("/greet", metadata={"locale": "zh"})
    rma = made_a_tee_return(chat, stack, "E8102", email, "退款", "是的，提交")

    chat.intent("exchange_item")  # "换成换货吧"

    assert f"退货 {rma} 中的Organic cotton T-shirt（S码，White）想换成哪个尺码或颜色？" in chat.text(), chat.dump()
    assert buttons(chat) == ["M码，Black (+€3.00)", "M码，White"], chat.dump()

    chat.click("M码，White")

    done = chat.text()
    assert done.startswith(f"退货 {rma} 已改为换货：换成M码，White的Organic cotton T-shirt。"), chat.dump()
    assert "价格相同" in done and "退款" not in done, chat.dump()
    assert stored("E8102", email, rma)["lines"][0]["exchange_for"]["sku"] == "AP-TEE-ORG-M"


def test_after_a_status_lookup_the_return_it_found_is_changed(
    chat: Conversation, stack: Stack, service_as_owner, stored
):
    email = "change.later@example.com"
    rma = approved_return(stack, service_as_owner, "E8103", email)  # jeans, size 32: 30 and 34 in stock
    chat.intent("check_return_status", rma_number=rma)
    chat.intent("inform", email=email)
    assert f"Your return {rma} is approved" in chat.text(), chat.dump()

    chat.intent("exchange_item")

    assert f"instead of your Slim fit jeans (size 32) on return {rma}?" in chat.text(), chat.dump()
    chat.click("size 34")
    assert chat.text().startswith(f"Return {rma} is now an exchange for the Slim fit jeans in size 34."), chat.dump()
    assert stored("E8103", email, rma)["lines"][0]["exchange_for"]["sku"] == "AP-JEANS-SLIM-34"


def test_a_number_the_chat_has_not_verified_is_looked_up_first(chat: Conversation, stack: Stack, service_as_owner):
    email = "change.named@example.com"
    rma = approved_return(stack, service_as_owner, "E8104", email)

    chat.intent("exchange_item", rma_number=rma)  # "change RMA-… to an exchange"
    assert "email" in chat.text().lower(), chat.dump()  # whose return it is, asked as a status lookup asks
    chat.intent("inform", email=email)

    assert f"on return {rma}?" in chat.text() and "size 34" in " ".join(buttons(chat)), chat.dump()
    assert "is approved" not in chat.text(), chat.dump()  # the sizes, not the status


@pytest.mark.parametrize(
    ("locale", "words", "person"),
    [
        ("en", "has already arrived at our warehouse, so it can no longer be changed", "Talk to a person"),
        ("zh", "的包裹已到达我们的仓库，无法再更改", "转人工客服"),
    ],
)
def test_a_parcel_that_already_arrived_is_refused_in_words_with_a_person(
    chat: Conversation, stack: Stack, service_as_owner, locale, words, person
):
    email = f"change.late.{locale}@example.com"
    order = f"E81{locale.upper()}"
    rma = approved_return(stack, service_as_owner, order, email)
    received = staff(stack, "wim").post(f"{stack.api}/warehouse/receipts", json={"rma_number": rma}, timeout=10)
    assert received.status_code == 201, received.text
    chat.say("/greet", metadata={"locale": locale})
    chat.intent("check_return_status", rma_number=rma)
    chat.intent("inform", email=email)

    chat.intent("exchange_item")

    assert f"{rma} {words}" in chat.text(), chat.dump()
    offered = [(b["title"], b["payload"]) for m in chat.last for b in m.get("buttons", [])]
    assert offered == [(person, "/request_human")], chat.dump()


@pytest.mark.parametrize(
    ("locale", "order", "refund", "yes", "size", "held", "price", "refund_words"),
    [
        pytest.param(
            "en",
            "E8201",
            "Refund",
            "Yes",
            "size M, Black",
            "We're holding your replacement Organic cotton T-shirt in size M, Black for you; "
            "it ships once your parcel has arrived and been checked.",
            "It costs 3.00 EUR more; we'll ask you to pay the difference when it ships.",
            "refund",
            id="en, dearer",
        ),
        pytest.param(
            "zh",
            "E8202",
            "退款",
            "是的，提交",
            "M码，White",
            "我们已为您预留换货商品（M码，White的Organic cotton T-shirt），包裹到达并检验后即寄出。",
            "",
            "退款",
            id="zh, same price",
        ),
    ],
)
def test_where_is_my_refund_after_the_change_is_answered_as_the_exchange(
    chat: Conversation, stack: Stack, stored, locale, order, refund, yes, size, held, price, refund_words
):
    email = f"change.status.{locale}@example.com"
    chat.say("/greet", metadata={"locale": locale})
    rma = made_a_tee_return(chat, stack, order, email, refund, yes)
    chat.intent("exchange_item")
    chat.click(size)
    assert stored(order, email, rma)["lines"][0]["exchange_for"]["sku"].startswith("AP-TEE-ORG-M"), chat.dump()

    chat.intent("check_return_status")  # "where is my refund?"

    answer = chat.text()
    assert rma in answer and held in answer, chat.dump()
    assert price in answer, chat.dump()
    assert refund_words not in answer.lower(), chat.dump()


@pytest.mark.parametrize(
    ("locale", "order", "refund", "yes", "size", "instead", "done", "then"),
    [
        pytest.param(
            "en",
            "E8301",
            "Refund",
            "Yes",
            "size M, White",
            None,  # typed: "actually I want my money back instead"
            "is a refund again; we're no longer holding the Organic cotton T-shirt in size M, White for you.",
            "Once it arrives we check the items and then send your refund.",
            id="en, typed",
        ),
        pytest.param(
            "zh",
            "E8302",
            "退款",
            "是的，提交",
            "M码，White",
            "改回退款",  # the button under the change
            "已改回退款；我们不再为您预留M码，White的Organic cotton T-shirt。",
            "包裹到达后我们会检验商品，然后为您退款。",
            id="zh, button",
        ),
    ],
)
def test_a_refund_instead_after_the_change_gives_the_size_back(
    chat: Conversation, stack: Stack, stored, locale, order, refund, yes, size, instead, done, then
):
    email = f"change.back.{locale}@example.com"
    chat.say("/greet", metadata={"locale": locale})
    rma = made_a_tee_return(chat, stack, order, email, refund, yes)
    chat.intent("exchange_item")
    chat.click(size)
    assert stored(order, email, rma)["lines"][0]["exchange_for"]["sku"] == "AP-TEE-ORG-M", chat.dump()

    if instead:
        chat.click(instead)
    else:
        chat.intent("refund_instead")

    assert f"{rma} {done}" in chat.text(), chat.dump()
    back = stored(order, email, rma)
    assert back["lines"][0]["exchange_for"] is None  # the service gave the size back to stock
    assert sum(event["description"] == "Changed to a refund by the customer" for event in back["timeline"]) == 1
    chat.intent("check_return_status")
    assert then in chat.text(), chat.dump()
