"""Refuse an upload over the size limit: by its declared size before a byte of its body is read
(`UPLOAD_LIMIT`, for the app's body_limit.BodySizeLimit), and while reading a body that declared
none (`read_upload`).

Without the first, Starlette would spool the whole multipart body to a temporary file before the
endpoint could say no. A body sent without Content-Length (chunked) is still read, and refused
by the endpoint past the limit; a reverse proxy's body limit is the place to stop those early.
"""

from __future__ import annotations

import re

from fastapi import UploadFile

from ..kit.body_limit import BodyLimit
from .errors import FileTooLarge
from .service import MAX_UPLOAD_BYTES, MB, TOO_LARGE

MULTIPART_OVERHEAD = 64 * 1024  # boundaries, part headers and the small form fields
CHUNK = MB


def upload_limit(path: str) -> BodyLimit:
    """The size limit of the upload endpoint at `path` (a regular expression)."""
    return BodyLimit(re.compile(path), MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD, "File too large", TOO_LARGE)


def read_upload(upload: UploadFile) -> bytes:
    """The whole file, refusing as soon as it is over the largest limit."""
    chunks, total = [], 0
    while chunk := upload.file.read(CHUNK):
        total += len(chunk)
        if total > MAX_UPLOAD_BYTES:
            raise FileTooLarge(TOO_LARGE)
        chunks.append(chunk)
    return b"".join(chunks)
