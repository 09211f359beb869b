"""The API documentation pages load everything from the service: no CDN, no font service."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from returndesk.main import create_app

EXTERNAL = re.compile(r"""(?:src|href|url)\s*[:=]\s*["']?(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


@pytest.mark.parametrize("path", ["/api/v1/docs", "/api/v1/redoc"])
def test_the_docs_pages_reference_no_other_host(client, path):
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/api/v1/openapi.json" in page.text
    assert "/api/v1/docs/assets/" in page.text
    assert not EXTERNAL.search(page.text), EXTERNAL.search(page.text)
    assert "cdn.jsdelivr.net" not in page.text and "fonts.googleapis.com" not in page.text
    assert "tiangolo.com" not in page.text  # FastAPI's default favicon
    # The browser itself may reach nothing else either (ReDoc's bundle names a logo on a CDN).
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "img-src 'self' data:;" in policy
    assert "http" not in policy and "*" not in policy and "unsafe-eval" not in policy


@pytest.mark.parametrize(
    ("name", "content_type", "starts"),
    [
        pytest.param("swagger-ui-bundle.js", "text/javascript", b"/*!", id="swagger-js"),
        pytest.param("swagger-ui.css", "text/css", b".swagger-ui", id="swagger-css"),
        pytest.param("redoc.standalone.js", "text/javascript", b"/*!", id="redoc-js"),
    ],
)
def test_the_assets_come_from_the_fastapi_offline_package(client, name, content_type, starts):
    asset = client.get(f"/api/v1/docs/assets/{name}")
    assert asset.status_code == 200
    assert asset.headers["content-type"].startswith(content_type)
    assert asset.content.lstrip().startswith(starts), asset.content[:40]
    assert "max-age" in asset.headers["cache-control"]


@pytest.mark.parametrize("name", ["favicon.png", "..%2F__init__.py", "swagger-ui.css.map", "%2Fetc%2Fpasswd"])
def test_nothing_else_is_served_from_the_assets(client, name):
    answer = client.get(f"/api/v1/docs/assets/{name}")
    assert answer.status_code in (404, 422)
    assert answer.headers["content-type"].startswith("application/problem+json")
