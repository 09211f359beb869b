"""HTTP endpoint for verification."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ..auth import AppSettings, BearerCredentials, chat_conversation, is_shop, issue_order_token
from ..config import Settings
from ..db import DbSession
from ..errors import problem
from ..evidence.callers import ConversationHeader
from .schemas import VerificationIn, VerificationOut
from .service import verify_order

router = APIRouter(prefix="/verifications", tags=["verification"])

NOT_VERIFIED = (
    "We couldn't verify that order with those details. Check the order number and use the "
    "email address or phone number given at checkout."
)


@dataclass(frozen=True)
class Verifier:
    client_key: str  # whose failed attempts count together
    conversation_id: str | None  # the chat the token will be bound to, if any


def verifier(
    request: Request, credentials: BearerCredentials, settings: Settings, relayed: str | None = None
) -> Verifier:
    # The assistant talks for many customers from one address, so a trusted caller (holding the
    # shop token) names the conversation it relays, and is limited per conversation. Anyone else
    # is limited by address, a browser with its chat token too: new chats cost nothing to open.
    address = f"ip:{request.client.host if request.client else 'unknown'}"
    if is_shop(credentials, settings):
        if relayed:
            return Verifier(f"conversation:{relayed[:100]}", relayed)
        return Verifier(address, None)
    return Verifier(address, chat_conversation(credentials, settings))


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
    conversation: ConversationHeader = None,
) -> VerificationOut | JSONResponse:
    """Exchange order number plus email or phone for a short-lived token scoped to that order.

    Sent with a chat token (or by the assistant with the shop token and the conversation header),
    the token is bound to that conversation and may use its uploads."""
    caller = verifier(request, credentials, settings, conversation)
    result = verify_order(session, settings, payload, caller.client_key)
    if result.order is None:
        # Returned, not raised: the failed attempt must be committed to count against the limit.
        return problem(401, "Not verified", NOT_VERIFIED)
    token, expires_at = issue_order_token(settings, result.order.number, caller.conversation_id)
    return VerificationOut(order_number=result.order.number, token=token, expires_at=expires_at)
