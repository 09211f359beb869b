"""The console's pages: queue, case, approvals, a return opened on a customer's behalf, analytics.

Every page needs a signed-in user; without one the browser is sent to the login form, with the
page it wanted kept in `next` so it lands there after signing in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from ..analytics.names import names
from ..authority.current import get_authority
from ..db import DbSession
from ..models import StaffUser
from ..order.repository import product_categories
from ..policy.reasons import REASON_CODES
from ..policy.rules import RESOLUTION_KINDS
from ..staff.auth import COOKIE_NAME, DESK_ROLES
from ..staff.service import session_for_cookie
from ..vocabulary.words import title

STATIC_DIR = Path(__file__).resolve().parent / "static"
LOGIN_PATH = "/console/login"
# Who reads the analytics API (returndesk/analytics endpoints refuse everyone else the same way).
ANALYTICS_ROLES = ("supervisor", "admin")

router = APIRouter(prefix="/console", include_in_schema=False)
templates = Environment(loader=PackageLoader("returndesk", "templates"), autoescape=select_autoescape())

# The pages load scripts and styles from the service only and may not be framed: a framed console
# could be used to trick an agent into clicking "approve" (clickjacking).
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


@dataclass(frozen=True)
class Viewer:
    """The signed-in console user and the CSRF token their pages send with every change."""

    user: StaffUser
    csrf_token: str


def console_viewer(request: Request, session: DbSession) -> Viewer | None:
    cookie_value = request.cookies.get(COOKIE_NAME)
    found = session_for_cookie(session, cookie_value) if cookie_value else None
    if found is None:
        return None
    record, user = found
    return Viewer(user=user, csrf_token=record.csrf_token)


MaybeViewer = Annotated[Viewer | None, Depends(console_viewer)]


def render(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    page = templates.get_template(f"console/{template}").render(**context)
    return HTMLResponse(page, status_code=status_code, headers=SECURITY_HEADERS)


def to_login(request: Request) -> RedirectResponse:
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"{LOGIN_PATH}?next={quote(wanted, safe='')}", status_code=303)


def page(request: Request, viewer: Viewer | None, template: str, **context: Any) -> Response:
    if viewer is None:
        return to_login(request)
    roles = get_authority().roles
    allowed = roles[viewer.user.role].actions if viewer.user.role in roles else frozenset()
    desk = viewer.user.role in DESK_ROLES  # talks to customers: chat, take, timeline (the API refuses the rest)
    return render(
        template, user=viewer.user, csrf_token=viewer.csrf_token, allowed_actions=allowed, desk=desk, **context
    )


@router.get("", response_class=HTMLResponse)
def queue_page(request: Request, viewer: MaybeViewer) -> Response:
    """The queue: open cases by priority and age, the user's own cases, approvals waiting for them."""
    return page(request, viewer, "queue.html", section="queue")


@router.get("/cases/{reference}", response_class=HTMLResponse)
def case_page(
    request: Request,
    viewer: MaybeViewer,
    reference: Annotated[str, PathParam(pattern=r"^[A-Za-z0-9-]{1,24}$")],
) -> Response:
    """One case: summary, live chat, actions and timeline."""
    return page(request, viewer, "case.html", section="queue", reference=reference.upper())


@router.get("/approvals", response_class=HTMLResponse)
def approvals_page(request: Request, viewer: MaybeViewer) -> Response:
    """Approval requests: those the user may decide, and their own."""
    return page(request, viewer, "approvals.html", section="approvals")


@router.get("/returns/new", response_class=HTMLResponse)
def new_return_page(request: Request, viewer: MaybeViewer) -> Response:
    """Open a return for a customer who phoned or emailed, through the same policy as the bot."""
    return page(
        request,
        viewer,
        "new_return.html",
        section="new_return",
        # The same titles the customer picks from in the chat (the service's vocabulary); the
        # console's pages are in English.
        reasons=[(code, title("en", "reason", code)) for code in REASON_CODES],
        resolutions=[(code, title("en", "resolution", code)) for code in RESOLUTION_KINDS],
    )


@router.get("/analytics", response_class=HTMLResponse)
def analytics_page(request: Request, viewer: MaybeViewer, session: DbSession) -> Response:
    """Return analytics: rates, reasons, cycle times, costs and the findings for each team."""
    if viewer is not None and viewer.user.role not in ANALYTICS_ROLES:
        return render(
            "message.html",
            status_code=403,
            user=viewer.user,
            csrf_token=viewer.csrf_token,
            title="Not allowed",
            message="Return analytics is for supervisors and admins; ask one of them if you need these numbers.",
        )
    # The console's pages are in English; the names are the dashboard's (analytics/names.py).
    codes = product_categories(session)
    titled = names("en", tuple(codes))["category"]
    categories = [(code, titled[code]) for code in codes]
    return page(request, viewer, "analytics.html", section="analytics", categories=categories)


@router.get("/mail", response_class=HTMLResponse)
def sent_mail_page(request: Request, viewer: MaybeViewer) -> Response:
    """Outbox mail: the emails the local mail sink saved (make run), read-only."""
    if viewer is not None and viewer.user.role not in DESK_ROLES:  # the emails carry customers' details
        return render(
            "message.html",
            status_code=403,
            user=viewer.user,
            csrf_token=viewer.csrf_token,
            title="Not allowed",
            message="Outbox mail holds customers' emails and is for the customer-care desk.",
        )
    return page(request, viewer, "mail.html", section="mail")
