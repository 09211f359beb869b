"""Refuse an upload over the size limit: by its declared size before a byte of its body is read
(`UploadSizeLimit`), and while reading a body that declared none (`read_upload`).

Without the first, Starlette would spool the whole multipart body to a temporary file before the
endpoint could say no. A body sent without Content-Length (chunked) is still read, and refused
by the endpoint past the limit; a reverse proxy's body limit is the place to stop those early.
"""

from __future__ import annotations

import json

from fastapi import UploadFile

from ..chat.cors import ASGIApp, Receive, Scope, Send
from ..errors import PROBLEM_JSON
from .errors import FileTooLarge
from .service import MAX_UPLOAD_BYTES, MB, TOO_LARGE

MULTIPART_OVERHEAD = 64 * 1024  # boundaries, part headers and the small form fields
CHUNK = MB


def read_upload(upload: UploadFile) -> bytes:
    """The whole file, refusing as soon as it is over the largest limit."""
    chunks, total = [], 0
    while chunk := upload.file.read(CHUNK):
        total += len(chunk)
        if total > MAX_UPLOAD_BYTES:
            raise FileTooLarge(TOO_LARGE)
        chunks.append(chunk)
    return b"".join(chunks)


class UploadSizeLimit:
    def __init__(self, app: ASGIApp, paths: tuple[str, ...]) -> None:
        self.app = app
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] in self.paths:
            length = dict(scope["headers"]).get(b"content-length", b"0")
            if not length.isdigit() or int(length) > MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD:
                await _too_large(send)
                return
        await self.app(scope, receive, send)


async def _too_large(send: Send) -> None:
    body = json.dumps({"type": "about:blank", "title": "File too large", "status": 413, "detail": TOO_LARGE}).encode()
    headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")]  # fmt: skip
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
