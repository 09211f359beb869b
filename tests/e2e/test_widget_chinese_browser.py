"""The chat widget in Chinese on the demo storefront, in Chromium, against the live service and
Rasa server: the shop's script tag says data-locale="zh", the widget's words are Chinese, and the
assistant receives the language with the customer's first message."""

from __future__ import annotations

import re

import requests
from playwright.sync_api import Page, expect

from ..browser import bot_messages, buttons, click_button, open_widget, screenshot, send_and_wait, stored_session
from ..orders import push_order
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


def test_a_chinese_speaking_customer_completes_a_return_in_the_widget(stack: Stack, page: Page):
    push_order(stack, "ZH7001", "wang.fang@example.com", name="王芳")
    storefront_in_chinese(page)
    page.goto(f"{stack.service_url}/")
    open_widget(page)
    expect(page.get_by_role("dialog", name="退货帮助")).to_be_visible()
    send_and_wait(page, '/start_return{"order_number": "ZH7001", "reason": "changed_mind"}')
    assert any("邮箱" in text for text in bot_messages(page)[-1:]), bot_messages(page)
    send_and_wait(page, '/inform{"email": "wang.fang@example.com"}')
    refund = next((title for title in buttons(page) if title.startswith("退款")), None)
    assert refund, (bot_messages(page), buttons(page))
    click_button(page, refund)
    assert "要我提交吗" in bot_messages(page)[-1], bot_messages(page)
    answers = click_button(page, "是的，提交")
    done = next((text for text in answers if "退货单号是 RMA-" in text), "")
    assert done, bot_messages(page)
    screenshot(page, "widget-zh-return.png")
    # Everything the customer read came in Chinese: no English sentence slipped through.
    english = [text for text in bot_messages(page) if "Your return" in text or "Shall I" in text]
    assert not english, english

    rma = re.search(r"RMA-\w{4}-\w{4}-\w{4}", done)[0]
    verified = requests.post(
        f"{stack.api}/verifications", json={"rma_number": rma, "email": "wang.fang@example.com"}, timeout=10
    )
    assert verified.status_code == 201, verified.text
    found = requests.get(
        f"{stack.api}/returns/{rma}", headers={"Authorization": f"Bearer {verified.json()['token']}"}, timeout=10
    )
    assert found.status_code == 200, found.text
    assert found.json()["status"] == "approved"
