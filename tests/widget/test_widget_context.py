"""The widget with a signed customer context from the shop's page, in Chromium without servers:
the page and the service's answers are played by Playwright's router, socket.io by a fake."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from ..browser import open_widget, send, stored_session
from .test_widget_rendering import FAKE_SOCKET_IO, ORIGIN, PUBLIC


def context_for(email: str, order_number: str | None = "A1001", exp: int = 4102444800) -> str:
    """A context as the shop's server signs it (the widget reads, never checks, the claims)."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    claims = {"aud": "returndesk:shop-context", "email": email, "exp": exp}
    if order_number:
        claims["order_number"] = order_number
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


@dataclass
class FakeService:
    """Answers POST /api/v1/chat/sessions like the service and records what the widget sent."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    refuse_contexts_with: int | None = None
    too_many: bool = False

    def handle(self, route: Route) -> None:
        body = route.request.post_data
        sent = json.loads(body) if body else None
        self.requests.append({"body": sent, "content_type": route.request.headers.get("content-type")})
        if self.too_many:
            problem = {"status": 429, "detail": "too many", "retry_after_seconds": 130}
            route.fulfill(status=429, content_type="application/problem+json", body=json.dumps(problem))
            return
        context = (sent or {}).get("context")
        if context and self.refuse_contexts_with:
            status = self.refuse_contexts_with
            problem = {"status": status, "detail": "the shop context has expired"}
            route.fulfill(status=status, content_type="application/problem+json", body=json.dumps(problem))
            return
        verified = None
        if context:
            claims = json.loads(base64.urlsafe_b64decode(context.split(".")[1] + "=="))
            verified = {"email": claims["email"].lower(), "order_number": claims.get("order_number")}
        session = {
            "conversation_id": f"conversation{len(self.requests):04d}",
            "token": "t",
            "expires_at": "2100-01-01T00:00:00Z",
            "context": verified,
        }
        route.fulfill(status=201, content_type="application/json", body=json.dumps(session))


@pytest.fixture
def service(page: Page) -> FakeService:
    fake = FakeService()
    page.add_init_script(FAKE_SOCKET_IO)
    page.route(f"{ORIGIN}/widget/*", lambda route: route.fulfill(path=PUBLIC / route.request.url.rsplit("/", 1)[1]))
    page.route(f"{ORIGIN}/api/v1/chat/sessions", fake.handle)
    return fake


def visit(page: Page, context: str | None) -> None:
    """The shop's page, rendered for a signed-in customer (with a context) or for a guest."""
    attribute = f' data-context="{context}"' if context else ""
    html = (
        f'<!doctype html><html lang="en"><body><h1>Shop</h1><script src="{ORIGIN}/widget/returndesk-widget.js" '
        f'data-service-url="{ORIGIN}" data-rasa-url="http://rasa.test"{attribute} defer></script></body></html>'
    )
    page.unroute(f"{ORIGIN}/")
    page.route(f"{ORIGIN}/", lambda route: route.fulfill(content_type="text/html", body=html))
    page.goto(f"{ORIGIN}/")


def chat_once(page: Page) -> None:
    open_widget(page)
    send(page, "hi")
    expect(page.get_by_test_id("rd-message-user")).to_have_count(1)
    page.wait_for_function("window.__rasa.emitted.some(([name]) => name === 'user_uttered')")


def test_the_pages_context_opens_the_session_and_the_same_customer_keeps_it(page: Page, service: FakeService):
    visit(page, context_for("Dev@Example.com"))
    chat_once(page)
    sent = {"body": {"context": context_for("Dev@Example.com")}, "content_type": "application/json"}
    assert service.requests == [sent]
    assert stored_session(page)["context"] == {"email": "dev@example.com", "order_number": "A1001"}
    # The next page view carries a freshly signed context for the same customer: same conversation.
    visit(page, context_for("dev@example.com", exp=4102444900))
    expect(page.get_by_test_id("rd-message-user")).to_have_count(1)
    assert len(service.requests) == 1


@pytest.mark.parametrize(
    "next_page",
    [
        pytest.param(None, id="signed out"),
        pytest.param(context_for("ben@example.com"), id="another customer"),
        pytest.param(context_for("dev@example.com", "A1002"), id="another order"),
    ],
)
def test_a_page_for_someone_else_starts_a_new_conversation(page: Page, service: FakeService, next_page):
    visit(page, context_for("dev@example.com"))
    chat_once(page)
    visit(page, next_page)
    open_widget(page)
    expect(page.get_by_test_id("rd-message-user")).to_have_count(0)  # the old transcript is gone
    send(page, "hello")
    expect(page.get_by_test_id("rd-message-user")).to_have_count(1)
    page.wait_for_function("window.__rasa.emitted.filter(([name]) => name === 'session_request').length > 0")
    assert len(service.requests) == 2
    assert service.requests[1]["body"] == ({"context": next_page} if next_page else None)


def test_signing_in_on_a_guest_page_starts_a_verified_conversation(page: Page, service: FakeService):
    visit(page, None)
    chat_once(page)
    assert service.requests[0]["body"] is None  # a guest: a plain POST, no body
    page.evaluate("context => window.ReturnDeskWidget.setContext(context)", context_for("dev@example.com"))
    page.wait_for_function("document.querySelectorAll('[data-testid=rd-message-user]').length === 0")
    page.wait_for_function("window.__rasa.emitted.filter(([name]) => name === 'session_request').length >= 2")
    assert service.requests[1]["body"] == {"context": context_for("dev@example.com")}


def test_a_refused_context_still_gives_a_chat(page: Page, service: FakeService):
    service.refuse_contexts_with = 401
    visit(page, context_for("dev@example.com"))
    chat_once(page)
    assert [r["body"] for r in service.requests] == [{"context": context_for("dev@example.com")}, None]
    expect(page.get_by_test_id("rd-status")).to_be_hidden()


def test_too_many_new_chats_says_when_to_try_again(page: Page, service: FakeService):
    service.too_many = True
    visit(page, None)
    open_widget(page)
    send(page, "hi")
    expect(page.get_by_test_id("rd-status")).to_have_text(
        "Too many new chats from your network. Please try again in 3 minutes."
    )
