"""Every request body has a size limit, enforced before the application reads a byte of it.

JSON and form bodies may be at most MAX_BODY_BYTES: nothing the API takes is near that, and a
stranger's multi-MB body would otherwise be parsed whole. Uploads (photos, videos) have their own
limit, passed in per path: checked here by their declared size, and by `evidence.limits.
read_upload` as they stream when they declare none. Any other body sent without a Content-Length
(chunked) is read here up to the limit, then handed on, so the application never sees more.

Refusals are 413 problem+json that say what to send instead.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import PROBLEM_JSON

MAX_BODY_BYTES = 1024 * 1024
TOO_LARGE = "That request is too large: send at most 1 MB in one request."


@dataclass(frozen=True)
class BodyLimit:
    path: re.Pattern[str]
    max_bytes: int
    title: str
    detail: str


EVERY_OTHER_BODY = BodyLimit(re.compile(".*"), MAX_BODY_BYTES, "Request too large", TOO_LARGE)


class BodySizeLimit:
    def __init__(self, app: ASGIApp, uploads: tuple[BodyLimit, ...] = ()) -> None:
        self.app = app
        self.uploads = uploads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = next((u for u in self.uploads if u.path.fullmatch(scope["path"])), None)
        limit = upload or EVERY_OTHER_BODY
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > limit.max_bytes:
                await _refuse(send, limit)
                return
        elif upload is None and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            received = await _read_within(receive, limit.max_bytes)
            if received is None:
                await _refuse(send, limit)
                return
            receive = _replay(received, receive)
        await self.app(scope, receive, send)


async def _read_within(receive: Receive, limit: int) -> list[Message] | None:
    """The body's messages, or None as soon as they add up to more than `limit` bytes."""
    messages, size = [], 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages  # the client went away: the application hears it as usual
        size += len(message.get("body", b""))
        if size > limit:
            return None
        if not message.get("more_body", False):
            return messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = iter(messages)

    async def replayed() -> Message:
        return next(pending, None) or await receive()

    return replayed


async def _refuse(send: Send, limit: BodyLimit) -> None:
    problem = {"type": "about:blank", "title": limit.title, "status": 413, "detail": limit.detail}
    body = json.dumps(problem).encode()
    headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")]  # fmt: skip
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
