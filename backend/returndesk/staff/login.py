"""The steps of a sign-in that the JSON endpoint and the console's HTML form share: counting
attempts, forgetting them after a success, and the session cookie."""

from __future__ import annotations

from fastapi import Request, Response
from sqlalchemy.orm import Session

from ..config import Settings
from ..db import transaction
from .auth import COOKIE_NAME
from .service import LoginCount, SignedIn, count_login_attempt, forget_login_attempt, refuse_if_over_limit


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def limit_login_attempts(request: Request, settings: Settings, username: str) -> LoginCount:
    """Count the attempt (a failure until `signed_in_after` says otherwise), or refuse it."""
    # In a transaction of its own: a failed attempt must count even though its request fails.
    with transaction() as session:
        counted = count_login_attempt(session, settings, username, client_address(request))
    refuse_if_over_limit(counted)
    return counted


def signed_in_after(session: Session, counted: LoginCount) -> None:
    """The password was right: successes never count toward a lock-out."""
    forget_login_attempt(session, counted)


def set_session_cookie(response: Response, settings: Settings, signed: SignedIn) -> None:
    response.set_cookie(
        COOKIE_NAME,
        signed.cookie_value,
        max_age=settings.staff_session_ttl_hours * 3600,
        httponly=True,
        secure=not settings.is_development,
        samesite="lax",
        path="/",
    )
