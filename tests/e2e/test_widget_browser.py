"""The chat widget on the demo storefront, in Chromium, against the live service and Rasa server.

What the customer types is an intent payload ("/greet", '/inform{"email": ...}'): these tests are
about the widget, not about how the model reads a sentence (tests/nlu/ is)."""

from __future__ import annotations

import requests
from playwright.sync_api import Browser, Page, expect

from ..browser import (
    PHONE,
    bot_messages,
    buttons,
    click_button,
    open_widget,
    screenshot,
    send_and_wait,
    stored_session,
    user_messages,
)
from ..stack import RASA_TOKEN, Stack


def tracker_user_texts(stack: Stack, conversation_id: str) -> list[str]:
    tracker = requests.get(
        f"{stack.rasa_url}/conversations/{conversation_id}/tracker", params={"token": RASA_TOKEN}, timeout=10
    ).json()
    return [event.get("text") for event in tracker["events"] if event["event"] == "user"]


def test_a_customer_chats_on_the_storefront_and_the_conversation_survives_a_reload(stack: Stack, page: Page):
    page.goto(f"{stack.service_url}/")
    expect(page.get_by_test_id("demo-order")).to_have_count(10)
    launcher = page.get_by_test_id("rd-launcher")
    expect(launcher).to_have_attribute("aria-expanded", "false")

    # Keyboard only: the launcher opens the panel and puts the focus in the message box.
    launcher.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("rd-panel")).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_test_id("rd-input")).to_be_focused()

    answers = send_and_wait(page, "/greet")
    assert answers and all(answers), f"no answer to the greeting: {bot_messages(page)}"
    assert user_messages(page) == ["/greet"]
    session = stored_session(page)
    assert tracker_user_texts(stack, session["conversation_id"]) == ["/greet"]
    screenshot(page, "widget.png")

    # A button sends its payload and shows its title; the question's buttons are then spent.
    choices = buttons(page)
    assert choices, "the greeting offers choices as buttons"
    assert click_button(page, choices[-1])
    assert user_messages(page) == ["/greet", choices[-1]]
    assert tracker_user_texts(stack, session["conversation_id"])[-1].startswith("/")
    greeting_buttons = page.get_by_test_id("rd-button").all()[: len(choices)]
    assert all(button.is_disabled() for button in greeting_buttons)

    # A reload shows the conversation and continues it in the same Rasa conversation.
    shown_before = bot_messages(page)
    page.reload()
    open_widget(page)
    assert user_messages(page) == ["/greet", choices[-1]]
    assert bot_messages(page) == shown_before
    assert all(button.is_disabled() for button in page.get_by_test_id("rd-button").all()[: len(choices)])
    assert stored_session(page)["conversation_id"] == session["conversation_id"]
    assert send_and_wait(page, "/thank")
    said = tracker_user_texts(stack, session["conversation_id"])
    assert len(said) == 3 and said[0] == "/greet" and said[-1] == "/thank"

    # Escape closes the panel and gives the focus back to the launcher.
    page.get_by_test_id("rd-input").press("Escape")
    expect(page.get_by_test_id("rd-panel")).to_be_hidden()
    expect(launcher).to_be_focused()


def test_the_widget_fits_a_375_pixel_phone(stack: Stack, browser: Browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        phone.goto(f"{stack.service_url}/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        phone.get_by_test_id("rd-launcher").tap()
        assert send_and_wait(phone, "/greet")
        panel = phone.get_by_test_id("rd-panel").bounding_box()
        assert panel and panel["x"] >= 0 and panel["x"] + panel["width"] <= PHONE["width"]
        for control in ("rd-input", "rd-send", "rd-close"):
            expect(phone.get_by_test_id(control)).to_be_in_viewport()
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(phone, "widget-375.png")
    finally:
        context.close()


def test_a_forged_session_is_refused_and_the_widget_starts_a_real_one(stack: Stack, page: Page):
    page.goto(f"{stack.service_url}/")
    forged = {"conversation_id": "f" * 32, "token": "forged", "expires_at": "2100-01-01T00:00:00Z"}
    page.evaluate(
        "([key, session]) => localStorage.setItem(key, JSON.stringify({session, messages: [], open: false}))",
        [f"returndesk.chat.v1:{stack.service_url}", forged],
    )
    page.reload()
    open_widget(page)
    assert send_and_wait(page, "/greet")
    session = stored_session(page)
    assert session["conversation_id"] != forged["conversation_id"]
    assert tracker_user_texts(stack, session["conversation_id"]) == ["/greet"]
    assert tracker_user_texts(stack, forged["conversation_id"]) == []


def test_a_new_customer_completes_a_return_in_the_widget(stack: Stack, page: Page):
    # Its own order (the rug on A1010), so the other conversations in this run cannot take it first.
    page.goto(f"{stack.service_url}/")
    open_widget(page)
    send_and_wait(page, '/start_return{"order_number": "A1010", "reason": "changed_mind"}')
    assert any("email" in text.lower() for text in bot_messages(page)[-1:]), bot_messages(page)
    send_and_wait(page, '/inform{"email": "umut@example.com"}')
    refund = next((title for title in buttons(page) if title.startswith("Refund")), None)
    assert refund, bot_messages(page)
    click_button(page, refund)
    assert "Shall I submit it?" in bot_messages(page)[-1], bot_messages(page)
    answers = click_button(page, "Yes, submit")  # the RMA, then the chat-rating question
    done = next((text for text in answers if "Your return number is RMA-" in text), "")
    assert done, bot_messages(page)
    screenshot(page, "widget-return.png")

    rma = done.split("Your return number is ")[1].split(".")[0]
    verified = requests.post(
        f"{stack.api}/verifications", json={"rma_number": rma, "email": "umut@example.com"}, timeout=10
    )
    assert verified.status_code == 201, verified.text
    found = requests.get(
        f"{stack.api}/returns/{rma}", headers={"Authorization": f"Bearer {verified.json()['token']}"}, timeout=10
    )
    assert found.json()["status"] == "approved"
    # Short messages (issue 15): the number alone, then the label as a link to the service's PDF.
    assert done == f"Your return number is {rma}.", answers
    link = page.get_by_test_id("rd-link-button")
    expect(link).to_have_text(["Download your label (PDF)"])
    expect(link).to_have_attribute("href", found.json()["instructions"]["label"]["label_url"])
    expect(link).to_have_attribute("target", "_blank")
    pdf = requests.get(link.get_attribute("href"), timeout=10)  # the service's own, signed
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), pdf.status_code
    assert any(text.startswith("Estimated refund: ") for text in answers), answers
