"""Chat sessions: a fresh conversation id and the token that lets one client speak in it.

A session is stateless: nothing is stored, the signature is the proof. Rasa's connectors accept
a message for a conversation only with its token, so nobody can write into (or read the
answers of) a conversation whose id they guessed or saw. A session opened with a shop context
carries the verified customer (and order) in its token, so the assistant can skip asking.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from ..config import Settings
from ..errors import TooManyRequests
from ..kit import tokens
from ..rate_limit import Allowance, hit
from .schemas import ChatSessionOut, VerifiedContextOut
from .shop_context import VerifiedContext

RATE_LIMIT_SCOPE = "chat_sessions"


class TooManyChatSessions(TooManyRequests):
    title = "Too many chat sessions"


def start_chat_session(settings: Settings, context: VerifiedContext | None = None) -> ChatSessionOut:
    conversation_id = secrets.token_hex(16)
    # Whole seconds: the token carries a Unix time, and the answer should state exactly that.
    expires_at = (datetime.now(UTC) + timedelta(hours=settings.chat_session_ttl_hours)).replace(microsecond=0)
    claim = context.as_claim() if context else None
    token = tokens.issue(settings.chat_secret, conversation_id, expires_at, claim)
    return ChatSessionOut(
        conversation_id=conversation_id,
        token=token,
        expires_at=expires_at,
        context=VerifiedContextOut(**claim) if claim else None,
    )


def count_new_session(session: Session, settings: Settings, client_key: str) -> Allowance:
    """Count one more session for this client. Only flushes; commit it before raising the refusal,
    so every request counts, whatever its outcome."""
    return hit(
        session,
        RATE_LIMIT_SCOPE,
        client_key,
        limit=settings.chat_sessions_per_client,
        window_seconds=settings.chat_session_window_minutes * 60,
    )


def refuse_if_over_limit(allowance: Allowance) -> None:
    if not allowance.allowed:
        seconds = allowance.retry_after_seconds
        raise TooManyChatSessions(
            f"too many new chat sessions from your network; please try again in {seconds} seconds",
            retry_after_seconds=seconds,
        )
