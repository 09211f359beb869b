"""The storefront's demo of a shop's sign-in: the page carries a signed customer context."""

from __future__ import annotations

import html
import re

import httpx
import pytest

from returndesk.config import Settings
from returndesk.storefront.service import DEMO_CUSTOMER_COOKIE, demo_customer

from ..factories import create_order
from ..http import http_client
from ..production_settings import production_settings


def _context_in(page: httpx.Response) -> str | None:
    tag = re.search(r"<script [^>]*returndesk-widget\.js[^>]*>", page.text)
    assert tag, "the widget's script tag is missing"
    found = re.search(r'data-context="([^"]+)"', tag.group(0))
    return html.unescape(found.group(1)) if found else None


def test_anonymous_visitors_see_the_demo_sign_in_and_a_widget_without_context(base_url):
    page = httpx.get(f"{base_url}/")
    assert 'data-testid="demo-sign-in"' in page.text and "Demo of a shop's sign-in" in page.text
    assert _context_in(page) is None
    assert page.headers["cache-control"] == "no-store"


def test_signing_in_renders_a_context_the_service_accepts_for_that_order(api, base_url):
    create_order(api)  # A1001 of dev@example.com, as the demo shop seeds it
    with http_client(base_url=base_url) as browser:
        signed_in = browser.post("/demo/sign-in", data={"order_number": "A1001"})
        assert signed_in.status_code == 303 and signed_in.headers["location"] == "/?chat=open"
        assert browser.cookies[DEMO_CUSTOMER_COOKIE] == "A1001"
        page = browser.get("/?chat=open")
        assert "Signed in as dev@example.com" in page.text and "ReturnDeskWidget.open()" in page.text
        context = _context_in(page)
        assert context
        session = api.post("/chat/sessions", json={"context": context})
        assert session.status_code == 201, session.text
        assert session.json()["context"] == {"email": "dev@example.com", "order_number": "A1001"}

        signed_out = browser.post("/demo/sign-out")
        assert signed_out.status_code == 303
        page = browser.get("/")
        assert _context_in(page) is None and "Signed in as" not in page.text


@pytest.mark.parametrize("body", [{"order_number": "Z9999"}, {}, {"order_number": ""}])
def test_only_the_ready_to_try_orders_can_be_signed_in(base_url, body):
    response = httpx.post(f"{base_url}/demo/sign-in", data=body)
    assert response.status_code == 422
    assert "ready-to-try orders" in response.json()["detail"]


def test_a_cookie_naming_anything_else_is_ignored(base_url):
    page = httpx.get(f"{base_url}/", cookies={DEMO_CUSTOMER_COOKIE: "<script>"})
    assert page.status_code == 200 and _context_in(page) is None


def test_outside_development_there_is_no_demo_customer():
    production = production_settings()
    assert demo_customer(production, "A1001") is None
    assert demo_customer(Settings(environment="development", _env_file=None), "A1001").email == "dev@example.com"
