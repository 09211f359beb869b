"""Signed, expiring links to a return's label PDF: HMAC-SHA256 over the RMA number and expiry.

The chat and emails link the label without the customer's order token (which expires within the
hour). The link works until the end of the return-by day, so a label fetched on the last day still
opens; a return without a deadline gets LINK_DAYS_WITHOUT_DEADLINE days. The message is prefixed
with "return-label:" so a signature made here can never pass as any other signed value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

from ..config import Settings
from ..errors import Forbidden
from ..models.rma_number import format_rma_number

LINK_DAYS_WITHOUT_DEADLINE = 14


def _signature(secret: str, rma_number: str, expires: int) -> str:
    message = f"return-label:{rma_number}:{expires}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def link_expiry(return_by: date | None, *, now: float | None = None) -> int:
    if return_by is not None:
        end_of_day = datetime.combine(return_by + timedelta(days=1), clock.min, tzinfo=UTC)
        return int(end_of_day.timestamp())
    return int((now if now is not None else time.time()) + LINK_DAYS_WITHOUT_DEADLINE * 86400)


def signed_label_path(settings: Settings, rma_number: str, *, expires: int) -> str:
    """`/api/v1/returns/{RMA-...}/label.pdf?expires=...&signature=...`; rma_number is canonical."""
    signature = _signature(settings.secret_key, rma_number, expires)
    return f"/api/v1/returns/{format_rma_number(rma_number)}/label.pdf?expires={expires}&signature={signature}"


def check_label_signature(settings: Settings, rma_number: str, expires: int, signature: str) -> None:
    expected = _signature(settings.secret_key, rma_number, expires)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise Forbidden("this label link is not valid; open the link from your latest message or ask for a new one")
    if expires < time.time():
        raise Forbidden("this label link has expired; ask us in the chat for a new one")
