"""Console sign-in: argon2 hashes, one answer for every wrong login, cookie sessions, CSRF on changes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import httpx
import pytest
from sqlalchemy import select, update

from returndesk.config import get_settings
from returndesk.rate_limit import service as rate_limit

from ..http import http_client
from ..staff_helpers import DEFAULT_PASSWORD, make_staff, staff_client


@pytest.fixture
def alice(session):
    return make_staff(session, "alice", "agent", display_name="Alice")


def test_the_password_is_stored_as_an_argon2id_hash(alice):
    assert alice.password_hash.startswith("$argon2id$")
    assert DEFAULT_PASSWORD not in alice.password_hash


def test_signing_in_sets_an_http_only_cookie_and_returns_the_csrf_token(api, alice):
    answer = api.post("/staff/sessions", json={"username": "alice", "password": DEFAULT_PASSWORD})
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["user"] == {"username": "alice", "display_name": "Alice", "email": None, "role": "agent"}
    assert len(body["csrf_token"]) >= 32
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("returndesk_console=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    me = api.get("/staff/me")
    assert me.status_code == 200 and me.json()["user"]["username"] == "alice"


@pytest.mark.parametrize(
    ("username", "password"),
    [
        pytest.param("alice", "wrong password here", id="wrong password"),
        pytest.param("nobody", DEFAULT_PASSWORD, id="unknown user"),
    ],
)
def test_a_wrong_login_gets_the_same_answer_whoever_it_names(api, alice, username, password):
    answer = api.post("/staff/sessions", json={"username": username, "password": password})
    assert answer.status_code == 401
    assert answer.json()["detail"] == "wrong username or password"
    assert "set-cookie" not in answer.headers


def test_signed_out_callers_are_told_to_sign_in(api):
    answer = api.get("/staff/me")
    assert answer.status_code == 401
    assert "sign in" in answer.json()["detail"]


def test_a_change_without_the_csrf_token_is_refused_even_with_the_cookie(api, alice):
    api.post("/staff/sessions", json={"username": "alice", "password": DEFAULT_PASSWORD}).raise_for_status()
    refused = api.delete("/staff/sessions/current")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    forged = api.delete("/staff/sessions/current", headers={"X-CSRF-Token": "guessed"})
    assert forged.status_code == 403
    assert api.get("/staff/me").status_code == 200  # still signed in


def test_signing_out_ends_the_session_for_good(base_url, alice):
    with staff_client(base_url, "alice") as client:
        cookie = client.cookies["returndesk_console"]
        assert client.delete("/staff/sessions/current").status_code == 204
        with http_client(base_url=f"{base_url}/api/v1", cookies={"returndesk_console": cookie}) as replay:
            assert replay.get("/staff/me").status_code == 401


def test_an_expired_session_or_a_deactivated_user_is_signed_out(base_url, session, alice):
    from returndesk.models import StaffSession, StaffUser

    with staff_client(base_url, "alice") as client:
        session.execute(update(StaffSession).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        session.commit()
        assert client.get("/staff/me").status_code == 401
    with staff_client(base_url, "alice") as client:
        session.execute(update(StaffUser).where(StaffUser.username == "alice").values(active=False))
        session.commit()
        assert client.get("/staff/me").status_code == 401


def test_only_a_hash_of_the_session_cookie_is_stored(base_url, session, alice):
    from returndesk.models import StaffSession

    with staff_client(base_url, "alice") as client:
        cookie = client.cookies["returndesk_console"]
    stored = session.scalars(select(StaffSession.token_hash)).all()
    assert stored and cookie not in stored and all(len(value) == 64 for value in stored)


def test_repeated_wrong_passwords_are_slowed_down_with_retry_after(api, alice):
    answers = [api.post("/staff/sessions", json={"username": "alice", "password": "x" * 12}) for _ in range(11)]
    assert [a.status_code for a in answers[:10]] == [401] * 10
    assert answers[10].status_code == 429
    assert int(answers[10].headers["Retry-After"]) > 0
    # Even the right password waits out the window: guessing on cannot be rewarded.
    assert api.post("/staff/sessions", json={"username": "alice", "password": DEFAULT_PASSWORD}).status_code == 429


@pytest.fixture
def elsewhere(base_url) -> Iterator[httpx.Client]:
    """The API from another client address (127.0.0.2, also this machine's loopback)."""
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with http_client(base_url=f"{base_url}/api/v1", transport=transport, timeout=30) as client:
        yield client


def attempt(client: httpx.Client, username: str, password: str = "wrong password here") -> int:
    return client.post("/staff/sessions", json={"username": username, "password": password}).status_code


def test_one_address_trying_many_usernames_is_stopped_after_the_address_limit(api, elsewhere, alice, monkeypatch):
    limit = get_settings().staff_login_attempts_per_address
    answers = [attempt(api, f"user{number}") for number in range(25)]  # once each: never a username's limit
    assert answers == [401] * limit + [429] * (25 - limit)
    refused = api.post("/staff/sessions", json={"username": "alice", "password": DEFAULT_PASSWORD})
    assert refused.status_code == 429 and "from your network" in refused.json()["detail"]
    assert attempt(elsewhere, "alice", DEFAULT_PASSWORD) == 201  # alice, from her own desk
    # The next window (the limiter's clock moved on) lets the address try again.
    later = time.time() + get_settings().staff_login_window_minutes * 60
    monkeypatch.setattr(rate_limit, "time", SimpleNamespace(time=lambda: later))
    assert attempt(api, "user0") == 401


def test_an_address_that_is_refused_does_not_count_against_the_usernames_it_names(api, elsewhere, alice):
    settings = get_settings()
    for number in range(settings.staff_login_attempts_per_address):
        attempt(api, f"user{number}")
    assert [attempt(api, "alice") for _ in range(15)] == [429] * 15
    # None of those 15 counted for alice: from elsewhere she has her whole allowance.
    assert attempt(elsewhere, "alice", DEFAULT_PASSWORD) == 201


def test_successful_sign_ins_never_lock_anyone_out(api, alice):
    settings = get_settings()
    times = max(settings.staff_login_attempts, settings.staff_login_attempts_per_address) + 5
    assert [attempt(api, "alice", DEFAULT_PASSWORD) for _ in range(times)] == [201] * times


def test_a_successful_sign_in_forgets_the_users_failures(api, alice):
    almost = get_settings().staff_login_attempts - 1
    assert [attempt(api, "alice") for _ in range(almost)] == [401] * almost
    assert attempt(api, "alice", DEFAULT_PASSWORD) == 201
    assert [attempt(api, "alice") for _ in range(almost)] == [401] * almost  # counted from zero again
    assert attempt(api, "alice", DEFAULT_PASSWORD) == 201
