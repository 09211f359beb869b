"""Chat session answer."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class ChatSessionOut(BaseModel):
    conversation_id: str = Field(description="Rasa's sender id for this conversation")
    token: str = Field(description="Proves the right to speak in this conversation; send it to the chat channel")
    token_type: str = "Bearer"
    expires_at: datetime
