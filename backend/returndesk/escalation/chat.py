"""The customer's chat, as the case API uses it: the Rasa bridge (handoff/rasa.py) behind one seam.

Every call either works or raises `ChatDown` with a sentence; a missing or unreachable Rasa never
becomes a 500. Callers decide what is best effort (telling the customer about a decision) and what
must not half-happen (handing back to a bot that cannot be resumed).
"""

from __future__ import annotations

from typing import Any

from ..errors import AppError
from ..handoff import rasa


class ChatDown(AppError):
    status = 503
    title = "Chat unreachable"


Line = rasa.TranscriptLine


def _bridge() -> Any:
    return rasa  # one seam: tests replace it with a recording stand-in


def _call(what: str, name: str, *args: Any, **kwargs: Any) -> Any:
    bridge = _bridge()
    try:
        return getattr(bridge, name)(*args, **kwargs)
    except bridge.ChatUnreachable as why:
        raise ChatDown(f"the chat could not be reached, so {what} ({why})") from None


def pause(conversation_id: str, *, announce: str, handler: str | None = None) -> None:
    _call("the bot was not paused", "pause", conversation_id, announce=announce, handler=handler)


def resume(conversation_id: str, *, announce: str) -> None:
    _call("the bot was not resumed", "resume", conversation_id, announce=announce)


def ask_rating(conversation_id: str) -> None:
    _call("the customer was not asked to rate the chat", "ask_rating", conversation_id)


def language(conversation_id: str) -> str:
    """ "en" or "zh", as the bot knows the conversation; "en" when the chat cannot tell."""
    try:
        slots = _call("the conversation's language is not known", "slots", conversation_id)
    except ChatDown:
        return "en"
    return "zh" if str(slots.get("language") or "").lower().startswith("zh") else "en"


def rated(conversation_id: str) -> bool:
    """Whether the customer already rated this chat (the bot asks once per conversation)."""
    try:
        slots = _call("the chat's rating is not known", "slots", conversation_id)
    except ChatDown:
        return False
    return slots.get("chat_score") is not None


def say(conversation_id: str, text: str, *, agent_name: str) -> None:
    _call("the message was not delivered", "say", conversation_id, text, agent_name=agent_name)


def transcript(conversation_id: str, *, after: float | None = None) -> list[Line]:
    lines = _call("the transcript is not available right now", "transcript", conversation_id, after=after)
    # Rebuilt, not passed through: a stand-in bridge in tests may answer with look-alike objects.
    return [Line(line.timestamp, line.speaker, line.text, getattr(line, "agent_name", None)) for line in lines]
