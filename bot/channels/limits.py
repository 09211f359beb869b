"""How much a stranger may send through a chat channel, and how a channel enforces it.

Rasa's NLU pipeline spends memory in proportion to a message's length (a few hundred KB of text
once took the server to 21 GB), so every channel checks before anything reaches Rasa:

- the request body (`read_body`): refused past MAX_BODY_BYTES while it streams in, never
  buffered whole; socket.io gets the same bound as its engine's packet size;
- the message text (`too_long_answer`): a message over MAX_MESSAGE_CHARS is answered with a short
  "that message is too long" in the customer's language and never handed to Rasa, so nothing of
  it is stored;
- the metadata a client may attach (`bounded_metadata`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from . import replies

if TYPE_CHECKING:
    from sanic.request import Request

# The widget's text box stops at 1,000 characters; Telegram's own limit is 4,096.
MAX_MESSAGE_CHARS = 2000
# A message at the limit in 4-byte UTF-8 plus the JSON around it and a generous metadata object.
MAX_BODY_BYTES = 64 * 1024
MAX_METADATA_BYTES = 4 * 1024


class BodyTooLarge(Exception):
    """The request's body is over MAX_BODY_BYTES (by its Content-Length, or as it streamed in)."""


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body of a streaming route, or BodyTooLarge as soon as it is over `limit`."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream:
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def too_long_answer(text: str) -> str | None:
    """What to answer a message over MAX_MESSAGE_CHARS, in its writer's language; None if it may
    go to Rasa."""
    if len(text) <= MAX_MESSAGE_CHARS:
        return None
    return replies.reply("too_long", text, length=len(text), limit=MAX_MESSAGE_CHARS)


def bounded_metadata(metadata: Any) -> dict[str, Any]:
    """The client's metadata if it is a JSON object within MAX_METADATA_BYTES, else {}: what a
    client attaches is a hint (the page it was on), never worth storing at any size."""
    if not isinstance(metadata, dict):
        return {}
    try:
        size = len(json.dumps(metadata, ensure_ascii=False).encode())
    except (TypeError, ValueError):
        return {}
    return metadata if size <= MAX_METADATA_BYTES else {}
