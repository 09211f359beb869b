"""The widget uploads from the shop's pages: CORS on POST /evidence for allowed origins only."""

from __future__ import annotations

from ..conftest import SHOP_ORIGIN
from . import files
from .helpers import chat_session, upload


def test_the_shops_origin_may_upload_with_its_chat_token(api):
    preflight = api.options(
        "/evidence",
        headers={
            "Origin": SHOP_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == SHOP_ORIGIN
    assert "Authorization" in preflight.headers["access-control-allow-headers"]
    response = upload(api, {**chat_session()[1], "Origin": SHOP_ORIGIN}, files.jpeg())
    assert response.status_code == 201
    assert response.headers["access-control-allow-origin"] == SHOP_ORIGIN


def test_other_origins_may_not(api):
    response = upload(api, {**chat_session()[1], "Origin": "https://evil.example"}, files.jpeg())
    assert response.status_code == 403 and "may not upload evidence" in response.json()["detail"]
