"""CORS on POST /chat/sessions: the configured shop origin and the service's own, nobody else."""

from __future__ import annotations

import httpx
import pytest

from ..conftest import SHOP_ORIGIN

PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}


def own_origin(base_url: str) -> str:
    return base_url  # http://127.0.0.1:<port>: the origin the storefront page is served from


def test_a_preflight_from_the_shop_origin_is_answered(api):
    response = api.options("/chat/sessions", headers={"Origin": SHOP_ORIGIN, **PREFLIGHT})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == SHOP_ORIGIN
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()
    assert int(response.headers["access-control-max-age"]) > 0
    assert "origin" in response.headers["vary"].lower()


def test_the_session_answer_carries_cors_headers_for_the_shop_origin(api):
    response = api.post("/chat/sessions", json={}, headers={"Origin": SHOP_ORIGIN})
    assert response.status_code == 201
    assert response.headers["access-control-allow-origin"] == SHOP_ORIGIN
    assert "retry-after" in response.headers["access-control-expose-headers"].lower()


def test_a_refusal_the_widget_must_read_carries_cors_headers_too(api):
    response = api.post("/chat/sessions", json={"context": "not-a-jwt"}, headers={"Origin": SHOP_ORIGIN})
    assert response.status_code == 401
    assert response.headers["access-control-allow-origin"] == SHOP_ORIGIN


def test_the_services_own_origin_always_works(api, base_url):
    preflight = api.options("/chat/sessions", headers={"Origin": own_origin(base_url), **PREFLIGHT})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == own_origin(base_url)
    response = api.post("/chat/sessions", headers={"Origin": own_origin(base_url)})
    assert response.status_code == 201


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "https://shop.example.evil.example", "http://shop.example", "null"]
)
def test_other_origins_get_no_cors_headers_and_no_session(api, origin):
    preflight = api.options("/chat/sessions", headers={"Origin": origin, **PREFLIGHT})
    assert preflight.status_code == 403
    assert not any(name.startswith("access-control-") for name in preflight.headers)
    response = api.post("/chat/sessions", headers={"Origin": origin})
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert "RETURNDESK_CHAT_ALLOWED_ORIGINS" in response.json()["detail"]
    assert not any(name.startswith("access-control-") for name in response.headers)


def test_a_preflight_for_another_method_is_refused(api):
    response = api.options("/chat/sessions", headers={"Origin": SHOP_ORIGIN, "Access-Control-Request-Method": "DELETE"})
    assert response.status_code == 405 and "POST" in response.json()["detail"]


def test_requests_without_an_origin_are_not_browsers_and_pass(api):
    assert api.post("/chat/sessions").status_code == 201


def test_other_endpoints_get_no_cors_headers(api, base_url):
    response = httpx.get(f"{base_url}/api/v1/healthz", headers={"Origin": SHOP_ORIGIN})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    preflight = api.options("/verifications", headers={"Origin": SHOP_ORIGIN, **PREFLIGHT})
    assert "access-control-allow-origin" not in preflight.headers
