"""Chat sessions: a fresh conversation id and the token that lets one client speak in it.

A session is stateless: nothing is stored, the signature is the proof. Rasa's connectors accept
a message for a conversation only with its token, so nobody can write into (or read the
answers of) a conversation whose id they guessed or saw.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from ..config import Settings
from . import tokens
from .schemas import ChatSessionOut


def start_chat_session(settings: Settings) -> ChatSessionOut:
    conversation_id = secrets.token_hex(16)
    # Whole seconds: the token carries a Unix time, and the answer should state exactly that.
    expires_at = (datetime.now(UTC) + timedelta(hours=settings.chat_session_ttl_hours)).replace(microsecond=0)
    token = tokens.issue(settings.chat_secret, conversation_id, expires_at)
    return ChatSessionOut(conversation_id=conversation_id, token=token, expires_at=expires_at)
