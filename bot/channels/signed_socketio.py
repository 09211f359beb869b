"""Socket.IO channel that only lets a client speak in the conversation its chat token names.

Rasa's stock `socketio` channel trusts the `session_id` a client sends with every message, so
anyone who learns a conversation id can write into it and, with session persistence, receive
its answers. Here the client proves itself once per connection: `session_request` carries
`{session_id, token}` (a token from the returns service's `POST /api/v1/chat/sessions`); the
connector verifies it, remembers sid → conversation and puts the socket in that conversation's
room. `user_uttered` from an unverified socket gets a `session_error` event and never reaches
Rasa; from a verified one it always goes to the verified conversation, whatever session_id
the message names, and carries the token's verified customer context (if any) in its metadata
under `tokens.CONTEXT_METADATA_KEY`, in place of whatever the client put there.

A turn's answers arrive as several `bot_uttered` events, and nothing in them says the last one
came. Once Rasa has handled a message (every answer emitted), the room gets `bot_turn_done`
with the `turn` the client gave the message (a short string, or null): the widget hides its
typing indicator then, and tests wait for it instead of for a quiet second.

Limits (bot/channels/limits.py): a packet over MAX_BODY_BYTES closes the connection; a message
over MAX_MESSAGE_CHARS gets a "too long" answer and never reaches Rasa. A turn left silent
because the action server is down gets an honest answer (silence.py).

credentials.yml:
    bot.channels.signed_socketio.SignedSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
"""

from __future__ import annotations

import json
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from . import limits, tokens
from .handoff import agent_of, missed_messages
from .silence import CountsReplies, explain_silence

logger = logging.getLogger(__name__)

# Conversations whose socket left, remembered so a returning customer gets what people wrote meanwhile.
MAX_REMEMBERED_DEPARTURES = 10_000
TURN_DONE_EVT = "bot_turn_done"
MAX_TURN_ID_CHARS = 64


@dataclass(frozen=True)
class VerifiedSession:
    conversation_id: str
    expires_at: datetime
    context: dict[str, str] | None = None  # the customer the service verified, from the token

    def expired(self) -> bool:
        return datetime.now(timezone.utc) >= self.expires_at


class SignedSocketIOOutput(CountsReplies, SocketIOOutput):
    """Rasa's socket.io output; a person's message (live handoff) carries their name for the widget."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        agent = agent_of(kwargs)
        if agent is None:
            await super().send_text_message(recipient_id, text, **kwargs)
            return
        # One bubble, as the agent typed it: the widget labels it with the name.
        await self._send_message(recipient_id, {"text": text, "agent": {"name": agent}})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Rasa's quick replies, where a button with a `url` (the return label) stays a link the
        widget opens; Rasa's own output knows only payloads and would fail on it."""
        parts = text.strip().split("\n\n")
        messages: list[dict[str, Any]] = [{"text": part, "quick_replies": []} for part in parts]
        messages[-1]["quick_replies"] = [quick_reply(button) for button in buttons]
        for message in messages:
            await self._send_message(recipient_id, message)


def quick_reply(button: dict[str, Any]) -> dict[str, Any]:
    if button.get("url"):
        return {"content_type": "text", "title": button["title"], "url": button["url"]}
    return {"content_type": "text", "title": button["title"], "payload": button["payload"]}


class SignedSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel with a chat token required before any message is accepted."""

    @classmethod
    def name(cls) -> str:
        return "signed_socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SignedSocketIOInput:
        """Rasa's settings, plus Engine.IO's heartbeat: `ping_interval` and `ping_timeout` in seconds
        (Engine.IO's defaults, 25 and 20, unless set; a proxy that cuts idle connections sooner
        needs a shorter interval)."""
        channel = super().from_credentials(credentials)
        assert isinstance(channel, SignedSocketIOInput)
        channel.ping_interval = float((credentials or {}).get("ping_interval", channel.ping_interval))
        channel.ping_timeout = float((credentials or {}).get("ping_timeout", channel.ping_timeout))
        return channel

    def __init__(self, *args: Any, secret: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.secret = secret or tokens.chat_secret()
        # sid → the conversation it proved it may speak in; dropped on disconnect.
        self.verified: dict[str, VerifiedSession] = {}
        # conversation → when its last socket left (time.time(), Rasa's clock for event timestamps).
        self.departed: OrderedDict[str, float] = OrderedDict()
        self.app: Any = None  # the Sanic app, once Rasa registers the blueprint: its agent holds the trackers
        self.ping_interval, self.ping_timeout = 25.0, 20.0

    def note_departure(self, conversation_id: str) -> None:
        self.departed[conversation_id] = time.time()
        self.departed.move_to_end(conversation_id)
        while len(self.departed) > MAX_REMEMBERED_DEPARTURES:
            self.departed.popitem(last=False)

    def verify_session_request(self, data: Any) -> VerifiedSession:
        """The conversation a `session_request` payload proves, or InvalidChatToken."""
        if not isinstance(data, dict) or not isinstance(data.get("session_id"), str):
            raise tokens.InvalidChatToken("invalid", "session_request needs {session_id, token} from a chat session")
        token = data.get("token")
        if not isinstance(token, str) or not token:
            raise tokens.InvalidChatToken("invalid", "session_request needs the chat session's token")
        claims = tokens.read(self.secret, token, data["session_id"])
        return VerifiedSession(claims.conversation_id, claims.expires_at, claims.context)

    def sender_for(self, sid: str) -> VerifiedSession:
        """The verified conversation of this socket, or InvalidChatToken if it has none (any more)."""
        session = self.verified.get(sid)
        if session is None:
            raise tokens.InvalidChatToken("unverified", "send session_request with your chat token first")
        if session.expired():
            del self.verified[sid]
            raise tokens.InvalidChatToken("expired", "the chat session has expired; start a new one")
        return session

    def user_message(self, sid: str, data: Any, output_channel: SocketIOOutput) -> UserMessage:
        """The message to hand to Rasa: always addressed to the socket's verified conversation."""
        session = self.sender_for(sid)
        data = data if isinstance(data, dict) else {}
        text = data.get("message", "")
        text = text if isinstance(text, str) else ""
        metadata = data.get(self.metadata_key) or {}
        if isinstance(metadata, str):
            try:
                metadata = json.loads(metadata)
            except ValueError:
                metadata = {}
        metadata = tokens.with_verified_context(limits.bounded_metadata(metadata), session.context)
        return UserMessage(text, output_channel, session.conversation_id, input_channel=self.name(), metadata=metadata)

    @staticmethod
    def turn_of(data: Any) -> str | None:
        """The client's id for this message's turn, echoed in `bot_turn_done`; None if unusable."""
        turn = data.get("turn") if isinstance(data, dict) else None
        if isinstance(turn, int) and not isinstance(turn, bool):
            turn = str(turn)
        return turn[:MAX_TURN_ID_CHARS] if isinstance(turn, str) and turn else None

    def get_output_channel(self) -> SignedSocketIOOutput | None:
        # What Rasa's HTTP API uses for output_channel=latest (the live handoff's agent messages).
        if self.sio is None:
            return None
        return SignedSocketIOOutput(self.sio, self.bot_message_evt)

    async def replay_missed(self, sid: str, conversation_id: str) -> None:
        """A returning customer's socket gets what a person wrote while it was away (live handoff)."""
        since = self.departed.pop(conversation_id, None)
        if since is None or self.app is None:
            return
        try:
            messages = await missed_messages(self.app, conversation_id, since)
        except Exception:  # the tracker store is down: the messages stay in the tracker, the chat goes on
            logger.exception("could not read %s's tracker for messages missed while away", conversation_id)
            return
        output = SignedSocketIOOutput(self.sio, self.bot_message_evt)
        for message in messages:
            await output.send_response(sid, message)  # to this socket only: others in the room saw them

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # Same wiring as Rasa's SocketIOInput.blueprint, with verification in the two handlers.
        # Engine.IO drops a connection whose packet is over the buffer size, before any handler.
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=[],
            max_http_buffer_size=limits.MAX_BODY_BYTES,
            ping_interval=self.ping_interval,
            ping_timeout=self.ping_timeout,
        )
        socketio_webhook = _Blueprint(self, sio, self.socketio_path, "signed_socketio_webhook", __name__)
        self.sio = sio

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            return True  # proof comes with session_request, on every (re)connection

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str) -> None:
            session = self.verified.pop(sid, None)
            if session is not None:
                self.note_departure(session.conversation_id)

        async def refuse(sid: str, error: tokens.InvalidChatToken) -> None:
            await sio.emit("session_error", {"error": error.code, "message": str(error)}, room=sid)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict | None = None) -> None:
            try:
                session = self.verify_session_request(data)
            except tokens.InvalidChatToken as error:
                self.verified.pop(sid, None)
                logger.info("socket %s refused: %s", sid, error.code)
                await refuse(sid, error)
                return
            previous = self.verified.get(sid)
            if previous is not None and previous.conversation_id != session.conversation_id:
                await sio.leave_room(sid, previous.conversation_id)
            self.verified[sid] = session
            # Bot answers are emitted to the room named after the conversation, so the socket
            # always joins it (with or without session_persistence). Awaited: python-socketio 5.x
            # made enter_room a coroutine, and Rasa 3.6's own channel calls it without await.
            await sio.enter_room(sid, session.conversation_id)
            await sio.emit("session_confirm", session.conversation_id, room=sid)
            await self.replay_missed(sid, session.conversation_id)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            try:
                message = self.user_message(sid, data, SignedSocketIOOutput(sio, self.bot_message_evt))
            except tokens.InvalidChatToken as error:
                await refuse(sid, error)
                return
            try:
                too_long = limits.too_long_answer(message.text)
                if too_long is not None:
                    await message.output_channel.send_text_message(message.sender_id, too_long)
                else:
                    await on_new_message(message)
                    await explain_silence(self.app, message)
            finally:
                # Rasa has emitted every answer of this turn (or failed trying): say so, to every
                # socket of the conversation, as the answers went.
                done = {"turn": self.turn_of(data)}
                await sio.emit(TURN_DONE_EVT, done, room=message.sender_id)

        return socketio_webhook


class _Blueprint(SocketBlueprint):
    """Rasa's socket.io blueprint, telling the channel which app it was registered on."""

    def __init__(self, channel: SignedSocketIOInput, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ctx.channel = channel

    def register(self, app: Any, options: dict[str, Any]) -> None:
        self.ctx.channel.app = app
        super().register(app, options)
