"""Uploading evidence over HTTP as the widget (chat token) or a connector (shop token) would."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from returndesk.kit import tokens

from ..conftest import CHAT_SECRET, EVIDENCE_DIR, SHOP_TOKEN


def chat_session() -> tuple[str, dict[str, str]]:
    """A conversation id and the headers of its browser, signed as POST /chat/sessions signs them."""
    conversation = secrets.token_urlsafe(16)
    token = tokens.issue(CHAT_SECRET, conversation, datetime.now(UTC) + timedelta(hours=1))
    return conversation, {"Authorization": f"Bearer {token}"}


def connector_headers(conversation: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {SHOP_TOKEN}", "X-ReturnDesk-Conversation": conversation}


def upload(
    api: httpx.Client,
    headers: dict[str, str],
    data: bytes,
    *,
    filename: str = "photo.jpg",
    content_type: str = "image/jpeg",
    kind: str | None = None,
) -> httpx.Response:
    form = {"kind": kind} if kind else {}
    return api.post("/evidence", headers=headers, files={"file": (filename, data, content_type)}, data=form)


def stored_files() -> list[Path]:
    return [path for path in EVIDENCE_DIR.rglob("*") if path.is_file()] if EVIDENCE_DIR.exists() else []
