"""Whose conversation: who may put evidence into one, and who may use what is in it.

Uploading: a browser with its chat session token, or a channel connector with the shop token
naming the conversation. Using (reading, attaching to a return): an order token verified in
that conversation (returndesk/auth.py), never a conversation id the caller merely names.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header

from ..auth import (
    NOT_IN_A_CHAT,
    AppSettings,
    BearerCredentials,
    CustomerAccess,
    chat_conversation,
    conversation_in_scope,
    is_shop,
)
from ..errors import Forbidden, InvalidInput, Unauthorized

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
            f"(a connector: the shop token and {CONVERSATION_HEADER})"
        )
    if is_shop(credentials, settings):
        if not conversation:
            raise InvalidInput(f"name the conversation in the {CONVERSATION_HEADER} header")
        return conversation
    found = chat_conversation(credentials, settings)
    if found is None:
        raise Unauthorized("the chat token is not valid; start a new chat session and try again")
    return found


def scoped_conversation(access: CustomerAccess, conversation: ConversationHeader = None) -> str | None:
    """The order token's own conversation, if it has one; a different one named in the header is refused."""
    return conversation_in_scope(access, conversation)


def required_conversation(scoped: Annotated[str | None, Depends(scoped_conversation)]) -> str:
    if scoped is None:
        raise Forbidden(NOT_IN_A_CHAT)
    return scoped


UploadingConversation = Annotated[str, Depends(uploading_conversation)]
ScopedConversation = Annotated[str | None, Depends(scoped_conversation)]
Conversation = Annotated[str, Depends(required_conversation)]
