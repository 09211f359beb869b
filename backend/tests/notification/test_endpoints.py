"""Preferences with the order token, and the unsubscribe link every email carries."""

from __future__ import annotations

import re

import httpx

from .conftest import new_return, outbox


def test_preferences_need_a_verified_order(api):
    answer = api.post("/customers/me/preferences", json={"email": False})
    assert answer.status_code == 401 and "verify the order first" in answer.json()["detail"]


def test_preferences_refuse_unknown_fields_and_values(api):
    headers = new_return(api)["headers"]
    answer = api.post("/customers/me/preferences", json={"emial": False}, headers=headers)
    assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
    answer = api.post("/customers/me/preferences", json={"sms": "sometimes"}, headers=headers)
    assert answer.status_code == 422


def test_opting_out_and_back_in(api):
    headers = new_return(api, phone="+44 7700 900004")["headers"]
    assert api.get("/customers/me/preferences", headers=headers).json() == {
        "email": True,
        "sms": True,
        "has_phone": True,
    }
    answer = api.post("/customers/me/preferences", json={"email": False, "sms": False}, headers=headers)
    assert answer.json() == {"email": False, "sms": False, "has_phone": True}
    answer = api.post("/customers/me/preferences", json={"sms": True}, headers=headers)
    assert answer.json() == {"email": False, "sms": True, "has_phone": True}


def test_the_unsubscribe_link_asks_first_then_opts_the_customer_out(api, base_url, session, smtp_server, worker_for):
    inbox, port = smtp_server
    created = new_return(api)
    worker_for(port).run_once()
    text = next(part for part in inbox.next().walk() if part.get_content_type() == "text/plain").get_content()
    link = re.search(r"http\S+/api/v1/notifications/unsubscribe\?token=\S+", text).group(0)
    path = link.split("/api/v1", 1)[1]
    page = api.get(path)
    assert page.status_code == 200 and "Unsubscribe?" in page.text and '<form method="post">' in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert (
        api.get("/customers/me/preferences", headers=created["headers"]).json()["email"] is True
    )  # GET changed nothing
    token = path.split("token=", 1)[1]
    done = api.post("/notifications/unsubscribe", data={"token": httpx.QueryParams(f"t={token}")["t"]})
    assert done.status_code == 200 and "You are unsubscribed" in done.text
    assert api.get("/customers/me/preferences", headers=created["headers"]).json()["email"] is False
    assert [row.channel for row in outbox(session)] == ["email"]


def test_one_click_unsubscribe_from_a_mail_client_posts_to_the_link(api, smtp_server, worker_for):
    inbox, port = smtp_server
    created = new_return(api)
    worker_for(port).run_once()
    link = inbox.next()["List-Unsubscribe"].strip("<>")
    done = api.post(
        link.split("/api/v1", 1)[1],
        content="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200, done.text
    assert api.get("/customers/me/preferences", headers=created["headers"]).json()["email"] is False


def test_a_forged_unsubscribe_link_is_refused_with_a_sentence(api):
    page = api.get("/notifications/unsubscribe", params={"token": "not-a-token"})
    assert page.status_code == 400 and "This unsubscribe link is not valid" in page.text
    assert api.post("/notifications/unsubscribe", data={"token": "x"}).status_code == 400
