"""CORS for the one endpoint a shop's pages call from another origin: `POST /api/v1/chat/sessions`.

The widget runs on the shop's pages (https://shop.example) and asks the service
(https://returns.example) for a chat session, so the browser needs CORS headers on that answer —
and only for origins the operator listed in RETURNDESK_CHAT_ALLOWED_ORIGINS, plus the service's
own origin (the demo storefront). Any other origin gets no CORS headers, and its POST is refused
with 403, so another site cannot open chat sessions through its visitors' browsers either.
Requests without an Origin (servers, curl) are not browsers' and are left alone.

A plain ASGI middleware rather than Starlette's CORSMiddleware, which would apply to every path.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Collection, MutableMapping
from typing import Any

from ..errors import PROBLEM_JSON

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PREFLIGHT_MAX_AGE = "600"
ALLOWED_METHODS = "POST"
ALLOWED_HEADERS = "Content-Type"


class ChatSessionsCors:
    """Also used for `POST /api/v1/evidence`: the widget uploads photos from the shop's pages
    with its chat token in the Authorization header (`allowed_headers`).

    `origins` is asked on every request rather than once, so the configured list is read where
    the settings are (the application wires it; this module knows nothing of the settings)."""

    def __init__(
        self,
        app: ASGIApp,
        path: str,
        origins: Callable[[], Collection[str]],
        allowed_headers: str = ALLOWED_HEADERS,
        action: str = "open chat sessions",
    ) -> None:
        self.app = app
        self.path = path
        self.origins = origins
        self.allowed_headers = allowed_headers
        self.action = action

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        origin = headers.get("origin")
        if origin is None:
            await self.app(scope, receive, send)
            return
        allowed = origin_allowed(origin, headers.get("host", ""), self.origins())
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(send, origin, allowed, headers["access-control-request-method"])
        elif not allowed:
            await _refuse(send, origin, self.action)
        else:
            await self.app(scope, receive, _with_cors_headers(send, origin))

    async def _preflight(self, send: Send, origin: str, allowed: bool, method: str) -> None:
        if not allowed:
            await _refuse(send, origin, self.action)
            return
        if method.upper() != "POST":
            await _problem(send, 405, "Method not allowed", f"{self.path} takes POST, not {method}")
            return
        await send(
            {
                "type": "http.response.start",
                "status": 204,
                "headers": _encode(
                    {
                        **_cors_headers(origin),
                        "Access-Control-Allow-Methods": ALLOWED_METHODS,
                        "Access-Control-Allow-Headers": self.allowed_headers,
                        "Access-Control-Max-Age": PREFLIGHT_MAX_AGE,
                    }
                ),
            }
        )
        await send({"type": "http.response.body", "body": b""})


def origin_allowed(origin: str, host: str, configured: Collection[str]) -> bool:
    """A configured origin, or the service's own (the Host the request came to, whatever the scheme:
    behind a TLS-terminating proxy the service may not know it is served over https)."""
    if origin in configured:
        return True
    _, _, netloc = origin.partition("://")
    return bool(host) and netloc.lower() == host.lower()


def _cors_headers(origin: str) -> dict[str, str]:
    # Vary: caches must not hand one origin's answer to another.
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin", "Access-Control-Expose-Headers": "Retry-After"}


def _encode(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(key.lower().encode("latin-1"), value.encode("latin-1")) for key, value in headers.items()]


def _with_cors_headers(send: Send, origin: str) -> Send:
    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *_encode(_cors_headers(origin))]
        await send(message)

    return send_with_headers


async def _refuse(send: Send, origin: str, action: str) -> None:
    await _problem(
        send,
        403,
        "Origin not allowed",
        f"pages on {origin[:200]} may not {action}; the operator can add the origin to RETURNDESK_CHAT_ALLOWED_ORIGINS",
    )


async def _problem(send: Send, status: int, title: str, detail: str) -> None:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail}).encode()
    headers = {"Content-Type": PROBLEM_JSON, "Content-Length": str(len(body))}
    await send({"type": "http.response.start", "status": status, "headers": _encode(headers)})
    await send({"type": "http.response.body", "body": body})
