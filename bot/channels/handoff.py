"""Messages a person sends into the chat during a live handoff, as the channels show them.

The returns service appends them to the tracker as bot events with the agent's name in
`metadata.returndesk_agent` (backend/returndesk/handoff/rasa.py); Rasa hands that metadata to the
output channel's send_* methods as keyword arguments, where `agent_of` finds it. A customer whose
socket was away while a person wrote gets those messages when they come back (`missed_messages`).

While a person is awaited (the bot paused itself when it opened a live case, actions/handoff.py)
or present (the service paused it when an agent took the case), Rasa predicts nothing, so the
customer's messages would meet silence. `acknowledge` answers them instead, and only that: "A
person will answer here shortly", or "Alice will answer here" once Alice took the case and has not
written yet. After the agent's first message the chat is theirs and the bot says nothing.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker

from .. import catalogue

AGENT_METADATA_KEY = "returndesk_agent"  # the same keys as backend/returndesk/handoff/rasa.py
NOTICE_METADATA_KEY = "returndesk_notice"  # "a person takes over" / "the assistant is back"
HANDLER_METADATA_KEY = "returndesk_handler"  # on the "paused" notice: who took the case
MAX_NAME_CHARS = 80


def agent_of(kwargs: dict[str, Any]) -> str | None:
    """The agent's display name if this message is from a person, else None (the bot)."""
    name = kwargs.get(AGENT_METADATA_KEY)
    if not isinstance(name, str) or not name.strip():
        return None
    return name.strip()[:MAX_NAME_CHARS]


def signed_text(agent: str, text: str) -> str:
    """Text with the agent's name before it, for channels that show only text (Telegram)."""
    return f"{agent} (returns team):\n{text}"


async def missed_messages(app: Any, conversation_id: str, since: float) -> list[dict[str, Any]]:
    """What people (and the handoff's notices) said in the conversation after `since`, as Rasa
    hands bot messages to an output channel; [] if the tracker cannot be read."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    if agent is None or agent.tracker_store is None:
        return []
    tracker = await agent.tracker_store.retrieve(conversation_id)
    if tracker is None:
        return []
    return [
        event.message()
        for event in tracker.events
        if isinstance(event, BotUttered)
        and event.timestamp > since
        and {AGENT_METADATA_KEY, NOTICE_METADATA_KEY} & set(event.metadata or {})
    ]


def acknowledgement(tracker: DialogueStateTracker | None) -> str | None:
    """What the bot may say while a person is awaited or present; None when it must stay silent
    (not paused: the bot answers itself; or the agent already writes in the chat)."""
    if tracker is None or not tracker.is_paused():
        return None
    handler, agent_wrote = None, False
    for event in tracker.events:
        metadata = (event.metadata or {}) if isinstance(event, BotUttered) else {}
        notice = metadata.get(NOTICE_METADATA_KEY)
        if notice in ("paused", "resumed"):  # a take starts afresh; a hand-back ends it
            handler = metadata.get(HANDLER_METADATA_KEY) if notice == "paused" else None
            agent_wrote = False
        elif AGENT_METADATA_KEY in metadata:
            agent_wrote = True
    if agent_wrote:
        return None
    language = catalogue.language_or_default(tracker.get_slot("language"))
    if isinstance(handler, str) and handler.strip():
        return catalogue.message(language, "channel.person_present", name=handler.strip()[:MAX_NAME_CHARS])
    return catalogue.message(language, "channel.person_awaited")


async def acknowledge(app: Any, message: UserMessage) -> bool:
    """After a turn the bot sat out: acknowledge it if a person has the chat. True when the
    conversation is paused (acknowledged, or left to the agent), False when it is not."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    if agent is None or agent.tracker_store is None:
        return False
    tracker = await agent.tracker_store.retrieve(message.sender_id)
    if tracker is None or not tracker.is_paused():
        return False
    text = acknowledgement(tracker)
    if text is not None:
        await message.output_channel.send_text_message(message.sender_id, text)
    return True
