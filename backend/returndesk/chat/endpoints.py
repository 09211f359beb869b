"""HTTP endpoint for chat sessions."""

from __future__ import annotations

from fastapi import APIRouter

from ..auth import AppSettings
from .schemas import ChatSessionOut
from .service import start_chat_session

router = APIRouter(prefix="/chat", tags=["chat"])


@router.post("/sessions", status_code=201, response_model=ChatSessionOut)
def create_chat_session(settings: AppSettings) -> ChatSessionOut:
    """Start a conversation: a new conversation id and the signed token the chat channels require."""
    return start_chat_session(settings)
