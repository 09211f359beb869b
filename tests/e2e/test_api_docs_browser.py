"""The API documentation renders in Chromium with every other host unreachable: Swagger UI and
ReDoc come from the service (backend/returndesk/api_docs/), not from a CDN, and run under the
pages' own Content-Security-Policy."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Route, expect

from ..browser import DESKTOP
from ..stack import Stack


@pytest.fixture
def offline(stack: Stack, browser: Browser):
    """A page whose requests to any host but the service's are aborted and recorded."""
    context = browser.new_context(viewport=DESKTOP)
    service = urlsplit(stack.service_url).netloc
    blocked: list[str] = []

    def only_the_service(route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).netloc == service:
            route.continue_()
        else:
            blocked.append(url)
            route.abort("internetdisconnected")

    context.route("**/*", only_the_service)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, blocked
    context.close()
    assert errors == [], errors  # the scripts ran under the page's Content-Security-Policy


def test_swagger_ui_lists_the_operations_offline(stack: Stack, offline):
    page, blocked = offline
    page.goto(f"{stack.service_url}/api/v1/docs")
    expect(page.get_by_role("heading", name="ReturnDesk returns service")).to_be_visible()
    healthz = page.locator(".opblock", has_text="/api/v1/healthz")
    expect(healthz).to_be_visible()
    expect(page.locator(".opblock").nth(20)).to_be_visible()  # the whole list, not one tag
    healthz.locator(".opblock-summary").click()  # an operation opens: Swagger UI's script works
    expect(healthz.get_by_text("Liveness and database reachability.").first).to_be_visible()
    assert blocked == []


def test_redoc_renders_the_operations_offline(stack: Stack, offline):
    page, blocked = offline
    page.goto(f"{stack.service_url}/api/v1/redoc")
    expect(page.get_by_role("heading", name="ReturnDesk returns service").first).to_be_visible()
    expect(page.get_by_text("Liveness and database reachability.").first).to_be_attached()
    assert blocked == []
