"""How the channels show a person's message (a bot event whose metadata names the agent, as
backend/returndesk/handoff/rasa.py appends it); the bot's own messages are unchanged."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.channels.handoff import AGENT_METADATA_KEY
from bot.channels.signed_socketio import SignedSocketIOInput, SignedSocketIOOutput
from bot.channels.telegram import TelegramInput

from ..channels.test_signed_socketio import run
from ..channels.test_telegram import SETTINGS
from ..telegram_standin import running_standin


class RecordingSio:
    def __init__(self) -> None:
        self.emitted: list[tuple[str, Any, str]] = []

    async def emit(self, event: str, data: Any = None, room: str | None = None, **_: Any) -> None:
        self.emitted.append((event, data, room))


def agent_message(text: str, agent: str) -> dict[str, Any]:
    # What BotUttered.message() gives the output channel: text, timestamp, metadata merged in.
    return {"text": text, "timestamp": 1.0, AGENT_METADATA_KEY: agent}


def test_over_socketio_an_agents_message_is_one_bubble_with_the_agents_name():
    sio = RecordingSio()
    output = SignedSocketIOOutput(sio, "bot_uttered")
    run(lambda: output.send_response("conv-1", agent_message("First.\n\nSecond.", "  Alice ")))
    assert sio.emitted == [("bot_uttered", {"text": "First.\n\nSecond.", "agent": {"name": "Alice"}}, "conv-1")]


def test_over_socketio_the_bots_messages_are_as_rasa_sends_them():
    sio = RecordingSio()
    output = SignedSocketIOOutput(sio, "bot_uttered")
    run(lambda: output.send_response("conv-1", {"text": "One.\n\nTwo.", "timestamp": 1.0, AGENT_METADATA_KEY: " "}))
    assert sio.emitted == [("bot_uttered", {"text": "One."}, "conv-1"), ("bot_uttered", {"text": "Two."}, "conv-1")]


def test_rasas_http_api_reaches_the_socket_channel_through_its_output_channel():
    channel = SignedSocketIOInput.from_credentials({"bot_message_evt": "bot_uttered"})
    assert channel.get_output_channel() is None  # not serving yet: Rasa falls back to collecting
    channel.blueprint(lambda message: asyncio.sleep(0))
    output = channel.get_output_channel()
    assert isinstance(output, SignedSocketIOOutput) and output.sio is channel.sio


def test_on_telegram_an_agents_message_starts_with_the_agents_name():
    with running_standin() as telegram:
        channel = TelegramInput.from_credentials({**SETTINGS, "bot_token": telegram.token, "api_url": telegram.url})
        output = channel.get_output_channel()

        async def send():
            try:
                await output.send_response("tg-77", agent_message("Your refund is on its way.", "Alice"))
                await output.send_response("tg-77", {"text": "Anything else?", "timestamp": 2.0})
            finally:
                await channel.http.close()

        run(send)
        assert telegram.texts(77) == ["Alice (returns team):\nYour refund is on its way.", "Anything else?"]
