"""Chat session request and answer."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from ..kit.schemas import Strict


class ChatSessionIn(Strict):
    context: str | None = Field(
        None,
        max_length=4096,
        description="A customer context the shop's server signed (JWT, HS256, audience returndesk:shop-context); "
        "the conversation then starts verified for that customer",
    )


class VerifiedContextOut(BaseModel):
    email: str = Field(description="The customer the shop vouched for")
    order_number: str | None = Field(None, description="The order the chat is about, if the shop named one")


class ChatSessionOut(BaseModel):
    conversation_id: str = Field(description="Rasa's sender id for this conversation")
    token: str = Field(description="Proves the right to speak in this conversation; send it to the chat channel")
    token_type: str = "Bearer"
    expires_at: datetime
    context: VerifiedContextOut | None = Field(
        None, description="What the shop context proved (the token carries it for the assistant); null without one"
    )
