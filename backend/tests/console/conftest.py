"""Browsers without JavaScript: httpx clients that keep cookies and read the console's HTML."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from ..http import http_client
from ..staff_helpers import DEFAULT_PASSWORD, make_staff


def hidden_field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"the page has no hidden field {name}"
    return found.group(1)


def csrf_meta(page: str) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def sign_in(browser: httpx.Client, username: str, password: str = DEFAULT_PASSWORD) -> httpx.Response:
    form = browser.get("/console/login")
    return browser.post(
        "/console/login",
        data={"username": username, "password": password, "csrf_token": hidden_field(form.text, "csrf_token")},
    )


@pytest.fixture
def browser(base_url: str, engine) -> Iterator[httpx.Client]:
    """A cookie-keeping client at the service root that does not follow redirects by itself."""
    with http_client(base_url=base_url, timeout=30) as client:
        yield client


@pytest.fixture
def alice(session):
    return make_staff(session, "alice", "agent", display_name="Alice")


@pytest.fixture
def wim(session):
    return make_staff(session, "wim", "warehouse", display_name="Wim")
