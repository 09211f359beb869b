"""The demo shop page at `/` and the widget's files under `/widget/`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from ..auth import AppSettings
from ..errors import AppError
from .service import SOCKET_IO_CLIENT, demo_orders, featured_products, widget_tag

router = APIRouter(include_in_schema=False)
_templates = Environment(loader=PackageLoader("returndesk", "templates"), autoescape=select_autoescape())


class WidgetNotInstalled(AppError):
    status = 503
    title = "Widget not installed"


@router.get("/", response_class=HTMLResponse)
def storefront(request: Request, settings: AppSettings) -> HTMLResponse:
    page = _templates.get_template("storefront.html").render(
        orders=demo_orders(), products=featured_products(), widget=widget_tag(settings, str(request.base_url))
    )
    return HTMLResponse(page)


@router.get("/widget/socket.io.min.js")
def socket_io_client() -> FileResponse:
    # Installed by `make setup` (npm ci in bot/widget); pinned by its package-lock.json.
    if not SOCKET_IO_CLIENT.is_file():
        raise WidgetNotInstalled("the socket.io client is not installed; run `make setup` (npm ci in bot/widget)")
    return FileResponse(SOCKET_IO_CLIENT, media_type="text/javascript", headers={"Cache-Control": "max-age=3600"})
