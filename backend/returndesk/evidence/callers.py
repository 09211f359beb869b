"""Who uploads: a browser with its chat session token, or a channel connector with the shop
token naming the conversation. Either way the result is one conversation id."""

from __future__ import annotations

from typing import Annotated

import jwt
from fastapi import Depends, Header

from ..auth import AppSettings, BearerCredentials, is_shop
from ..chat import tokens
from ..errors import InvalidInput, Unauthorized

CONVERSATION_HEADER = "X-ReturnDesk-Conversation"
ConversationHeader = Annotated[
    str | None,
    Header(alias=CONVERSATION_HEADER, max_length=128, description="The conversation the evidence belongs to"),
]


def uploading_conversation(
    credentials: BearerCredentials, settings: AppSettings, conversation: ConversationHeader = None
) -> str:
    if credentials is None:
        raise Unauthorized(
            "send the chat session token as 'Authorization: Bearer <token>' "
            "(a connector: the shop token and X-ReturnDesk-Conversation)"
        )
    if is_shop(credentials, settings):
        if not conversation:
            raise InvalidInput(f"name the conversation in the {CONVERSATION_HEADER} header")
        return conversation
    try:
        subject = jwt.decode(credentials.credentials, options={"verify_signature": False}).get("sub")
        if not isinstance(subject, str):
            raise tokens.InvalidChatToken("invalid", "the chat token is not valid")
        return tokens.read(settings.chat_secret, credentials.credentials, subject).conversation_id
    except tokens.InvalidChatToken as error:
        raise Unauthorized(f"{error}; start a new chat session and try again") from None
    except jwt.InvalidTokenError:
        raise Unauthorized("the chat token is not valid; start a new chat session and try again") from None


def required_conversation(conversation: ConversationHeader = None) -> str:
    if not conversation:
        raise InvalidInput(f"name the conversation in the {CONVERSATION_HEADER} header")
    return conversation


UploadingConversation = Annotated[str, Depends(uploading_conversation)]
Conversation = Annotated[str, Depends(required_conversation)]
