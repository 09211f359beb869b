"""Chat session tokens, the service side: issue (and verify) a token for one conversation.

The Rasa connectors verify these tokens in another environment (`bot/channels/tokens.py`), so
the contract is written twice and pinned by tests on both sides plus the shared vectors in
`docs/chat-token-vectors.json`: a JWT signed with HMAC-SHA256 by RETURNDESK_CHAT_SECRET,
audience `returndesk:chat`, the conversation id as `sub`, an `exp`. Keep this module free of
the service's own imports and runnable on Python 3.10, so the other side's tests can load it
by path.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import jwt

AUDIENCE = "returndesk:chat"
ALGORITHM = "HS256"
CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class InvalidChatToken(Exception):
    """The token does not prove the right to speak in that conversation; the message says why.

    `code` is "expired", "invalid" or "wrong_conversation" (a valid token for someone else).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def issue(secret: str, conversation_id: str, expires_at: datetime) -> str:
    if not CONVERSATION_ID.match(conversation_id):
        raise ValueError("a conversation id is 8 to 64 letters, digits, '-' or '_'")
    claims = {"sub": conversation_id, "aud": AUDIENCE, "exp": int(expires_at.timestamp())}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify(secret: str, token: str, conversation_id: str) -> datetime:
    """The token's expiry if it is valid for this conversation, else InvalidChatToken."""
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
    return datetime.fromtimestamp(claims["exp"], timezone.utc)  # noqa: UP017 (loaded by the Rasa side's tests, on 3.10)
