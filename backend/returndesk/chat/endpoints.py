"""HTTP endpoint for chat sessions."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ..auth import AppSettings, BearerCredentials, is_shop
from ..db import DbSession, transaction
from .schemas import ChatSessionIn, ChatSessionOut
from .service import count_new_session, refuse_if_over_limit, start_chat_session
from .shop_context import verify_shop_context

router = APIRouter(prefix="/chat", tags=["chat"])


def limit_new_sessions(request: Request, credentials: BearerCredentials, settings: AppSettings) -> None:
    # The shop's own server (holding the shop token) opens sessions for many customers from one
    # address; everyone else is limited by address. Counted in a transaction of its own, so a
    # request refused later (an expired shop context) still counts.
    if is_shop(credentials, settings):
        return
    with transaction() as session:
        allowance = count_new_session(session, settings, f"ip:{request.client.host if request.client else 'unknown'}")
    refuse_if_over_limit(allowance)


@router.post(
    "/sessions",
    status_code=201,
    response_model=ChatSessionOut,
    responses={
        401: {"description": "The shop context is not valid or has expired"},
        403: {"description": "The page's origin is not allowed, or the order is another customer's"},
        404: {"description": "The shop context names a customer or order not known here"},
        429: {"description": "Too many new sessions from this client; see Retry-After"},
    },
)
def create_chat_session(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    credentials: BearerCredentials,
    payload: ChatSessionIn | None = None,
) -> ChatSessionOut:
    """Start a conversation: a new conversation id and the signed token the chat channels require.

    With a `context` signed by the shop's server, the conversation starts verified for that customer.
    """
    limit_new_sessions(request, credentials, settings)
    context = verify_shop_context(session, settings, payload.context) if payload and payload.context else None
    return start_chat_session(settings, context)
