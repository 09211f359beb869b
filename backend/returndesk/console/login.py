"""Signing in to and out of the console with an HTML form, through the staff service the JSON login uses.

The login form has its own CSRF check (a random value in a cookie and in the form, which must
match): without it another site could sign an agent's browser in to the attacker's account, and
whatever the agent then typed would land there ("login CSRF").
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ..auth import AppSettings
from ..db import DbSession
from ..demo.staff import DEMO_PASSWORD, DEMO_STAFF
from ..errors import TooManyRequests, Unauthorized
from ..staff.auth import COOKIE_NAME, CSRF_FIELD
from ..staff.login import limit_login_attempts, set_session_cookie, signed_in_after
from ..staff.service import WRONG_LOGIN, sign_in, sign_out
from .pages import LOGIN_PATH, MaybeViewer, render

router = APIRouter(prefix="/console", include_in_schema=False)

LOGIN_CSRF_COOKIE = "returndesk_console_login"
HOME = "/console"


def safe_next(target: str | None) -> str:
    # Only a path inside the console: `next` must not turn the login page into an open redirect.
    if target and target.startswith("/console") and not target.startswith("//") and "\\" not in target:
        return target
    return HOME


def login_form(
    settings: AppSettings, *, next_path: str, error: str | None = None, username: str = "", status_code: int = 200
) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(
        "login.html",
        status_code=status_code,
        error=error,
        username=username,
        next_path=next_path,
        login_csrf=token,
        demo_users=DEMO_STAFF if settings.is_development else (),
        demo_password=DEMO_PASSWORD if settings.is_development else None,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        secure=not settings.is_development,
        samesite="strict",
        path=LOGIN_PATH,
    )
    return response


@router.get("/login")
def login_page(viewer: MaybeViewer, settings: AppSettings, next: str | None = None) -> Response:
    """The sign-in form (already signed in: straight to the console)."""
    if viewer is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return login_form(settings, next_path=safe_next(next))


@router.post("/login")
def login_submit(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    next: Annotated[str, Form()] = HOME,
) -> Response:
    """Check the password; on success set the session cookie and go to the console."""
    next_path = safe_next(next)
    username = username.strip().lower()

    def again(error: str, status_code: int) -> Response:
        return login_form(settings, next_path=next_path, error=error, username=username, status_code=status_code)

    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), csrf_token.encode()):
        return again("The sign-in form had expired; please enter your username and password again.", 403)
    if not username or not password:
        return again("Enter both your username and your password.", 400)
    if len(username) > 64 or len(password) > 1024:
        return again(f"{WRONG_LOGIN.capitalize()}; check both and try again.", 401)
    try:
        counted = limit_login_attempts(request, settings, username)
        signed = sign_in(session, settings, username, password)
        signed_in_after(session, counted)
    except TooManyRequests as refusal:
        return again(f"{refusal.detail[0].upper()}{refusal.detail[1:]}.", 429)
    except Unauthorized:
        return again(f"{WRONG_LOGIN.capitalize()}; check both and try again.", 401)
    response = RedirectResponse(next_path, status_code=303)
    set_session_cookie(response, settings, signed)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=LOGIN_PATH)
    return response


@router.post("/logout")
def logout(
    request: Request, viewer: MaybeViewer, session: DbSession, csrf_token: Annotated[str, Form()] = ""
) -> Response:
    """Sign out (the form carries the CSRF token, so another site cannot sign an agent out)."""
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    if viewer is not None:
        if not hmac.compare_digest(viewer.csrf_token.encode(), csrf_token.encode()):
            return render(
                "message.html",
                status_code=403,
                title="Not signed out",
                message="This sign-out form had expired; reload the console and use Sign out again.",
            )
        sign_out(session, request.cookies[COOKIE_NAME])
    response.delete_cookie(COOKIE_NAME, path="/")
    return response
