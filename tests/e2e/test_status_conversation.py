"""'Where is my refund?' through the live assistant, answered from the return's real timeline.

The return is driven the way the staff would drive it, over the service's API: the warehouse
(wim) scans and grades it, an agent (alice) refunds it; then the customer asks the bot.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
import requests

from ..chat import Conversation
from ..orders import push_order
from ..stack import Stack

DEMO_PASSWORD = "returndesk-demo"  # backend/returndesk/demo/staff.py: demo users exist in test
APPAREL_CHECKS = {"tags_attached": True, "no_stains": True, "not_worn": True, "accessories_complete": True}


def staff(stack: Stack, username: str) -> requests.Session:
    """A console session for a demo user, with its CSRF header preset."""
    session = requests.Session()
    answer = session.post(
        f"{stack.api}/staff/sessions", json={"username": username, "password": DEMO_PASSWORD}, timeout=10
    )
    assert answer.status_code == 201, answer.text
    session.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
    return session


def approved_return(stack: Stack, service_as_owner, order_number: str, email: str) -> str:
    push_order(stack, order_number, email)
    created = requests.post(
        f"{stack.api}/returns",
        json={"order_number": order_number, "lines": [{"line_no": 1, "quantity": 1, "reason": "size_too_small"}]},
        headers={**service_as_owner(order_number, email), "Idempotency-Key": f"e2e-status-{order_number}"},
        timeout=10,
    )
    assert created.status_code == 201 and created.json()["status"] == "approved", created.text
    return created.json()["rma_number"]


def test_where_is_my_refund_after_the_warehouse_checked_it_and_the_refund_went_out(
    chat: Conversation, stack: Stack, service_as_owner
):
    rma = approved_return(stack, service_as_owner, "S6201", "refund.asker@example.com")
    wim = staff(stack, "wim")
    received = wim.post(f"{stack.api}/warehouse/receipts", json={"rma_number": rma}, timeout=10)
    assert received.status_code == 201, received.text
    graded = wim.post(
        f"{stack.api}/warehouse/rmas/{rma}/inspection",
        json={"lines": [{"line_no": 1, "grade": "resalable", "disposition": "restock", "checklist": APPAREL_CHECKS}]},
        timeout=10,
    )
    assert graded.status_code == 201 and not graded.json()["flagged"], graded.text
    refunded = staff(stack, "alice").post(f"{stack.api}/returns/{rma}/refund", timeout=10)
    assert refunded.status_code == 201, refunded.text
    amount = f"{refunded.json()['total_minor'] / 100:.2f} EUR"

    chat.intent("check_return_status", rma_number=rma)
    chat.intent("inform", email="refund.asker@example.com")

    today = datetime.now(timezone.utc)
    answer = chat.text()
    assert f"Your return {rma} was received on {today.day} {today:%b} and checked on" in answer, chat.dump()
    assert f"Your refund of {amount} was sent on {today.day} {today:%b}." in answer, chat.dump()
    assert "It should reach your account within 5 working days, by " in answer, chat.dump()


def test_where_is_my_return_while_the_parcel_is_awaited(chat: Conversation, stack: Stack, service_as_owner):
    rma = approved_return(stack, service_as_owner, "S6202", "parcel.sender@example.com")

    chat.intent("check_return_status", rma_number=rma)
    chat.intent("inform", email="parcel.sender@example.com")

    answer = chat.text()
    assert f"Your return {rma} is approved. We're waiting for your parcel; send it by " in answer, chat.dump()
    assert "Your return label: http" in answer, chat.dump()


def rma_in(text: str) -> str | None:
    found = re.search(r"RMA-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", text)
    return found.group(0) if found else None


@pytest.mark.parametrize(
    ("locale", "refund", "yes", "asked"),
    [
        ("en", "Refund", "Yes", ("return number", "email address")),
        ("zh", "退款", "是的，提交", ("退货单号", "邮箱")),
    ],
)
def test_where_is_my_refund_right_after_the_return_is_answered_from_what_the_chat_knows(
    chat: Conversation, stack: Stack, locale, refund, yes, asked
):
    # The follow-up loop: right after an RMA, "where is my refund?" asked for the email
    # again and answered "I couldn't match those details".
    email = f"follow.up.{locale}@example.com"
    order = f"F{locale.upper()}71"
    push_order(stack, order, email)
    chat.say("/greet", metadata={"locale": locale})
    chat.intent("start_return", order_number=order, reason="size_too_small")
    chat.intent("inform", email=email)
    chat.click(refund)
    chat.click(yes)
    made = rma_in(chat.text())
    assert made, chat.dump()

    chat.intent("check_return_status")

    assert rma_in(chat.text()) == made, chat.dump()
    assert not any(question in chat.text() for question in asked), chat.dump()


def test_a_chinese_customer_is_told_where_the_return_stands_in_chinese(
    chat: Conversation, stack: Stack, service_as_owner
):
    rma = approved_return(stack, service_as_owner, "S6209", "zhang.wei@example.com")
    chat.say("/greet", metadata={"locale": "zh"})

    chat.intent("check_return_status", rma_number=rma)
    chat.intent("inform", email="zhang.wei@example.com")

    answer = chat.text()
    assert f"您的退货 {rma} 已批准，我们正在等待您的包裹；请在 " in answer, chat.dump()
    assert "包裹到达后我们会检验商品，然后为您退款。" in answer, chat.dump()
    assert "Your return" not in answer, chat.dump()
