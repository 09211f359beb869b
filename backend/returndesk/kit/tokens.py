"""Chat session tokens, the service side: issue (and verify) a token for one conversation.

The Rasa connectors verify these tokens in another environment (`bot/channels/tokens.py`), so
the contract is written twice and pinned by tests on both sides plus the shared vectors in
`docs/chat-token-vectors.json`: a JWT signed with HMAC-SHA256 by RETURNDESK_CHAT_SECRET,
audience `returndesk:chat`, the conversation id as `sub`, an `exp`, and, when the shop vouched
for the customer, `ctx`: `{"email": ..., "order_number": ...}` (order number optional) that the
service checked against its orders. Keep this module free of the service's own imports and
runnable on Python 3.10, so the other side's tests can load it by path.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, NamedTuple

import jwt

AUDIENCE = "returndesk:chat"
ALGORITHM = "HS256"
CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
CONTEXT_CLAIM = "ctx"
CONTEXT_FIELDS = {"email": 254, "order_number": 64}  # field -> longest value


class InvalidChatToken(Exception):
    """The token does not prove the right to speak in that conversation; the message says why.

    `code` is "expired", "invalid" or "wrong_conversation" (a valid token for someone else).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class ChatClaims(NamedTuple):  # not a dataclass: the other side's tests load this file by path
    conversation_id: str
    expires_at: datetime
    # What the service verified about the customer: {"email"[, "order_number"]}, or None.
    context: dict[str, str] | None = None


def issue(secret: str, conversation_id: str, expires_at: datetime, context: dict[str, str] | None = None) -> str:
    if not CONVERSATION_ID.match(conversation_id):
        raise ValueError("a conversation id is 8 to 64 letters, digits, '-' or '_'")
    claims: dict[str, Any] = {"sub": conversation_id, "aud": AUDIENCE, "exp": int(expires_at.timestamp())}
    if context is not None:
        checked = checked_context(context)
        if checked is None:
            raise ValueError("a verified context is {'email': str, 'order_number': str (optional)}")
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
    # timezone.utc, not UTC: loaded by the Rasa side's tests, on Python 3.10.
    return ChatClaims(claims["sub"], datetime.fromtimestamp(claims["exp"], timezone.utc), context)  # noqa: UP017


def verify(secret: str, token: str, conversation_id: str) -> datetime:
    """The token's expiry if it is valid for this conversation, else InvalidChatToken."""
    return read(secret, token, conversation_id).expires_at
