"""GET /api/v1/docs and /api/v1/redoc: the OpenAPI pages, with no request to any other host.

FastAPI's pages load Swagger UI and ReDoc from a CDN: blank offline, behind a firewall, or under a
Content-Security-Policy that allows only the service. The same pages (FastAPI's own
`get_swagger_ui_html` and `get_redoc_html`) here load the three files the `fastapi-offline`
package ships, from /api/v1/docs/assets/. Only those named files are served, nothing else from
its folder or anywhere.

Each page also carries a Content-Security-Policy that lets it reach the service only: ReDoc's
bundle still shows a logo from cdn.redoc.ly, which the browser then never asks for (the page
hides the image when it fails), and any other stray address meets the same wall.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Literal

import fastapi_offline
from fastapi import APIRouter
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse

ASSETS_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
}
Asset = Literal["swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"]
# The files change only with the package's version; a day's caching spares 2.8 MB per visit.
ASSET_CACHE = "public, max-age=86400"
NO_FAVICON = "data:,"  # the default favicon is fetched from fastapi.tiangolo.com
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def only_the_service(page: HTMLResponse) -> HTMLResponse:
    """The page with a CSP allowing its own inline script (by hash) and the service, nothing else.

    Both UIs set inline styles and ReDoc runs its search in a blob: worker, hence those two."""
    body = bytes(page.body).decode()
    scripts = ["'self'"] + [
        f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
        for script in INLINE_SCRIPT.findall(body)
    ]
    page.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src {' '.join(scripts)}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    return page


def docs_router(*, title: str, openapi_url: str, prefix: str) -> APIRouter:
    """The docs pages at {prefix}/docs and {prefix}/redoc, reading the schema at `openapi_url`."""
    router = APIRouter(include_in_schema=False)
    assets = f"{prefix}/docs/assets"
    oauth2_redirect = "/docs/oauth2-redirect"

    @router.get(f"{prefix}/docs", response_class=HTMLResponse)
    def swagger_ui() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{title} - API",
            swagger_js_url=f"{assets}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets}/swagger-ui.css",
            swagger_favicon_url=NO_FAVICON,
            oauth2_redirect_url=oauth2_redirect,
            # Swagger UI would otherwise fetch a validity badge from validator.swagger.io.
            swagger_ui_parameters={"validatorUrl": None},
        )
        return only_the_service(page)

    @router.get(oauth2_redirect, response_class=HTMLResponse)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @router.get(f"{prefix}/redoc", response_class=HTMLResponse)
    def redoc() -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=openapi_url,
            title=f"{title} - API",
            redoc_js_url=f"{assets}/redoc.standalone.js",
            redoc_favicon_url=NO_FAVICON,
            with_google_fonts=False,
        )
        return only_the_service(page)

    @router.get(f"{assets}/{{name}}")
    def asset(name: Asset) -> FileResponse:
        return FileResponse(ASSETS_DIR / name, media_type=ASSETS[name], headers={"Cache-Control": ASSET_CACHE})

    return router
