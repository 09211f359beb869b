"""The chat widget in Chinese on the demo storefront, in Chromium, against the live service and
Rasa server: the shop's script tag says data-locale="zh", the widget's words are Chinese, and the
assistant receives the language with the customer's first message."""

from __future__ import annotations

import requests
from playwright.sync_api import Page, expect

from ..browser import open_widget, screenshot, send_and_wait, stored_session
from ..stack import RASA_TOKEN, Stack


def tracker_user_events(stack: Stack, conversation_id: str) -> list[dict]:
    tracker = requests.get(
        f"{stack.rasa_url}/conversations/{conversation_id}/tracker", params={"token": RASA_TOKEN}, timeout=10
    ).json()
    return [event for event in tracker["events"] if event["event"] == "user"]


def storefront_in_chinese(page: Page) -> None:
    """The demo storefront as a shop selling in Chinese embeds the widget: data-locale="zh" on its
    script tag, set as the parser adds the tag (the widget is deferred: it reads it later). Not by
    rewriting the page in Playwright's router: Chromium's local network access checks then refuse
    the page's requests to Rasa on 127.0.0.1."""
    page.add_init_script(
        """new MutationObserver((records, observer) => {
          const tag = document.querySelector('script[src*="returndesk-widget.js"]');
          if (tag) { tag.setAttribute("data-locale", "zh"); observer.disconnect(); }
        }).observe(document, { childList: true, subtree: true });"""
    )


def test_a_chinese_shop_s_widget_speaks_chinese_and_tells_the_assistant(stack: Stack, page: Page):
    storefront_in_chinese(page)
    page.goto(f"{stack.service_url}/")
    expect(page.locator('script[src*="returndesk-widget.js"]')).to_have_attribute("data-locale", "zh")
    expect(page.get_by_test_id("rd-launcher-text")).to_have_text("咨询")
    open_widget(page)
    expect(page.get_by_role("dialog", name="退货帮助")).to_be_visible()
    expect(page.get_by_test_id("rd-intro")).to_have_text("您好！请告诉我您想退什么，或者查询退货进度、咨询退货政策。")
    expect(page.get_by_test_id("rd-input")).to_have_attribute("placeholder", "输入消息…")
    expect(page.get_by_role("button", name="发送")).to_have_text("发送")
    expect(page.get_by_role("button", name="添加照片或视频")).to_be_visible()

    answers = send_and_wait(page, "/greet")
    assert answers and all(answers), "no answer to the greeting"
    [said] = tracker_user_events(stack, stored_session(page)["conversation_id"])
    assert said["text"] == "/greet"
    assert said["metadata"]["locale"] == "zh", said["metadata"]
    screenshot(page, "widget-zh.png")
