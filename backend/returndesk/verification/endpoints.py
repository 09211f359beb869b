"""HTTP endpoint for verification."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ..auth import AppSettings, BearerCredentials, is_shop, issue_order_token
from ..db import DbSession
from ..errors import problem
from .schemas import VerificationIn, VerificationOut
from .service import verify_order

router = APIRouter(prefix="/verifications", tags=["verification"])

NOT_VERIFIED = (
    "We couldn't verify that order with those details. Check the order number and use the "
    "email address or phone number given at checkout."
)


def client_key(request: Request, credentials: BearerCredentials, settings: AppSettings) -> str:
    # The chat bot talks for many customers from one address, so a trusted caller (holding the
    # shop token) names the conversation it relays; anyone else is limited by address.
    relayed = request.headers.get("X-ReturnDesk-Conversation")
    if relayed and is_shop(credentials, settings):
        return f"conversation:{relayed[:100]}"
    return f"ip:{request.client.host if request.client else 'unknown'}"


@router.post(
    "",
    status_code=201,
    response_model=VerificationOut,
    responses={401: {"description": "Not verified (same answer whether or not the order exists)"}},
)
def verify(
    payload: VerificationIn,
    request: Request,
    session: DbSession,
    settings: AppSettings,
    credentials: BearerCredentials,
) -> VerificationOut | JSONResponse:
    """Exchange order number plus email or phone for a short-lived token scoped to that order."""
    result = verify_order(session, settings, payload, client_key(request, credentials, settings))
    if result.order is None:
        # Returned, not raised: the failed attempt must be committed to count against the limit.
        return problem(401, "Not verified", NOT_VERIFIED)
    token, expires_at = issue_order_token(settings, result.order.number)
    return VerificationOut(order_number=result.order.number, token=token, expires_at=expires_at)
