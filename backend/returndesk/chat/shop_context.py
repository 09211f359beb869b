"""Signed customer contexts: how a shop's server tells the chat who is signed in.

The shop's server signs a short-lived JWT (HS256, RETURNDESK_SHOP_CONTEXT_SECRET) when it renders
a page for a signed-in customer and puts it in the widget's `data-context`:

    {"aud": "returndesk:shop-context", "email": "dev@example.com", "order_number": "A1001",
     "exp": <now + at most 15 minutes>}

`order_number` is optional: without it the chat knows the customer and asks only which order.
The widget hands the context to `POST /api/v1/chat/sessions`; the service checks the signature,
the lifetime and that the customer (and the order, if named) exist and belong together, and only
then writes the verified context into the chat token, where Rasa's connectors read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from pydantic import EmailStr, TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from ..config import Settings
from ..errors import Forbidden, InvalidInput, NotFound, Unauthorized
from ..kit.schemas import OrderNumber
from ..order import repository as orders

AUDIENCE = "returndesk:shop-context"
ALGORITHM = "HS256"
MAX_LIFETIME = timedelta(minutes=15)
# The shop's clock and ours may disagree a little; a context is never accepted for longer than this beyond it.
CLOCK_SKEW = timedelta(seconds=60)

_email = TypeAdapter(EmailStr)
_order_number = TypeAdapter(OrderNumber)


class ShopContextInvalid(Unauthorized):
    title = "Shop context not valid"


class ShopContextExpired(Unauthorized):
    title = "Shop context expired"


class ShopContextUnusable(InvalidInput):
    title = "Shop context not usable"


class ShopContextUnknownCustomer(NotFound):
    title = "Customer not found"


class ShopContextWrongOrder(Forbidden):
    title = "Order of another customer"


@dataclass(frozen=True)
class VerifiedContext:
    email: str
    order_number: str | None

    def as_claim(self) -> dict[str, str]:
        return {"email": self.email} | ({"order_number": self.order_number} if self.order_number else {})


def sign_shop_context(
    secret: str, email: str, order_number: str | None = None, *, lifetime: timedelta = timedelta(minutes=10)
) -> str:
    """What a shop's server does (the demo storefront uses it, acting as one)."""
    claims: dict[str, Any] = {"aud": AUDIENCE, "email": email, "exp": datetime.now(UTC) + lifetime}
    if order_number:
        claims["order_number"] = order_number
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify_shop_context(session: Session, settings: Settings, token: str) -> VerifiedContext:
    """The customer (and order) a shop context names, checked against the signature and our orders."""
    claims = _decode(settings, token)
    email, order_number = _claimed(claims)
    customer = orders.get_customer_by_email(session, email)
    if customer is None:
        raise ShopContextUnknownCustomer(
            f"no customer with the email {email} has orders here; push the customer's orders (POST /api/v1/orders) "
            "before signing contexts for them"
        )
    if order_number is not None:
        order = orders.get_order(session, order_number)
        if order is None:
            raise ShopContextUnknownCustomer(f"the shop context names order {order_number}, which is not known here")
        if order.customer_id != customer.id:
            raise ShopContextWrongOrder(f"order {order_number} does not belong to the customer the shop context names")
    return VerifiedContext(email=email, order_number=order_number)


def _decode(settings: Settings, token: str) -> dict[str, Any]:
    try:
        claims = jwt.decode(
            token,
            settings.shop_context_secret,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={"require": ["exp", "aud"]},
            leeway=CLOCK_SKEW,
        )
    except jwt.ExpiredSignatureError:
        raise ShopContextExpired(
            "the shop context has expired; the shop's page must sign a fresh one (it may live 15 minutes)"
        ) from None
    except jwt.InvalidSignatureError:
        raise ShopContextInvalid(
            "the shop context's signature does not match; sign it with HS256 and the shop context secret "
            "(RETURNDESK_SHOP_CONTEXT_SECRET)"
        ) from None
    except jwt.MissingRequiredClaimError as error:
        raise ShopContextInvalid(f"the shop context needs the '{error.claim}' claim") from None
    except jwt.InvalidAudienceError:
        raise ShopContextInvalid(f"the shop context's audience ('aud') must be '{AUDIENCE}'") from None
    except jwt.InvalidTokenError:
        raise ShopContextInvalid(f"the shop context is not a JWT signed with {ALGORITHM}") from None
    if datetime.fromtimestamp(claims["exp"], UTC) > datetime.now(UTC) + MAX_LIFETIME + CLOCK_SKEW:
        raise ShopContextUnusable("the shop context must expire within 15 minutes of being signed; set 'exp' sooner")
    return claims


def _claimed(claims: dict[str, Any]) -> tuple[str, str | None]:
    try:
        email = _email.validate_python(claims.get("email")).lower()
    except ValidationError:
        raise ShopContextUnusable("the shop context's 'email' claim must be the customer's email address") from None
    order_number = claims.get("order_number")
    if order_number is None:
        return email, None
    try:
        return email, _order_number.validate_python(order_number)
    except ValidationError:
        raise ShopContextUnusable(
            "the shop context's 'order_number' claim must be an order number (letters, digits, '-', '_'), or absent"
        ) from None
