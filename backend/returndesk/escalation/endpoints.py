"""HTTP endpoints of escalations: the assistant hands a conversation to people (/escalations);
agents work the cases (/cases, case_endpoints.py, which main.py includes beside this one)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.security import HTTPAuthorizationCredentials

from ..auth import AppSettings, ShopCaller, conversation_in_scope, ensure_same_order, require_order_access
from ..config import Settings
from ..db import DbSession
from ..kit.language import RequestLocale
from ..policy.current import CurrentPolicy
from .presenter import present_opened
from .schemas import EscalationIn, EscalationOut
from .service import Verified, chat_locale, open_escalation

escalations = APIRouter(prefix="/escalations", tags=["escalations"])


@escalations.post(
    "",
    status_code=201,
    response_model=EscalationOut,
    dependencies=[ShopCaller],
    responses={
        401: {"description": "order_token is not a verification this service issued, or it has expired"},
        403: {"description": "order_token was verified in another conversation, or for another order"},
    },
)
def post_escalation(
    payload: EscalationIn, session: DbSession, settings: AppSettings, policy: CurrentPolicy, requested: RequestLocale
) -> EscalationOut:
    """Hand a conversation to people (service token: the assistant); asking again returns the same case."""
    # The chat's languages only: "zh-CN" in the header is Chinese, "fr" is English.
    payload = payload.model_copy(update={"locale": payload.locale or chat_locale(requested)})
    verified = verified_by(payload, settings)
    opened = open_escalation(session, payload, settings=settings, policy=policy, verified=verified)
    return present_opened(opened, settings, payload.locale)


def verified_by(payload: EscalationIn, settings: Settings) -> Verified | None:
    """The order the chat's own order token proves, or None without a token.

    The assistant's word (the shop token) is not proof that the customer owns the order; the token
    they earned in this very conversation is, so the agent can act on the order without asking again.
    """
    if not payload.order_token:
        return None
    credentials = HTTPAuthorizationCredentials(scheme="Bearer", credentials=payload.order_token)
    access = require_order_access(credentials, settings)  # 401 when forged or expired
    conversation_in_scope(access, payload.conversation_id)  # 403 for another chat's (or no chat's) token
    if payload.order_number:
        ensure_same_order(access, payload.order_number)
    return Verified(order_number=access.order_number)
