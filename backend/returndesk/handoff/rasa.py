"""The bridge from the service to the customer's chat, through the Rasa server's HTTP API.

Everything goes through Rasa rather than around it: an agent's message is a `bot` event appended
to the conversation's tracker with `output_channel=latest&execute_side_effects=true`, so Rasa
sends it through the channel the customer last wrote on (the widget's socket.io room, Telegram,
...) and the tracker keeps the whole conversation, bot and people alike. Agent messages carry
`metadata.returndesk_agent` (the agent's display name); the channels show it and `transcript()`
tells them from the bot's by it. `pause` stops the bot predicting (customer messages still land in
the tracker; the channels answer them only with an acknowledgement naming the `handler`, see
bot/channels/handoff.py); `resume` undoes it. `ask_rating` has the bot ask its own rating
question once a case is closed, and `slots` reads what the bot knows (the conversation's language).

Rasa must run with `--enable-api --auth-token <RETURNDESK_RASA_TOKEN>`. Every failure to reach it
(refused connection, timeout, 5xx, a refused token) is `ChatUnreachable` with a sentence saying
what to check; nothing here raises anything else for a Rasa problem.

Caveats (Rasa's behaviour, not ours): a customer typing `/restart` un-pauses the bot, and so does
a new session after `session_expiration_time` (domain.yml); an agent message sent while the
customer's socket is disconnected is kept in the tracker but not pushed again on reconnect.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

import httpx

from ..config import get_settings

# Shared with the channels (bot/channels/handoff.py), which show the name beside the message.
AGENT_METADATA_KEY = "returndesk_agent"
# Marks the pause/resume announcements, so a transcript can leave them out or show them apart.
NOTICE_METADATA_KEY = "returndesk_notice"
# On the "paused" notice: the agent who took the chat, named in the bot's acknowledgements.
HANDLER_METADATA_KEY = "returndesk_handler"
# The bot's own rating question (domain.yml) and the slot its rules read the next answer with.
RATING_RESPONSE = "utter_ask_chat_rating"
RATING_ASKED_SLOT = "rating_asked"

# Loopback or one hop away: a Rasa that does not answer in seconds is down for an agent's purposes.
TIMEOUT = httpx.Timeout(5.0, connect=2.0)

Speaker = Literal["customer", "bot", "agent"]


class ChatUnreachable(Exception):
    """Rasa could not be reached or did not do what was asked; the message says what to check."""


@dataclass(frozen=True)
class TranscriptLine:
    timestamp: float  # seconds since the epoch, as Rasa records it
    speaker: Speaker
    text: str
    agent_name: str | None = None


class RasaBridge:
    """One Rasa server; the module functions below use the one the settings name."""

    def __init__(self, server_url: str, token: str, *, timeout: httpx.Timeout = TIMEOUT) -> None:
        self.server_url = server_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    @classmethod
    def from_settings(cls) -> RasaBridge:
        settings = get_settings()
        return cls(settings.rasa_server_url, settings.rasa_token)

    def pause(self, conversation_id: str, *, announce: str, handler: str | None = None) -> None:
        # Announce first: once paused, the customer's next message gets no answer from the bot.
        notice = {NOTICE_METADATA_KEY: "paused"} | ({HANDLER_METADATA_KEY: handler.strip()} if handler else {})
        self._append(conversation_id, [_bot_event(announce, notice), {"event": "pause"}])

    def resume(self, conversation_id: str, *, announce: str) -> None:
        # action_listen closes the turns the bot sat out, so its next prediction starts from the
        # customer's next message rather than from the ones the agent already answered.
        events = [
            {"event": "resume"},
            {"event": "action", "name": "action_listen"},
            _bot_event(announce, {NOTICE_METADATA_KEY: "resumed"}),
        ]
        self._append(conversation_id, events)

    def ask_rating(self, conversation_id: str) -> None:
        """The bot's rating question (its buttons, its language), sent where the customer last wrote."""
        self._append(conversation_id, [{"event": "slot", "name": RATING_ASKED_SLOT, "value": True}])
        params = {"output_channel": "latest", "include_events": "NONE"}
        self._request("POST", conversation_id, "/execute", params=params, json={"name": RATING_RESPONSE})
        # As after any bot utterance: the bot listens, so the answer is read like any other turn.
        self._append(conversation_id, [{"event": "action", "name": "action_listen"}])

    def slots(self, conversation_id: str) -> dict[str, Any]:
        """The bot's slots for the conversation (its language, whether the chat was rated)."""
        tracker = self._request("GET", conversation_id, "/tracker", params={"include_events": "NONE"}).json()
        slots = tracker.get("slots") if isinstance(tracker, dict) else None
        return slots if isinstance(slots, dict) else {}

    def say(self, conversation_id: str, text: str, *, agent_name: str) -> None:
        if not agent_name.strip():
            raise ValueError("an agent's message needs the agent's name")
        self._append(conversation_id, [_bot_event(text, {AGENT_METADATA_KEY: agent_name.strip()})])

    def transcript(self, conversation_id: str, *, after: float | None = None) -> list[TranscriptLine]:
        tracker = self._request("GET", conversation_id, "/tracker", params={"include_events": "ALL"}).json()
        lines = []
        for event in tracker.get("events") or []:
            line = _line(event)
            if line is not None and (after is None or line.timestamp > after):
                lines.append(line)
        return lines

    def _append(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        params = {"output_channel": "latest", "execute_side_effects": "true", "include_events": "NONE"}
        self._request("POST", conversation_id, "/tracker/events", params=params, json=events)

    def _request(
        self, method: str, conversation_id: str, path: str, *, params: dict[str, str], json: Any = None
    ) -> httpx.Response:
        if not conversation_id:
            raise ValueError("a conversation id is needed")
        # The id is one path segment whatever it contains (Telegram's are tg-<chat id>, the widget's uuids).
        url = f"{self.server_url}/conversations/{quote(conversation_id, safe='')}{path}"
        try:
            response = httpx.request(
                method, url, params={**params, "token": self.token}, json=json, timeout=self.timeout
            )
        except httpx.HTTPError as error:
            raise ChatUnreachable(
                f"The assistant at {self.server_url} could not be reached ({type(error).__name__}); "
                "check that Rasa is running with --enable-api and that RETURNDESK_RASA_SERVER_URL points at it."
            ) from None
        if response.status_code in (401, 403):
            raise ChatUnreachable(
                "The assistant refused the service's token; RETURNDESK_RASA_TOKEN must equal the "
                "--auth-token Rasa runs with."
            )
        if response.status_code >= 400:
            raise ChatUnreachable(
                f"The assistant answered {response.status_code} to {method} {path}: {_reason(response)}"
            )
        return response


def _bot_event(text: str, metadata: dict[str, str]) -> dict[str, Any]:
    if not text.strip():
        raise ValueError("a message to the customer needs some text")
    return {"event": "bot", "text": text, "metadata": metadata}


def _line(event: dict[str, Any]) -> TranscriptLine | None:
    """A user or bot event with text as a transcript line; anything else (slots, actions) is None."""
    text = event.get("text")
    if not isinstance(text, str) or not text:
        return None  # images and widget instructions (custom payloads) have no text to read
    timestamp = float(event.get("timestamp") or 0.0)
    if event.get("event") == "user":
        return TranscriptLine(timestamp, "customer", text)
    if event.get("event") == "bot":
        agent = (event.get("metadata") or {}).get(AGENT_METADATA_KEY)
        if isinstance(agent, str) and agent:
            return TranscriptLine(timestamp, "agent", text, agent)
        return TranscriptLine(timestamp, "bot", text)
    return None


def _reason(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or "no details"
    if isinstance(body, dict):
        return str(body.get("message") or body.get("reason") or body)[:200]
    return str(body)[:200]


def pause(conversation_id: str, *, announce: str, handler: str | None = None) -> None:
    """Stop the bot answering in this conversation and tell the customer `announce`; `handler`, the
    agent who took it, is named in the bot's acknowledgements until they write."""
    RasaBridge.from_settings().pause(conversation_id, announce=announce, handler=handler)


def resume(conversation_id: str, *, announce: str) -> None:
    """Let the bot answer again, telling the customer `announce`."""
    RasaBridge.from_settings().resume(conversation_id, announce=announce)


def say(conversation_id: str, text: str, *, agent_name: str) -> None:
    """An agent's message to the customer, through the channel they last wrote on."""
    RasaBridge.from_settings().say(conversation_id, text, agent_name=agent_name)


def transcript(conversation_id: str, *, after: float | None = None) -> list[TranscriptLine]:
    """The conversation's messages (customer, bot, agent) in order, those after `after` if given."""
    return RasaBridge.from_settings().transcript(conversation_id, after=after)


def ask_rating(conversation_id: str) -> None:
    """Have the bot ask the customer to rate the chat (after a case closed)."""
    RasaBridge.from_settings().ask_rating(conversation_id)


def slots(conversation_id: str) -> dict[str, Any]:
    """What the bot knows about the conversation, as its slots."""
    return RasaBridge.from_settings().slots(conversation_id)
