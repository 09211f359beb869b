"""The live handoff in the real widget: Chromium on the demo storefront, the live Rasa server,
the service's side driven by `python -m returndesk.handoff`."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from ..browser import bot_messages, open_widget, send_and_wait, stored_session
from ..stack import Stack
from .customer import handoff, transcript


def test_a_person_writes_in_the_widget_with_their_name_and_the_bot_takes_over_again(stack: Stack, page: Page):
    page.goto(f"{stack.service_url}/")
    open_widget(page)
    assert send_and_wait(page, "/greet"), f"no answer to the greeting: {bot_messages(page)}"
    conversation = stored_session(page)["conversation_id"]

    handoff(stack, "pause", conversation, "--announce", "Alice from our returns team is joining.")
    expect(page.get_by_test_id("rd-message-bot").last).to_contain_text("Alice from our returns team is joining.")
    handoff(stack, "say", conversation, "Hi, Alice here. How can I help?", "--agent", "Alice")
    agent = page.get_by_test_id("rd-message-agent")
    expect(agent).to_have_count(1)
    expect(agent.get_by_test_id("rd-agent-name")).to_have_text("Alice")
    expect(agent.locator(".rd-bubble")).to_have_text("Hi, Alice here. How can I help?")

    # The page is left and opened again while Alice writes: her message is there on return.
    page.goto("about:blank")
    handoff(stack, "say", conversation, "I see your order A1001.", "--agent", "Alice")
    page.goto(f"{stack.service_url}/")
    open_widget(page)
    expect(page.get_by_test_id("rd-message-agent")).to_have_count(2)
    expect(page.get_by_test_id("rd-message-agent").last.locator(".rd-bubble")).to_have_text("I see your order A1001.")

    handoff(stack, "resume", conversation, "--announce", "You're back with the assistant.")
    expect(page.get_by_test_id("rd-message-bot").last).to_contain_text("You're back with the assistant.")
    before = len(bot_messages(page))
    answers = send_and_wait(page, "/greet")
    assert answers and len(bot_messages(page)) > before
    assert transcript(stack, conversation)[-1]["speaker"] == "bot"
