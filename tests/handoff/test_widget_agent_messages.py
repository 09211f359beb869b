"""An agent's message in the widget (Chromium, no servers): labelled with the agent's name, kept
after a reload, never HTML; the bot's messages look as before."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from ..browser import bot_messages, open_widget
from ..widget.test_widget_rendering import say, shop  # noqa: F401 - the fake-socket shop page fixture


def test_an_agents_message_shows_the_agents_name_and_a_bot_message_does_not(shop: Page):  # noqa: F811
    say(shop, {"text": "Let me find a person for you."})
    say(shop, {"text": "Hi, I'm looking at your order now.", "agent": {"name": "Alice <b>"}})
    expect(shop.get_by_test_id("rd-message-agent")).to_have_count(1)
    agent = shop.get_by_test_id("rd-message-agent")
    expect(agent.get_by_test_id("rd-agent-name")).to_have_text("Alice <b>")  # as text, not markup
    expect(agent.locator(".rd-bubble")).to_have_text("Hi, I'm looking at your order now.")
    assert agent.locator("b").count() == 0
    # Screen readers hear who wrote it.
    expect(agent).to_contain_text("Alice <b> (returns team): Hi, I'm looking at your order now.")
    assert bot_messages(shop) == ["Let me find a person for you."]
    expect(shop.get_by_test_id("rd-message-bot").get_by_test_id("rd-agent-name")).to_have_count(0)


def test_an_agents_message_is_still_labelled_after_a_reload(shop: Page):  # noqa: F811
    say(shop, {"text": "Your refund is approved.", "agent": {"name": "Bob"}})
    expect(shop.get_by_test_id("rd-message-agent")).to_have_count(1)
    shop.reload()
    open_widget(shop)
    expect(shop.get_by_test_id("rd-agent-name")).to_have_text("Bob")


def test_an_agent_field_that_is_not_a_name_is_shown_as_a_bot_message(shop: Page):  # noqa: F811
    say(shop, {"text": "Plain.", "agent": "Mallory"})
    say(shop, {"text": "Also plain.", "agent": {"name": ""}})
    expect(shop.get_by_test_id("rd-message-bot")).to_have_count(2)
    expect(shop.get_by_test_id("rd-message-agent")).to_have_count(0)
