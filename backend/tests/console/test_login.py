"""The console's login form: the same accounts and limits as the JSON sign-in, errors as one sentence."""

from __future__ import annotations

import pytest

from returndesk.console.login import login_form, safe_next

from ..production_settings import production_settings
from ..staff_helpers import DEFAULT_PASSWORD
from .conftest import csrf_meta, hidden_field, sign_in


def test_the_right_password_signs_in_and_lands_on_the_queue(browser, alice):
    answer = sign_in(browser, "alice")
    assert answer.status_code == 303 and answer.headers["location"] == "/console"
    cookie = answer.headers["set-cookie"]
    assert "returndesk_console=" in cookie and "HttpOnly" in cookie
    queue = browser.get("/console")
    assert queue.status_code == 200
    assert 'data-testid="console-user">Alice<' in queue.text
    # The page's token is the session's: the JSON API accepts it for changes.
    me = browser.get("/api/v1/staff/me")
    assert me.json()["csrf_token"] == csrf_meta(queue.text)


@pytest.mark.parametrize(
    ("username", "password"),
    [
        pytest.param("alice", "not her password", id="wrong password"),
        pytest.param("nobody", DEFAULT_PASSWORD, id="unknown user"),
    ],
)
def test_a_wrong_login_shows_the_form_again_with_one_sentence(browser, alice, username, password):
    answer = sign_in(browser, username, password)
    assert answer.status_code == 401
    assert 'data-testid="login-error">Wrong username or password; check both and try again.</p>' in answer.text
    assert f'value="{username}"' in answer.text  # the username is kept, the password is not
    assert "returndesk_console=" not in answer.headers.get("set-cookie", "")
    assert browser.get("/console").status_code == 303


def test_an_empty_field_is_named(browser, alice):
    form = browser.get("/console/login")
    answer = browser.post(
        "/console/login", data={"username": "alice", "csrf_token": hidden_field(form.text, "csrf_token")}
    )
    assert answer.status_code == 400
    assert "Enter both your username and your password." in answer.text


def test_a_login_form_from_elsewhere_is_refused(browser, alice):
    # No login-CSRF cookie matches: another site's form cannot sign this browser in.
    answer = browser.post(
        "/console/login", data={"username": "alice", "password": DEFAULT_PASSWORD, "csrf_token": "forged"}
    )
    assert answer.status_code == 403
    assert "The sign-in form had expired" in answer.text
    assert browser.get("/console").status_code == 303


def test_sign_in_attempts_are_limited_like_the_json_sign_in(browser, alice):
    from returndesk.config import get_settings

    limit = get_settings().staff_login_attempts
    for _ in range(limit):
        assert sign_in(browser, "alice", "wrong").status_code == 401
    refused = sign_in(browser, "alice", DEFAULT_PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed sign-ins for this user; please try again in" in refused.text


def test_after_sign_in_the_browser_goes_where_it_wanted(browser, alice):
    wanted = browser.get("/console/approvals")
    assert wanted.status_code == 303
    assert wanted.headers["location"] == "/console/login?next=%2Fconsole%2Fapprovals"
    form = browser.get(wanted.headers["location"])
    assert hidden_field(form.text, "next") == "/console/approvals"
    answer = browser.post(
        "/console/login",
        data={
            "username": "alice",
            "password": DEFAULT_PASSWORD,
            "csrf_token": hidden_field(form.text, "csrf_token"),
            "next": "/console/approvals",
        },
    )
    assert answer.headers["location"] == "/console/approvals"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/console", "/console\\@evil.example", "/api/v1/staff/me", None],
)
def test_next_never_leaves_the_console(target):
    assert safe_next(target) == "/console"


def test_signing_out_needs_the_page_token(browser, alice):
    sign_in(browser, "alice")
    page = browser.get("/console").text
    refused = browser.post("/console/logout", data={"csrf_token": "not the token"})
    assert refused.status_code == 403 and "Sign out again" in refused.text
    assert browser.get("/console").status_code == 200  # still signed in
    answer = browser.post("/console/logout", data={"csrf_token": csrf_meta(page)})
    assert answer.status_code == 303 and answer.headers["location"] == "/console/login"
    assert browser.get("/console").status_code == 303
    assert browser.get("/api/v1/staff/me").status_code == 401


def test_demo_logins_are_shown_in_development_only(browser):
    page = browser.get("/console/login").text  # the test service runs as "test", a development environment
    assert 'data-testid="demo-logins"' in page and "returndesk-demo" in page and "<code>sofia</code>" in page
    production = production_settings()
    hidden = login_form(production, next_path="/console").body.decode()
    assert "demo-logins" not in hidden and "returndesk-demo" not in hidden
