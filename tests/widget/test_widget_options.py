"""The shop's options for the widget, in Chromium without servers (socket.io is the fake of
test_widget_rendering.py): colours, title, greeting, locale, position and avatar, given as data
attributes, as data-config JSON or as a JSON <script>; a bad or unknown value is ignored with a
console warning and the default kept."""

from __future__ import annotations

import html
import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from ..browser import open_widget
from .test_widget_rendering import FAKE_SOCKET_IO, ORIGIN, PUBLIC, SESSION

AVATAR_PNG = (  # a 1x1 PNG, served by the routed "shop"
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
WIDGET = "#rd-widget"


def style(page: Page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"node => getComputedStyle(node)[{prop!r}]")


@pytest.fixture
def shop(page: Page) -> Callable[..., tuple[Page, list[str]]]:
    """`shop(attributes={...}, json_block={...})`: the shop's page with the widget tag, and the
    console warnings the widget printed."""

    def open_shop(attributes: dict[str, str] | None = None, json_block: dict | str | None = None):
        warnings: list[str] = []
        page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
        page.add_init_script(FAKE_SOCKET_IO)
        tag = "".join(f' data-{name}="{html.escape(value)}"' for name, value in (attributes or {}).items())
        block = ""
        if json_block is not None:
            text = json_block if isinstance(json_block, str) else json.dumps(json_block)
            block = f'<script type="application/json" id="returndesk-config">{text}</script>'
        page.route(
            f"{ORIGIN}/",
            lambda route: route.fulfill(
                content_type="text/html",
                body=f'<!doctype html><html lang="en"><head>{block}</head><body><h1>Shop</h1>'
                f'<script src="{ORIGIN}/widget/returndesk-widget.js" data-service-url="{ORIGIN}" '
                f'data-rasa-url="http://rasa.test"{tag} defer></script></body></html>',
            ),
        )
        page.route(f"{ORIGIN}/widget/*", lambda route: route.fulfill(path=PUBLIC / route.request.url.rsplit("/", 1)[1]))
        page.route(f"{ORIGIN}/img/*", lambda route: route.fulfill(content_type="image/png", body=AVATAR_PNG))
        page.route(
            f"{ORIGIN}/api/v1/chat/sessions",
            lambda route: route.fulfill(status=201, content_type="application/json", body=json.dumps(SESSION)),
        )
        page.goto(f"{ORIGIN}/")
        expect(page.get_by_test_id("rd-launcher")).to_be_visible()
        return page, warnings

    return open_shop


def test_primary_colour_paints_the_launcher_and_header_with_readable_ink(shop):
    page, warnings = shop({"primary-color": "#ffd400"})
    assert style(page, ".rd-launcher", "backgroundColor") == "rgb(255, 212, 0)"
    assert style(page, ".rd-launcher", "color") == "rgb(29, 36, 51)"  # dark ink on a light yellow
    open_widget(page)
    assert style(page, ".rd-header", "backgroundColor") == "rgb(255, 212, 0)"
    assert warnings == []


def test_background_colour_fills_the_panel(shop):
    page, _ = shop({"background-color": "rgb(250 245 235)"})
    open_widget(page)
    assert style(page, ".rd-panel", "backgroundColor") == "rgb(250, 245, 235)"


def test_text_colour_is_the_widget_s_ink(shop):
    page, _ = shop({"text-color": "darkslategray"})
    open_widget(page)
    assert style(page, ".rd-intro", "color") != "rgb(47, 79, 79)"  # the intro stays muted
    assert style(page, ".rd-scroll", "color") == "rgb(47, 79, 79)"


def test_title_names_the_panel_and_the_launcher(shop):
    page, _ = shop({"title": "Help from Acme"})
    expect(page.get_by_test_id("rd-launcher")).to_have_attribute("aria-label", "Open chat: Help from Acme")
    open_widget(page)
    expect(page.get_by_test_id("rd-title")).to_have_text("Help from Acme")


def test_greeting_replaces_the_intro_in_every_language(shop):
    page, _ = shop({"greeting": "Hi from Acme! Returns are free for 30 days."})
    open_widget(page)
    expect(page.get_by_test_id("rd-intro")).to_have_text("Hi from Acme! Returns are free for 30 days.")
    page.evaluate("ReturnDeskWidget.setLocale('zh')")
    expect(page.get_by_test_id("rd-send")).to_have_text("发送")
    expect(page.get_by_test_id("rd-intro")).to_have_text("Hi from Acme! Returns are free for 30 days.")


def test_locale_chooses_the_widget_s_words(shop):
    page, _ = shop({"locale": "zh"})
    expect(page.locator(WIDGET)).to_have_attribute("data-locale", "zh")
    expect(page.get_by_test_id("rd-launcher-text")).to_have_text("咨询")


@pytest.mark.parametrize(("position", "side"), [("bottom-left", "left"), ("bottom-right", "right")])
def test_position_puts_the_widget_in_that_corner(shop, position, side):
    page, _ = shop({"position": position})
    box = page.get_by_test_id("rd-launcher").bounding_box()
    width = page.viewport_size["width"]
    assert box is not None
    near_left = box["x"] < width / 2
    assert near_left is (side == "left"), box


def test_avatar_shows_beside_the_title(shop):
    page, _ = shop({"avatar-url": "/img/acme.png"})
    open_widget(page)
    avatar = page.get_by_test_id("rd-avatar")
    expect(avatar).to_be_visible()
    expect(avatar).to_have_attribute("src", f"{ORIGIN}/img/acme.png")
    expect(avatar).to_have_attribute("alt", "")  # decorative: the title names the chat
    page.wait_for_function("document.querySelector('.rd-avatar').naturalWidth === 1")


def test_options_come_from_data_config_json(shop):
    page, warnings = shop({"config": json.dumps({"title": "Acme returns", "position": "bottom-left"})})
    open_widget(page)
    expect(page.get_by_test_id("rd-title")).to_have_text("Acme returns")
    assert page.get_by_test_id("rd-launcher").bounding_box()["x"] < 200
    assert warnings == []


def test_options_come_from_a_json_script_and_data_attributes_override_it(shop):
    page, _ = shop({"title": "From the tag"}, json_block={"title": "From JSON", "greeting": "JSON hello"})
    open_widget(page)
    expect(page.get_by_test_id("rd-title")).to_have_text("From the tag")
    expect(page.get_by_test_id("rd-intro")).to_have_text("JSON hello")


@pytest.mark.parametrize(
    ("attributes", "warning"),
    [
        pytest.param({"primary-color": "url(https://evil.test/x.png)"}, "option primaryColor", id="not-a-colour"),
        pytest.param({"background-color": "red; position: fixed"}, "option backgroundColor", id="css-injection"),
        pytest.param({"avatar-url": "javascript:alert(1)"}, "option avatarUrl", id="javascript-avatar"),
        pytest.param({"avatar-url": "http://tracker.test/a.png"}, "option avatarUrl", id="plain-http-avatar"),
        pytest.param({"avatar-url": "//tracker.test/a.png"}, "option avatarUrl", id="protocol-relative-avatar"),
        pytest.param({"avatar-url": "data:image/png;base64,AAAA"}, "option avatarUrl", id="data-avatar"),
        pytest.param({"title": "x" * 61}, "option title", id="title-too-long"),
        pytest.param({"greeting": "x" * 301}, "option greeting", id="greeting-too-long"),
        pytest.param({"position": "top-left"}, "option position", id="unknown-position"),
        pytest.param({"locale": "fr"}, "option locale", id="unknown-locale"),
        pytest.param({"sparkles": "yes"}, 'unknown option "sparkles"', id="unknown-option"),
        pytest.param({"config": "{not json"}, "data-config is not a JSON object", id="broken-json"),
        pytest.param({"config": json.dumps({"title": "x" * 5000})}, "data-config is longer", id="json-too-long"),
    ],
)
def test_a_bad_or_unknown_value_is_ignored_with_a_warning(shop, attributes, warning):
    page, warnings = shop(attributes)
    open_widget(page)
    assert any(warning in text for text in warnings), warnings
    # Every default stands.
    assert style(page, ".rd-header", "backgroundColor") == "rgb(31, 94, 255)"
    assert style(page, ".rd-panel", "backgroundColor") == "rgb(255, 255, 255)"
    expect(page.get_by_test_id("rd-avatar")).to_be_hidden()
    expect(page.get_by_test_id("rd-title")).to_have_text("Returns help")
    expect(page.locator(WIDGET)).to_have_attribute("data-locale", "en")
    assert page.get_by_test_id("rd-launcher").bounding_box()["x"] > page.viewport_size["width"] / 2


def test_an_avatar_that_does_not_load_is_hidden(shop):
    page, _ = shop({"avatar-url": "https://avatar.invalid/missing.png"})
    page.route("https://avatar.invalid/**", lambda route: route.abort())
    open_widget(page)
    expect(page.get_by_test_id("rd-avatar")).to_be_hidden()
