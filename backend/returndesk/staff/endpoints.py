"""Signing in to and out of the console (JSON; the console's HTML form uses the same service),
and changing a console user's role.

Only admins change roles, never their own, always audited (change_role writes the
"staff.role_changed" event in the same transaction): the last admin cannot lock everyone out by
accident, and nobody promotes or demotes themselves without a second person.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from ..auth import AppSettings
from ..db import DbSession
from ..errors import NotFound
from ..models import StaffUser
from . import repository
from .auth import COOKIE_NAME, SignedInSession, require_role
from .login import limit_login_attempts, set_session_cookie, signed_in_after
from .schemas import LoginIn, RoleIn, SignedInOut, StaffOut
from .service import OwnRole, change_role, sign_in, sign_out

router = APIRouter(prefix="/staff", tags=["staff"])
roles_router = APIRouter(prefix="/staff/users", tags=["staff"])
Admin = Annotated[StaffUser, Depends(require_role("admin"))]


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


@roles_router.patch("/{username}", response_model=StaffOut, responses={403: {"description": "Not an admin"}})
def patch_user_role(username: str, payload: RoleIn, session: DbSession, admin: Admin) -> StaffOut:
    """Give a console user another role (admins only; audited as staff.role_changed)."""
    user = repository.user_by_username(session, username.lower())
    if user is None:
        raise NotFound(f"there is no console user '{username}'")
    if user.id == admin.id:
        raise OwnRole("you cannot change your own role; ask another admin")
    change_role(session, user, payload.role, by=admin.actor, by_role=admin.role)
    return StaffOut.model_validate(user, from_attributes=True)
