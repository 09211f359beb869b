"""Expiring signed links to evidence: HMAC-SHA256 over id, variant and expiry.

Anyone holding the link can fetch that one file until it expires; that is what lets an
`<img>` tag show a thumbnail without credentials. Agents get `file` links the same way.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from ..config import Settings
from ..errors import Forbidden

VARIANTS = ("thumbnail", "file")


def _signature(secret: str, evidence_id: str, variant: str, expires: int) -> str:
    message = f"{evidence_id}:{variant}:{expires}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def signed_path(settings: Settings, evidence_id: str, variant: str, *, now: float | None = None) -> str:
    """`/api/v1/evidence/{id}/{variant}?expires=...&signature=...`."""
    expires = int((now or time.time()) + settings.evidence_link_ttl_minutes * 60)
    signature = _signature(settings.evidence_link_secret, evidence_id, variant, expires)
    return f"/api/v1/evidence/{evidence_id}/{variant}?expires={expires}&signature={signature}"


def check_signature(settings: Settings, evidence_id: str, variant: str, expires: int | None, signature: str | None):
    if expires is None or not signature:
        raise Forbidden("This link needs its expires and signature parameters; ask for a new link.")
    expected = _signature(settings.evidence_link_secret, evidence_id, variant, expires)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise Forbidden("This link is not valid; ask for a new link.")
    if expires < time.time():
        raise Forbidden("This link has expired; ask for a new link.")
