"""Chat session tokens, the Rasa side: verify that a token was issued for this conversation.

The returns service issues the tokens (`POST /api/v1/chat/sessions`,
`backend/returndesk/kit/tokens.py`); the connectors here verify them. The two run in separate
environments (Rasa pins pydantic 1 and SQLAlchemy 1.4), so the ~20 lines are written twice
against one contract: a JWT signed with HMAC-SHA256 by the shared RETURNDESK_CHAT_SECRET, audience
`returndesk:chat`, the conversation id as `sub`, an `exp`, and, when the shop vouched for the
customer, `ctx`: `{"email": ..., "order_number": ..., "locale": ...}` (order number and locale
optional) that the service checked against its orders. Both test suites check each side's tokens with the other side's
module and against `docs/chat-token-vectors.json`. This module needs nothing beyond the standard
library and PyJWT, which both environments have.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

import jwt

CHAT_SECRET_ENV = "RETURNDESK_CHAT_SECRET"
DEV_CHAT_SECRET = "dev-chat-secret-change-me-before-production"
AUDIENCE = "returndesk:chat"
ALGORITHM = "HS256"
CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
CONTEXT_CLAIM = "ctx"
# field -> longest value; `locale` ("en", "zh") is the language of the shop page that vouched for the customer.
CONTEXT_FIELDS = {"email": 254, "order_number": 64, "locale": 16}
# Where the connectors put the verified context in every message's metadata, for the actions.
# Whatever a client sends under this key is dropped: only the token's claim is ever there.
CONTEXT_METADATA_KEY = "returndesk_verified"
DOTENV = Path(__file__).resolve().parents[2] / ".env"


class InvalidChatToken(Exception):
    """The token does not prove the right to speak in that conversation; the message says why.

    `code` is "expired", "invalid" or "wrong_conversation" (a valid token for someone else).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def read_dotenv(path: Path = DOTENV) -> dict[str, str]:
    """KEY=VALUE lines of the repository's .env, which the service reads too (python-dotenv's basics)."""
    if not path.is_file():
        return {}
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.removeprefix("export ").partition("=")
            values[key.strip()] = value.strip().strip("'\"")
    return values


def chat_secret(environ: dict[str, str] | None = None) -> str:
    """The shared secret, from the environment or .env like the service's settings.

    The development default is refused outside development and test.
    """
    environ = {**read_dotenv(), **os.environ} if environ is None else environ
    secret = environ.get(CHAT_SECRET_ENV) or DEV_CHAT_SECRET
    environment = environ.get("RETURNDESK_ENVIRONMENT", "development")
    if secret == DEV_CHAT_SECRET and environment not in ("development", "test"):
        raise RuntimeError(
            f"{CHAT_SECRET_ENV} is still the development default; set the same long random value "
            f"as the returns service's before running with RETURNDESK_ENVIRONMENT={environment}"
        )
    return secret


class ChatClaims(NamedTuple):  # not a dataclass: the other side's tests load this file by path
    conversation_id: str
    expires_at: datetime
    # What the service verified about the customer: {"email"[, "order_number"][, "locale"]}, or None.
    context: dict[str, str] | None = None


def issue(secret: str, conversation_id: str, expires_at: datetime, context: dict[str, str] | None = None) -> str:
    """A token for one conversation (tests and server-side integrations; the service issues the real ones)."""
    if not CONVERSATION_ID.match(conversation_id):
        raise ValueError("a conversation id is 8 to 64 letters, digits, '-' or '_'")
    claims: dict[str, Any] = {"sub": conversation_id, "aud": AUDIENCE, "exp": int(expires_at.timestamp())}
    if context is not None:
        checked = checked_context(context)
        if checked is None:
            raise ValueError("a verified context is {'email': str, 'order_number': str, 'locale': str (both optional)}")
        claims[CONTEXT_CLAIM] = checked
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def checked_context(value: Any) -> dict[str, str] | None:
    """The context in its one canonical form (field order fixed, no empty order number), or None if malformed."""
    if not isinstance(value, dict) or set(value) - set(CONTEXT_FIELDS) or not isinstance(value.get("email"), str):
        return None
    checked = {}
    for field, longest in CONTEXT_FIELDS.items():
        item = value.get(field)
        if item is None and field != "email":
            continue
        if not isinstance(item, str) or not 0 < len(item) <= longest:
            return None
        checked[field] = item
    return checked


def read(secret: str, token: str, conversation_id: str) -> ChatClaims:
    """The token's claims if it is valid for this conversation, else InvalidChatToken."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], audience=AUDIENCE, options={"require": ["exp", "sub"]}
        )
    except jwt.ExpiredSignatureError:
        raise InvalidChatToken("expired", "the chat session has expired; start a new one") from None
    except jwt.InvalidTokenError:
        raise InvalidChatToken("invalid", "the chat token is not valid") from None
    if claims["sub"] != conversation_id:
        raise InvalidChatToken("wrong_conversation", "the chat token belongs to another conversation")
    context = None
    if CONTEXT_CLAIM in claims:
        context = checked_context(claims[CONTEXT_CLAIM])
        if context is None:
            raise InvalidChatToken("invalid", "the chat token's verified context is malformed")
    return ChatClaims(claims["sub"], datetime.fromtimestamp(claims["exp"], timezone.utc), context)


def verify(secret: str, token: str, conversation_id: str) -> datetime:
    """The token's expiry if it is valid for this conversation, else InvalidChatToken."""
    return read(secret, token, conversation_id).expires_at


def with_verified_context(metadata: Any, context: dict[str, str] | None) -> dict[str, Any]:
    """A message's metadata as the actions may trust it: the client's own object (which the channel
    bounded first: limits.bounded_metadata), minus anything under CONTEXT_METADATA_KEY, plus the
    token's verified context there if it has one."""
    trusted = (
        {key: value for key, value in metadata.items() if key != CONTEXT_METADATA_KEY}
        if isinstance(metadata, dict)
        else {}
    )
    if context is not None:
        trusted[CONTEXT_METADATA_KEY] = dict(context)
    return trusted
