"""Outgoing webhooks to the shop's systems: events written to an outbox with the change they
announce, delivered signed (Standard Webhooks) by a worker, in order per endpoint, with retries.

    from ..webhooks import Event, emit
    emit(session, Event.RETURN_CREATED, return_data(rma))
"""

from .events import Event
from .service import emit

__all__ = ["Event", "emit"]
