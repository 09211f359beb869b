"""The widget's rendering in Chromium, without servers: its files are served by Playwright's
router and socket.io is a fake that plays Rasa's side, so any bot message can be tried."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from ..browser import REPO, bot_messages, open_widget, send, user_messages

ORIGIN = "http://shop.test"
PUBLIC = REPO / "bot" / "widget" / "public"
SESSION = {"conversation_id": "c" * 32, "token": "t", "expires_at": "2100-01-01T00:00:00Z"}

# A stand-in for io(): confirms the session, records what the widget emits, and lets the test
# play bot_uttered events through window.__rasa.say(...) and a turn's end through .done(turn).
FAKE_SOCKET_IO = """
window.__rasa = { emitted: [], handlers: {} };
window.io = function () {
  const socket = {
    on(name, handler) { window.__rasa.handlers[name] = handler; return socket; },
    emit(name, data) {
      window.__rasa.emitted.push([name, data]);
      if (name === "session_request") setTimeout(() => window.__rasa.handlers.session_confirm(data.session_id));
    },
    close() {},
  };
  setTimeout(() => window.__rasa.handlers.connect());
  return socket;
};
window.__rasa.say = (message) => window.__rasa.handlers.bot_uttered(message);
window.__rasa.done = (turn) => window.__rasa.handlers.bot_turn_done({ turn });
window.__rasa.turns = () => window.__rasa.emitted.filter(([name]) => name === "user_uttered").map(([, d]) => d.turn);
"""


@pytest.fixture
def shop(page: Page) -> Page:
    page.add_init_script(FAKE_SOCKET_IO)
    page.route(
        f"{ORIGIN}/",
        lambda route: route.fulfill(
            content_type="text/html",
            body=f'<!doctype html><html lang="en"><body><h1>Shop</h1>'
            f'<script src="{ORIGIN}/widget/returndesk-widget.js" data-service-url="{ORIGIN}" '
            f'data-rasa-url="http://rasa.test" defer></script></body></html>',
        ),
    )
    page.route(f"{ORIGIN}/widget/*", lambda route: route.fulfill(path=PUBLIC / route.request.url.rsplit("/", 1)[1]))
    page.route(
        f"{ORIGIN}/api/v1/chat/sessions",
        lambda route: route.fulfill(status=201, content_type="application/json", body=json.dumps(SESSION)),
    )
    page.goto(f"{ORIGIN}/")
    open_widget(page)
    return page


def say(page: Page, message: dict) -> None:
    page.evaluate("message => window.__rasa.say(message)", message)


def end_turn(page: Page, turn: str | None) -> None:
    page.evaluate("turn => window.__rasa.done(turn)", turn)


def sent_turns(page: Page, count: int) -> list[str]:
    """The turn ids of the widget's user messages, once it has sent `count` of them."""
    page.wait_for_function(f"window.__rasa.turns().length === {count}")
    return page.evaluate("window.__rasa.turns()")


def test_bot_text_is_never_html_and_urls_become_links(shop: Page):
    send(shop, "hi")
    expect(shop.get_by_test_id("rd-message-user")).to_have_count(1)
    say(shop, {"text": '<img src=x onerror="window.pwned=1"> see https://shop.test/policy. <b>bold</b>'})
    expect(shop.get_by_test_id("rd-message-bot")).to_have_count(1)
    assert bot_messages(shop) == ['<img src=x onerror="window.pwned=1"> see https://shop.test/policy. <b>bold</b>']
    bubble = shop.get_by_test_id("rd-message-bot").locator(".rd-bubble")
    assert bubble.locator("img, b").count() == 0
    link = bubble.locator("a")
    expect(link).to_have_attribute("href", "https://shop.test/policy")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    assert shop.evaluate("window.pwned") is None


def test_messages_go_to_the_verified_session_and_buttons_send_their_payload(shop: Page):
    send(shop, "I want to return my jeans")
    say(
        shop,
        {
            "text": "Which reason?",
            "quick_replies": [
                {"content_type": "text", "title": "Too small", "payload": '/inform{"reason":"size_too_small"}'},
                {"content_type": "text", "title": "Defective", "payload": '/inform{"reason":"defective"}'},
            ],
        },
    )
    shop.get_by_test_id("rd-button").filter(has_text="Too small").click()
    assert user_messages(shop) == ["I want to return my jeans", "Too small"]
    emitted = shop.evaluate("window.__rasa.emitted")
    assert emitted[0] == ["session_request", {"session_id": SESSION["conversation_id"], "token": "t"}]
    assert [data["message"] for name, data in emitted if name == "user_uttered"] == [
        "I want to return my jeans",
        '/inform{"reason":"size_too_small"}',
    ]
    for button in shop.get_by_test_id("rd-button").all():
        expect(button).to_be_disabled()
    expect(shop.get_by_test_id("rd-input")).to_be_focused()


def test_a_button_with_a_url_is_a_link_that_sends_nothing(shop: Page):
    send(shop, "hi")
    label = "/api/v1/returns/RMA-MVBT-J5SF-GT37/label.pdf?expires=1&signature=abc"
    say(
        shop,
        {
            "text": "Your return label is ready.",
            "quick_replies": [
                {"content_type": "text", "title": "Download your label (PDF)", "url": label},
                {"content_type": "text", "title": "Sneaky", "url": "javascript:window.pwned=1"},
                {"content_type": "text", "title": "Talk to a person", "payload": "/request_human"},
            ],
        },
    )
    link = shop.get_by_test_id("rd-link-button")
    expect(link).to_have_count(1)  # javascript: is not shown at all
    expect(link).to_have_text("Download your label (PDF)")
    # A path from the service is resolved against the service, not the shop's page.
    expect(link).to_have_attribute("href", f"{ORIGIN}{label}")
    expect(link).to_have_attribute("target", "_blank")
    assert "noopener" in link.get_attribute("rel").split()
    assert bot_messages(shop) == ["Your return label is ready."]
    expect(shop.get_by_test_id("rd-button")).to_have_text(["Talk to a person"])

    shop.context.route(
        f"{ORIGIN}/api/v1/returns/**", lambda route: route.fulfill(content_type="application/pdf", body=b"%PDF-")
    )
    with shop.context.expect_page() as opened:
        link.click()
    assert opened.value.url == f"{ORIGIN}{label}"
    opened.value.close()
    # Following the link said nothing in the chat, and answering later leaves it usable.
    emitted = shop.evaluate("window.__rasa.emitted")
    assert [data["message"] for name, data in emitted if name == "user_uttered"] == ["hi"]
    shop.get_by_test_id("rd-button").filter(has_text="Talk to a person").click()
    expect(shop.get_by_test_id("rd-button")).to_be_disabled()
    expect(link).to_have_attribute("href", f"{ORIGIN}{label}")
    assert shop.evaluate("window.pwned") is None


def test_images_are_shown_only_from_http_urls(shop: Page):
    say(shop, {"attachment": {"type": "image", "payload": {"src": "https://shop.test/label.png"}}})
    say(shop, {"attachment": {"type": "image", "payload": {"src": "javascript:alert(1)"}}})
    expect(shop.get_by_test_id("rd-message-bot")).to_have_count(2)
    images = shop.locator(".rd-image")
    expect(images).to_have_count(1)
    expect(images).to_have_attribute("src", "https://shop.test/label.png")
    expect(images).to_have_attribute("alt", "Image from the assistant")


def test_the_typing_indicator_shows_until_the_turns_last_answer(shop: Page):
    panel, typing = shop.get_by_test_id("rd-panel"), shop.get_by_test_id("rd-typing")
    expect(panel).to_have_attribute("data-turns-done", "0")
    send(shop, "hi")
    [turn] = sent_turns(shop, 1)
    expect(typing).to_be_visible()
    expect(panel).to_have_attribute("data-turns-pending", "1")
    say(shop, {"text": "Hello!"})
    say(shop, {"text": "Looking up your order…"})
    expect(shop.get_by_test_id("rd-message-bot")).to_have_count(2)
    expect(typing).to_be_visible()  # more answers may come in this turn
    end_turn(shop, "another-tab-1")  # the same conversation's turn in another tab: not ours
    expect(panel).to_have_attribute("data-turns-pending", "1")
    end_turn(shop, turn)
    expect(typing).to_be_hidden()
    expect(panel).to_have_attribute("data-turns-done", "1")
    expect(panel).to_have_attribute("data-turns-pending", "0")


def test_each_message_is_a_turn_of_its_own_and_ends_in_any_order(shop: Page):
    panel = shop.get_by_test_id("rd-panel")
    send(shop, "first")
    send(shop, "second")
    first, second = sent_turns(shop, 2)
    assert first != second
    end_turn(shop, second)
    expect(panel).to_have_attribute("data-turns-done", "1")
    expect(panel).to_have_attribute("data-turns-pending", "1")
    expect(shop.get_by_test_id("rd-typing")).to_be_visible()
    end_turn(shop, None)  # a channel that names no turn ends the oldest
    expect(panel).to_have_attribute("data-turns-done", "2")
    expect(panel).to_have_attribute("data-turns-pending", "0")
    expect(shop.get_by_test_id("rd-typing")).to_be_hidden()


def test_controls_are_labelled_and_new_messages_are_announced(shop: Page):
    expect(shop.get_by_label("Your message")).to_be_visible()
    expect(shop.get_by_role("button", name="Send")).to_be_visible()
    expect(shop.get_by_role("button", name="Close chat", exact=True)).to_be_visible()
    expect(shop.get_by_role("dialog", name="Returns help")).to_be_visible()
    expect(shop.get_by_test_id("rd-log")).to_have_attribute("aria-live", "polite")
