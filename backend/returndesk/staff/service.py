"""Staff accounts and console sessions.

A session is a random cookie value; only its SHA-256 is stored, so reading the table does not
let anyone sign in. Each session has its own CSRF token: a cross-site form can make the browser
send the cookie, but it cannot read the page that holds the token.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..authority import ROLES
from ..config import Settings
from ..errors import InvalidInput, TooManyRequests, Unauthorized
from ..models import AuditEvent, StaffSession, StaffUser
from ..rate_limit import Allowance, hit
from .passwords import hash_password, needs_rehash, verify_password

# The bot has a section in the authority matrix too, but nobody signs in as the bot.
STAFF_ROLES = tuple(role for role in ROLES if role != "bot")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
LOGIN_SCOPE = "staff_login"
WRONG_LOGIN = "wrong username or password"


class TooManyLogins(TooManyRequests):
    title = "Too many sign-in attempts"


@dataclass(frozen=True)
class SignedIn:
    user: StaffUser
    cookie_value: str
    csrf_token: str
    expires_at: datetime


def add_staff(
    session: Session,
    *,
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    email: str | None = None,
) -> StaffUser:
    """Create a console user. Only flushes."""
    if not USERNAME.match(username):
        raise InvalidInput(f"'{username}' is not a username: use 2-64 lower-case letters, digits, '.', '_' or '-'")
    _check_role(role)
    if session.scalars(select(StaffUser.id).where(StaffUser.username == username)).first():
        raise InvalidInput(f"there is already a user called '{username}'")
    user = StaffUser(
        username=username,
        display_name=display_name or username.capitalize(),
        email=email,
        role=role,
        password_hash=hash_password(password),
        active=True,
    )
    session.add(user)
    session.flush()
    return user


def change_role(session: Session, user: StaffUser, role: str, *, by: str, by_role: str | None) -> None:
    """Give `user` another role and write it to the audit log. Only flushes."""
    _check_role(role)
    if role == user.role:
        return
    session.add(
        AuditEvent(
            kind="staff.role_changed",
            actor=by,
            role=by_role,
            description=f"{by} changed {user.username}'s role from {user.role} to {role}",
            data={"username": user.username, "from": user.role, "to": role},
        )
    )
    user.role = role
    session.flush()


def count_login_attempt(session: Session, settings: Settings, username: str, client: str) -> Allowance:
    """One more attempt for this username from this client. Commit it whatever the outcome."""
    return hit(
        session,
        LOGIN_SCOPE,
        f"{username.lower()}|{client}",
        limit=settings.staff_login_attempts,
        window_seconds=settings.staff_login_window_minutes * 60,
    )


def refuse_if_over_limit(allowance: Allowance) -> None:
    if not allowance.allowed:
        seconds = allowance.retry_after_seconds
        raise TooManyLogins(
            f"too many sign-in attempts for this user; please try again in {seconds} seconds",
            retry_after_seconds=seconds,
        )


def sign_in(session: Session, settings: Settings, username: str, password: str) -> SignedIn:
    """Check the password and open a session. Only flushes."""
    user = session.scalars(select(StaffUser).where(StaffUser.username == username.lower())).first()
    if not verify_password(user.password_hash if user else None, password) or user is None or not user.active:
        raise Unauthorized(WRONG_LOGIN)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    cookie_value = secrets.token_urlsafe(32)
    record = StaffSession(
        token_hash=_digest(cookie_value),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=datetime.now(UTC) + timedelta(hours=settings.staff_session_ttl_hours),
    )
    session.add(record)
    session.flush()
    return SignedIn(user=user, cookie_value=cookie_value, csrf_token=record.csrf_token, expires_at=record.expires_at)


def session_for_cookie(session: Session, cookie_value: str) -> tuple[StaffSession, StaffUser] | None:
    """The live session and its active user for a cookie value, or None."""
    found = session.execute(
        select(StaffSession, StaffUser)
        .join(StaffUser, StaffUser.id == StaffSession.user_id)
        .where(StaffSession.token_hash == _digest(cookie_value))
    ).first()
    if found is None:
        return None
    record, user = found
    if record.expires_at <= datetime.now(UTC) or not user.active:
        return None
    return record, user


def sign_out(session: Session, cookie_value: str) -> None:
    session.execute(delete(StaffSession).where(StaffSession.token_hash == _digest(cookie_value)))


def _check_role(role: str) -> None:
    if role not in STAFF_ROLES:
        raise InvalidInput(f"'{role}' is not a staff role; use one of: {', '.join(STAFF_ROLES)}")


def _digest(cookie_value: str) -> str:
    return hashlib.sha256(cookie_value.encode()).hexdigest()
