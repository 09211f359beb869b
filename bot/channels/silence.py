"""A turn the assistant could not answer gets an honest message instead of nothing.

When the action server is down, Rasa logs the failed custom action, drops its events and goes
on listening: the customer's message is met with silence. Each channel's output counts what it
sent (`CountsReplies`); after a turn that sent nothing, `explain_silence` asks the action server
whether it is up and, if it is not, tells the customer. A silent turn with the action server up
is left alone. During a live handoff Rasa is paused and says nothing; the customer then gets the
handoff's acknowledgement instead (handoff.acknowledge), never "the assistant is down".
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from rasa.core.channels.channel import UserMessage

from . import handoff, replies

logger = logging.getLogger(__name__)

HEALTH_TIMEOUT_SECONDS = 3


class CountsReplies:
    """Mixed into an output channel: `replies` is how many bot messages it sent. Rasa hands every
    bot message to `send_response`, whatever its kind (text, buttons, image)."""

    replies = 0

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.replies += 1
        await super().send_response(recipient_id, message)  # type: ignore[misc]


async def actions_reachable(app: Any) -> bool:
    """Whether the action server answers its health check (True when none is configured)."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    endpoint = getattr(agent, "action_endpoint", None)
    if endpoint is None or not endpoint.url:
        return True
    health = endpoint.url.rstrip("/").removesuffix("/webhook") + "/health"
    try:
        timeout = aiohttp.ClientTimeout(total=HEALTH_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(health) as answer:
            return answer.status < 500
    except (aiohttp.ClientError, asyncio.TimeoutError):  # not TimeoutError's subclass before 3.11
        return False


async def explain_silence(app: Any, message: UserMessage) -> None:
    """After Rasa handled `message`: if nothing was sent because the action server is down, say so."""
    if getattr(message.output_channel, "replies", 1) or await handoff.acknowledge(app, message):
        return
    if await actions_reachable(app):
        return
    logger.error("no answer to %s: the action server is not reachable", message.sender_id)
    await message.output_channel.send_text_message(
        message.sender_id, replies.reply("assistant_down", message.text or "")
    )
