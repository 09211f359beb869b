"""New chat sessions are limited per client address, across workers (counted in the database)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from returndesk.models import RateLimitCounter

from ..conftest import CHAT_SESSIONS_PER_CLIENT, SHOP_ORIGIN
from ..factories import SHOP
from ..http import http_client


def test_past_the_limit_a_client_gets_429_with_when_to_retry(api):
    for _ in range(CHAT_SESSIONS_PER_CLIENT):
        assert api.post("/chat/sessions").status_code == 201
    refused = api.post("/chat/sessions", headers={"Origin": SHOP_ORIGIN})
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    body = refused.json()
    retry_after = int(refused.headers["retry-after"])
    assert 0 < retry_after <= 10 * 60 and body["retry_after_seconds"] == retry_after
    assert f"try again in {retry_after} seconds" in body["detail"]
    # The widget on the shop's page can read the answer and the header.
    assert refused.headers["access-control-allow-origin"] == SHOP_ORIGIN
    assert "retry-after" in refused.headers["access-control-expose-headers"].lower()


def test_refused_requests_count_too(api):
    for _ in range(CHAT_SESSIONS_PER_CLIENT):
        assert api.post("/chat/sessions", json={"context": "not-a-jwt"}).status_code == 401
    assert api.post("/chat/sessions").status_code == 429


def test_the_shops_own_server_is_not_limited_by_address(api):
    for _ in range(CHAT_SESSIONS_PER_CLIENT):
        api.post("/chat/sessions")
    assert api.post("/chat/sessions").status_code == 429
    assert api.post("/chat/sessions", headers=SHOP).status_code == 201


def test_concurrent_requests_never_get_more_than_the_limit(api, base_url, session):
    def one(_: int) -> int:
        with http_client(base_url=f"{base_url}/api/v1", timeout=30) as client:
            return client.post("/chat/sessions").status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(one, range(3 * CHAT_SESSIONS_PER_CLIENT)))
    assert statuses.count(201) == CHAT_SESSIONS_PER_CLIENT, statuses
    assert statuses.count(429) == 2 * CHAT_SESSIONS_PER_CLIENT
    counters = session.scalars(select(RateLimitCounter)).all()
    assert [(c.scope, c.client_key, c.hits) for c in counters] == [
        ("chat_sessions", "ip:127.0.0.1", 3 * CHAT_SESSIONS_PER_CLIENT)
    ]
