"""Messages a person sends into the chat during a live handoff, as the channels show them.

The returns service appends them to the tracker as bot events with the agent's name in
`metadata.returndesk_agent` (backend/returndesk/handoff/rasa.py); Rasa hands that metadata to the
output channel's send_* methods as keyword arguments, where `agent_of` finds it.
"""

from __future__ import annotations

from typing import Any

AGENT_METADATA_KEY = "returndesk_agent"  # the same key as backend/returndesk/handoff/rasa.py
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
