"""Signing deliveries per Standard Webhooks (https://www.standardwebhooks.com).

The secret is "whsec_" and base64 of 24 random bytes; the key is those bytes. The signature is
base64 of HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<body>", sent as "v1,<signature>";
during a secret rotation both the new and the previous secret sign, space-separated, and a
receiver accepts a delivery if any one matches. docs/merchant-guide.md shows the receiver's side.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signature_header(secrets_in_use: list[str], message_id: str, timestamp: int, body: bytes) -> str:
    return " ".join(signature(secret, message_id, timestamp, body) for secret in secrets_in_use)
