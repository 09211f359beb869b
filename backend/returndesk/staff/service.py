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

from sqlalchemy.orm import Session

from .. import audit
from ..authority import ROLES
from ..config import Settings
from ..errors import Conflict, InvalidInput, TooManyRequests, Unauthorized
from ..models import StaffSession, StaffUser
from ..rate_limit import Allowance, clear, give_back, hit
from . import repository
from .passwords import hash_password, needs_rehash, verify_password

# The bot has a section in the authority matrix too, but nobody signs in as the bot.
STAFF_ROLES = tuple(role for role in ROLES if role != "bot")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# Failed sign-ins are counted per address, whatever usernames it names (so one address cannot try
# a password on many users), and per username, whatever the address (so many addresses cannot
# guess one user's password). A sign-in that succeeds counts against neither.
ADDRESS_SCOPE = "staff_login_address"
USERNAME_SCOPE = "staff_login_username"
WRONG_LOGIN = "wrong username or password"


class TooManyLogins(TooManyRequests):
    title = "Too many sign-in attempts"


class OwnRole(Conflict):
    title = "Your own role"


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
    if repository.username_taken(session, username):
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
    audit.record(
        session,
        audit.Kind.STAFF_ROLE_CHANGED,
        actor=by,
        role=by_role,
        description=f"{by} changed {user.username}'s role from {user.role} to {role}",
        data={"username": user.username, "from": user.role, "to": role},
    )
    user.role = role
    session.flush()


@dataclass(frozen=True)
class LoginCount:
    """A sign-in attempt counted up front as a failure, from its address and for its username."""

    username: str
    address: str
    by_address: Allowance
    by_username: Allowance | None  # None: the address was refused first, the username not counted


def count_login_attempt(session: Session, settings: Settings, username: str, address: str) -> LoginCount:
    """Count this attempt as a failure before the password is checked; `forget_login_attempt`
    gives it back if it succeeds. A refused attempt checks no password, so it is given back at
    once: only wrong passwords count. Commit it whatever the outcome."""
    window = settings.staff_login_window_minutes * 60
    username = username.lower()
    by_address = hit(
        session, ADDRESS_SCOPE, address, limit=settings.staff_login_attempts_per_address, window_seconds=window
    )
    if not by_address.allowed:
        give_back(session, ADDRESS_SCOPE, address, by_address)
        return LoginCount(username, address, by_address, None)
    by_username = hit(session, USERNAME_SCOPE, username, limit=settings.staff_login_attempts, window_seconds=window)
    if not by_username.allowed:
        give_back(session, ADDRESS_SCOPE, address, by_address)
        give_back(session, USERNAME_SCOPE, username, by_username)
    return LoginCount(username, address, by_address, by_username)


def forget_login_attempt(session: Session, counted: LoginCount) -> None:
    """The password was right: the attempt was no failure, and the username's failures are forgotten."""
    give_back(session, ADDRESS_SCOPE, counted.address, counted.by_address)
    if counted.by_username is not None:
        clear(session, USERNAME_SCOPE, counted.username, counted.by_username)


def refuse_if_over_limit(counted: LoginCount) -> None:
    if not counted.by_address.allowed:
        seconds = counted.by_address.retry_after_seconds
        raise TooManyLogins(
            f"too many failed sign-ins from your network; please try again in {seconds} seconds",
            retry_after_seconds=seconds,
        )
    if counted.by_username is not None and not counted.by_username.allowed:
        seconds = counted.by_username.retry_after_seconds
        raise TooManyLogins(
            f"too many failed sign-ins for this user; please try again in {seconds} seconds, "
            "or ask an admin if it was not you",
            retry_after_seconds=seconds,
        )


def sign_in(session: Session, settings: Settings, username: str, password: str) -> SignedIn:
    """Check the password and open a session. Only flushes."""
    user = repository.user_by_username(session, username.lower())
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
    found = repository.session_with_user(session, _digest(cookie_value))
    if found is None:
        return None
    record, user = found
    if record.expires_at <= datetime.now(UTC) or not user.active:
        return None
    return record, user


def sign_out(session: Session, cookie_value: str) -> None:
    repository.delete_session(session, _digest(cookie_value))


def _check_role(role: str) -> None:
    if role not in STAFF_ROLES:
        raise InvalidInput(f"'{role}' is not a staff role; use one of: {', '.join(STAFF_ROLES)}")


def _digest(cookie_value: str) -> str:
    return hashlib.sha256(cookie_value.encode()).hexdigest()
