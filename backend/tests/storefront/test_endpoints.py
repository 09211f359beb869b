"""The demo storefront at / and the widget's files under /widget/."""

from __future__ import annotations

import re

import httpx
import pytest

from returndesk.demo.catalogue import SHOWCASE_ORDERS
from returndesk.storefront.service import SOCKET_IO_CLIENT


@pytest.fixture
def page(base_url) -> httpx.Response:
    return httpx.get(f"{base_url}/")


def test_the_storefront_lists_every_ready_to_try_order_with_its_email(page):
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for number, email, *_ in SHOWCASE_ORDERS:
        assert f'data-order="{number}"' in page.text
        assert email in page.text
    assert "Jeans delivered 3 days ago" in page.text
    assert "Slim fit jeans" in page.text


def test_the_storefront_links_the_policy_page(page, base_url):
    assert 'href="/policy"' in page.text
    assert httpx.get(f"{base_url}/policy").status_code == 200


def test_the_storefront_embeds_the_widget_from_where_the_page_was_served_and_rasa_from_settings(page, base_url):
    tag = re.search(r"<script [^>]*returndesk-widget\.js[^>]*>", page.text)
    assert tag, "the widget's script tag is missing"
    assert f'src="{base_url}/widget/returndesk-widget.js"' in tag.group(0)
    assert f'data-service-url="{base_url}"' in tag.group(0)
    assert 'data-rasa-url="http://127.0.0.1:5005"' in tag.group(0)
    assert " defer" in tag.group(0)


def test_the_widget_script_and_stylesheet_are_served(base_url):
    script = httpx.get(f"{base_url}/widget/returndesk-widget.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "session_request" in script.text
    style = httpx.get(f"{base_url}/widget/returndesk-widget.css")
    assert style.status_code == 200 and style.headers["content-type"].startswith("text/css")


@pytest.mark.skipif(not SOCKET_IO_CLIENT.is_file(), reason="npm ci in bot/widget has not run (make setup does)")
def test_the_socket_io_client_is_served_from_the_pinned_package(base_url):
    client = httpx.get(f"{base_url}/widget/socket.io.min.js")
    assert client.status_code == 200 and "javascript" in client.headers["content-type"]
    assert client.content == SOCKET_IO_CLIENT.read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/widget/package.json", id="the npm manifest"),
        pytest.param("/widget/node_modules/socket.io-client/package.json", id="node_modules"),
        pytest.param("/widget/../channels/tokens.py", id="a path outside the widget"),
        pytest.param("/widget/%2e%2e/channels/tokens.py", id="an encoded path outside the widget"),
    ],
)
def test_nothing_but_the_widgets_browser_files_is_served(base_url, path):
    response = httpx.get(f"{base_url}{path}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
