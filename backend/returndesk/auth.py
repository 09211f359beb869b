"""Who is calling: the shop's back office (service token) or a verified customer (order token).

Customer data is reachable only by its verified owner: a verification token names exactly one
order, and every customer endpoint checks that the order it touches is that one.

A chat's uploads belong to its conversation, not to an order, so an order token reaches them
only if it was issued inside that conversation: verified with the chat's own token, or relayed
by the assistant with the shop token naming the conversation. The token then carries the
conversation as a signed claim, and any conversation a request names must be that one.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

import jwt
from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .config import Settings, get_settings
from .errors import Forbidden, Unauthorized
from .kit import tokens as chat_tokens

_bearer = HTTPBearer(auto_error=False)
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
AppSettings = Annotated[Settings, Depends(get_settings)]

TOKEN_AUDIENCE = "returndesk:order"
CONVERSATION_CLAIM = "cnv"
NOT_IN_A_CHAT = (
    "this verification was not made in a chat, so it cannot act in one (its uploads, offers, returns); "
    "verify the order again from the chat (with its chat token, or through the assistant)"
)
OTHER_CONVERSATION = (
    "your verification belongs to another conversation; "
    "use the conversation you verified in, or verify the order again in this one"
)


@dataclass(frozen=True)
class OrderAccess:
    """Proof that the caller verified ownership of one order (in one conversation, if any)."""

    order_number: str
    expires_at: datetime
    conversation_id: str | None = None


def issue_order_token(
    settings: Settings, order_number: str, conversation_id: str | None = None
) -> tuple[str, datetime]:
    expires_at = datetime.now(UTC) + timedelta(minutes=settings.verification_ttl_minutes)
    claims = {
        "sub": order_number,
        "aud": TOKEN_AUDIENCE,
        "exp": expires_at,
        "iat": datetime.now(UTC),
        "jti": secrets.token_urlsafe(8),
    }
    if conversation_id is not None:
        claims[CONVERSATION_CLAIM] = conversation_id
    return jwt.encode(claims, settings.secret_key, algorithm="HS256"), expires_at


def is_shop(credentials: HTTPAuthorizationCredentials | None, settings: Settings) -> bool:
    return credentials is not None and hmac.compare_digest(
        credentials.credentials.encode(), settings.shop_api_token.encode()
    )


def require_shop(credentials: BearerCredentials, settings: AppSettings) -> None:
    if credentials is None:
        raise Unauthorized("send the shop's API token as 'Authorization: Bearer <token>'")
    if not is_shop(credentials, settings):
        raise Forbidden("that API token is not valid for this shop")


def require_order_access(credentials: BearerCredentials, settings: AppSettings) -> OrderAccess:
    if credentials is None:
        raise Unauthorized(
            "verify the order first (POST /api/v1/verifications) and send the token as 'Authorization: Bearer <token>'"
        )
    try:
        claims = jwt.decode(credentials.credentials, settings.secret_key, algorithms=["HS256"], audience=TOKEN_AUDIENCE)
    except jwt.ExpiredSignatureError:
        raise Unauthorized("your verification has expired; please verify the order again") from None
    except jwt.InvalidTokenError:
        raise Unauthorized("that verification token is not valid; please verify the order again") from None
    conversation = claims.get(CONVERSATION_CLAIM)
    return OrderAccess(
        order_number=claims["sub"],
        expires_at=datetime.fromtimestamp(claims["exp"], UTC),
        conversation_id=conversation if isinstance(conversation, str) else None,
    )


def ensure_same_order(access: OrderAccess, order_number: str) -> None:
    if access.order_number != order_number:
        raise Forbidden(f"your verification covers order {access.order_number} only; verify {order_number} first")


def conversation_in_scope(access: OrderAccess, named: str | None) -> str | None:
    """The conversation whose uploads this order token may use: the one it was verified in.

    A conversation the request names (a header, a body field) must be that one; a token
    verified outside any chat may name none. None: no conversation in scope.
    """
    if access.conversation_id is None:
        if named:
            raise Forbidden(NOT_IN_A_CHAT)
        return None
    if named and named != access.conversation_id:
        raise Forbidden(OTHER_CONVERSATION)
    return access.conversation_id


def chat_conversation(credentials: HTTPAuthorizationCredentials | None, settings: Settings) -> str | None:
    """The conversation a chat session token speaks for; None if the bearer is no chat token.

    A token that claims to be a chat token but does not verify (expired, forged) is refused.
    """
    if credentials is None:
        return None
    try:
        unverified = jwt.decode(credentials.credentials, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return None
    if unverified.get("aud") != chat_tokens.AUDIENCE:
        return None
    subject = unverified.get("sub")
    try:
        if not isinstance(subject, str):
            raise chat_tokens.InvalidChatToken("invalid", "the chat token is not valid")
        return chat_tokens.read(settings.chat_secret, credentials.credentials, subject).conversation_id
    except chat_tokens.InvalidChatToken as error:
        raise Unauthorized(f"{error}; start a new chat session and try again") from None


ShopCaller = Depends(require_shop)
CustomerAccess = Annotated[OrderAccess, Depends(require_order_access)]
