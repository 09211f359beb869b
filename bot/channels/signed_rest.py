"""REST channel that requires the conversation's chat token: `POST /webhooks/signed_rest/webhook`.

Rasa's stock `rest` channel lets any caller speak as any `sender`. This one requires
`Authorization: Bearer <chat token>` for exactly that sender (a token from the returns service's
`POST /api/v1/chat/sessions`, or one a server-side integration issues with the shared secret).
The body is Rasa's REST body: `{"sender", "message", "metadata"}`; `metadata` is forwarded to
the tracker, with the token's verified customer context (if any) under
`tokens.CONTEXT_METADATA_KEY` in place of whatever the client put there. The answer is the list
of bot messages, or `?stream=true` for a stream.

    401  no token, an expired one, or one not signed with RETURNDESK_CHAT_SECRET
    403  a valid token for another conversation
    400  a body without a string `sender` and `message`
    413  a body over limits.MAX_BODY_BYTES (refused as it streams in, never buffered whole)

A message over limits.MAX_MESSAGE_CHARS is answered with a "too long" bot message and never
reaches Rasa; a turn left silent because the action server is down gets an honest bot message
(`silence.explain_silence`).
"""

from __future__ import annotations

import copy
import inspect
import json
import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from . import limits, tokens
from .silence import CountsReplies, explain_silence

logger = logging.getLogger(__name__)


class ChannelRefusal(Exception):
    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason

    def as_response(self) -> HTTPResponse:
        headers = {"WWW-Authenticate": 'Bearer realm="returndesk-chat"'} if self.status == 401 else None
        body = {"status": self.status, "reason": self.reason, "message": str(self)}
        return response.json(body, status=self.status, headers=headers)


class CountingCollector(CountsReplies, CollectingOutputChannel):
    """The REST answer's messages, counted like every channel's (silence.CountsReplies)."""


class SignedRestInput(RestInput):
    """Rasa's REST channel with the chat token of the sender required."""

    @classmethod
    def name(cls) -> str:
        return "signed_rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SignedRestInput:
        return cls()

    def __init__(self, secret: str | None = None) -> None:
        self.secret = secret or tokens.chat_secret()

    def authorised_message(self, authorization: str | None, body: Any) -> tuple[str, str, dict[str, Any]]:
        """(sender, text, metadata) of a request whose bearer token is valid for its sender, else ChannelRefusal."""
        if not isinstance(body, dict) or not isinstance(body.get("sender"), str) or not body["sender"]:
            raise ChannelRefusal(400, "bad_request", 'send JSON {"sender": "<conversation id>", "message": "<text>"}')
        if not isinstance(body.get("message"), str):
            raise ChannelRefusal(400, "bad_request", "'message' must be the text the user wrote")
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ChannelRefusal(
                401, "missing_token", "send the conversation's chat token as 'Authorization: Bearer <token>'"
            )
        try:
            claims = tokens.read(self.secret, token.strip(), body["sender"])
        except tokens.InvalidChatToken as error:
            status = 403 if error.code == "wrong_conversation" else 401
            raise ChannelRefusal(status, error.code, str(error)) from None
        return (
            body["sender"],
            body["message"],
            tokens.with_verified_context(limits.bounded_metadata(body.get("metadata")), claims.context),
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        module = inspect.getmodule(self)
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", module.__name__ if module else None)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> ResponseStream | HTTPResponse:
            try:
                body = json.loads(await limits.read_body(request))
            except limits.BodyTooLarge:
                too_large = f"send at most {limits.MAX_BODY_BYTES} bytes: one chat message, not a document"
                return ChannelRefusal(413, "too_large", too_large).as_response()
            except ValueError:  # not JSON, or not UTF-8
                body = None
            try:
                sender, text, metadata = self.authorised_message(request.headers.get("Authorization"), body)
            except ChannelRefusal as refusal:
                return refusal.as_response()
            too_long = limits.too_long_answer(text)
            if too_long is not None:
                return response.json([{"recipient_id": sender, "text": too_long}])

            if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
                return response.stream(
                    self.stream_response(on_new_message, text, sender, self.name(), metadata),
                    content_type="text/event-stream",
                )
            collector = CountingCollector()
            message = UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
            try:
                await on_new_message(message)
                await explain_silence(request.app, message)
            except CancelledError:
                logger.error("signed_rest: message handling timed out: %s", copy.deepcopy(text))
            except Exception:
                logger.exception("signed_rest: message handling failed: %s", copy.deepcopy(text))
            return response.json(collector.messages)

        return webhook
