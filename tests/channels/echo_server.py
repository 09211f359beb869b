"""A Sanic app with the two signed channels registered exactly as Rasa registers them, and an
agent that echoes what it gets: the connectors' behaviour over real HTTP and socket.io, without
a trained model. Run: `python -m tests.channels.echo_server PORT`.
"""

from __future__ import annotations

import sys

from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic

from bot.channels.signed_rest import SignedRestInput
from bot.channels.signed_socketio import SignedSocketIOInput


class EchoAgent:
    """Answers every message with who it was addressed to, what it said and its metadata."""

    async def handle_message(self, message: UserMessage) -> None:
        await message.output_channel.send_text_message(
            message.sender_id, f"echo {message.sender_id} {message.input_channel}: {message.text}"
        )
        if message.metadata:
            await message.output_channel.send_text_message(message.sender_id, f"metadata {message.metadata}")


def create_app() -> Sanic:
    app = Sanic("signed_channels_echo")
    app.ctx.agent = EchoAgent()
    channels = [
        # A long-polling client that leaves waits for its poll in flight, which the server answers
        # at the latest with its next ping: a short interval keeps each socket test to seconds.
        SignedSocketIOInput.from_credentials({"session_persistence": True, "ping_interval": 1, "ping_timeout": 5}),
        SignedRestInput.from_credentials(None),
    ]
    register(channels, app, route="/webhooks/")
    return app


if __name__ == "__main__":
    create_app().run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False, motd=False)
