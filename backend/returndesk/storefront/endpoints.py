"""The demo shop page at `/`, its demo sign-in, and the widget's files under `/widget/`."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from ..auth import AppSettings
from ..errors import AppError, InvalidInput, NotFound
from .service import (
    DEMO_CUSTOMER_COOKIE,
    SOCKET_IO_CLIENT,
    demo_customer,
    demo_orders,
    featured_products,
    widget_tag,
)

router = APIRouter(include_in_schema=False)
_templates = Environment(loader=PackageLoader("returndesk", "templates"), autoescape=select_autoescape())


class WidgetNotInstalled(AppError):
    status = 503
    title = "Widget not installed"


@router.get("/", response_class=HTMLResponse)
def storefront(request: Request, settings: AppSettings) -> HTMLResponse:
    customer = demo_customer(settings, request.cookies.get(DEMO_CUSTOMER_COOKIE))
    page = _templates.get_template("storefront.html").render(
        orders=demo_orders(),
        products=featured_products(),
        widget=widget_tag(settings, str(request.base_url), customer),
        demo_sign_in=settings.is_development,
        customer=customer,
        open_chat=request.query_params.get("chat") == "open",
    )
    # The page carries a signed context that is only good for minutes: never serve it from a cache.
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


@router.post("/demo/sign-in")
async def demo_sign_in(request: Request, settings: AppSettings) -> RedirectResponse:
    """Development only: "sign in" as the customer of a showcase order (a cookie, like a shop's session)."""
    if not settings.is_development:
        raise NotFound("the demo sign-in exists only in development")
    form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
    number = (form.get("order_number") or [""])[0]
    if demo_customer(settings, number) is None:
        raise InvalidInput("order_number: pick one of the ready-to-try orders (A1001 to A1010)")
    response = RedirectResponse("/?chat=open", status_code=303)
    response.set_cookie(DEMO_CUSTOMER_COOKIE, number, httponly=True, samesite="lax")
    return response


@router.post("/demo/sign-out")
def demo_sign_out(settings: AppSettings) -> RedirectResponse:
    """Development only: forget the demo customer."""
    if not settings.is_development:
        raise NotFound("the demo sign-in exists only in development")
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(DEMO_CUSTOMER_COOKIE)
    return response


@router.get("/widget/socket.io.min.js")
def socket_io_client() -> FileResponse:
    # Installed by `make setup` (npm ci in bot/widget); pinned by its package-lock.json.
    if not SOCKET_IO_CLIENT.is_file():
        raise WidgetNotInstalled("the socket.io client is not installed; run `make setup` (npm ci in bot/widget)")
    return FileResponse(SOCKET_IO_CLIENT, media_type="text/javascript", headers={"Cache-Control": "max-age=3600"})
