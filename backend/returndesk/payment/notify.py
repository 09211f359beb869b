"""The customer hears about money and replacements through the notification outbox (issue 6).

`tell_customer` writes the outbox row in the caller's transaction when the notification step's
`enqueue(session, event, rma)` exists; until it lands nothing is sent and the audit log (written
by the callers) is the only record. One place to change when it does.
"""

from __future__ import annotations

import importlib
import logging

from sqlalchemy.orm import Session

from ..models import Rma

log = logging.getLogger(__name__)


def tell_customer(session: Session, event: str, rma: Rma) -> bool:
    """Queue `event` ("refunded", "exchange_shipped") for the customer; False when no outbox exists yet."""
    try:
        service = importlib.import_module("returndesk.notification.service")
    except ImportError:
        return False
    enqueue = getattr(service, "enqueue", None)
    if enqueue is None:
        return False
    enqueue(session, event, rma)
    return True
