"""The carrier's webhook signature: `Parcel-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`.

The HMAC (key: RETURNDESK_CARRIER_WEBHOOK_SECRET, shared with the carrier) is over
"<t>.<raw body>", as Stripe signs its webhooks: the timestamp is signed with the body, so an
event captured and sent again later is refused once it is older than TOLERANCE_SECONDS, and the
event's id (unique per carrier, models/shipment.py) makes one re-sent within that time a no-op.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "Parcel-Signature"
TOLERANCE_SECONDS = 300


def sign(secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def refusal(secret: str, header: str | None, body: bytes, *, now: float | None = None) -> str | None:
    """None when `header` signs `body` recently with `secret`; else what is wrong, for the 401."""
    if not header:
        return f"the event is not signed; send the {HEADER} header"
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    stamp, given = parts.get("t", ""), parts.get("v1", "")
    if not stamp.isdigit() or not given:
        return f"the {HEADER} header must read t=<unix seconds>,v1=<hex HMAC-SHA256>"
    expected = sign(secret, body, int(stamp)).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, given):
        return "the signature does not match the body; sign '<t>.<raw body>' with the shared webhook secret"
    age = (now if now is not None else time.time()) - int(stamp)
    if abs(age) > TOLERANCE_SECONDS:
        return f"the signature is {int(age)} s old (at most {TOLERANCE_SECONDS} s): a replay, or a clock that is off"
    return None
