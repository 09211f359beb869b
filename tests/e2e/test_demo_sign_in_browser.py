"""The storefront's demo of a shop's sign-in, in Chromium, against the live service and Rasa server:
the page is rendered with a signed customer context and the chat opens already verified. The
customer's wish is the start_return payload: the sign-in is the point, not reading a sentence."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from ..browser import open_widget, send_and_wait, stored_session, user_messages
from ..stack import Stack


def test_a_demo_customer_signs_in_and_the_chat_knows_the_order(stack: Stack, page: Page):
    page.goto(f"{stack.service_url}/")
    page.get_by_test_id("demo-sign-in-order").select_option("A1001")
    page.get_by_test_id("demo-sign-in").click()
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Signed in as dev@example.com")
    expect(page.get_by_test_id("rd-panel")).to_be_visible()  # the widget reopens with the context

    answers = " ".join(send_and_wait(page, "/start_return"))
    assert "signed in" in answers and "A1001" in answers, answers
    assert "email address" not in answers and "Which order" not in answers, answers
    assert stored_session(page)["context"] == {"email": "dev@example.com", "order_number": "A1001"}

    # Signing out renders the page without a context: the widget starts a new, anonymous conversation.
    page.get_by_test_id("demo-sign-out").click()
    expect(page.get_by_test_id("demo-sign-in")).to_be_visible()
    open_widget(page)
    assert user_messages(page) == []
    answers = " ".join(send_and_wait(page, "/start_return"))
    assert "Which order" in answers, answers
    assert stored_session(page).get("context") is None
