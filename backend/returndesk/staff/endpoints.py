"""Signing in to and out of the console (JSON; the console's HTML form uses the same service)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from ..auth import AppSettings
from ..db import DbSession
from .auth import COOKIE_NAME, SignedInSession
from .login import limit_login_attempts, set_session_cookie, signed_in_after
from .schemas import LoginIn, SignedInOut, StaffOut
from .service import (
    sign_in,
    sign_out,
)

router = APIRouter(prefix="/staff", tags=["staff"])


@router.post(
    "/sessions",
    status_code=201,
    response_model=SignedInOut,
    responses={401: {"description": "Wrong username or password"}, 429: {"description": "Too many attempts"}},
)
def post_session(
    payload: LoginIn, request: Request, response: Response, session: DbSession, settings: AppSettings
) -> SignedInOut:
    """Sign in: sets the console session cookie and returns the CSRF token for changes."""
    counted = limit_login_attempts(request, settings, payload.username)
    signed = sign_in(session, settings, payload.username, payload.password)
    signed_in_after(session, counted)
    set_session_cookie(response, settings, signed)
    return SignedInOut(user=StaffOut.model_validate(signed.user, from_attributes=True), csrf_token=signed.csrf_token)


@router.get("/me", response_model=SignedInOut)
def get_me(found: SignedInSession) -> SignedInOut:
    """The signed-in user and the session's CSRF token."""
    record, user = found
    return SignedInOut(user=StaffOut.model_validate(user, from_attributes=True), csrf_token=record.csrf_token)


@router.delete("/sessions/current", status_code=204)
def delete_session(request: Request, found: SignedInSession, session: DbSession) -> Response:
    """Sign out (needs the CSRF token, so another site cannot sign you out either)."""
    sign_out(session, request.cookies[COOKIE_NAME])
    response = Response(status_code=204)
    response.delete_cookie(COOKIE_NAME, path="/")
    return response
