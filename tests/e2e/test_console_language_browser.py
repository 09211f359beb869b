"""The customer's language in the agent console, in Chromium against the live service: a case the
assistant opened in Chinese says so, and a return opened for a Chinese-speaking caller is decided
with the policy's Chinese words."""

from __future__ import annotations

import requests
from playwright.sync_api import Browser, expect

from ..browser import DESKTOP
from ..orders import push_order
from ..stack import SHOP_TOKEN, Stack
from .test_agent_console_browser import console_sign_in

CALLER_ORDER, CALLER_EMAIL = "C7002", "li.wei@example.com"


def test_a_chinese_case_shows_its_language_to_the_agent(stack: Stack, browser: Browser):
    opened = requests.post(
        f"{stack.api}/escalations",
        json={"conversation_id": "console-language-zh", "summary": "想退货", "locale": "zh"},
        headers={"Authorization": f"Bearer {SHOP_TOKEN}"},
        timeout=10,
    )
    assert opened.status_code == 201, opened.text
    reference = opened.json()["reference"]
    context = browser.new_context(viewport=DESKTOP)
    try:
        agent = console_sign_in(context, stack, "alice", f"/console/cases/{reference}")
        expect(agent.get_by_test_id("case-language")).to_have_text("Chinese (中文)")
    finally:
        context.close()


def test_a_return_for_a_chinese_speaking_caller_is_decided_in_chinese(stack: Stack, browser: Browser):
    push_order(stack, CALLER_ORDER, CALLER_EMAIL, name="Li Wei")
    context = browser.new_context(viewport=DESKTOP)
    try:
        agent = console_sign_in(context, stack, "sam", "/console/returns/new")
        find = agent.get_by_test_id("find-order-form")
        find.get_by_test_id("order-number").fill(CALLER_ORDER)
        find.get_by_test_id("contact").fill(CALLER_EMAIL)
        find.get_by_test_id("locale-zh").check()
        find.get_by_role("button", name="Show returnable items").click()
        form = agent.get_by_test_id("new-return-form")
        form.get_by_role("checkbox", name="Slim fit jeans").check()
        form.get_by_label("Reason").select_option("size_too_small")
        form.get_by_role("button", name="Open the return").click()
        expect(agent.get_by_test_id("new-return-rma")).to_contain_text("approved")
        expect(agent.get_by_test_id("new-return-result")).to_contain_text("您可以在收货后30天内退货。")
    finally:
        context.close()
