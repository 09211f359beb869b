"""Messages a person sends into the chat during a live handoff, as the channels show them.

The returns service appends them to the tracker as bot events with the agent's name in
`metadata.returndesk_agent` (backend/returndesk/handoff/rasa.py); Rasa hands that metadata to the
output channel's send_* methods as keyword arguments, where `agent_of` finds it. A customer whose
socket was away while a person wrote gets those messages when they come back (`missed_messages`).
"""

from __future__ import annotations

from typing import Any

from rasa.shared.core.events import BotUttered

AGENT_METADATA_KEY = "returndesk_agent"  # the same keys as backend/returndesk/handoff/rasa.py
NOTICE_METADATA_KEY = "returndesk_notice"  # "a person takes over" / "the assistant is back"
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
