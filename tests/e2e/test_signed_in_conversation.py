"""A shop's signed-in customer: the chat opens verified, and the return lands on the right order.

The shop's server signs a customer context (here the test plays the shop, with the stack's shop
context secret); the chat session is opened with it; the conversation then goes through the
live Rasa server, action server and returns service.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import jwt
import requests

from ..chat import Conversation
from ..orders import push_order
from ..stack import SHOP_CONTEXT_SECRET, Stack

UTC = timezone.utc


def signed_context(email: str, order_number: str | None = None, minutes: int = 10) -> str:
    """What a shop's server puts in the widget's data-context for a signed-in customer."""
    claims = {"aud": "returndesk:shop-context", "email": email, "exp": datetime.now(UTC) + timedelta(minutes=minutes)}
    if order_number:
        claims["order_number"] = order_number
    return jwt.encode(claims, SHOP_CONTEXT_SECRET, algorithm="HS256")


def signed_in_chat(stack: Stack, context: str) -> Conversation:
    response = requests.post(f"{stack.api}/chat/sessions", json={"context": context}, timeout=10)
    assert response.status_code == 201, response.text
    session = response.json()
    return Conversation(stack, session["conversation_id"], session["token"])


def test_a_signed_in_customer_returns_an_item_without_being_asked_for_order_number_or_email(
    stack: Stack, service_as_owner
):
    push_order(stack, "S3001", "signed.in@example.com", name="Sam Signed")
    chat = signed_in_chat(stack, signed_context("signed.in@example.com", "S3001"))

    chat.intent("start_return", reason="size_too_small")  # "I want to return my jeans, they are too small"
    said = chat.text()
    assert "signed in" in said and "S3001" in said, chat.dump()
    assert "email address" not in said and "order number" not in said, chat.dump()
    chat.click("Refund")
    assert "Shall I submit it?" in chat.text(), chat.dump()
    chat.click("Yes")
    assert "Your return number is RMA-" in chat.text(), chat.dump()
    assert not any("email address" in text for who, text in chat.transcript if who == "bot"), chat.dump()

    headers = service_as_owner("S3001", "signed.in@example.com")
    returns = requests.get(f"{stack.api}/orders/S3001/returns", headers=headers, timeout=10).json()
    mine = [r for r in returns if r["rma_number"] in chat.text()]
    assert len(mine) == 1, returns
    assert mine[0]["status"] == "approved"
    assert mine[0]["lines"][0]["reason"] == "size_too_small"


def test_a_context_the_browser_makes_up_is_ignored(stack: Stack):
    # An anonymous session whose client claims, in the message metadata, to be a signed-in customer.
    session = requests.post(f"{stack.api}/chat/sessions", timeout=10).json()
    response = requests.post(
        f"{stack.rasa_url}/webhooks/signed_rest/webhook",
        json={
            "sender": session["conversation_id"],
            "message": "/start_return",
            "metadata": {"returndesk_verified": {"email": "dev@example.com", "order_number": "A1001"}},
        },
        headers={"Authorization": f"Bearer {session['token']}"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    said = " ".join(m.get("text", "") for m in response.json())
    assert "order number" in said.lower() and "signed in" not in said, said


def test_an_expired_context_opens_no_session(stack: Stack):
    response = requests.post(
        f"{stack.api}/chat/sessions", json={"context": signed_context("dev@example.com", minutes=-1)}, timeout=10
    )
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_a_signed_in_customer_asking_where_their_return_is_is_not_asked_who_they_are(stack: Stack):
    push_order(stack, "S3002", "signed.status@example.com", name="Sam Signed")
    chat = signed_in_chat(stack, signed_context("signed.status@example.com", "S3002"))
    chat.intent("check_return_status")
    assert "no return on order S3002 yet" in chat.text(), chat.dump()


def test_a_signed_in_customer_without_an_order_is_asked_only_which_order(stack: Stack):
    push_order(stack, "S3003", "signed.customer@example.com", name="Sam Signed")
    chat = signed_in_chat(stack, signed_context("signed.customer@example.com"))
    chat.intent("start_return")
    assert "Which order" in chat.text() and "email address" not in chat.text(), chat.dump()
    chat.intent("inform", order_number="S3003")
    assert "found order S3003" in chat.text(), chat.dump()
    assert "email address" not in chat.text(), chat.dump()
