"""A socket.io client of the signed channel, as the widget is one, for the channel tests."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import socketio


class Client:
    def __init__(self, also: tuple[str, ...] = ()) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue = asyncio.Queue()
        for name in ("session_confirm", "session_error", "bot_uttered", *also):
            self.sio.on(name, self._recorder(name))

    def _recorder(self, name: str):
        async def record(data=None):
            await self.events.put((name, data))

        return record

    async def close(self) -> None:
        """Leave at once. A polite socket.io disconnect waits for the long-poll in flight, which a
        server answers, once the socket is closed, only when the poll times out."""
        await self.sio.eio.disconnect(abort=True)

    async def next_event(self, timeout: float = 10):
        return await asyncio.wait_for(self.events.get(), timeout)

    async def no_event(self, within: float = 0.7) -> bool:
        try:
            await asyncio.wait_for(self.events.get(), within)
        except asyncio.TimeoutError:
            return True
        return False


def run(scenario) -> None:
    # In a thread of its own: Playwright's sync API (browser tests in the same session) keeps an
    # event loop running in the main thread, where asyncio.run refuses to start another.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result()


async def connected(url: str, also: tuple[str, ...] = ()) -> Client:
    client = Client(also)
    # Long-polling: engineio's async websocket transport needs a newer aiohttp than Rasa 3.6 pins
    # (the browser test covers websockets).
    await client.sio.connect(url, socketio_path="/socket.io", transports=["polling"])
    return client
