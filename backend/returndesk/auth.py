"""Who is calling: the shop's back office (service token) or a verified customer (order token).

Customer data is reachable only by its verified owner: a verification token names exactly one
order, and every customer endpoint checks that the order it touches is that one.
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

_bearer = HTTPBearer(auto_error=False)
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
AppSettings = Annotated[Settings, Depends(get_settings)]

TOKEN_AUDIENCE = "returndesk:order"


@dataclass(frozen=True)
class OrderAccess:
    """Proof that the caller verified ownership of one order."""

    order_number: str
    expires_at: datetime


def issue_order_token(settings: Settings, order_number: str) -> tuple[str, datetime]:
    expires_at = datetime.now(UTC) + timedelta(minutes=settings.verification_ttl_minutes)
    claims = {
        "sub": order_number,
        "aud": TOKEN_AUDIENCE,
        "exp": expires_at,
        "iat": datetime.now(UTC),
        "jti": secrets.token_urlsafe(8),
    }
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
    return OrderAccess(order_number=claims["sub"], expires_at=datetime.fromtimestamp(claims["exp"], UTC))


def ensure_same_order(access: OrderAccess, order_number: str) -> None:
    if access.order_number != order_number:
        raise Forbidden(f"your verification covers order {access.order_number} only; verify {order_number} first")


ShopCaller = Depends(require_shop)
CustomerAccess = Annotated[OrderAccess, Depends(require_order_access)]
