"""A customer in the widget's place (a socket.io client on the signed channel), and the service's
side of the live handoff driven as an operator drives it: `python -m returndesk.handoff` in the
service's venv, with the stack's RETURNDESK_RASA_SERVER_URL/TOKEN. Shared with bench/handoff_bench.py."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from dataclasses import dataclass, field
from typing import Any

import requests
import socketio

from ..stack import BACKEND, SERVICE_PYTHON, Stack


def handoff(stack: Stack, *args: str) -> subprocess.CompletedProcess:
    """Run the handoff command; fails the test with its stderr if it does not succeed."""
    done = subprocess.run(
        [str(SERVICE_PYTHON), "-m", "returndesk.handoff", *args],
        cwd=BACKEND,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, f"handoff {args[0]} exited {done.returncode}: {done.stderr}"
    return done


def transcript(stack: Stack, conversation_id: str) -> list[dict[str, Any]]:
    out = handoff(stack, "transcript", conversation_id, "--json").stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def wait_for_line(stack: Stack, conversation_id: str, speaker: str, text: str, seconds: float = 30) -> list[dict]:
    """The transcript once it has this line. Rasa saves the tracker after the bot's turn, so by
    then anything the bot was going to answer has been sent and recorded too."""
    deadline = time.monotonic() + seconds
    while True:
        lines = transcript(stack, conversation_id)
        if any(line["speaker"] == speaker and line["text"] == text for line in lines):
            return lines
        assert time.monotonic() < deadline, f"no {speaker} line {text!r} in {lines}\n{stack.logs()}"
        time.sleep(0.1)


def open_chat_session(stack: Stack) -> dict[str, str]:
    """What the widget gets from the service: {conversation_id, token, ...}."""
    response = requests.post(f"{stack.api}/chat/sessions", timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


@dataclass
class Customer:
    """One socket; every bot_uttered lands in `messages` with the time it arrived."""

    session: dict[str, str]
    sio: socketio.AsyncClient = field(default_factory=lambda: socketio.AsyncClient(reconnection=False))
    messages: asyncio.Queue = field(default_factory=asyncio.Queue)
    confirmed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def conversation_id(self) -> str:
        return self.session["conversation_id"]

    async def connect(self, rasa_url: str) -> Customer:
        async def on_bot(data: Any = None) -> None:
            await self.messages.put((time.perf_counter(), data or {}))

        async def on_confirm(data: Any = None) -> None:
            self.confirmed.set()

        self.sio.on("bot_uttered", on_bot)
        self.sio.on("session_confirm", on_confirm)
        # Long-polling, as tests/channels do: engineio's async websocket transport needs a newer
        # aiohttp than Rasa 3.6 pins (the browser tests cover websockets).
        await self.sio.connect(rasa_url, socketio_path="/socket.io", transports=["polling"], wait_timeout=15)
        await self.sio.emit("session_request", {"session_id": self.conversation_id, "token": self.session["token"]})
        await asyncio.wait_for(self.confirmed.wait(), 30)
        return self

    async def write(self, text: str) -> float:
        """Send a message as the customer; the time it was sent (perf_counter)."""
        sent = time.perf_counter()
        await self.sio.emit("user_uttered", {"message": text, "session_id": self.conversation_id})
        return sent

    async def next_message(self, seconds: float = 30) -> tuple[float, dict[str, Any]]:
        return await asyncio.wait_for(self.messages.get(), seconds)

    async def message_like(self, check, seconds: float = 30) -> tuple[float, dict[str, Any]]:
        """The first message (skipping others) for which check(data) is true."""
        deadline = time.monotonic() + seconds
        while True:
            arrived, data = await self.next_message(max(deadline - time.monotonic(), 0.01))
            if check(data):
                return arrived, data

    def drain(self) -> list[dict[str, Any]]:
        drained = []
        while not self.messages.empty():
            drained.append(self.messages.get_nowait()[1])
        return drained

    async def close(self) -> None:
        # At once: a polite disconnect waits for the long-poll in flight, which the server answers,
        # once the socket is closed, only when the poll times out (up to 45 s with Rasa's settings).
        # The close packet still goes out, so the server sees the customer leave.
        await self.sio.eio.disconnect(abort=True)
