"""Console users for tests: create one in the database, or get an HTTP client signed in as one."""

from __future__ import annotations

import httpx
from sqlalchemy.orm import Session

from .http import http_client

DEFAULT_PASSWORD = "correct horse battery staple"


def make_staff(session: Session, username: str, role: str, password: str = DEFAULT_PASSWORD, **extra):
    from returndesk.staff.service import add_staff

    user = add_staff(session, username=username, password=password, role=role, **extra)
    session.commit()
    return user


def staff_client(base_url: str, username: str, password: str = DEFAULT_PASSWORD) -> httpx.Client:
    """Signed in, with the CSRF header preset; the client's base URL is the API root (…/api/v1)."""
    api_root = base_url if base_url.rstrip("/").endswith("/api/v1") else f"{base_url.rstrip('/')}/api/v1"
    with http_client(base_url=api_root, timeout=30) as login:
        answer = login.post("/staff/sessions", json={"username": username, "password": password})
        answer.raise_for_status()
        cookies = dict(login.cookies)
    # A fresh client, so callers may use it directly or in a `with` block.
    return http_client(
        base_url=api_root, timeout=30, cookies=cookies, headers={"X-CSRF-Token": answer.json()["csrf_token"]}
    )
