"""The widget's own words in English and Chinese, in Chromium without servers (socket.io is the
fake of test_widget_rendering.py): the catalogues, how the language is chosen, and the language
sent with every message."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from ..browser import open_widget, send
from .test_widget_rendering import FAKE_SOCKET_IO, ORIGIN, PUBLIC, SESSION
from .test_widget_uploads import FakeEvidenceService, photo

PLACEHOLDER = re.compile(r"\{(\w+)\}")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Every word of the widget a customer sees or hears: text, labels, titles, placeholders.
UI_WORDS = """() => {
  const root = document.getElementById('rd-widget');
  const words = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) words.push(walker.currentNode.nodeValue);
  root.querySelectorAll('[aria-label],[title],[placeholder]').forEach(node => {
    ['aria-label', 'title', 'placeholder'].forEach(name => {
      if (node.hasAttribute(name)) words.push(node.getAttribute(name));
    });
  });
  return words.map(w => w.trim()).filter(Boolean);
}"""


def open_shop(page: Page, *, html_lang: str = "en", locale: str | None = None, session_status: int = 201) -> Page:
    page.add_init_script(FAKE_SOCKET_IO)
    attribute = f' data-locale="{locale}"' if locale is not None else ""
    page.route(
        f"{ORIGIN}/",
        lambda route: route.fulfill(
            content_type="text/html",
            body=f'<!doctype html><html lang="{html_lang}"><body><h1>Shop</h1>'
            f'<script src="{ORIGIN}/widget/returndesk-widget.js" data-service-url="{ORIGIN}" '
            f'data-rasa-url="http://rasa.test"{attribute} defer></script></body></html>',
        ),
    )
    page.route(f"{ORIGIN}/widget/*", lambda route: route.fulfill(path=PUBLIC / route.request.url.rsplit("/", 1)[1]))
    page.route(
        f"{ORIGIN}/api/v1/chat/sessions",
        lambda route: route.fulfill(status=session_status, content_type="application/json", body=json.dumps(SESSION)),
    )
    page.goto(f"{ORIGIN}/")
    expect(page.get_by_test_id("rd-launcher")).to_be_visible()
    return page


def sent_metadata(page: Page, count: int) -> list[dict]:
    page.wait_for_function(f"window.__rasa.turns().length === {count}")
    return page.evaluate("window.__rasa.emitted.filter(([n]) => n === 'user_uttered').map(([, d]) => d.metadata)")


def test_every_language_has_every_key_with_the_same_placeholders(page: Page):
    catalogues = open_shop(page).evaluate("window.ReturnDeskWidget.messages")
    assert set(catalogues) == {"en", "zh"}
    english = catalogues["en"]
    for locale, words in catalogues.items():
        assert sorted(words) == sorted(english), f"{locale}: keys differ from en"
        for key, text in words.items():
            assert text.strip(), f"{locale}.{key} is empty"
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(english[key])), f"{locale}.{key}"
    chinese = [key for key, text in catalogues["zh"].items() if not re.search(r"[\u4e00-\u9fff]", text)]
    assert chinese == [], "zh texts without Chinese"


def test_data_locale_zh_shows_every_word_in_chinese_and_sends_zh(page: Page):
    shop = open_shop(page, locale="zh")
    expect(shop.get_by_test_id("rd-launcher-text")).to_have_text("咨询")
    open_widget(shop)
    expect(shop.get_by_role("dialog", name="退货帮助")).to_be_visible()
    expect(shop.get_by_test_id("rd-input")).to_have_attribute("placeholder", "输入消息…")
    expect(shop.get_by_role("button", name="发送")).to_be_visible()
    expect(shop.get_by_role("button", name="关闭聊天", exact=True)).to_be_visible()
    expect(shop.get_by_role("button", name="开始新的对话")).to_be_visible()
    expect(shop.get_by_role("button", name="添加照片或视频")).to_be_visible()
    expect(shop.get_by_label("您的消息")).to_be_visible()
    expect(shop.locator("#rd-widget")).to_have_attribute("lang", "zh-CN")
    english = [w for w in shop.evaluate(UI_WORDS) if LATIN_WORD.search(w)]
    assert english == [], "English left in the Chinese widget"

    send(shop, "你好，我想退货")
    assert sent_metadata(shop, 1) == [{"locale": "zh"}]


@pytest.mark.parametrize(
    ("html_lang", "locale", "expected"),
    [
        pytest.param("zh-CN", None, "zh", id="the page's lang"),
        pytest.param("zh-Hans", None, "zh", id="a script subtag"),
        pytest.param("de", None, "en", id="a language without words: English"),
        pytest.param("zh-CN", "en", "en", id="data-locale wins over the page"),
        pytest.param("en", "fr", "en", id="an unknown data-locale: the page's, then English"),
    ],
)
def test_the_language_comes_from_data_locale_then_the_page(page: Page, html_lang, locale, expected):
    shop = open_shop(page, html_lang=html_lang, locale=locale)
    open_widget(shop)
    send(shop, "hi")
    assert sent_metadata(shop, 1) == [{"locale": expected}]
    expect(shop.locator("#rd-widget")).to_have_attribute("data-locale", expected)


def test_set_locale_rewords_the_widget_and_the_next_message(page: Page):
    shop = open_shop(page)
    open_widget(shop)
    send(shop, "hello")
    assert shop.evaluate("window.ReturnDeskWidget.setLocale('zh-CN')") == "zh"
    expect(shop.get_by_test_id("rd-title")).to_have_text("退货帮助")
    expect(shop.get_by_test_id("rd-launcher")).to_have_attribute("aria-label", "关闭聊天：退货帮助")
    send(shop, "你好")
    assert shop.evaluate("window.ReturnDeskWidget.setLocale('xx')") == "zh"  # no words for it: kept
    assert sent_metadata(shop, 2) == [{"locale": "en"}, {"locale": "zh"}]
    shop.evaluate("window.ReturnDeskWidget.setLocale('en')")
    expect(shop.get_by_role("button", name="Send")).to_be_visible()


def test_a_shop_s_own_title_is_kept_in_every_language(page: Page):
    shop = open_shop(page, locale="zh")
    shop.evaluate("window.ReturnDeskWidget.config.customTitle = 'Shop X'; window.ReturnDeskWidget.setLocale('zh')")
    expect(shop.get_by_test_id("rd-title")).to_have_text("Shop X")


def test_the_chat_unavailable_is_said_in_chinese(page: Page):
    shop = open_shop(page, locale="zh", session_status=503)
    open_widget(shop)
    expect(shop.get_by_test_id("rd-status")).to_have_text("聊天暂时不可用，请稍后再试。")


def test_upload_states_and_retry_are_in_chinese(page: Page):
    shop = open_shop(page, locale="zh")
    open_widget(shop)
    FakeEvidenceService(shop, [(503, {"detail": ""}), (201, {"evidence_id": "ev-1", "kind": "photo_damage"})])
    shop.get_by_test_id("rd-file").set_input_files([photo("dent.png")])
    retry = shop.get_by_role("button", name="重新上传dent.png")
    expect(retry).to_have_text("重试")
    expect(shop.get_by_test_id("rd-upload-status")).to_contain_text("上传没有成功。")
    retry.click()
    expect(shop.get_by_test_id("rd-upload-status")).to_have_text("已上传 ✓")
    shop.wait_for_function("window.__rasa.turns().length === 1")
    [metadata] = sent_metadata(shop, 1)
    assert metadata == {"locale": "zh", "evidence_ids": ["ev-1"]}
