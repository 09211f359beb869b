"""Who is signed in to the console: the session cookie, the CSRF check, and role limits.

Every change (POST, PUT, PATCH, DELETE) must carry the session's CSRF token, as the
X-CSRF-Token header (fetch calls) or the csrf_token form field (plain HTML forms).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from ..db import DbSession
from ..errors import Forbidden, Unauthorized
from ..models import StaffSession, StaffUser
from .service import session_for_cookie

COOKIE_NAME = "returndesk_console"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def _csrf_from_form(request: Request) -> str | None:
    # Async so the form body is read on the event loop; Starlette keeps it for the endpoint.
    if request.method in SAFE_METHODS or request.headers.get(CSRF_HEADER):
        return None
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


def signed_in(
    request: Request, session: DbSession, form_token: Annotated[str | None, Depends(_csrf_from_form)]
) -> tuple[StaffSession, StaffUser]:
    cookie_value = request.cookies.get(COOKIE_NAME)
    found = session_for_cookie(session, cookie_value) if cookie_value else None
    if found is None:
        raise Unauthorized("sign in to the console first (POST /api/v1/staff/sessions or /console/login)")
    record, user = found
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER) or form_token or ""
        if not hmac.compare_digest(sent.encode(), record.csrf_token.encode()):
            raise Forbidden(f"this change needs the page's CSRF token (the {CSRF_HEADER} header); reload and try again")
    return record, user


SignedInSession = Annotated[tuple[StaffSession, StaffUser], Depends(signed_in)]


def current_staff(found: SignedInSession) -> StaffUser:
    return found[1]


CurrentStaff = Annotated[StaffUser, Depends(current_staff)]


# The customer-care desk: who talks to customers, takes their cases and answers for the audit
# trail. The warehouse signs in to the same console but works on parcels, not people: it may add
# a note to a case, never read the chat or the audit log, nor write to a customer.
DESK_ROLES = ("agent", "senior_agent", "supervisor", "admin")


def require_role(*roles: str) -> Callable[[StaffUser], StaffUser]:
    """A dependency that lets only the given roles through, with a sentence for everyone else."""

    def allowed(user: CurrentStaff) -> StaffUser:
        if user.role not in roles:
            wanted = " or ".join(role.replace("_", " ") for role in roles)
            raise Forbidden(f"this needs the {wanted} role; you are signed in as {user.role.replace('_', ' ')}")
        return user

    return allowed


DeskStaff = Annotated[StaffUser, Depends(require_role(*DESK_ROLES))]
